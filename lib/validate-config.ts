import { BackupModuleConfig, RdsInstance } from "./config";
import { Deployment, REPLICA_VAULT_SITE, checkDeployment, checkSwitches } from "./validate-deployment";
import { longestIntervalHours } from "./cron";
import { MIN_DAYS_IN_COLD_STORAGE } from "./environment-defaults";
import { InputChecks } from "./input-checks";
import { RDS_INSTANCE_LIST_RULES, RULES } from "./rules";
import { ADDITIONAL_RULES_LIST_RULES, ADDITIONAL_RULE_ENTRY_RULES, AdditionalBackupRule, AdditionalBackupRules, withDefaults } from "./additional-rules";
import { configKeyOf } from "./input-names";
import { INPUTS, inputNamed } from "./inputs";
import { BackupSettings } from "./settings";
import { NETWORK_TOGETHER_RULE, ROUTE_TABLES_NEED_ENDPOINTS_RULE, checkValidatorNetwork } from "./private-networking";
import { isKnown } from "./values";

/**
 * Applies every input rule and every cross-input AWS constraint to a configuration. Known values
 * are judged now (errors collected in `checks`), unknown ones become plan-time preconditions.
 */
export function validateConfig(config: BackupModuleConfig, settings: BackupSettings, checks: InputChecks, deployment: Deployment): void {
  checkSingleValues(config, checks);
  checkReplicaVaultName(settings, checks);
  checkDeployment(settings, checks, deployment);
  checkSwitches(settings, checks);
  checkRetention(config, settings, checks);
  checkVaultLock(settings, checks);
  checkRdsInstances(settings.rdsInstances, checks);
  checkAdditionalRules(config.additionalBackupRules, settings, checks);
  checkExistingKey(settings, checks, deployment);
  checkCompatibilitySwitches(config, checks);
  checkRecoveryPointObjective(settings, checks);
  checkValidatorNetworkInputs(config, settings, checks);
}

/**
 * Subnets and security groups of the validator go together (Lambda rejects one without the
 * other), endpoints need the subnets they are placed in, and route tables the endpoints.
 */
function checkValidatorNetworkInputs(config: BackupModuleConfig, settings: BackupSettings, checks: InputChecks): void {
  const { subnetIds, securityGroupIds } = settings.validatorNetwork;
  if (isKnown(subnetIds) && isKnown(securityGroupIds)) {
    const together = checkValidatorNetwork({ subnetIds, securityGroupIds }).filter((e) => e.rule === NETWORK_TOGETHER_RULE);
    for (const e of together) checks.reject(e.input, e.value, e.rule);
  } else {
    checks.relation(
      "validator_security_group_ids",
      { validator_security_group_ids: securityGroupIds, validator_subnet_ids: subnetIds },
      NETWORK_TOGETHER_RULE,
      () => true,
      (r) => `(length(${r.validator_subnet_ids}) == 0) == (length(${r.validator_security_group_ids}) == 0)`,
    );
  }
  checks.relation(
    "create_vpc_endpoints",
    { create_vpc_endpoints: settings.vpcEndpoints, validator_subnet_ids: subnetIds },
    "needs validator_subnet_ids and validator_security_group_ids: the endpoints are placed in the validator's subnets and admit its security groups only",
    () => !settings.vpcEndpoints || subnetIds.length > 0,
    (r) => `!${r.create_vpc_endpoints} || length(${r.validator_subnet_ids}) > 0`,
  );
  const routeTableIds = settings.validatorRouteTableIds;
  const createEndpoints = config.createVpcEndpoints ?? false;
  checks.relation(
    "validator_route_table_ids",
    { validator_route_table_ids: routeTableIds, create_vpc_endpoints: createEndpoints },
    ROUTE_TABLES_NEED_ENDPOINTS_RULE,
    () => createEndpoints === true || routeTableIds.length === 0,
    (r) => `${r.create_vpc_endpoints} || length(${r.validator_route_table_ids}) == 0`,
  );
  const reportsWithoutS3Endpoint = [settings.vpcEndpoints, settings.backupReports, routeTableIds].every((v) => isKnown(v))
    && settings.vpcEndpoints === true && settings.backupReports === true && routeTableIds.length === 0;
  if (reportsWithoutS3Endpoint) checks.warn(
    "create_vpc_endpoints without validator_route_table_ids creates no S3 endpoint: the validator's report to the reports bucket needs an S3 endpoint of your own or a NAT gateway (README, Private networking)",
  );
}

