import { BackupPlanRule, BackupPlanRuleLifecycle } from "@cdktf/provider-aws/lib/backup-plan";
import { Fn, Token } from "cdktf";
import { BooleanInput } from "./config";
import type { BackupPlanWithRulesProps, PlanRuleSpec } from "./plan";
import { isKnown } from "./values";

/**
 * A rule's copy actions decided at plan time, as the body of a `dynamic "copy_action"` (cdktf
 * cannot nest a dynamic block inside a block, so the plan writes it as a raw override); undefined
 * when {@link knownCopyActions} decided them at synth.
 */
export function planTimeCopyActions(rule: PlanRuleSpec, lifecycle: BackupPlanRuleLifecycle, props: BackupPlanWithRulesProps): Record<string, unknown> | undefined {
  if (props.airGappedVault !== undefined && !isKnown(props.airGappedVault.enabled)) {
    return copyDestinations(rule.copyToReplica, props, {
      delete_after: lifecycle.deleteAfter,
      cold_storage_after: lifecycle.coldStorageAfter ?? Token.nullValue(),
      opt_in_to_archive_for_supported_resources: lifecycle.optInToArchiveForSupportedResources,
    });
  }
  if (isKnown(rule.copyToReplica)) return undefined;
  return {
    for_each: Fn.conditional(rule.copyToReplica, [props.replicaVaultArn], []),
    content: {
      destination_vault_arn: "${copy_action.value}",
      lifecycle: terraformLifecycle(lifecycle),
    },
  };
}

function terraformLifecycle(lifecycle: BackupPlanRuleLifecycle): Record<string, unknown> {
  return {
    delete_after: lifecycle.deleteAfter,
    cold_storage_after: lifecycle.coldStorageAfter ?? Token.nullValue(),
    opt_in_to_archive_for_supported_resources: lifecycle.optInToArchiveForSupportedResources,
  };
}

/** The copy actions of a rule whose destinations are known at synth: the replica vault, the air-gapped vault. */
export function knownCopyActions(rule: PlanRuleSpec, lifecycle: BackupPlanRuleLifecycle, props: BackupPlanWithRulesProps): BackupPlanRule["copyAction"] {
  const air = props.airGappedVault;
  if (!isKnown(rule.copyToReplica) || (air !== undefined && !isKnown(air.enabled))) return undefined;
  const actions = [
    ...(rule.copyToReplica ? [{ destinationVaultArn: props.replicaVaultArn, lifecycle }] : []),
    ...(air?.enabled ? [{ destinationVaultArn: air.arn, lifecycle: { deleteAfter: lifecycle.deleteAfter, optInToArchiveForSupportedResources: false } }] : []),
  ];
  return actions.length > 0 ? actions : undefined;
}

/**
 * A `dynamic "copy_action"` over the destinations decided at plan time: the replica vault (with
 * the rule's lifecycle) and the air-gapped vault (the rule's retention, no cold storage).
 */
export function copyDestinations(toReplica: BooleanInput, props: BackupPlanWithRulesProps, lifecycle: Record<string, unknown>): Record<string, unknown> {
  const air = props.airGappedVault!;
  const replica = { arn: props.replicaVaultArn, cold_storage_after: lifecycle.cold_storage_after, archive: lifecycle.opt_in_to_archive_for_supported_resources };
  const airGapped = { arn: air.arn, cold_storage_after: Token.nullValue(), archive: false };
  return {
    for_each: Fn.concat([Fn.conditional(toReplica, [replica], []), Fn.conditional(air.enabled, [airGapped], [])]),
    content: {
      destination_vault_arn: "${copy_action.value.arn}",
      lifecycle: {
        delete_after: lifecycle.delete_after,
        cold_storage_after: "${copy_action.value.cold_storage_after}",
        opt_in_to_archive_for_supported_resources: "${copy_action.value.archive}",
      },
    },
  };
}
