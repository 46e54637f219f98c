/**
 * The validator's public contract: environment variable names, IAM permissions with their
 * resource scopes, metric names, report statuses and CLI exit codes, finding codes and the report
 * shape. This module has no runtime dependencies so infrastructure code can import it without
 * pulling in the AWS SDK.
 */

/** Environment variables the Lambda reads. Every name the function understands is listed here. */
export const ENV_VARS = {
  /** Comma-separated backup vault names in the function's region. Required. */
  BACKUP_VAULT_NAMES: "BACKUP_VAULT_NAMES",
  /**
   * Id of the backup plan whose selections say what must be protected. Optional; without it
   * coverage comes only from EXPECTED_RESOURCE_ARNS.
   */
  BACKUP_PLAN_ID: "BACKUP_PLAN_ID",
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
  /** Hours a job may stay CREATED, PENDING, RUNNING or ABORTING before it counts as stuck. @default RPO_TARGET_HOURS */
  STUCK_JOB_HOURS: "STUCK_JOB_HOURS",
  /** Comma-separated resource ARNs that must have recent recovery points, in addition to the plan's selections. Optional. */
  EXPECTED_RESOURCE_ARNS: "EXPECTED_RESOURCE_ARNS",
  /** KMS key ARN every recovery point AWS Backup encrypts in the primary vaults must use. Optional. */
  EXPECTED_KMS_KEY_ARN: "EXPECTED_KMS_KEY_ARN",
  /** SNS topic for the readable summary. Optional. */
  SNS_TOPIC_ARN: "SNS_TOPIC_ARN",
  /** S3 bucket for the JSON report. Optional. */
  REPORT_BUCKET: "REPORT_BUCKET",
  /** Account that must own REPORT_BUCKET (ExpectedBucketOwner). Optional. @default the function's account */
  REPORT_BUCKET_OWNER: "REPORT_BUCKET_OWNER",
  /** KMS key ARN the report object is encrypted with (SSE-KMS). Optional. @default the bucket's default encryption */
  REPORT_KMS_KEY_ARN: "REPORT_KMS_KEY_ARN",
  /**
   * Comma-separated names of the restore testing plans whose restores prove recovery. Optional;
   * when set, every resource type (and every resource selected by ARN) of their selections must
   * have a successful, validated restore younger than RESTORE_TEST_MAX_AGE_DAYS.
   */
  RESTORE_TESTING_PLAN_NAMES: "RESTORE_TESTING_PLAN_NAMES",
  /** How old the newest validated restore test may be, in days. @default 8 (a weekly test and a day's slack) */
  RESTORE_TEST_MAX_AGE_DAYS: "RESTORE_TEST_MAX_AGE_DAYS",
  /** How old the newest recovery point in the replica vault may be, in hours. @default RPO_TARGET_HOURS + 2 */
  COPY_RPO_HOURS: "COPY_RPO_HOURS",
  /** Minimum retention (days) of the replica vault's lock. Optional; set (with or without the maximum) when the vault must be locked. */
  REPLICA_VAULT_LOCK_MIN_DAYS: "REPLICA_VAULT_LOCK_MIN_DAYS",
  /** Maximum retention (days) of the replica vault's lock. Optional; set when the vault must be locked with this maximum. */
  REPLICA_VAULT_LOCK_MAX_DAYS: "REPLICA_VAULT_LOCK_MAX_DAYS",
  /** ARN of the logically air-gapped vault that copies of production recovery points must also reach. Optional. */
  AIR_GAPPED_VAULT_ARN: "AIR_GAPPED_VAULT_ARN",
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
  "RESTORE_TEST_PLAN_NOT_RUN",
  "RESTORE_TEST_MISSING",
  "RESTORE_TEST_NOT_VALIDATED",
  "RESTORE_TEST_NOT_CLEANED_UP",
  "REPLICA_VAULT_NOT_LOCKED",
  "REPLICA_RPO_BREACH",
  "AIR_GAPPED_COPY_MISSING",
] as const;

/** One finding code. */
export type FindingCode = (typeof FINDING_CODES)[number];

/**
 * Finding severity. Any HIGH finding makes the report FAIL; any MEDIUM finding makes it at
 * least WARN; LOW findings are informational.
 */
export type Severity = "HIGH" | "MEDIUM" | "LOW";

/** Report statuses, most severe first. */
export const REPORT_STATUSES = ["FAIL", "INCOMPLETE", "WARN", "PASS"] as const;

