import { Construct } from "constructs";
import { BackupPlan, BackupPlanRule, BackupPlanRuleLifecycle } from "@cdktf/provider-aws/lib/backup-plan";
import { Fn, IResolvable, Token, ref } from "cdktf";
import { BooleanInput } from "./config";
import { PlanTimeCheck } from "./input-checks";
import { ResolvedRule } from "./settings";
import { archiveTierOf, archiveTierWhen } from "./decisions";
import { copyDestinations, knownCopyActions, planTimeCopyActions } from "./plan-copy-actions";
import { Expressions, literalBoolean, localReference, mergeMaps, referenceOf } from "./values";

/** One scheduled rule of the plan (see `ResolvedRule`). */
export type PlanRuleSpec = ResolvedRule;

/** Properties of {@link BackupPlanWithRules}. */
export interface BackupPlanWithRulesProps {
  readonly name: string;
  readonly targetVaultName: string;
  /** The replica vault's ARN (null without cross-region copies). */
  readonly replicaVaultArn: string;
  readonly rules: readonly PlanRuleSpec[];
  /**
   * More rules as a list known only at plan time (the module's `additional_backup_rules`): the
   * plan then writes one `dynamic "rule"` over every rule. @default none
   */
  readonly planTimeRules?: IResolvable;
  /** Cross-region copies on: the plan-time rules' `copy_to_replica` applies only then. */
  readonly crossRegion?: BooleanInput;
  /**
   * A second copy destination for every rule: the logically air-gapped vault, where copies keep
   * the rule's retention without cold storage. @default none
   */
  readonly airGappedVault?: { readonly enabled: BooleanInput; readonly arn: string };
  /** Opt rules that reach cold storage into the archive tier for supported resources. */
  readonly intelligentTiering: BooleanInput;
  /** Tags on every recovery point (cost allocation tags, project, environment). */
  readonly recoveryPointTags: Record<string, string>;
  /** Plan-time checks of inputs that were unknown at synth. */
  readonly preconditions: readonly PlanTimeCheck[];
  readonly tags: Record<string, string>;
}

/**
 * The backup plan: one rule per schedule, each with its lifecycle and, where cross-region copies
 * are on, a copy action to the replica vault with the same lifecycle. Rules known at synth are
 * written as they are; with rules known only at plan time, every rule comes from one local list.
 */
