/**
 * The validator's public contract: environment variable names, IAM permissions with their
 * resource scopes, metric names, report statuses and CLI exit codes, finding codes and the report
 * shape. This module has no runtime dependencies so infrastructure code can import it without
 * pulling in the AWS SDK.
 */
/** Environment variables the Lambda reads. Every name the function understands is listed here. */
export declare const ENV_VARS: {
    /** Comma-separated backup vault names in the function's region. Required. */
    readonly BACKUP_VAULT_NAMES: "BACKUP_VAULT_NAMES";
    /**
     * Id of the backup plan whose selections say what must be protected. Optional; without it
     * coverage comes only from EXPECTED_RESOURCE_ARNS.
     */
    readonly BACKUP_PLAN_ID: "BACKUP_PLAN_ID";
    /** Region of the cross-region replica vault. Optional; set together with REPLICA_VAULT_NAME. */
    readonly REPLICA_REGION: "REPLICA_REGION";
    /** Name of the replica vault in REPLICA_REGION. Optional; set together with REPLICA_REGION. */
    readonly REPLICA_VAULT_NAME: "REPLICA_VAULT_NAME";
    /** Recovery point objective in hours. @default 24 */
    readonly RPO_TARGET_HOURS: "RPO_TARGET_HOURS";
    /** Recovery time objective in hours, compared with restore job durations. @default 4 */
    readonly RTO_TARGET_HOURS: "RTO_TARGET_HOURS";
    /** How far back job listings look, in hours (at most 720: ListBackupJobs keeps 30 days). @default 24 */
    readonly LOOKBACK_HOURS: "LOOKBACK_HOURS";
    /** Hours a job may stay CREATED, PENDING, RUNNING or ABORTING before it counts as stuck. @default RPO_TARGET_HOURS */
    readonly STUCK_JOB_HOURS: "STUCK_JOB_HOURS";
    /** Comma-separated resource ARNs that must have recent recovery points, in addition to the plan's selections. Optional. */
    readonly EXPECTED_RESOURCE_ARNS: "EXPECTED_RESOURCE_ARNS";
    /** KMS key ARN every recovery point AWS Backup encrypts in the primary vaults must use. Optional. */
    readonly EXPECTED_KMS_KEY_ARN: "EXPECTED_KMS_KEY_ARN";
    /** SNS topic for the readable summary. Optional. */
    readonly SNS_TOPIC_ARN: "SNS_TOPIC_ARN";
    /** S3 bucket for the JSON report. Optional. */
    readonly REPORT_BUCKET: "REPORT_BUCKET";
    /** Account that must own REPORT_BUCKET (ExpectedBucketOwner). Optional. @default the function's account */
    readonly REPORT_BUCKET_OWNER: "REPORT_BUCKET_OWNER";
    /** KMS key ARN the report object is encrypted with (SSE-KMS). Optional. @default the bucket's default encryption */
    readonly REPORT_KMS_KEY_ARN: "REPORT_KMS_KEY_ARN";
};
/** Name of one environment variable the validator reads. */
export type EnvVarName = (typeof ENV_VARS)[keyof typeof ENV_VARS];
/** Every environment variable name, in documentation order. */
export declare const ENV_VAR_NAMES: readonly EnvVarName[];
/** Environment variables the Lambda cannot run without. */
export declare const REQUIRED_ENV_VAR_NAMES: readonly EnvVarName[];
/** Finding codes, in documentation order. */
export declare const FINDING_CODES: readonly ["BACKUP_JOB_FAILED", "BACKUP_JOB_COMPLETED_WITH_ISSUES", "BACKUP_JOB_STUCK", "COPY_JOB_FAILED", "COPY_MISSING", "RESTORE_JOB_FAILED", "RESTORE_VALIDATION_FAILED", "RTO_BREACH", "RECOVERY_POINT_UNHEALTHY", "RECOVERY_POINT_NOT_ENCRYPTED", "RECOVERY_POINT_WRONG_KEY", "RPO_BREACH", "RESOURCE_NOT_PROTECTED", "VAULT_UNREADABLE"];
/** One finding code. */
export type FindingCode = (typeof FINDING_CODES)[number];
/**
 * Finding severity. Any HIGH finding makes the report FAIL; any MEDIUM finding makes it at
 * least WARN; LOW findings are informational.
 */
