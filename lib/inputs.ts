import { ADDITIONAL_RULES_LIST_RULES, ADDITIONAL_RULES_TYPE } from "./additional-rules";
import { BackupModuleConfig, COMPLIANCE_MODES, ENVIRONMENTS, NOTIFICATION_LEVELS } from "./config";
import type { EnvironmentDefaults } from "./environment-defaults";
import { JOBS_IN_FLIGHT_THRESHOLD } from "./capacity-alarms";
import { DURATION_ALARM_PERCENT } from "./duration-alarm";
import { NETWORK_INPUT_RULES } from "./private-networking";
import { ListRule, RDS_INSTANCE_LIST_RULES, RULES, Rule, matches, oneOf } from "./rules";
import { AIR_GAPPED_VAULT_INPUTS } from "./air-gapped-inputs";

/**
 * The one input registry: every input of the module is declared here once, with its Terraform
 * name, its TypeScript name, its type, its default (fixed, environment-based or a documented
 * null), its single-value rules and its description. The module's variables, their validation
 * blocks, both READMEs' input tables and {@link MODULE_DEFAULTS} are derived from it; the
 * `BackupModuleConfig` interface is checked equal to it by a compile-time test
 * (`__tests__/inputs.test.ts`). Rules that span several inputs live in `validate-config.ts`.
 */

/** One input, as both doors see it. */
export interface InputDefinition<K extends keyof BackupModuleConfig = keyof BackupModuleConfig> {
  /** The Terraform variable name (the spec's), e.g. `delete_after_days`. */
  readonly name: string;
  /** The `BackupModuleConfig` field, e.g. `deleteAfterDays`. */
  readonly key: K;
  /** The Terraform type expression. */
  readonly type: string;
  /** One line for both READMEs and the variable's description. */
  readonly description: string;
  /** A fixed default. Absent (with no {@link environmentDefault} or {@link nullMeans}): required. */
  readonly default?: unknown;
  /** The environment table's column that supplies the default (the variable defaults to null). */
  readonly environmentDefault?: keyof EnvironmentDefaults;
  /** What null means, when null is the default or a meaningful value ("no reservation"). */
  readonly nullMeans?: string;
  /** Rules over the single value, as synth-time checks and `validation` blocks alike. */
  readonly rules?: readonly Rule<never>[];
  /** Rules over a whole list of objects, in Terraform (lists known at synth are checked entry by entry). */
  readonly listRules?: readonly ListRule[];
}

/** How a default reads in the input tables. */
export type DefaultKind = "required" | "fixed" | "environment" | "null";

/** Which kind of default an input has. */
export function defaultKind(input: InputDefinition): DefaultKind {
  if (input.environmentDefault !== undefined) return "environment";
  if ("default" in input) return input.default === null ? "null" : "fixed";
  return input.nullMeans === undefined ? "required" : "null";
}

/**
 * Whether the module's variable accepts null: environment-based defaults, and inputs whose null
 * means something. Every other input with a default is `nullable = false`, so the module reads
 * it directly, never through a `var.x == null ? default : var.x` fallback.
 */
export function acceptsNull(input: InputDefinition): boolean {
  return defaultKind(input) === "environment" || input.nullMeans !== undefined;
}

/** A KMS key ARN (not an alias) in a commercial, China or GovCloud partition. */
export const KMS_KEY_ARN_PATTERN = "^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-[0-9]{1,2}:[0-9]{12}:key/[a-zA-Z0-9-]+$";
/** An IAM role ARN, paths allowed. */
export const IAM_ROLE_ARN_PATTERN = "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_/-]+$";

const input = <K extends keyof BackupModuleConfig>(definition: InputDefinition<K>): InputDefinition<K> => definition;

