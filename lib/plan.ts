import { Construct } from "constructs";
import { BackupPlan, BackupPlanRule, BackupPlanRuleLifecycle } from "@cdktf/provider-aws/lib/backup-plan";
import { Fn, Token } from "cdktf";
import { BooleanInput } from "./config";
import { PlanTimeCheck } from "./input-checks";
import { RuleRetention } from "./settings";
import { Expressions, and, isKnown, isSet, mergeMaps } from "./values";

/** One scheduled rule of the plan. */
export interface PlanRuleSpec {
  /** Rule name, unique in the plan: `daily`, `weekly`, `monthly`. */
  readonly name: string;
  readonly schedule: string;
  readonly retention: RuleRetention;
  /** Copy each recovery point to the replica vault (same lifecycle). */
  readonly copyToReplica: BooleanInput;
  /** Minutes AWS Backup may wait to start the job, and to finish it. */
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
}

/** Properties of {@link BackupPlanWithRules}. */
export interface BackupPlanWithRulesProps {
  readonly name: string;
  readonly targetVaultName: string;
  /** The replica vault's ARN (null without cross-region copies). */
  readonly replicaVaultArn: string;
  readonly rules: readonly PlanRuleSpec[];
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
 * are on, a copy action to the replica vault with the same lifecycle.
 */
export class BackupPlanWithRules extends Construct {
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: BackupPlanWithRulesProps) {
    super(scope, id);
    const expressions = new Expressions(this);
    const lifecycles = props.rules.map((rule) => lifecycleOf(expressions, rule, props.intelligentTiering));
    this.plan = new BackupPlan(this, "plan", {
      name: props.name,
      rule: props.rules.map(
        (rule, i): BackupPlanRule => ({
          ruleName: rule.name,
          targetVaultName: props.targetVaultName,
          schedule: rule.schedule,
          startWindow: rule.startWindowMinutes,
          completionWindow: rule.completionWindowMinutes,
          lifecycle: lifecycles[i],
          recoveryPointTags: mergeMaps(props.recoveryPointTags, { BackupRule: rule.name }),
          copyAction:
            isKnown(rule.copyToReplica) && rule.copyToReplica
              ? [{ destinationVaultArn: props.replicaVaultArn, lifecycle: lifecycles[i] }]
              : undefined,
        }),
      ),
      tags: props.tags,
      lifecycle: props.preconditions.length > 0 ? { precondition: props.preconditions.map((check) => ({ ...check })) } : undefined,
    });
    // cdktf cannot nest a dynamic block inside a block, so a copy action decided at plan time is
    // written as a raw `dynamic "copy_action"` override on its rule.
    props.rules.forEach((rule, i) => {
      if (isKnown(rule.copyToReplica)) return;
      this.plan.addOverride(`rule.${i}.dynamic.copy_action`, {
        for_each: Fn.conditional(rule.copyToReplica, [props.replicaVaultArn], []),
        content: {
          destination_vault_arn: "${copy_action.value}",
          lifecycle: terraformLifecycle(lifecycles[i]),
        },
      });
    });
  }
}

function lifecycleOf(expressions: Expressions, rule: PlanRuleSpec, intelligentTiering: BooleanInput): BackupPlanRuleLifecycle {
  const cold = rule.retention.coldStorageAfterDays;
  return {
    deleteAfter: rule.retention.deleteAfterDays,
    coldStorageAfter: cold === null ? undefined : cold,
    // The archive tier follows cold_storage_after; without cold storage there is nothing to opt in.
    optInToArchiveForSupportedResources: expressions.flag(`${rule.name}_archive_tier`, and(intelligentTiering, isSet(cold))),
  };
}

function terraformLifecycle(lifecycle: BackupPlanRuleLifecycle): Record<string, unknown> {
  return {
    delete_after: lifecycle.deleteAfter,
    cold_storage_after: lifecycle.coldStorageAfter ?? Token.nullValue(),
    opt_in_to_archive_for_supported_resources: lifecycle.optInToArchiveForSupportedResources,
  };
}