/** What a locked vault does to a rule whose retention is outside its range. */
const LOCK_RANGE_RULE =
  'the locked vault rejects recovery points whose retention is outside [min_retention_days, max_retention_days]; change the retention, or the lock range (see "Changing a vault lock" in the README)';

/** Every input's own rules, from the registry, on the value the user gave (defaults meet them). */
function checkSingleValues(config: BackupModuleConfig, checks: InputChecks): void {
  for (const input of INPUTS) {
    for (const rule of input.rules ?? []) checks.check(input.name, config[input.key] as never, rule);
  }
}

/** The replica vault is named after the primary one plus this suffix. */
export const REPLICA_VAULT_SUFFIX = "-replica";

function checkReplicaVaultName(settings: BackupSettings, checks: InputChecks): void {
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
}

function checkRetention(config: BackupModuleConfig, settings: BackupSettings, checks: InputChecks): void {
  const { daily } = settings.retention;
  const explicitCold = config.moveToColdStorageAfterDays;
  if (explicitCold === undefined || explicitCold === null) return;
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
  checks.relation(
    "max_retention_days",
    { max_retention_days: settings.maxRetentionDays, min_retention_days: settings.minRetentionDays },
    "must be at least min_retention_days",
    () => settings.maxRetentionDays >= settings.minRetentionDays,
    (r) => `${r.max_retention_days} >= ${r.min_retention_days}`,
  );
  if (isKnown(lock) && lock === false) return;
  for (const [input, days] of ruleRetentions(settings)) {
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

/** Each rule's retention, by the input that sets it (the additional rules known at synth). */
export function ruleRetentions(settings: BackupSettings): (readonly [input: string, days: number])[] {
  return [
    ["delete_after_days", settings.retention.daily.deleteAfterDays],
    ["long_term_retention_days", settings.retention.weekly.deleteAfterDays],
    ["archival_retention_days", settings.retention.monthly.deleteAfterDays],
    ...settings.rules.slice(3).map((rule, i) => [`additional_backup_rules[${i}].delete_after_days`, rule.retention.deleteAfterDays] as const),
  ];
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

/** A key of the user's encrypts only with encryption on, and only vaults of its own region. */
function checkExistingKey(settings: BackupSettings, checks: InputChecks, deployment: Deployment): void {
  const existing = settings.existingKmsKeyArn;
  if (existing === null || existing === undefined) return;
  checks.relation(
    "existing_kms_key_arn",
    { existing_kms_key_arn: existing, enable_backup_encryption: settings.encryption },
    "needs enable_backup_encryption = true: with encryption off the vaults use AWS Backup's managed key",
    () => settings.encryption === true,
    (r) => `${r.existing_kms_key_arn} == null || ${r.enable_backup_encryption}`,
  );
  if (isKnown(existing) && !inputNamed("existing_kms_key_arn").rules![0].test(existing as never)) return; // reported by its rule
  checks.relation(
    "existing_kms_key_arn",
    { existing_kms_key_arn: existing, deployment_region: deployment.region },
    `must be in the provider's region${isKnown(deployment.region) ? ` (${deployment.region})` : ""}: a vault's key must be in the vault's region`,
    () => existing.split(":")[3] === deployment.region,
    (r) => `${r.existing_kms_key_arn} == null || try(split(":", ${r.existing_kms_key_arn})[3] == ${r.deployment_region}, false)`,
  );
}
