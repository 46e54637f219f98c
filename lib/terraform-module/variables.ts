import { COMPLIANCE_MODES, ENVIRONMENTS, NOTIFICATION_LEVELS } from "../config";
import { MODULE_DEFAULTS } from "../environment-defaults";
import { ListRule, RDS_INSTANCE_LIST_RULES, RULES, Rule, oneOf } from "../rules";

/** One input of the generated Terraform module. */
export interface ModuleVariable {
  /** The Terraform name (the spec's), e.g. `delete_after_days`. */
  readonly name: string;
  /** The Terraform type expression. */
  readonly type: string;
  readonly description: string;
  /** The default; `undefined` makes the variable required, `null` means "environment-based". */
  readonly default?: unknown;
  /** Whether null is a meaningful value (besides "environment-based" defaults). */
  readonly nullable?: boolean;
  /** What a null default means, for the README, when it is not "environment-based". */
  readonly nullMeans?: string;
  /** Single-value rules, as `validation` blocks with the construct's own messages. */
  readonly rules?: readonly Rule<never>[];
  /** Rules over the whole value (lists of objects). */
  readonly listRules?: readonly ListRule[];
}

const ENVIRONMENT_BASED = null;

/**
 * The module's variables: the spec's tables and examples, in the spec's order, plus the inputs
 * the spec implies (notification level, cross-region switch, lock details). Defaults come from
 * MODULE_DEFAULTS so the module and the construct cannot disagree.
 */
