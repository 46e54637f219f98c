/** A stack holding issue 11's standalone constructs with production-like props, for the tests. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AuditFramework, AuditFrameworkProps } from "../lib/audit-framework";
import { BackupDashboard, BackupDashboardProps } from "../lib/backup-dashboard";
import { BooleanInput } from "../lib/config";
import { PointInTimeRecovery, PointInTimeRecoveryProps } from "../lib/point-in-time-recovery";
import { ReportsBucket, ReportsBucketProps } from "../lib/reports-bucket";
import { RestoreTesting, RestoreTestingProps } from "../lib/restore-testing";
import { TerraformJson, expandForEach } from "./synth";

export const ACCOUNT = { accountId: "123456789012", partition: "aws", servicePrincipal: (service: string) => `${service}.amazonaws.com` };
export const KEY = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555";
const VAULT = "arn:aws:backup:us-west-2:123456789012:backup-vault:arrakis-backup-vault-production";
export const DB = "arn:aws:rds:us-west-2:123456789012:db:orders";

export const restoreTestingProps = (over: Partial<RestoreTestingProps> = {}): RestoreTestingProps => ({
  enabled: true,
  name: "arrakis_restore_testing_production",
  partition: "aws",
  scheduleExpression: "cron(0 3 ? * SUN *)",
  startWindowHours: 24,
  vaultArns: [VAULT],
  selectionWindowDays: 7,
  validationWindowHours: 4,
  selections: [
    { name: "rds", resourceType: "RDS", resourceArns: [DB], restoreMetadataOverrides: { dbSubnetGroupName: "restore-tests" } },
    { name: "ebs", resourceType: "EBS", conditions: { stringEquals: { Environment: "production", Backup: "true" }, stringNotEquals: { VolumeType: "temporary" } } },
    { name: "efs", resourceType: "EFS", conditions: { stringEquals: { Backup: "true" } }, restoreMetadataOverrides: { newFileSystem: "true" } },
  ],
  tags: { Environment: "production" },
  ...over,
});

export const auditProps = (over: Partial<AuditFrameworkProps> = {}): AuditFrameworkProps => ({
  frameworkEnabled: true,
  reportsEnabled: true,
  name: "arrakis_backup_production",
  settings: {
    resourceTypes: ["RDS", "EBS", "EFS"], minRetentionDays: 90, backupFrequency: { unit: "days", value: 1 }, rpoHours: 24, rtoHours: 4,
    vaultLock: { minRetentionDays: 7, maxRetentionDays: 2555 }, crossRegion: "us-east-1",
  },
  reportsBucketName: "arrakis-backup-reports-production",
  tags: { Environment: "production" },
  ...over,
});

export const bucketProps = (over: Partial<ReportsBucketProps> = {}): ReportsBucketProps => ({
  enabled: true, bucketName: "arrakis-backup-reports-production", account: ACCOUNT, kmsKeyArn: KEY, retentionDays: 2555, tags: { Environment: "production" }, ...over,
});

export const dashboardProps = (over: Partial<BackupDashboardProps> = {}): BackupDashboardProps => ({
  enabled: true, dashboardName: "arrakis-backup-production", region: "us-west-2", resourceTypes: ["RDS", "EBS", "EFS"],
  validatorFunctionName: "arrakis-backup-validator-production", rpoHours: 24, rtoHours: 4, ...over,
});

export const pitrProps = (over: Partial<PointInTimeRecoveryProps> = {}): PointInTimeRecoveryProps => ({
  enabled: true, planName: "arrakis-pitr-production", vaultName: "arrakis-backup-vault-production",
  backupRoleArn: "arn:aws:iam::123456789012:role/arrakis-backup-production", resourceArns: [DB], retentionDays: 35,
  replicaVaultArn: "arn:aws:backup:us-east-1:123456789012:backup-vault:arrakis-replica-production", tags: { Environment: "production" }, ...over,
});

/** Synthesizes a stack with issue 11's constructs; `enabled` may be a Terraform variable ("variable"). */
export function synthRecovery(enabled: "literal" | "variable" = "literal"): { json: TerraformJson; stack: TerraformStack } {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, "recovery");
  new AwsProvider(stack, "aws", { region: "us-west-2" });
  const on: BooleanInput = enabled === "variable" ? new TerraformVariable(stack, "enabled", { type: "bool", default: true }).booleanValue : true;
  new RestoreTesting(stack, "restore_testing", restoreTestingProps({ enabled: on }));
  new ReportsBucket(stack, "reports", bucketProps({ enabled: on }));
  new AuditFramework(stack, "audit", auditProps({ frameworkEnabled: on, reportsEnabled: on }));
  new BackupDashboard(stack, "dashboard", dashboardProps({ enabled: on }));
  new PointInTimeRecovery(stack, "pitr", pitrProps({ enabled: on }));
  return { json: expandForEach(JSON.parse(Testing.synth(stack, true)) as TerraformJson), stack };
}
