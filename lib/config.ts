import { IResolvable } from "cdktf";
import type { AdditionalBackupRules } from "./additional-rules";

/** The environments the module knows defaults for. */
export const ENVIRONMENTS = ["development", "staging", "production"] as const;
/** One of {@link ENVIRONMENTS}. */
export type Environment = (typeof ENVIRONMENTS)[number];

/** Vault lock modes: GOVERNANCE can be lifted by privileged users, COMPLIANCE cannot. */
export const COMPLIANCE_MODES = ["GOVERNANCE", "COMPLIANCE"] as const;
/** One of {@link COMPLIANCE_MODES}. */
export type ComplianceMode = (typeof COMPLIANCE_MODES)[number];

/**
 * How much of AWS Backup's activity reaches the notification topic (the spec's multi-environment
 * example): `errors_only` (failed, aborted, expired and partial jobs), `warnings_and_errors`
 * (also recovery point changes and completed jobs, which carry "completed with issues"),
 * `all` (also job starts and successes).
 */
export const NOTIFICATION_LEVELS = ["errors_only", "warnings_and_errors", "all"] as const;
/** One of {@link NOTIFICATION_LEVELS}. */
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

/** A database to back up, as in the spec's `rds_instances`. */
export interface RdsInstance {
  /** The DB instance (or Aurora cluster) identifier, e.g. `arrakis-oms-production`. */
  readonly identifier: string;
  /** Its ARN, e.g. `arn:aws:rds:us-west-2:123456789012:db:arrakis-oms-production`. */
  readonly arn: string;
}

/** A boolean input: a literal, or a Terraform expression (for example a variable's value). */
export type BooleanInput = boolean | IResolvable;

/**
 * Configuration of {@link BackupModule}: one field per variable of the spec, camelCased, with the
 * spec's description and default. Every field may also be a Terraform expression (a
 * `TerraformVariable`'s value); literal values are validated at synth, expressions by
 * preconditions at plan time.
 */
export interface BackupModuleConfig {
  // ── Core ──────────────────────────────────────────────────────────────────────────────────
  /** `project_name`: name of the project; prefixes every resource name. Required. */
  readonly projectName: string;
  /** `environment`: development, staging or production; selects the defaults. Required. */
  readonly environment: Environment | string;
  /** `backup_vault_name`: name of the AWS Backup vault. Required. */
  readonly backupVaultName: string;
  /** `backup_plan_name`: name of the AWS Backup plan. Required. */
  readonly backupPlanName: string;

  // ── Scheduling ────────────────────────────────────────────────────────────────────────────
  /** `backup_schedule`: daily backup cron expression. @default environment-based (3, 2 or 1 AM UTC) */
  readonly backupSchedule?: string;
  /** `weekly_backup_schedule`: weekly backup cron expression. @default "cron(0 1 ? * SUN *)" */
  readonly weeklyBackupSchedule?: string;
  /** `monthly_backup_schedule`: monthly backup cron expression. @default "cron(0 1 1 * ? *)" */
  readonly monthlyBackupSchedule?: string;

  // ── Retention ─────────────────────────────────────────────────────────────────────────────
  /** `delete_after_days`: daily backup retention in days. @default environment-based (7, 30, 90) */
  readonly deleteAfterDays?: number;
  /**
   * `move_to_cold_storage_after_days`: days before daily backups move to cold storage.
   * An explicit value must leave at least 90 days in cold storage before deletion.
   * @default environment-based (none, 7, 30), applied only where the retention allows it
   */
  readonly moveToColdStorageAfterDays?: number;
  /** `long_term_retention_days`: weekly backup retention in days. @default 365 */
  readonly longTermRetentionDays?: number;
  /** `archival_retention_days`: monthly backup retention in days. @default 2555 (7 years) */
  readonly archivalRetentionDays?: number;

  /**
   * `additional_backup_rules`: rules beyond daily, weekly and monthly, each validated like them
   * (unique names, AWS lifecycle rules, the vault lock's range). @default []
   */
  readonly additionalBackupRules?: AdditionalBackupRules;