export const MODULE_VARIABLES: readonly ModuleVariable[] = [
  { name: "project_name", type: "string", description: "Name of the project; prefixes every resource name", rules: [RULES.project_name] },
  { name: "environment", type: "string", description: "Environment (development, staging, production); selects the defaults", rules: [oneOf(ENVIRONMENTS)] },
  { name: "backup_vault_name", type: "string", description: "Name of the AWS Backup vault", rules: [RULES.backup_vault_name] },
  { name: "backup_plan_name", type: "string", description: "Name of the AWS Backup plan", rules: [RULES.backup_plan_name] },

  { name: "backup_schedule", type: "string", description: "Daily backup cron expression (null: 3, 2 or 1 AM UTC by environment)", default: ENVIRONMENT_BASED, rules: [RULES.backup_schedule] },
  { name: "weekly_backup_schedule", type: "string", description: "Weekly backup cron expression", default: MODULE_DEFAULTS.weeklyBackupSchedule, rules: [RULES.backup_schedule] },
  { name: "monthly_backup_schedule", type: "string", description: "Monthly backup cron expression", default: MODULE_DEFAULTS.monthlyBackupSchedule, rules: [RULES.backup_schedule] },

  { name: "delete_after_days", type: "number", description: "Daily backup retention in days (null: 7, 30 or 90 by environment)", default: ENVIRONMENT_BASED, rules: [RULES.retention_days] },
  {
    name: "move_to_cold_storage_after_days",
    type: "number",
    description: "Days before daily backups move to cold storage (null: none, 7 or 30 by environment, applied only where at least 90 days in cold storage remain)",
    default: ENVIRONMENT_BASED,
    rules: [RULES.retention_days],
  },
  { name: "long_term_retention_days", type: "number", description: "Weekly backup retention in days", default: MODULE_DEFAULTS.longTermRetentionDays, rules: [RULES.retention_days] },
  { name: "archival_retention_days", type: "number", description: "Monthly backup retention in days (7 years)", default: MODULE_DEFAULTS.archivalRetentionDays, rules: [RULES.retention_days] },

  { name: "enable_backup_encryption", type: "bool", description: "Encrypt vaults and the notification topic with customer-managed KMS keys", default: MODULE_DEFAULTS.enableBackupEncryption },
  { name: "kms_deletion_window", type: "number", description: "KMS key deletion window in days (7 to 30)", default: MODULE_DEFAULTS.kmsDeletionWindow, rules: [RULES.kms_deletion_window] },
  { name: "compliance_mode", type: "string", description: "Vault lock mode: GOVERNANCE, or COMPLIANCE (irreversible once the grace period ends)", default: MODULE_DEFAULTS.complianceMode, rules: [oneOf(COMPLIANCE_MODES)] },
  { name: "backup_vault_lock_enabled", type: "bool", description: "Lock the vaults (WORM) (null: production only)", default: ENVIRONMENT_BASED },
  { name: "min_retention_days", type: "number", description: "Shortest retention the vault lock accepts", default: MODULE_DEFAULTS.minRetentionDays, rules: [RULES.retention_days] },
  { name: "max_retention_days", type: "number", description: "Longest retention the vault lock accepts", default: MODULE_DEFAULTS.maxRetentionDays, rules: [RULES.retention_days] },
  {
    name: "vault_lock_changeable_for_days",
    type: "number",
    description: "COMPLIANCE mode: days during which the lock can still be removed (at least 3)",
    default: MODULE_DEFAULTS.vaultLockChangeableForDays,
    rules: [RULES.vault_lock_changeable_for_days],
  },
  { name: "block_recovery_point_deletion", type: "bool", description: "Deny manual deletion and lifecycle changes of recovery points, and changes to the vault policy, in the vault policy (null: production only)", default: ENVIRONMENT_BASED },
  {
    name: "vault_policy_admin_role_arns",
    type: "list(string)",
    description: "IAM role or user ARNs exempt from the vault policy's deny, so they can still manage recovery points and the policy (null: the role running Terraform)",
    default: null,
    nullable: true,
    nullMeans: "the role running Terraform",
    rules: [RULES.vault_policy_admin_role_arns],
  },

  { name: "enable_backup_notifications", type: "bool", description: "Enable SNS notifications (topic, vault notifications, EventBridge failure rules)", default: MODULE_DEFAULTS.enableBackupNotifications },
  { name: "notification_email", type: "string", description: "Email for backup notifications (\"\" for none)", default: MODULE_DEFAULTS.notificationEmail, rules: [RULES.notification_email] },
  { name: "notification_level", type: "string", description: "errors_only, warnings_and_errors or all (null: by environment)", default: ENVIRONMENT_BASED, rules: [oneOf(NOTIFICATION_LEVELS)] },
  { name: "enable_backup_monitoring", type: "bool", description: "Enable CloudWatch alarms on failed backup, copy and restore jobs", default: MODULE_DEFAULTS.enableBackupMonitoring },
  { name: "enable_backup_validation", type: "bool", description: "Enable the scheduled Lambda backup validator", default: MODULE_DEFAULTS.enableBackupValidation },
  { name: "backup_validation_schedule", type: "string", description: "When the validator runs (EventBridge schedule expression)", default: MODULE_DEFAULTS.backupValidationSchedule, rules: [RULES.backup_validation_schedule] },
  {
    name: "validator_reserved_concurrency",
    type: "number",
    description: "Concurrency reserved for the validator Lambda (null: none; AWS refuses reservations in accounts with under 100 unreserved)",
    default: MODULE_DEFAULTS.validatorReservedConcurrency,
    nullable: true,
    nullMeans: "no reservation",
    rules: [RULES.validator_reserved_concurrency],
  },
  {
    name: "validator_log_retention_days",
    type: "number",
    description: "Retention of the validator's log group in days (null: 365 in production, else 30)",
    default: ENVIRONMENT_BASED,
    rules: [RULES.validator_log_retention_days],
  },

  { name: "rds_instances", type: "list(object({ identifier = string, arn = string }))", description: "RDS instances to back up", default: [], listRules: RDS_INSTANCE_LIST_RULES },
  { name: "backup_efs_enabled", type: "bool", description: "Back up EFS file systems tagged Project = project_name and Environment = environment", default: MODULE_DEFAULTS.backupEfsEnabled },

  { name: "replica_region", type: "string", description: "Region of the cross-region replica vault (null disables cross-region copies)", default: MODULE_DEFAULTS.replicaRegion, nullable: true, rules: [RULES.replica_region] },
  { name: "enable_cross_region_backup", type: "bool", description: "Copy backups to replica_region (null: staging and production)", default: ENVIRONMENT_BASED },

  { name: "enable_intelligent_tiering", type: "bool", description: "Opt rules that use cold storage into the archive tier for supported resources", default: MODULE_DEFAULTS.enableIntelligentTiering },
  { name: "enable_backup_deduplication", type: "bool", description: "Accepted for compatibility: AWS Backup always stores incremental recovery points", default: MODULE_DEFAULTS.enableBackupDeduplication },
  { name: "backup_compression_enabled", type: "bool", description: "Accepted for compatibility: AWS Backup always compresses recovery points", default: MODULE_DEFAULTS.backupCompressionEnabled },
  { name: "backup_cost_allocation_tags", type: "map(string)", description: "Tags added to every recovery point", default: {}, rules: [RULES.tags] },

  { name: "rpo_target_hours", type: "number", description: "Recovery point objective in hours, checked by the validator", default: MODULE_DEFAULTS.rpoTargetHours, rules: [RULES.target_hours] },
  { name: "rto_target_hours", type: "number", description: "Recovery time objective in hours, checked by the validator", default: MODULE_DEFAULTS.rtoTargetHours, rules: [RULES.target_hours] },

  { name: "tags", type: "map(string)", description: "Tags for every resource, merged with Project and Environment", default: {}, rules: [RULES.tags] },
];

export { configKeyOf } from "../input-names";

/** The validation blocks of a variable, with the messages the construct uses at synth. */
export function validationsOf(variable: ModuleVariable): { condition: string; errorMessage: string }[] {
  const ref = `var.${variable.name}`;
  const fromRules = (variable.rules ?? []).map((rule) => ({
    condition: `\${${acceptsNull(variable) ? `${ref} == null ? true : (${rule.hcl(ref)})` : rule.hcl(ref)}}`,
    errorMessage: `Invalid ${variable.name}: ${rule.description}.`,
  }));
  const extra = (variable.listRules ?? []).map((rule) => ({ condition: `\${${rule.hcl(ref)}}`, errorMessage: `Invalid ${variable.name}: ${rule.description}.` }));
  return [...fromRules, ...extra];
}

/** Whether a variable may be null: environment-based defaults and explicitly nullable inputs. */
export function acceptsNull(variable: ModuleVariable): boolean {
  return variable.default === null || variable.nullable === true;
}
