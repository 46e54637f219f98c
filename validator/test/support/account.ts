/** Builders of service-shaped items (as the Backup API's JSON carries them) for the fake endpoint. */
import { epoch } from "./fake-aws";

export const ACCOUNT = "123456789012";
export const KEY_ARN = `arn:aws:kms:us-west-2:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
export const REPLICA_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/99999999-2222-3333-4444-555555555555`;
export const PLAN_ID = "plan-1";
export const COPY_RULE_ID = "rule-daily";

export const vaultArn = (region: string, name: string) => `arn:aws:backup:${region}:${ACCOUNT}:backup-vault:${name}`;
export const volumeArn = (i: number) => `arn:aws:ec2:us-west-2:${ACCOUNT}:volume/vol-${String(i).padStart(8, "0")}`;
export const rpArn = (region: string, i: number) => `arn:aws:ec2:${region}::snapshot/snap-${String(i).padStart(8, "0")}`;

/** A ListBackupJobs item. */
export function backupJob(i: number, createdMs: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    BackupJobId: `job-${i}`,
    BackupVaultName: "primary",
    BackupVaultArn: vaultArn("us-west-2", "primary"),
    RecoveryPointArn: rpArn("us-west-2", i),
    ResourceArn: volumeArn(i % 1000),
    ResourceType: "EBS",
    State: "COMPLETED",
    MessageCategory: "SUCCESS",
    CreationDate: epoch(createdMs),
    CompletionDate: epoch(createdMs + 600_000),
    CreatedBy: { BackupPlanId: PLAN_ID, BackupPlanVersion: "v1", BackupRuleId: COPY_RULE_ID },
    ...over,
  };
}

/** A ListRecoveryPointsByBackupVault item. */
export function recoveryPoint(i: number, createdMs: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RecoveryPointArn: rpArn("us-west-2", i),
    BackupVaultName: "primary",
    BackupVaultArn: vaultArn("us-west-2", "primary"),
    ResourceArn: volumeArn(i % 1000),
    ResourceType: "EBS",
    Status: "COMPLETED",
    IsEncrypted: true,
    EncryptionKeyArn: KEY_ARN,
    CreationDate: epoch(createdMs),
    CompletionDate: epoch(createdMs + 600_000),
    Lifecycle: { DeleteAfterDays: 35 },
    CalculatedLifecycle: { DeleteAt: epoch(createdMs + 35 * 86_400_000) },
    ...over,
  };
}

/** A ListProtectedResources item. */
export function protectedResource(i: number, lastBackupMs: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ResourceArn: volumeArn(i),
    ResourceType: "EBS",
    LastBackupTime: epoch(lastBackupMs),
    LastBackupVaultArn: vaultArn("us-west-2", "primary"),
    ...over,
  };
}

/** A ListCopyJobs item copying backup `i` to the replica vault. */
export function copyJob(i: number, createdMs: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    CopyJobId: `copy-${i}`,
    SourceBackupVaultArn: vaultArn("us-west-2", "primary"),
    SourceRecoveryPointArn: rpArn("us-west-2", i),
    DestinationBackupVaultArn: vaultArn("us-east-1", "replica"),
    DestinationRecoveryPointArn: rpArn("us-east-1", i),
    ResourceArn: volumeArn(i % 1000),
    ResourceType: "EBS",
    State: "COMPLETED",
    CreationDate: epoch(createdMs),
    CompletionDate: epoch(createdMs + 300_000),
    ...over,
  };
}

/** A ListRestoreJobs item. */
export function restoreJob(i: number, createdMs: number, durationMs: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RestoreJobId: `restore-${i}`,
    RecoveryPointArn: rpArn("us-west-2", i),
    SourceResourceArn: volumeArn(i),
    ResourceType: "EBS",
    Status: "COMPLETED",
    CreationDate: epoch(createdMs),
    CompletionDate: epoch(createdMs + durationMs),
    ...over,
  };
}

/** A GetBackupPlan output whose daily rule copies to the replica vault. */
export function planWithCopy(): Record<string, unknown> {
  return {
    BackupPlanId: PLAN_ID,
    VersionId: "v1",
    BackupPlan: {
      BackupPlanName: "arrakis",
      Rules: [
        { RuleName: "daily", RuleId: COPY_RULE_ID, TargetBackupVaultName: "primary",
          CopyActions: [{ DestinationBackupVaultArn: vaultArn("us-east-1", "replica") }] },
        { RuleName: "weekly", RuleId: "rule-weekly", TargetBackupVaultName: "primary" },
      ],
    },
  };
}
