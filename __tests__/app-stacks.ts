import { Environment } from "../lib/config";
import { BackupStackProps } from "../lib/backup-stack";

/**
 * The inputs main.ts gives each environment's stack (main.ts synthesizes on import, so it cannot
 * be imported; spec-examples.test.ts runs the real main.ts and checks its output against the
 * same fixture, so a drift between this copy and main.ts fails a test).
 */
export const APP_RDS_INSTANCES: Record<Environment, { identifier: string; arn: string }[]> = {
  development: [],
  staging: [],
  production: [
    { identifier: "arrakis-oms-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-oms-production" },
    { identifier: "arrakis-user-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-user-production" },
  ],
};

export function appStackProps(environment: Environment): BackupStackProps {
  return {
    region: "us-west-2",
    backup: {
      projectName: "arrakis",
      environment,
      backupVaultName: `arrakis-backup-vault-${environment}`,
      backupPlanName: `arrakis-backup-plan-${environment}`,
      replicaRegion: "us-east-1",
      rdsInstances: APP_RDS_INSTANCES[environment],
      notificationEmail: "ops@company.com",
      enableBackupNotifications: true,
      tags: { Environment: environment, Project: "arrakis", ManagedBy: "cdktf" },
    },
  };
}

/** Path of the committed resource-address fixture, relative to this directory. */
export const RESOURCE_ADDRESSES_FIXTURE = "fixtures/resource-addresses.json";

/** How to read a failing comparison with the fixture. */
export const ADDRESS_CHANGE_HELP =
  "A resource address (TYPE.NAME) changed. Terraform treats a changed address as a different resource: " +
  "it DESTROYS the old one and CREATES a new one, which for a backup vault, vault lock or KMS key means " +
  "losing recovery points or keys (or a failed apply on prevent_destroy). If the change is unintended, " +
  "keep construct ids stable. If it is deliberate (a new resource, or a rename with a `moved` block / " +
  "`terraform state mv` planned for existing deployments), regenerate the fixture with " +
  "`UPDATE_RESOURCE_ADDRESSES=1 npx vitest run __tests__/data-safety.test.ts` and review the diff of " +
  "__tests__/fixtures/resource-addresses.json in the pull request.";
