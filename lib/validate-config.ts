import { BackupModuleConfig, COMPLIANCE_MODES, ENVIRONMENTS, NOTIFICATION_LEVELS, RdsInstance } from "./config";
import { Deployment, REPLICA_VAULT_SITE, checkDeployment, checkSwitches } from "./validate-deployment";
import { longestIntervalHours } from "./cron";
import { MIN_DAYS_IN_COLD_STORAGE } from "./environment-defaults";
import { InputChecks } from "./input-checks";
import { RDS_INSTANCE_LIST_RULES, RULES, oneOf } from "./rules";
import { ADDITIONAL_RULES_LIST_RULES, ADDITIONAL_RULE_ENTRY_RULES, AdditionalBackupRule, AdditionalBackupRules, withDefaults } from "./additional-rules";
import { configKeyOf } from "./input-names";
import { BackupSettings } from "./settings";
import { isKnown } from "./values";

/**
 * Applies every input rule and every cross-input AWS constraint to a configuration. Known values
 * are judged now (errors collected in `checks`), unknown ones become plan-time preconditions.
 */
export function validateConfig(config: BackupModuleConfig, settings: BackupSettings, checks: InputChecks, deployment: Deployment): void {
  checkNamesAndEnums(config, settings, checks);
  checkDeployment(settings, checks, deployment);
  checkSwitches(settings, checks);
  checkSchedules(settings, checks);
  checkRetention(config, settings, checks);
  checkVaultLock(settings, checks);
  checkRdsInstances(settings.rdsInstances, checks);
  checkAdditionalRules(config.additionalBackupRules, settings, checks);
  checkCompatibilitySwitches(config, checks);
  checkRecoveryPointObjective(settings, checks);
}

/** What a locked vault does to a rule whose retention is outside its range. */
const LOCK_RANGE_RULE =
  'the locked vault rejects recovery points whose retention is outside [min_retention_days, max_retention_days]; change the retention, or the lock range (see "Changing a vault lock" in the README)';

/** The replica vault is named after the primary one plus this suffix. */
export const REPLICA_VAULT_SUFFIX = "-replica";

function checkNamesAndEnums(config: BackupModuleConfig, settings: BackupSettings, checks: InputChecks): void {
  checks.check("project_name", settings.projectName, RULES.project_name);
  checks.check("environment", settings.environment, oneOf(ENVIRONMENTS));
  checks.check("backup_vault_name", settings.vaultName, RULES.backup_vault_name);
  checks.check("backup_plan_name", settings.planName, RULES.backup_plan_name);
  const longestName = 50 - REPLICA_VAULT_SUFFIX.length;
  const shortEnough = isKnown(settings.vaultName) && settings.vaultName.length <= longestName;
  if (!shortEnough) checks.relation(
    "backup_vault_name",
    { backup_vault_name: settings.vaultName, cross_region: settings.crossRegion },
    `must be at most ${longestName} characters with cross-region copies: the replica vault is named "<backup_vault_name>${REPLICA_VAULT_SUFFIX}" and vault names are limited to 50`,
    () => !settings.crossRegion || settings.vaultName.length <= longestName,
    (r) => `!${r.cross_region} || length(${r.backup_vault_name}) <= ${longestName}`,
    // On the replica vault itself: a precondition elsewhere fires after the provider rejects the name.
    REPLICA_VAULT_SITE,
  );
  checks.check("compliance_mode", settings.complianceMode, oneOf(COMPLIANCE_MODES));
  checks.check("notification_level", settings.notificationLevel, oneOf(NOTIFICATION_LEVELS));
  checks.check("notification_email", settings.notificationEmail, RULES.notification_email);
  checks.check("kms_deletion_window", settings.kmsDeletionWindow, RULES.kms_deletion_window);
  checks.check("replica_region", settings.replicaRegion, RULES.replica_region);
  checks.check("rpo_target_hours", settings.rpoTargetHours, RULES.target_hours);
  checks.check("rto_target_hours", settings.rtoTargetHours, RULES.target_hours);
  checks.check("vault_policy_admin_role_arns", settings.vaultPolicyAdminRoleArns, RULES.vault_policy_admin_role_arns);
  checks.check("validator_reserved_concurrency", settings.validatorReservedConcurrency, RULES.validator_reserved_concurrency);
  checks.check("validator_log_retention_days", settings.validatorLogRetentionDays, RULES.validator_log_retention_days);
  checks.check("tags", config.tags, RULES.tags);
  checks.check("backup_cost_allocation_tags", config.backupCostAllocationTags, RULES.tags);
}

