import { App } from "cdktf";
import { BackupStack, BackupStackProps } from "./backup-stack";
import { ENVIRONMENTS, Environment, RdsInstance } from "./config";

/** The databases of the spec's examples, by environment. */
export const ARRAKIS_RDS_INSTANCES: Readonly<Record<Environment, RdsInstance[]>> = {
  development: [],
  staging: [],
  production: [
    { identifier: "arrakis-oms-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-oms-production" },
    { identifier: "arrakis-user-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-user-production" },
  ],
};

/**
 * One environment of the spec's multi-environment setup: project `arrakis` in us-west-2, copies
 * to us-east-1 where the environment enables them, notifications to ops@company.com.
 */
export function arrakisStackProps(environment: Environment, rdsInstances: RdsInstance[] = ARRAKIS_RDS_INSTANCES[environment]): BackupStackProps {
  return {
    region: "us-west-2",
    backup: {
      projectName: "arrakis",
      environment,
      backupVaultName: `arrakis-backup-vault-${environment}`,
      backupPlanName: `arrakis-backup-plan-${environment}`,
      replicaRegion: "us-east-1",
      rdsInstances,
      notificationEmail: "ops@company.com",
      enableBackupNotifications: true,
      tags: { Environment: environment, Project: "arrakis", ManagedBy: "cdktf" },
    },
  };
}

/** Adds the stacks `backup-development`, `backup-staging` and `backup-production` to `app`. */
export function addArrakisStacks(app: App): BackupStack[] {
  return ENVIRONMENTS.map((environment) => new BackupStack(app, `backup-${environment}`, arrakisStackProps(environment)));
}
