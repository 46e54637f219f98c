import { App } from "cdktf";
import { BackupStack } from "./lib/backup-stack";
import { ENVIRONMENTS } from "./lib/config";

/**
 * The spec's multi-environment setup: one stack per environment for project `arrakis` in
 * us-west-2, with cross-region copies to us-east-1 where the environment enables them.
 */
const RDS_INSTANCES = {
  development: [],
  staging: [],
  production: [
    { identifier: "arrakis-oms-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-oms-production" },
    { identifier: "arrakis-user-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-user-production" },
  ],
};

const app = new App();
for (const environment of ENVIRONMENTS) {
  new BackupStack(app, `backup-${environment}`, {
    region: "us-west-2",
    backup: {
      projectName: "arrakis",
      environment,
      backupVaultName: `arrakis-backup-vault-${environment}`,
      backupPlanName: `arrakis-backup-plan-${environment}`,
      replicaRegion: "us-east-1",
      rdsInstances: RDS_INSTANCES[environment],
      notificationEmail: "ops@company.com",
      enableBackupNotifications: true,
      tags: { Environment: environment, Project: "arrakis", ManagedBy: "cdktf" },
    },
  });
}
app.synth();
