/**
 * The validator's public contract: environment variable names, finding codes and the report shape.
 * This module has no runtime dependencies so infrastructure code can import it without pulling in
 * the AWS SDK.
 */

/** Environment variables the Lambda reads. Every name the function understands is listed here. */
export const ENV_VARS = {
  /** Comma-separated backup vault names in the function's region. Required. */
  BACKUP_VAULT_NAMES: "BACKUP_VAULT_NAMES",
  /** Region of the cross-region replica vault. Optional; set together with REPLICA_VAULT_NAME. */
  REPLICA_REGION: "REPLICA_REGION",
  /** Name of the replica vault in REPLICA_REGION. Optional; set together with REPLICA_REGION. */
  REPLICA_VAULT_NAME: "REPLICA_VAULT_NAME",
  /** Recovery point objective in hours. @default 24 */
  RPO_TARGET_HOURS: "RPO_TARGET_HOURS",
  /** Recovery time objective in hours, compared with restore job durations. @default 4 */
  RTO_TARGET_HOURS: "RTO_TARGET_HOURS",
  /** How far back job listings look, in hours (at most 720: ListBackupJobs keeps 30 days). @default 24 */
  LOOKBACK_HOURS: "LOOKBACK_HOURS",
  /** Hours a job may stay CREATED, PENDING or RUNNING before it counts as stuck. @default RPO_TARGET_HOURS */
  STUCK_JOB_HOURS: "STUCK_JOB_HOURS",
  /** Comma-separated resource ARNs that must have recent recovery points. Optional. */
  EXPECTED_RESOURCE_ARNS: "EXPECTED_RESOURCE_ARNS",
  /** KMS key ARN every recovery point in the primary vaults must be encrypted with. Optional. */
  EXPECTED_KMS_KEY_ARN: "EXPECTED_KMS_KEY_ARN",
  /** SNS topic for the readable summary. Optional. */
  SNS_TOPIC_ARN: "SNS_TOPIC_ARN",
  /** S3 bucket for the JSON report. Optional. */
  REPORT_BUCKET: "REPORT_BUCKET",
} as const;

/** Name of one environment variable the validator reads. */
export type EnvVarName = (typeof ENV_VARS)[keyof typeof ENV_VARS];

/** Every environment variable name, in documentation order. */
export const ENV_VAR_NAMES: readonly EnvVarName[] = Object.values(ENV_VARS);

/** Environment variables the Lambda cannot run without. */
export const REQUIRED_ENV_VAR_NAMES: readonly EnvVarName[] = [ENV_VARS.BACKUP_VAULT_NAMES];

/** Finding codes, in documentation order. */
export const FINDING_CODES = [
  "BACKUP_JOB_FAILED",
  "BACKUP_JOB_COMPLETED_WITH_ISSUES",
  "BACKUP_JOB_STUCK",
  "COPY_JOB_FAILED",
  "COPY_MISSING",
  "RESTORE_JOB_FAILED",
  "RESTORE_VALIDATION_FAILED",
  "RTO_BREACH",
  "RECOVERY_POINT_UNHEALTHY",
  "RECOVERY_POINT_NOT_ENCRYPTED",
  "RECOVERY_POINT_WRONG_KEY",
  "RPO_BREACH",
  "RESOURCE_NOT_PROTECTED",
  "VAULT_UNREADABLE",
] as const;

/** One finding code. */
export type FindingCode = (typeof FINDING_CODES)[number];

/**
 * Finding severity. Any HIGH finding makes the report FAIL; any MEDIUM finding makes it at
 * least WARN; LOW findings are informational.
 */
export type Severity = "HIGH" | "MEDIUM" | "LOW";

/** Overall report status. */
export type ReportStatus = "PASS" | "WARN" | "FAIL";

/** One problem the validator found. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  resourceArn?: string;
  jobId?: string;
  recoveryPointArn?: string;
  vaultName?: string;
}

/** Lambda handler input: `{}`, an EventBridge scheduled event, or `{ send_full_report: true }`. */
export interface ValidatorEvent {
  send_full_report?: boolean;
}

/** IAM actions the Lambda's role needs (resource scoping is described in the README). */
export const REQUIRED_IAM_ACTIONS = [
  "backup:ListBackupJobs",
  "backup:ListCopyJobs",
  "backup:ListRestoreJobs",
  "backup:ListRecoveryPointsByBackupVault",
  "backup:ListProtectedResources",
  "backup:GetBackupPlan",
] as const;

/** IAM actions needed only when the matching optional output is configured. */
export const OPTIONAL_IAM_ACTIONS = {
  SNS_TOPIC_ARN: ["sns:Publish"],
  REPORT_BUCKET: ["s3:PutObject"],
} as const;

/** CloudWatch namespace of the embedded-metric-format metrics the validator logs. */
export const METRICS_NAMESPACE = "ArrakisBackup/Validator";
