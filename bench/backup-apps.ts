/**
 * The project's apps as the benchmarks build them: the three-environment app of main.ts, and a
 * single production stack with a chosen number of RDS instances.
 */
import { App } from "cdktf";
import { BackupStack } from "../lib/backup-stack";
import { ENVIRONMENTS, Environment, RdsInstance } from "../lib/config";

/** main.ts's databases per environment (kept in step with main.ts by hand). */
const MAIN_RDS_INSTANCES: Record<Environment, RdsInstance[]> = {
  development: [],
  staging: [],
  production: [
    { identifier: "arrakis-oms-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-oms-production" },
    { identifier: "arrakis-user-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-user-production" },
  ],
};

/**
 * Adds main.ts's stack for one environment to `app`: project `arrakis` in us-west-2, copies to
 * us-east-1, notifications to ops@company.com.
 * @param rdsInstances - the databases to back up; main.ts's list for the environment by default
 */
function addMainStack(app: App, environment: Environment, rdsInstances: RdsInstance[] = MAIN_RDS_INSTANCES[environment]): BackupStack {
  return new BackupStack(app, `backup-${environment}`, {
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
  });
}

/**
 * Builds and synthesizes the app main.ts builds: one {@link BackupStack} per environment in
 * {@link ENVIRONMENTS}, with main.ts's props.
 * @param outdir - where `app.synth()` writes
 */
export function synthThreeStackApp(outdir: string): void {
  const app = new App({ outdir });
  for (const environment of ENVIRONMENTS) addMainStack(app, environment);
  app.synth();
}

/**
 * `count` databases `db-1` … `db-<count>` in us-west-2.
 * @param count - how many (0 or more)
 */
export function benchRdsInstances(count: number): RdsInstance[] {
  return Array.from({ length: count }, (_, i) => ({
    identifier: `db-${i + 1}`,
    arn: `arn:aws:rds:us-west-2:123456789012:db:db-${i + 1}`,
  }));
}

/**
 * Builds and synthesizes main.ts's production stack alone, backing up `rdsCount` databases
 * (see {@link benchRdsInstances}).
 * @param outdir - where `app.synth()` writes
 * @param rdsCount - number of RDS instances in `rdsInstances`
 */
export function synthProductionStack(outdir: string, rdsCount: number): void {
  const app = new App({ outdir });
  addMainStack(app, "production", benchRdsInstances(rdsCount));
  app.synth();
}