function checkSchedules(settings: BackupSettings, checks: InputChecks): void {
  checks.check("backup_schedule", settings.schedules.daily, RULES.backup_schedule);
  checks.check("weekly_backup_schedule", settings.schedules.weekly, RULES.backup_schedule);
  checks.check("monthly_backup_schedule", settings.schedules.monthly, RULES.backup_schedule);
  checks.check("backup_validation_schedule", settings.validationSchedule, RULES.backup_validation_schedule);
}

function checkRetention(config: BackupModuleConfig, settings: BackupSettings, checks: InputChecks): void {
  const { daily, weekly, monthly } = settings.retention;
  checks.check("delete_after_days", daily.deleteAfterDays, RULES.retention_days);
  checks.check("long_term_retention_days", weekly.deleteAfterDays, RULES.retention_days);
  checks.check("archival_retention_days", monthly.deleteAfterDays, RULES.retention_days);
  const explicitCold = config.moveToColdStorageAfterDays;
  if (explicitCold === undefined || explicitCold === null) return;
  checks.check("move_to_cold_storage_after_days", explicitCold, RULES.retention_days);
  checks.relation(
    "move_to_cold_storage_after_days",
    { move_to_cold_storage_after_days: explicitCold, delete_after_days: daily.deleteAfterDays },
    `AWS keeps recovery points at least ${MIN_DAYS_IN_COLD_STORAGE} days in cold storage, so delete_after_days (${String(daily.deleteAfterDays)}) must be at least move_to_cold_storage_after_days + ${MIN_DAYS_IN_COLD_STORAGE}`,
    () => daily.deleteAfterDays - explicitCold >= MIN_DAYS_IN_COLD_STORAGE,
    (r) =>
      `${r.move_to_cold_storage_after_days} == null ? true : ${r.delete_after_days} - ${r.move_to_cold_storage_after_days} >= ${MIN_DAYS_IN_COLD_STORAGE}`,
  );
}

function checkVaultLock(settings: BackupSettings, checks: InputChecks): void {
  const lock = settings.vaultLock;
  checks.check("min_retention_days", settings.minRetentionDays, RULES.retention_days);
  checks.check("max_retention_days", settings.maxRetentionDays, RULES.retention_days);
  checks.check("vault_lock_changeable_for_days", settings.vaultLockChangeableForDays, RULES.vault_lock_changeable_for_days);
  checks.relation(
    "max_retention_days",
    { max_retention_days: settings.maxRetentionDays, min_retention_days: settings.minRetentionDays },
    "must be at least min_retention_days",
    () => settings.maxRetentionDays >= settings.minRetentionDays,
    (r) => `${r.max_retention_days} >= ${r.min_retention_days}`,
  );
  if (isKnown(lock) && lock === false) return;
  const rules: (readonly [string, number])[] = [
    ["delete_after_days", settings.retention.daily.deleteAfterDays],
    ["long_term_retention_days", settings.retention.weekly.deleteAfterDays],
    ["archival_retention_days", settings.retention.monthly.deleteAfterDays],
    ...settings.rules.slice(3).map((rule, i) => [`additional_backup_rules[${i}].delete_after_days`, rule.retention.deleteAfterDays] as const),
  ];
  for (const [input, days] of rules) {
    checks.relation(
      input,
      { [input]: days, min_retention_days: settings.minRetentionDays, max_retention_days: settings.maxRetentionDays, vault_lock: lock },
      LOCK_RANGE_RULE,
      () => days >= settings.minRetentionDays && days <= settings.maxRetentionDays,
      (r) => `!${r.vault_lock} || (${r[input]} >= ${r.min_retention_days} && ${r[input]} <= ${r.max_retention_days})`,
    );
  }
  if (isKnown(lock) && isKnown(settings.complianceMode) && settings.complianceMode === "COMPLIANCE") {
    checks.warn(
      `COMPLIANCE MODE VAULT LOCK on ${String(settings.vaultName)}: ${settings.vaultLockChangeableForDays} days after apply the lock ` +
        "can never be removed or shortened by anyone, including the root user and AWS; recovery points cannot be deleted before " +
        "min_retention_days and the vault cannot be deleted while it holds any. Review before you apply.",
    );
  }
}