/**
 * Overall report status: FAIL (a HIGH finding: backups are broken, whatever else could not be
 * read), INCOMPLETE (no HIGH finding, but the validator could not read everything: the tool
 * failed, not necessarily the backups), WARN (everything read, MEDIUM findings), PASS.
 */
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** CLI exit status of each report status, plus usage errors. */
export const EXIT_CODES = {
  PASS: 0,
  WARN: 0,
  FAIL: 1,
  /** Bad flags or environment: nothing was read. */
  USAGE: 2,
  /** The run could not check everything (report `partial`), or crashed. */
  INCOMPLETE: 3,
} as const;

/** One problem the validator found. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  resourceArn?: string;
  jobId?: string;
  recoveryPointArn?: string;
  vaultName?: string;
  /** The backup selection (or `EXPECTED_RESOURCE_ARNS`) that makes the resource expected. */
  selectionName?: string;
}

/** Lambda handler input: `{}`, an EventBridge scheduled event, or `{ send_full_report: true }`. */
export interface ValidatorEvent {
  send_full_report?: boolean;
}

/**
 * What an IAM statement's resources are, for infrastructure code to turn into ARNs:
 * - `all`: `"*"` (the action supports no resource-level permission);
 * - `backupPlan`: the plan of BACKUP_PLAN_ID (`arn:PARTITION:backup:REGION:ACCOUNT:backup-plan:ID`);
 * - `backupVaults`: each primary vault and the replica vault (in REPLICA_REGION);
 * - `replicaVault`: the replica vault only;
 * - `snsTopic`: SNS_TOPIC_ARN; `reportObjects`: `arn:PARTITION:s3:::BUCKET/backup-validation/*`;
 * - `topicKey` / `reportKey`: the KMS key encrypting the topic / REPORT_KMS_KEY_ARN.
 */
export type IamResourceScope = "all" | "backupPlan" | "backupVaults" | "replicaVault" | "snsTopic" | "reportObjects" | "topicKey" | "reportKey";

/** When a permission is needed. */
export type IamWhen = "always" | "BACKUP_PLAN_ID" | "SNS_TOPIC_ARN" | "REPORT_BUCKET" | "encryptedTopic" | "REPORT_KMS_KEY_ARN"
  | "RESTORE_TESTING_PLAN_NAMES" | "replicaVaultLock";

/** One least-privilege grant the validator's role needs. */
export interface IamPermission {
  /** Statement id infrastructure code may use. */
  sid: string;
  actions: readonly string[];
  resource: IamResourceScope;
  when: IamWhen;
  /**
   * The AWS service the key may be used through only (`kms:ViaService` =
   * `<service>.<region>.<partition DNS suffix>`); only on KMS grants.
   */
  viaService?: "sns" | "s3";
}

/** Every permission the validator's role needs, with its resource scope. */
export const IAM_PERMISSIONS: readonly IamPermission[] = [
  // Job and protected-resource listings support no resource-level permission. ListRestoreJobs is
  // also called in REPLICA_REGION ("*" covers every region).
  { sid: "ListBackupActivity", actions: ["backup:ListBackupJobs", "backup:ListCopyJobs", "backup:ListRestoreJobs", "backup:ListProtectedResources"], resource: "all", when: "always" },
  { sid: "ListRecoveryPoints", actions: ["backup:ListRecoveryPointsByBackupVault"], resource: "backupVaults", when: "always" },
  { sid: "ReadBackupPlan", actions: ["backup:GetBackupPlan", "backup:ListBackupSelections", "backup:GetBackupSelection"], resource: "backupPlan", when: "BACKUP_PLAN_ID" },
  // Resolves the selections' tag conditions; GetResources supports no resource-level permission.
  { sid: "FindTaggedResources", actions: ["tag:GetResources"], resource: "all", when: "BACKUP_PLAN_ID" },
  { sid: "PublishReport", actions: ["sns:Publish"], resource: "snsTopic", when: "SNS_TOPIC_ARN" },
  { sid: "UseTopicKey", actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resource: "topicKey", when: "encryptedTopic", viaService: "sns" },
  { sid: "StoreReport", actions: ["s3:PutObject"], resource: "reportObjects", when: "REPORT_BUCKET" },
  { sid: "UseReportKey", actions: ["kms:GenerateDataKey"], resource: "reportKey", when: "REPORT_KMS_KEY_ARN", viaService: "s3" },
  // Restore testing plans and selections are read by name; "*" because their resource-level
  // support is not documented where we could check it (the restore jobs are listed under ListBackupActivity).
  { sid: "ReadRestoreTesting", actions: ["backup:ListRestoreTestingPlans", "backup:ListRestoreTestingSelections", "backup:GetRestoreTestingSelection"], resource: "all", when: "RESTORE_TESTING_PLAN_NAMES" },
  // Lock settings of the replica vault (REPLICA_VAULT_LOCK_MIN_DAYS or REPLICA_VAULT_LOCK_MAX_DAYS set).
  { sid: "DescribeReplicaVault", actions: ["backup:DescribeBackupVault"], resource: "replicaVault", when: "replicaVaultLock" },
];