  // ── Security ──────────────────────────────────────────────────────────────────────────────
  /** `enable_backup_encryption`: encrypt vaults and the topic with customer-managed KMS keys. @default true */
  readonly enableBackupEncryption?: BooleanInput;
  /**
   * `existing_kms_key_arn`: a customer-managed key of yours (in the provider's region) for the
   * primary vault, the topic and the validator; the module then creates no key, and the replica
   * vault uses AWS Backup's managed key. Its key policy must let AWS Backup, SNS's publishers
   * (backup, events, cloudwatch) and CloudWatch Logs use it (see the README). Needs
   * `enableBackupEncryption`. @default null (the module creates the keys)
   */
  readonly existingKmsKeyArn?: string | null;
  /** `kms_deletion_window`: KMS key deletion window in days (7–30). @default 7 */
  readonly kmsDeletionWindow?: number;
  /** `compliance_mode`: vault lock mode, GOVERNANCE or COMPLIANCE (irreversible). @default "GOVERNANCE" */
  readonly complianceMode?: ComplianceMode | string;
  /** `backup_vault_lock_enabled`: lock the vaults (WORM). @default environment-based (production only) */
  readonly backupVaultLockEnabled?: BooleanInput;
  /** `min_retention_days`: shortest retention the vault lock accepts. @default 30 */
  readonly minRetentionDays?: number;
  /** `max_retention_days`: longest retention the vault lock accepts. @default 36500 (100 years) */
  readonly maxRetentionDays?: number;
  /**
   * `vault_lock_changeable_for_days`: COMPLIANCE mode only: days (at least 3) during which the
   * lock can still be removed; after that it is immutable. @default 3
   */
  readonly vaultLockChangeableForDays?: number;
  /**
   * `block_recovery_point_deletion`: a vault access policy that denies manual deletion and
   * lifecycle changes of recovery points. @default environment-based (production only)
   */
  readonly blockRecoveryPointDeletion?: BooleanInput;
  /**
   * `vault_policy_admin_role_arns`: IAM role (or user) ARNs exempt from the vault access policy's
   * deny, so they can still delete recovery points, change their lifecycle and update or delete the
   * policy itself. Wildcards are allowed (`ArnNotLike` on `aws:PrincipalArn`). Keep the principal
   * that runs Terraform in the list, or Terraform can no longer change the policy.
   * @default the IAM role (or user) running Terraform, read from the provider's credentials
   */
  readonly vaultPolicyAdminRoleArns?: string[] | null;