export class BackupPlanWithRules extends Construct {
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: BackupPlanWithRulesProps) {
    super(scope, id);
    const expressions = new Expressions(this);
    const dynamicRules = props.planTimeRules !== undefined;
    const lifecycles = dynamicRules ? [] : props.rules.map((rule) => lifecycleOf(expressions, rule, props.intelligentTiering));
    this.plan = new BackupPlan(this, "plan", {
      name: props.name,
      rule: dynamicRules
        ? []
        : props.rules.map(
            (rule, i): BackupPlanRule => ({
              ruleName: rule.name,
              targetVaultName: props.targetVaultName,
              schedule: rule.schedule,
              startWindow: rule.startWindowMinutes,
              completionWindow: rule.completionWindowMinutes,
              enableContinuousBackup: rule.continuousBackup ?? undefined,
              lifecycle: lifecycles[i],
              recoveryPointTags: mergeMaps(props.recoveryPointTags, { BackupRule: rule.name }),
              copyAction: knownCopyActions(rule, lifecycles[i], props),
            }),
          ),
      tags: props.tags,
      lifecycle: props.preconditions.length > 0 ? { precondition: props.preconditions.map((check) => ({ ...check })) } : undefined,
    });
    if (dynamicRules) {
      this.writeDynamicRules(expressions, props);
      return;
    }
    // cdktf cannot nest a dynamic block inside a block, so a copy action decided at plan time is
    // written as a raw `dynamic "copy_action"` override on its rule.
    props.rules.forEach((rule, i) => {
      const dynamic = planTimeCopyActions(rule, lifecycles[i], props);
      if (dynamic !== undefined) this.plan.addOverride(`rule.${i}.dynamic.copy_action`, dynamic);
    });
  }

  /**
   * Every rule as one `dynamic "rule"` over the local `backup_rules`: the known rules, then the
   * plan-time list's, each in the same shape.
   */
  private writeDynamicRules(expressions: Expressions, props: BackupPlanWithRulesProps): void {
    const known = props.rules.map((rule) => ({
      name: rule.name,
      schedule: rule.schedule,
      start_window: rule.startWindowMinutes,
      completion_window: rule.completionWindowMinutes,
      delete_after: rule.retention.deleteAfterDays,
      cold_storage_after: rule.retention.coldStorageAfterDays ?? Token.nullValue(),
      copy_to_replica: rule.copyToReplica,
      enable_continuous_backup: rule.continuousBackup ?? Token.nullValue(),
    }));
    const builtIn = localReference(expressions.local("built_in_rules", known));
    const list = this.referenceTo(expressions, "additional_rules_input", props.planTimeRules);
    const crossRegion = literalBoolean(props.crossRegion) ?? this.referenceTo(expressions, "cross_region_input", props.crossRegion);
    const additional = localReference(
      expressions.local(
        "additional_rules",
        ref(
          `[for r in ${list} : {
            name                     = r.name
            schedule                 = r.schedule
            start_window             = r.start_window_minutes
            completion_window        = r.completion_window_minutes
            delete_after             = r.delete_after_days
            cold_storage_after       = r.cold_storage_after_days
            copy_to_replica          = ${crossRegion} && r.copy_to_replica
            enable_continuous_backup = r.enable_continuous_backup
          }]`,
        ),
      ),
    );
    const rules = expressions.local("rules", Fn.concat([ref(builtIn), ref(additional)]));
    const lifecycle = {
      delete_after: "${rule.value.delete_after}",
      cold_storage_after: "${rule.value.cold_storage_after}",
      // The archive tier follows cold_storage_after; without cold storage there is nothing to opt in.
      opt_in_to_archive_for_supported_resources: archiveTierWhen(props.intelligentTiering, ref("rule.value.cold_storage_after != null")),
    };
    this.plan.addOverride("rule", undefined);
    this.plan.addOverride("dynamic.rule", {
      for_each: rules.expression,
      content: {
        rule_name: "${rule.value.name}",
        target_vault_name: props.targetVaultName,
        schedule: "${rule.value.schedule}",
        start_window: "${rule.value.start_window}",
        completion_window: "${rule.value.completion_window}",
        enable_continuous_backup: "${rule.value.enable_continuous_backup}",
        recovery_point_tags: Fn.merge([props.recoveryPointTags, { BackupRule: ref("rule.value.name") }]),
        lifecycle,
        dynamic: {
          copy_action:
            props.airGappedVault === undefined
              ? {
                  for_each: Fn.conditional(ref("rule.value.copy_to_replica"), [props.replicaVaultArn], []),
                  content: { destination_vault_arn: "${copy_action.value}", lifecycle },
                }
              : copyDestinations(ref("rule.value.copy_to_replica"), props, { ...lifecycle, cold_storage_after: ref("rule.value.cold_storage_after") }),
        },
      },
    });
  }

  /** An HCL reference to a plan-time value: its variable or local, else a local holding it. */
  private referenceTo(expressions: Expressions, name: string, value: unknown): string {
    return referenceOf(this, value) ?? localReference(expressions.local(name, value));
  }
}

function lifecycleOf(expressions: Expressions, rule: PlanRuleSpec, intelligentTiering: BooleanInput): BackupPlanRuleLifecycle {
  const cold = rule.retention.coldStorageAfterDays;
  return {
    deleteAfter: rule.retention.deleteAfterDays,
    coldStorageAfter: cold === null ? undefined : cold,
    // The archive tier follows cold_storage_after; without cold storage there is nothing to opt in.
    optInToArchiveForSupportedResources: rule.archiveTier ?? expressions.flag(`${rule.name}_archive_tier`, archiveTierOf(intelligentTiering, cold)),
  };
}