/** IAM actions the Lambda's role always needs. */
export const REQUIRED_IAM_ACTIONS: readonly string[] = IAM_PERMISSIONS.filter((p) => p.when === "always").flatMap((p) => p.actions);

/** IAM actions needed only when the matching optional setting is configured. */
export const OPTIONAL_IAM_ACTIONS: Readonly<Partial<Record<IamWhen, readonly string[]>>> = IAM_PERMISSIONS.reduce<Partial<Record<IamWhen, string[]>>>(
  (acc, p) => (p.when === "always" ? acc : { ...acc, [p.when]: [...(acc[p.when] ?? []), ...p.actions] }),
  {},
);

/** CloudWatch namespace of the embedded-metric-format metrics the validator logs. */
export const METRICS_NAMESPACE = "ArrakisBackup/Validator";

/** Dimension every metric carries (the function name, or `backup-validator`). */
export const METRICS_DIMENSION = "FunctionName";

/** Metric names, in documentation order. */
export const METRIC_NAMES = {
  Findings: "Findings",
  HighFindings: "HighFindings",
  /** 1 when the status is FAIL: backups are broken. */
  ValidationFailed: "ValidationFailed",
  /** 1 when the run could not check everything (the report is partial): the tool failed. */
  RunIncomplete: "RunIncomplete",
  /** Same value as RunIncomplete; kept for existing dashboards. */
  ReportPartial: "ReportPartial",
  ListingErrors: "ListingErrors",
  /** Failed deliveries (SNS publish, S3 put) of this run. */
  PublishFailures: "PublishFailures",
  BackupJobs: "BackupJobs",
  BackupJobSuccessRate: "BackupJobSuccessRate",
  BackupJobsFailed: "BackupJobsFailed",
  BackupJobsWithIssues: "BackupJobsWithIssues",
  BackupJobsStuck: "BackupJobsStuck",
  CopyJobsFailed: "CopyJobsFailed",
  CopiesMissing: "CopiesMissing",
  RestoreJobsFailed: "RestoreJobsFailed",
  RestoreValidationsFailed: "RestoreValidationsFailed",
  RtoBreaches: "RtoBreaches",
  RecoveryPointsUnhealthy: "RecoveryPointsUnhealthy",
  RecoveryPointsNotEncrypted: "RecoveryPointsNotEncrypted",
  RecoveryPointsWrongKey: "RecoveryPointsWrongKey",
  RpoBreaches: "RpoBreaches",
  ResourcesNotProtected: "ResourcesNotProtected",
  VaultsUnreadable: "VaultsUnreadable",
  /** Restore testing targets (resource types, or resources selected by ARN) with a recent successful, validated restore. */
  RestoreTestsProven: "RestoreTestsProven",
  /** Restore testing targets without one (RESTORE_TEST_MISSING). */
  RestoreTestsMissing: "RestoreTestsMissing",
  RestoreTestsNotValidated: "RestoreTestsNotValidated",
  RestoreTestPlansNotRun: "RestoreTestPlansNotRun",
  RestoreTestsNotCleanedUp: "RestoreTestsNotCleanedUp",
  /** Longest restore time among the proving restore tests, in hours (compare with the RTO); only when some target is proven. */
  RestoreTestMaxHours: "RestoreTestMaxHours",
  ReplicaRpoBreaches: "ReplicaRpoBreaches",
  ReplicaVaultNotLocked: "ReplicaVaultNotLocked",
  /** Completed backups without a completed copy in AIR_GAPPED_VAULT_ARN (only when it is set). */
  AirGappedCopiesMissing: "AirGappedCopiesMissing",
} as const;

/** One metric name. */
export type MetricName = keyof typeof METRIC_NAMES;

/** The second dimension of the per-resource-type metrics, e.g. `EBS`, `RDS`, `EFS`. */
export const RESOURCE_TYPE_DIMENSION = "ResourceType";

/**
 * Backup job duration metrics (unit Seconds, creation to completion of COMPLETED jobs in the
 * window), one embedded-metric-format line per resource type, each published under
 * [FunctionName, ResourceType] and under [FunctionName] alone, so the `Maximum` of the latter
 * is the slowest resource type's figure.
 */
export const DURATION_METRIC_NAMES = {
  /** 90th percentile (within 5%) of the resource type's job durations. */
  BackupJobDurationP90: "BackupJobDurationP90",
  /** The resource type's longest job. */
  BackupJobDurationMax: "BackupJobDurationMax",
} as const;