  // ── Monitoring ────────────────────────────────────────────────────────────────────────────
  /** `enable_backup_notifications`: SNS topic, vault notifications and EventBridge failure rules. @default true */
  readonly enableBackupNotifications?: BooleanInput;
  /** `notification_email`: email subscribed to the topic; "" for none. @default "" */
  readonly notificationEmail?: string;
  /** `notification_level`: errors_only, warnings_and_errors or all. @default environment-based */
  readonly notificationLevel?: NotificationLevel | string;
  /** `enable_backup_monitoring`: CloudWatch alarms on failed backup, copy and restore jobs. @default true */
  readonly enableBackupMonitoring?: BooleanInput;
  /** `enable_backup_validation`: the scheduled validator Lambda. @default true */
  readonly enableBackupValidation?: BooleanInput;
  /** `backup_validation_schedule`: when the validator runs (EventBridge expression). @default "cron(0 6 * * ? *)" */
  readonly backupValidationSchedule?: string;
  /**
   * `validator_reserved_concurrency`: concurrency reserved for the validator Lambda, or null for
   * none. AWS refuses any reservation in accounts whose concurrency limit leaves less than 100
   * unreserved (new accounts start at 10 or 50); a duplicate run only repeats the same listings.
   * @default null (no reservation)
   */
  readonly validatorReservedConcurrency?: number | null;
  /**
   * `validator_log_retention_days`: retention of the validator's log group, in days (a value
   * CloudWatch Logs accepts). @default environment-based (30, 30, 365)
   */
  readonly validatorLogRetentionDays?: number;
  /**
   * `validator_subnet_ids`: private subnets (one VPC) for the validator Lambda; given together with
   * `validator_security_group_ids`. The function then needs VPC endpoints or a NAT gateway (see
   * README, Private networking). @default [] (outside any VPC)
   */
  readonly validatorSubnetIds?: string[];
  /** `validator_security_group_ids`: the validator Lambda's security groups (outbound HTTPS). @default [] */
  readonly validatorSecurityGroupIds?: string[];
  /**
   * `create_vpc_endpoints`: interface endpoints (backup, tagging, sns) in the subnets' VPC,
   * admitting HTTPS from the validator's security groups only, and with the reports bucket and
   * `validator_route_table_ids` an S3 gateway endpoint. @default false
   */
  readonly createVpcEndpoints?: BooleanInput;
  /**
   * `validator_route_table_ids`: route tables of the validator's subnets. With
   * `create_vpc_endpoints` and the reports bucket (`enable_backup_reports`), an S3 gateway
   * endpoint whose policy admits only the validator's report objects is placed on them; every
   * subnet on these route tables then reaches S3 in the region through it (see README, Private
   * networking). [] creates no S3 endpoint: the report then needs your own S3 endpoint or a NAT
   * gateway. @default []
   */
  readonly validatorRouteTableIds?: string[];
  /**
   * `backup_jobs_in_flight_alarm_threshold`: backup jobs of the vault created, pending or running
   * at once, for 30 minutes, that raise the capacity alarm. @default 50
   */
  readonly backupJobsInFlightAlarmThreshold?: number;
  /**
   * `backup_duration_alarm_percent`: the duration alarm fires when the slowest resource type's
   * p90 backup job duration exceeds this percent of the plan's shortest completion window. @default 80
   */
  readonly backupDurationAlarmPercent?: number;
  /**
   * `enable_tamper_alerts`: alerts on the topic when recovery points, the vault's policy or lock,
   * the plan or the backup key are deleted or weakened (CloudTrail via EventBridge).
   * @default environment-based (production only)
   */
  readonly enableTamperAlerts?: BooleanInput;

  // ── Resources ─────────────────────────────────────────────────────────────────────────────
  /** `rds_instances`: databases to back up. @default [] */
  readonly rdsInstances?: RdsInstance[] | IResolvable;
  /**
   * `backup_efs_enabled`: back up EFS file systems tagged `Project = <project_name>` and
   * `Environment = <environment>`. @default false
   */
  readonly backupEfsEnabled?: BooleanInput;

  /**
   * `existing_backup_role_arn`: an IAM role of yours that AWS Backup assumes for the selections;
   * the module then creates no role. It needs the AWSBackupServiceRolePolicyForBackup and
   * ...ForRestores managed policies (or equivalent) and a trust policy for backup.amazonaws.com.
   * @default null (the module creates `<project>-backup-role-<env>`)
   */
  readonly existingBackupRoleArn?: string | null;

  // ── Cross-region ──────────────────────────────────────────────────────────────────────────
  /** `replica_region`: region of the replica vault; null disables cross-region copies. @default "us-east-1" */
  readonly replicaRegion?: string | null;
  /** `enable_cross_region_backup`: copy backups to the replica region. @default environment-based (staging, production) */
  readonly enableCrossRegionBackup?: BooleanInput;

  // ── Cost ──────────────────────────────────────────────────────────────────────────────────
  /** `enable_intelligent_tiering`: opt rules that use cold storage into the archive tier for supported resources. @default false */
  readonly enableIntelligentTiering?: BooleanInput;
  /** `enable_backup_deduplication`: accepted for compatibility; AWS Backup always stores incremental recovery points. @default true */
  readonly enableBackupDeduplication?: BooleanInput;
  /** `backup_compression_enabled`: accepted for compatibility; AWS Backup always compresses. @default true */
  readonly backupCompressionEnabled?: BooleanInput;
  /** `backup_cost_allocation_tags`: tags added to every recovery point. @default {} */
  readonly backupCostAllocationTags?: Record<string, string>;