function checkRdsInstances(instances: RdsInstance[] | unknown, checks: InputChecks): void {
  if (!Array.isArray(instances)) {
    for (const rule of RDS_INSTANCE_LIST_RULES) {
      checks.relation("rds_instances", { rds_instances: instances }, rule.description, () => true, (r) => rule.hcl(r.rds_instances));
    }
    return;
  }
  const seen = new Set<string>();
  (instances as RdsInstance[]).forEach((instance, index) => {
    const input = `rds_instances[${index}]`;
    // check() judges known values now and turns plan-time ones (module.databases.x.arn) into preconditions.
    checks.check(`${input}.identifier`, instance.identifier, RULES.rds_identifier);
    checks.check(`${input}.arn`, instance.arn, RULES.rds_arn);
    if (!isKnown(instance.arn) || !isKnown(instance.identifier)) return;
    const name = instance.arn.split(":").pop();
    if (RULES.rds_arn.test(instance.arn) && name !== instance.identifier) {
      checks.reject(`${input}.identifier`, instance.identifier, `must match the name in its arn ("${name}")`);
    }
    if (seen.has(instance.arn)) checks.reject(`${input}.arn`, instance.arn, "is listed twice in rds_instances");
    seen.add(instance.arn);
  });
}

function checkCompatibilitySwitches(config: BackupModuleConfig, checks: InputChecks): void {
  const switches = [
    ["enable_backup_deduplication", config.enableBackupDeduplication, "AWS Backup always stores incremental recovery points"],
    ["backup_compression_enabled", config.backupCompressionEnabled, "AWS Backup always compresses recovery points"],
  ] as const;
  for (const [input, value, fact] of switches) {
    if (value === false) checks.warn(`${input} = false has no effect: ${fact}; there is no AWS setting to turn it off.`);
  }
}

function checkRecoveryPointObjective(settings: BackupSettings, checks: InputChecks): void {
  const { rpoTargetHours: rpo } = settings;
  const schedule = settings.schedules.daily;
  if (!isKnown(rpo) || !isKnown(schedule) || !RULES.backup_schedule.test(schedule) || !RULES.target_hours.test(rpo)) return;
  const interval = longestIntervalHours(schedule);
  if (interval > rpo) {
    checks.warn(
      `rpo_target_hours = ${rpo} cannot be met: backup_schedule "${schedule}" leaves up to ${interval} hours between backups. ` +
        "Schedule backups more often or raise rpo_target_hours.",
    );
  }
}

/**
 * `additional_backup_rules`: each entry by the rules the module's variable applies
 * (`ADDITIONAL_RULE_ENTRY_RULES`), names unique across every rule, and retention inside a locked
 * vault's range. A list known only at plan time gets the same rules as preconditions.
 */
function checkAdditionalRules(given: AdditionalBackupRules | undefined, settings: BackupSettings, checks: InputChecks): void {
  if (given === undefined || given === null) return;
  const input = "additional_backup_rules";
  const lock = settings.vaultLock;
  if (!Array.isArray(given) || !isKnown(given)) {
    checks.listRules(input, given, ADDITIONAL_RULES_LIST_RULES);
    if (isKnown(lock) && lock === false) return;
    checks.relation(
      input,
      { [input]: given, min_retention_days: settings.minRetentionDays, max_retention_days: settings.maxRetentionDays, vault_lock: lock },
      LOCK_RANGE_RULE,
      () => true,
      (r) => `!${r.vault_lock} || alltrue([for x in ${r[input]} : x.delete_after_days >= ${r.min_retention_days} && x.delete_after_days <= ${r.max_retention_days}])`,
    );
    return;
  }
  const names = new Set<string>();
  (given as readonly AdditionalBackupRule[]).forEach((entry, i) => {
    const rule = withDefaults(entry);
    for (const check of ADDITIONAL_RULE_ENTRY_RULES) {
      if (!check.test(rule)) checks.reject(`${input}[${i}].${check.field}`, rule[configKeyOf(check.field) as keyof typeof rule], check.description);
    }
    if (names.has(rule.name)) checks.reject(`${input}[${i}].name`, rule.name, "must not name two rules alike");
    names.add(rule.name);
  });
}
