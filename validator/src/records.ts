/**
 * Plain records the checks work on. Timestamps are epoch milliseconds; absent fields are
 * `undefined`. The AWS layer maps SDK shapes to these so the checks never see the SDK.
 */

/** What created a job or recovery point, when it was a backup plan. */
export interface PlanRef {
  planId: string;
  versionId?: string;
  ruleId?: string;
}

/** One backup job, as ListBackupJobs returns it. */
export interface BackupJobRecord {
  jobId: string;
  /** The account that ran the job (organization-wide listings carry every account's jobs). */
  accountId?: string;
  state: string;
  resourceArn?: string;
  resourceType?: string;
  vaultName?: string;
  recoveryPointArn?: string;
  messageCategory?: string;
  statusMessage?: string;
  createdAt?: number;
  completedAt?: number;
  createdBy?: PlanRef;
}

/** One copy job, as ListCopyJobs returns it. */
export interface CopyJobRecord {
  jobId: string;
  /** The account that ran the job (organization-wide listings carry every account's jobs). */
  accountId?: string;
  state: string;
  resourceArn?: string;
  sourceVaultArn?: string;
  sourceRecoveryPointArn?: string;
  destinationVaultArn?: string;
  statusMessage?: string;
  createdAt?: number;
  completedAt?: number;
}

/** One restore job, as ListRestoreJobs returns it. */
export interface RestoreJobRecord {
  jobId: string;
  /** The account that ran the job (organization-wide listings carry every account's jobs). */
  accountId?: string;
  status: string;
  resourceArn?: string;
  resourceType?: string;
  recoveryPointArn?: string;
  /** Vault holding the recovery point restored from. */
  vaultArn?: string;
  statusMessage?: string;
  createdAt?: number;
  completedAt?: number;
  validationStatus?: string;
  validationMessage?: string;
  /** The restore testing plan that started the job (`CreatedBy.RestoreTestingPlanArn`), for restore tests. */
  restoreTestingPlanArn?: string;
  /** The resource the restore created (a restore test deletes it after its validation window). */
  createdResourceArn?: string;
  /** Whether that resource was deleted: DELETING, FAILED or SUCCESSFUL. */
  deletionStatus?: string;
  deletionMessage?: string;
}

/** One restore testing plan, as ListRestoreTestingPlans returns it. */
export interface RestoreTestingPlanRecord {
  name: string;
  arn: string;
  createdAt?: number;
  lastExecutedAt?: number;
}

/** One restore testing selection, as GetRestoreTestingSelection returns it. */
export interface RestoreTestingSelectionRecord {
  planName: string;
  name: string;
  /** AWS Backup's resource type, e.g. RDS, EBS, EFS. */
  resourceType: string;
  /** Resource ARNs, or `["*"]` with tag conditions. */
  resourceArns: string[];
  validationWindowHours?: number;
}

/** One recovery point, as ListRecoveryPointsByBackupVault returns it. */
export interface RecoveryPointRecord {
  recoveryPointArn: string;
  vaultName: string;
  status?: string;
  statusMessage?: string;
  resourceArn?: string;
  resourceType?: string;
  isEncrypted?: boolean;
  encryptionKeyArn?: string;
  createdAt?: number;
  completedAt?: number;
}

/** One protected resource, as ListProtectedResources returns it. */
export interface ProtectedResourceRecord {
  resourceArn: string;
  resourceType?: string;
  lastBackupTime?: number;
  lastBackupVaultArn?: string;
}

/** Vault name from a backup vault ARN (`arn:aws:backup:region:account:backup-vault:NAME`). */
export function vaultNameFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const marker = ":backup-vault:";
  const at = arn.indexOf(marker);
  return at < 0 ? undefined : arn.slice(at + marker.length);
}

/** Region from any ARN, or undefined when the ARN is malformed. */
export function regionFromArn(arn: string | undefined): string | undefined {
  const parts = arn?.split(":");
  return parts && parts.length >= 6 && parts[0] === "arn" ? parts[3] : undefined;
}

/** One tag condition of a backup selection. */
export interface TagCondition {
  type: "StringEquals" | "StringNotEquals" | "StringLike" | "StringNotLike";
  /** The tag key (without the `aws:ResourceTag/` prefix). */
  key: string;
  value: string;
}

/** One backup selection of a plan, as GetBackupSelection returns it. */
export interface SelectionRecord {
  selectionId: string;
  name: string;
  /** Resource ARNs or ARN patterns (`*`, `?`). */
  resources: string[];
  notResources: string[];
  /** Tag conditions, any of which selects a resource (OR). */
  listOfTags: TagCondition[];
  /** Tag conditions every selected resource must meet (AND). */
  conditions: TagCondition[];
}

/** One resource from the Resource Groups Tagging API, with its tags. */
export interface TaggedResourceRecord {
  resourceArn: string;
  tags: Record<string, string>;
}

/** Service of an ARN (`arn:PARTITION:SERVICE:...`), or undefined when the ARN is malformed. */
export function serviceFromArn(arn: string | undefined): string | undefined {
  const parts = arn?.split(":");
  return parts && parts.length >= 6 && parts[0] === "arn" ? parts[2] : undefined;
}

/** Account of an ARN, or undefined when absent or malformed. */
export function accountFromArn(arn: string | undefined): string | undefined {
  const parts = arn?.split(":");
  return parts && parts.length >= 6 && parts[0] === "arn" && parts[4] ? parts[4] : undefined;
}