  // ── Disaster recovery ─────────────────────────────────────────────────────────────────────
  /** `rpo_target_hours`: recovery point objective, checked against the daily schedule. @default 24 */
  readonly rpoTargetHours?: number;
  /** `rto_target_hours`: recovery time objective, checked by the validator against restore jobs. @default 4 */
  readonly rtoTargetHours?: number;

  // ── Recovery proof ────────────────────────────────────────────────────────────────────────
  /**
   * `enable_restore_testing`: an AWS Backup restore testing plan restores the latest recovery
   * point of each protected type (RDS, EBS, EFS) on `restore_test_schedule`, and the validator
   * requires a recent validated restore. @default environment-based (staging, production)
   */
  readonly enableRestoreTesting?: BooleanInput;
  /** `restore_test_schedule`: when restore tests run (AWS Backup cron, UTC). @default "cron(0 3 ? * SUN *)" (weekly) */
  readonly restoreTestSchedule?: string;
  /** `restore_test_max_age_days`: how old the newest validated restore test may be before the validator reports it. @default 8 */
  readonly restoreTestMaxAgeDays?: number;
  /** `restore_test_validation_window_hours`: hours a restored resource is kept for validation before deletion (0-168). @default 4 */
  readonly restoreTestValidationWindowHours?: number;
  /** `restore_test_rds_subnet_group_name`: DB subnet group RDS restore tests use. @default null (AWS Backup infers it: the default VPC) */
  readonly restoreTestRdsSubnetGroupName?: string | null;
  /**
   * `enable_point_in_time_recovery`: continuous backup (point-in-time recovery) of the RDS
   * databases, in a plan of its own. @default environment-based (production)
   */
  readonly enablePointInTimeRecovery?: BooleanInput;
  /** `point_in_time_recovery_days`: days of point-in-time history (AWS allows 1-35). @default 35 */
  readonly pointInTimeRecoveryDays?: number;
  /**
   * `enable_audit_framework`: a Backup Audit Manager framework with controls from the module's
   * settings, and its compliance reports. Needs AWS Config recording. @default environment-based (production)
   */
  readonly enableAuditFramework?: BooleanInput;
  /**
   * `enable_backup_reports`: the reports bucket, backup/copy/restore job report plans, and the
   * validator's JSON reports in the bucket. @default environment-based (production)
   */
  readonly enableBackupReports?: BooleanInput;
  /** `reports_bucket_name`: name of the reports bucket. @default null (`<project>-backup-reports-<env>-<account id>`) */
  readonly reportsBucketName?: string | null;
  /** `enable_backup_dashboard`: a CloudWatch dashboard of the environment's backup health. @default environment-based (staging, production) */
  readonly enableBackupDashboard?: BooleanInput;

  // ── Air-gapped vault ──────────────────────────────────────────────────────────────────────
  /**
   * `enable_air_gapped_vault`: a logically air-gapped vault (`<backup_vault_name>-air-gapped`) that
   * every rule of the plan also copies to; meant for production. @default false
   */
  readonly enableAirGappedVault?: BooleanInput;
  /** `air_gapped_vault_min_retention_days`: shortest retention the air-gapped vault accepts (AWS: at least 7). @default 7 */
  readonly airGappedVaultMinRetentionDays?: number;
  /** `air_gapped_vault_max_retention_days`: longest retention the air-gapped vault accepts. @default 36500 */
  readonly airGappedVaultMaxRetentionDays?: number;
  /** `air_gapped_recovery_account_id`: account the air-gapped vault is shared with through AWS RAM. @default null (not shared) */
  readonly airGappedRecoveryAccountId?: string | null;

  // ── Tags ──────────────────────────────────────────────────────────────────────────────────
  /** `tags`: tags for every resource, merged with Project and Environment. @default {} */
  readonly tags?: Record<string, string>;
}