export type Severity = "HIGH" | "MEDIUM" | "LOW";
/** Report statuses, most severe first. */
export declare const REPORT_STATUSES: readonly ["FAIL", "INCOMPLETE", "WARN", "PASS"];
/**
 * Overall report status: FAIL (a HIGH finding: backups are broken, whatever else could not be
 * read), INCOMPLETE (no HIGH finding, but the validator could not read everything: the tool
 * failed, not necessarily the backups), WARN (everything read, MEDIUM findings), PASS.
 */
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** CLI exit status of each report status, plus usage errors. */
export declare const EXIT_CODES: {
    readonly PASS: 0;
    readonly WARN: 0;
    readonly FAIL: 1;
    /** Bad flags or environment: nothing was read. */
    readonly USAGE: 2;
    /** The run could not check everything (report `partial`), or crashed. */
    readonly INCOMPLETE: 3;
};
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
 * - `snsTopic`: SNS_TOPIC_ARN; `reportObjects`: `arn:PARTITION:s3:::BUCKET/backup-validation/*`;
 * - `topicKey` / `reportKey`: the KMS key encrypting the topic / REPORT_KMS_KEY_ARN.
 */
export type IamResourceScope = "all" | "backupPlan" | "backupVaults" | "snsTopic" | "reportObjects" | "topicKey" | "reportKey";
/** When a permission is needed. */
export type IamWhen = "always" | "BACKUP_PLAN_ID" | "SNS_TOPIC_ARN" | "REPORT_BUCKET" | "encryptedTopic" | "REPORT_KMS_KEY_ARN";
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
export declare const IAM_PERMISSIONS: readonly IamPermission[];
/** IAM actions the Lambda's role always needs. */
export declare const REQUIRED_IAM_ACTIONS: readonly string[];
/** IAM actions needed only when the matching optional setting is configured. */
export declare const OPTIONAL_IAM_ACTIONS: Readonly<Partial<Record<IamWhen, readonly string[]>>>;
/** CloudWatch namespace of the embedded-metric-format metrics the validator logs. */
export declare const METRICS_NAMESPACE = "ArrakisBackup/Validator";
/** Dimension every metric carries (the function name, or `backup-validator`). */
export declare const METRICS_DIMENSION = "FunctionName";
/** Metric names, in documentation order. */
export declare const METRIC_NAMES: {
    readonly Findings: "Findings";
    readonly HighFindings: "HighFindings";
    /** 1 when the status is FAIL: backups are broken. */
    readonly ValidationFailed: "ValidationFailed";
    /** 1 when the run could not check everything (the report is partial): the tool failed. */
    readonly RunIncomplete: "RunIncomplete";
    /** Same value as RunIncomplete; kept for existing dashboards. */
    readonly ReportPartial: "ReportPartial";
    readonly ListingErrors: "ListingErrors";
    /** Failed deliveries (SNS publish, S3 put) of this run. */
    readonly PublishFailures: "PublishFailures";
    readonly BackupJobs: "BackupJobs";
    readonly BackupJobSuccessRate: "BackupJobSuccessRate";
    readonly BackupJobsFailed: "BackupJobsFailed";
    readonly BackupJobsWithIssues: "BackupJobsWithIssues";
    readonly BackupJobsStuck: "BackupJobsStuck";
    readonly CopyJobsFailed: "CopyJobsFailed";
    readonly CopiesMissing: "CopiesMissing";
    readonly RestoreJobsFailed: "RestoreJobsFailed";
    readonly RestoreValidationsFailed: "RestoreValidationsFailed";
    readonly RtoBreaches: "RtoBreaches";
    readonly RecoveryPointsUnhealthy: "RecoveryPointsUnhealthy";
    readonly RecoveryPointsNotEncrypted: "RecoveryPointsNotEncrypted";
    readonly RecoveryPointsWrongKey: "RecoveryPointsWrongKey";
    readonly RpoBreaches: "RpoBreaches";
    readonly ResourcesNotProtected: "ResourcesNotProtected";
    readonly VaultsUnreadable: "VaultsUnreadable";
};
/** One metric name. */
export type MetricName = keyof typeof METRIC_NAMES;
