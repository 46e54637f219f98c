import { BackupFrameworkControl } from "@cdktf/provider-aws/lib/backup-framework";
import { Fn, Op, Token } from "cdktf";
import type { AuditSettings } from "./audit-framework";
import { BooleanInput } from "./config";
import { asText, byDecision, isKnown, or } from "./values";

/** A control parameter; a plan-time number becomes its expression as a string. */
const param = (name: string, value: number | string) => ({ name, value: asText(value) });

/**
 * The framework's controls, each parameterised from the module's settings (control names and
 * parameters as Backup Audit Manager documents them): resources in a plan; plan frequency and
 * retention; recovery point retention; encryption; manual deletion disabled; vault lock (where
 * the module locks); cross-region copy (where the module copies); last recovery point within the
 * RPO; restore time within the RTO. Controls whose setting is decided at plan time are left out:
 * see {@link planTimeControls}.
 */
export function auditControls(s: AuditSettings): BackupFrameworkControl[] {
  return [...baseControls(s), ...byDecision(optionalControls(s), (o) => o.enabled).on.map((o) => o.control)];
}

/** The controls that depend on a setting: vault lock and cross-region copy. */
function optionalControls(s: AuditSettings): { control: BackupFrameworkControl; enabled: BooleanInput }[] {
  const scope = { complianceResourceTypes: s.resourceTypes };
  return [
    ...(s.vaultLock ? [{ enabled: s.vaultLock.enabled ?? true, control: { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK", scope, inputParameter: [
      param("minRetentionDays", s.vaultLock.minRetentionDays), param("maxRetentionDays", s.vaultLock.maxRetentionDays)] } }] : []),
    ...(s.crossRegion ? [{ enabled: s.crossRegionEnabled ?? true, control: { name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION", scope, inputParameter: [param("crossRegionList", s.crossRegion)] } }] : []),
  ];
}

/**
 * The last recovery point's maximum age: whole hours up to a month (744 h) as hours, longer RPOs
 * in whole days; at plan time, hours rounded up.
 */
export function recoveryPointAge(rpoHours: number): { unit: "hours" | "days"; value: number } {
  if (!isKnown(rpoHours)) return { unit: "hours", value: Token.asNumber(Fn.ceil(rpoHours)) };
  return Number.isInteger(rpoHours) && rpoHours <= 744 ? { unit: "hours", value: rpoHours } : { unit: "days", value: Math.ceil(rpoHours / 24) };
}

/** The restore time objective in minutes (Backup Audit Manager's `maxRestoreTime`); at plan time, rounded up. */
export function restoreTimeMinutes(rtoHours: number): number {
  return isKnown(rtoHours) ? Math.round(rtoHours * 60) : Token.asNumber(Fn.ceil(Op.mul(rtoHours, 60)));
}

function baseControls(s: AuditSettings): BackupFrameworkControl[] {
  const scope = { complianceResourceTypes: s.resourceTypes };
  const age = recoveryPointAge(s.rpoHours);
  return [
    { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", scope },
    { name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", inputParameter: [
      param("requiredFrequencyUnit", s.backupFrequency.unit), param("requiredFrequencyValue", s.backupFrequency.value), param("requiredRetentionDays", s.minRetentionDays)] },
    { name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", inputParameter: [param("requiredRetentionDays", s.minRetentionDays)], scope },
    { name: "BACKUP_RECOVERY_POINT_ENCRYPTED", scope },
    { name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
      inputParameter: s.manualDeletionExemptArns?.length ? [param("principalArnList", s.manualDeletionExemptArns.join(","))] : undefined },
    { name: "BACKUP_LAST_RECOVERY_POINT_CREATED", scope, inputParameter: [param("recoveryPointAgeUnit", age.unit), param("recoveryPointAgeValue", age.value)] },
    { name: "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET", scope, inputParameter: [param("maxRestoreTime", restoreTimeMinutes(s.rtoHours))] },
  ];
}

/**
 * Controls whose setting is decided at plan time, as one `dynamic "control"` over those that
 * apply (cdktf cannot nest the parameters' dynamic block, hence a raw override).
 */
export function planTimeControls(settings: AuditSettings): object | undefined {
  const pending = byDecision(optionalControls(settings), (o) => o.enabled).planTime;
  if (pending.length === 0) return undefined;
  const entry = (c: BackupFrameworkControl) => ({
    name: c.name,
    parameters: (c.inputParameter as { name: string; value: string }[] | undefined) ?? [],
    resource_types: c.scope?.complianceResourceTypes ?? [],
  });
  return {
    for_each: Fn.concat(pending.map((o) => Fn.conditional(o.enabled, [entry(o.control)], []))),
    content: {
      name: "${control.value.name}",
      scope: { compliance_resource_types: "${control.value.resource_types}" },
      dynamic: { input_parameter: { for_each: "${control.value.parameters}", content: { name: "${input_parameter.value.name}", value: "${input_parameter.value.value}" } } },
    },
  };
}

/** Whether the framework or the report plans may exist: when the audit props' checks apply. */
export function auditResourcesWanted(frameworkEnabled: BooleanInput, reportsEnabled: BooleanInput): BooleanInput {
  return or(frameworkEnabled, reportsEnabled);
}