/** Every input, in the spec's order. */
export const INPUTS = [
  // ── Core ──
  input({ name: "project_name", key: "projectName", type: "string", description: "Name of the project; prefixes every resource name", rules: [RULES.project_name] }),
  input({ name: "environment", key: "environment", type: "string", description: "Environment (development, staging, production); selects the defaults", rules: [oneOf(ENVIRONMENTS)] }),
  input({ name: "backup_vault_name", key: "backupVaultName", type: "string", description: "Name of the AWS Backup vault", rules: [RULES.backup_vault_name] }),
  input({ name: "backup_plan_name", key: "backupPlanName", type: "string", description: "Name of the AWS Backup plan", rules: [RULES.backup_plan_name] }),

  // ── Scheduling ──
  input({
    name: "backup_schedule",
    key: "backupSchedule",
    type: "string",
    description: "Daily backup cron expression (null: 3, 2 or 1 AM UTC by environment)",
    environmentDefault: "backupSchedule",
    rules: [RULES.backup_schedule],
  }),
  input({ name: "weekly_backup_schedule", key: "weeklyBackupSchedule", type: "string", description: "Weekly backup cron expression", default: "cron(0 1 ? * SUN *)", rules: [RULES.backup_schedule] }),
  input({ name: "monthly_backup_schedule", key: "monthlyBackupSchedule", type: "string", description: "Monthly backup cron expression", default: "cron(0 1 1 * ? *)", rules: [RULES.backup_schedule] }),

  // ── Retention ──
  input({
    name: "delete_after_days",
    key: "deleteAfterDays",
    type: "number",
    description: "Daily backup retention in days (null: 7, 30 or 90 by environment)",
    environmentDefault: "deleteAfterDays",
    rules: [RULES.retention_days],
  }),
  input({
    name: "move_to_cold_storage_after_days",
    key: "moveToColdStorageAfterDays",
    type: "number",
    description: "Days before daily backups move to cold storage (null: none, 7 or 30 by environment, applied only where at least 90 days in cold storage remain)",
    environmentDefault: "moveToColdStorageAfterDays",
    rules: [RULES.retention_days],
  }),
  input({ name: "long_term_retention_days", key: "longTermRetentionDays", type: "number", description: "Weekly backup retention in days", default: 365, rules: [RULES.retention_days] }),
  input({ name: "archival_retention_days", key: "archivalRetentionDays", type: "number", description: "Monthly backup retention in days (7 years)", default: 2555, rules: [RULES.retention_days] }),

  input({
    name: "additional_backup_rules",
    key: "additionalBackupRules",
    type: ADDITIONAL_RULES_TYPE,
    description: "Rules beyond daily, weekly and monthly: name, schedule, delete_after_days, optional cold_storage_after_days, copy_to_replica, enable_continuous_backup, start and completion windows",
    default: [],
    listRules: ADDITIONAL_RULES_LIST_RULES,
  }),

  // ── Security ──
  input({ name: "enable_backup_encryption", key: "enableBackupEncryption", type: "bool", description: "Encrypt vaults and the notification topic with customer-managed KMS keys", default: true }),
  input({
    name: "existing_kms_key_arn",
    key: "existingKmsKeyArn",
    type: "string",
    description: "A KMS key of yours for the vault, the topic and the validator: the module then creates no key",
    default: null,
    nullMeans: "the module creates the keys",
    rules: [
      matches(
        KMS_KEY_ARN_PATTERN,
        "must be a KMS key ARN such as arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      ),
    ],
  }),
  input({ name: "kms_deletion_window", key: "kmsDeletionWindow", type: "number", description: "KMS key deletion window in days (7 to 30)", default: 7, rules: [RULES.kms_deletion_window] }),
  input({
    name: "compliance_mode",
    key: "complianceMode",
    type: "string",
    description: "Vault lock mode: GOVERNANCE, or COMPLIANCE (irreversible once the grace period ends)",
    default: "GOVERNANCE",
    rules: [oneOf(COMPLIANCE_MODES)],
  }),
  input({ name: "backup_vault_lock_enabled", key: "backupVaultLockEnabled", type: "bool", description: "Lock the vaults (WORM) (null: production only)", environmentDefault: "vaultLock" }),
  input({ name: "min_retention_days", key: "minRetentionDays", type: "number", description: "Shortest retention the vault lock accepts", default: 30, rules: [RULES.retention_days] }),
  input({ name: "max_retention_days", key: "maxRetentionDays", type: "number", description: "Longest retention the vault lock accepts", default: 36500, rules: [RULES.retention_days] }),
  input({
    name: "vault_lock_changeable_for_days",
    key: "vaultLockChangeableForDays",
    type: "number",
    description: "COMPLIANCE mode: days during which the lock can still be removed (at least 3)",
    default: 3,
    rules: [RULES.vault_lock_changeable_for_days],
  }),
  input({
    name: "block_recovery_point_deletion",
    key: "blockRecoveryPointDeletion",
    type: "bool",
    description: "Deny manual deletion and lifecycle changes of recovery points, and changes to the vault policy, in the vault policy (null: production only)",
    environmentDefault: "blockRecoveryPointDeletion",
  }),
  input({
    name: "vault_policy_admin_role_arns",
    key: "vaultPolicyAdminRoleArns",
    type: "list(string)",
    description: "IAM role or user ARNs exempt from the vault policy's deny, so they can still manage recovery points and the policy (wildcards allowed)",
    default: null,
    nullMeans: "the role running Terraform",
    rules: [RULES.vault_policy_admin_role_arns],
  }),

  // ── Monitoring ──
  input({
    name: "enable_backup_notifications",
    key: "enableBackupNotifications",
    type: "bool",
    description: "Enable SNS notifications (topic, vault notifications, EventBridge failure rules)",
    default: true,
  }),
  input({ name: "notification_email", key: "notificationEmail", type: "string", description: 'Email for backup notifications ("" for none)', default: "", rules: [RULES.notification_email] }),
  input({
    name: "notification_level",
    key: "notificationLevel",
    type: "string",
    description: "errors_only, warnings_and_errors or all (null: by environment)",
    environmentDefault: "notificationLevel",
    rules: [oneOf(NOTIFICATION_LEVELS)],
  }),
  input({ name: "enable_backup_monitoring", key: "enableBackupMonitoring", type: "bool", description: "Enable CloudWatch alarms on failed backup, copy and restore jobs", default: true }),
  input({ name: "enable_backup_validation", key: "enableBackupValidation", type: "bool", description: "Enable the scheduled Lambda backup validator", default: true }),
  input({
    name: "backup_validation_schedule",
    key: "backupValidationSchedule",
    type: "string",
    description: "When the validator runs (EventBridge schedule expression)",
    default: "cron(0 6 * * ? *)",
    rules: [RULES.backup_validation_schedule],
  }),
  input({
    name: "validator_reserved_concurrency",
    key: "validatorReservedConcurrency",
    type: "number",
    description: "Concurrency reserved for the validator Lambda; AWS refuses reservations in accounts with under 100 unreserved",
    default: null,
    nullMeans: "no reservation",
    rules: [RULES.validator_reserved_concurrency],
  }),
  input({
    name: "validator_log_retention_days",
    key: "validatorLogRetentionDays",
    type: "number",
    description: "Retention of the validator's log group in days, a value CloudWatch Logs accepts (null: 365 in production, else 30)",
    environmentDefault: "validatorLogRetentionDays",
    rules: [RULES.validator_log_retention_days],
  }),

  input({
    name: "validator_subnet_ids",
    key: "validatorSubnetIds",
    type: "list(string)",
    description: "Private subnets for the validator Lambda, with validator_security_group_ids ([]: outside any VPC); it then needs VPC endpoints or a NAT gateway",
    default: [],
    rules: [NETWORK_INPUT_RULES.validator_subnet_ids],
  }),
  input({
    name: "validator_security_group_ids",
    key: "validatorSecurityGroupIds",
    type: "list(string)",
    description: "Security groups of the validator Lambda in validator_subnet_ids (they must allow outbound HTTPS)",
    default: [],
    rules: [NETWORK_INPUT_RULES.validator_security_group_ids],
  }),
  input({
    name: "create_vpc_endpoints",
    key: "createVpcEndpoints",
    type: "bool",
    description: "Create interface endpoints (backup, tagging, sns) in the validator subnets' VPC, reachable on HTTPS from its security groups only, and an S3 gateway endpoint on validator_route_table_ids when the reports bucket is used",
    default: false,
  }),
  input({
    name: "validator_route_table_ids",
    key: "validatorRouteTableIds",
    type: "list(string)",
    description: "Route tables of the validator's subnets: with create_vpc_endpoints and the reports bucket, they get an S3 gateway endpoint admitting only the validator's report objects ([]: none; the report then needs your own S3 endpoint or a NAT gateway)",
    default: [],
    rules: [NETWORK_INPUT_RULES.validator_route_table_ids],
  }),
  input({
    name: "backup_jobs_in_flight_alarm_threshold",
    key: "backupJobsInFlightAlarmThreshold",
    type: "number",
    description: "Backup jobs of the vault created, pending or running at once, for 30 minutes, that raise the capacity alarm",
    default: 50,
    rules: [JOBS_IN_FLIGHT_THRESHOLD],
  }),
  input({
    name: "backup_duration_alarm_percent",
    key: "backupDurationAlarmPercent",
    type: "number",
    description: "Percent of the plan's shortest completion window that the slowest resource type's p90 backup job duration may reach before the duration alarm fires",
    default: 80,
    rules: [DURATION_ALARM_PERCENT],
  }),
  input({
    name: "enable_tamper_alerts",
    key: "enableTamperAlerts",
    type: "bool",
    description: "Alert on the topic when recovery points, the vault policy or lock, the plan or the backup key are deleted or weakened (null: production only)",
    environmentDefault: "tamperAlerts",
  }),

  // ── Resources ──
  input({
    name: "rds_instances",
    key: "rdsInstances",
    type: "list(object({ identifier = string, arn = string }))",
    description: "RDS instances to back up",
    default: [],
    listRules: RDS_INSTANCE_LIST_RULES,
  }),
  input({
    name: "backup_efs_enabled",
    key: "backupEfsEnabled",
    type: "bool",
    description: "Back up EFS file systems tagged Project = project_name and Environment = environment",
    default: false,
  }),

  input({
    name: "existing_backup_role_arn",
    key: "existingBackupRoleArn",
    type: "string",
    description: "An IAM role of yours that AWS Backup assumes for the selections: the module then creates no role",
    default: null,
    nullMeans: "the module creates the role",
    rules: [matches(IAM_ROLE_ARN_PATTERN, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/backup")],
  }),

  // ── Cross-region ──
  input({
    name: "replica_region",
    key: "replicaRegion",
    type: "string",
    description: "Region of the cross-region replica vault",
    default: "us-east-1",
    nullMeans: "no cross-region copies",
    rules: [RULES.replica_region],
  }),
  input({
    name: "enable_cross_region_backup",
    key: "enableCrossRegionBackup",
    type: "bool",
    description: "Copy backups to replica_region (null: staging and production)",
    environmentDefault: "crossRegionBackup",
  }),

  // ── Cost ──
  input({
    name: "enable_intelligent_tiering",
    key: "enableIntelligentTiering",
    type: "bool",
    description: "Opt rules that use cold storage into the archive tier for supported resources",
    default: false,
  }),
  input({
    name: "enable_backup_deduplication",
    key: "enableBackupDeduplication",
    type: "bool",
    description: "Accepted for compatibility: AWS Backup always stores incremental recovery points",
    default: true,
  }),
  input({
    name: "backup_compression_enabled",
    key: "backupCompressionEnabled",
    type: "bool",
    description: "Accepted for compatibility: AWS Backup always compresses recovery points",
    default: true,
  }),
  input({ name: "backup_cost_allocation_tags", key: "backupCostAllocationTags", type: "map(string)", description: "Tags added to every recovery point", default: {}, rules: [RULES.tags] }),

  // ── Disaster recovery ──
  input({ name: "rpo_target_hours", key: "rpoTargetHours", type: "number", description: "Recovery point objective in hours, checked by the validator", default: 24, rules: [RULES.target_hours] }),
  input({ name: "rto_target_hours", key: "rtoTargetHours", type: "number", description: "Recovery time objective in hours, checked by the validator", default: 4, rules: [RULES.target_hours] }),

  // ── Recovery proof ──
  input({ name: "enable_restore_testing", key: "enableRestoreTesting", type: "bool", description: "Restore the latest recovery point of each protected type on a schedule, and have the validator require a recent validated restore (null: staging and production)", environmentDefault: "restoreTesting" }),
  input({ name: "restore_test_schedule", key: "restoreTestSchedule", type: "string", description: "When restore tests run (AWS Backup cron, UTC)", default: "cron(0 3 ? * SUN *)", rules: [RULES.backup_schedule] }),
  input({ name: "restore_test_max_age_days", key: "restoreTestMaxAgeDays", type: "number", description: "How old the newest validated restore test may be before the validator reports it (1 to 366)", default: 8, rules: [RULES.restore_test_max_age_days] }),
  input({ name: "restore_test_validation_window_hours", key: "restoreTestValidationWindowHours", type: "number", description: "Hours a restored resource is kept for validation before AWS Backup deletes it (0 to 168)", default: 4, rules: [RULES.restore_test_validation_window_hours] }),
  input({ name: "restore_test_rds_subnet_group_name", key: "restoreTestRdsSubnetGroupName", type: "string", description: "DB subnet group RDS restore tests restore into", default: null, nullMeans: "AWS Backup infers it (the default VPC's)", rules: [RULES.rds_subnet_group_name] }),
  input({ name: "enable_point_in_time_recovery", key: "enablePointInTimeRecovery", type: "bool", description: "Continuous backup (point-in-time recovery) of the RDS databases, in a plan of its own (null: production)", environmentDefault: "pointInTimeRecovery" }),
  input({ name: "point_in_time_recovery_days", key: "pointInTimeRecoveryDays", type: "number", description: "Days of point-in-time history (AWS allows 1 to 35)", default: 35, rules: [RULES.point_in_time_recovery_days] }),
  input({ name: "enable_audit_framework", key: "enableAuditFramework", type: "bool", description: "Backup Audit Manager framework and compliance reports; needs AWS Config recording (null: production)", environmentDefault: "auditFramework" }),
  input({ name: "enable_backup_reports", key: "enableBackupReports", type: "bool", description: "Reports bucket with backup, copy and restore job reports and the validator's JSON reports (null: production)", environmentDefault: "backupReports" }),
  input({ name: "reports_bucket_name", key: "reportsBucketName", type: "string", description: "Name of the reports bucket", default: null, nullMeans: "<project>-backup-reports-<env>-<account id>", rules: [RULES.s3_bucket_name] }),
  input({ name: "enable_backup_dashboard", key: "enableBackupDashboard", type: "bool", description: "CloudWatch dashboard of the environment's backup health (null: staging and production)", environmentDefault: "backupDashboard" }),

  // ── Air-gapped vault ──
  ...AIR_GAPPED_VAULT_INPUTS,

  // ── Tags ──
  input({ name: "tags", key: "tags", type: "map(string)", description: "Tags for every resource, merged with Project and Environment", default: {}, rules: [RULES.tags] }),
] as const;

/** The `BackupModuleConfig` fields the registry declares. */
export type RegisteredKey = (typeof INPUTS)[number]["key"];

/** An input by its Terraform name (throws for an unknown name: a typo in code, not user input). */
export function inputNamed(name: string): InputDefinition {
  const found = INPUTS.find((i) => i.name === name);
  if (!found) throw new Error(`no input named ${name}`);
  return found;
}

/** An input by its TypeScript name. */
export function inputOf(key: keyof BackupModuleConfig): InputDefinition {
  const found = INPUTS.find((i) => i.key === key);
  if (!found) throw new Error(`no input with key ${String(key)}`);
  return found;
}

/** The input table row of both READMEs: the default as a user reads it. */
export function defaultText(input: InputDefinition): string {
  switch (defaultKind(input)) {
    case "required":
      return "required";
    case "environment":
      return "environment-based";
    case "null":
      return `\`null\` (${input.nullMeans})`;
    default:
      return `\`${JSON.stringify(input.default)}\`${input.nullMeans === undefined ? "" : ` (null: ${input.nullMeans})`}`;
  }
}

/** A type expression on one line: `list(object({ name = string, ... }))`. */
export const oneLine = (type: string) => type.replace(/\(\{\s+/g, "({ ").replace(/\s*\n\s*\}/g, " }").replace(/\n\s*/g, ", ").replace(/\s+=\s+/g, " = ");

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The root README's input table (both doors): one row per input, in the registry's order. */
export function inputTableRows(): string[] {
  return INPUTS.map((i) => `| \`${i.name}\` | \`${i.key}\` | \`${cell(oneLine(i.type))}\` | ${defaultText(i)} | ${cell(i.description)} |`);
}

/** The header of the root README's input table, which {@link withInputTable} fills in. */
export const INPUT_TABLE_HEADER = "| Terraform | TypeScript | Type | Default | Description |\n|-----------|------------|------|---------|-------------|\n";

/** The root README with its input table rewritten from the registry (unchanged if it has no table). */
export function withInputTable(readme: string): string {
  const start = readme.indexOf(INPUT_TABLE_HEADER);
  if (start < 0) return readme;
  const rows = start + INPUT_TABLE_HEADER.length;
  const end = readme.indexOf("\n\n", rows);
  return readme.slice(0, rows) + inputTableRows().join("\n") + readme.slice(end < 0 ? readme.length : end);
}
