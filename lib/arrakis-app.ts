import { App } from "cdktf";
import { BackupStack, BackupStackProps } from "./backup-stack";
import { ENVIRONMENTS, Environment, RdsInstance } from "./config";
import { OrganizationStack, OrganizationStackProps } from "./organization-stack";

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

/** The account that administers AWS Backup for Arrakis's organization (delegated administrator). */
export const ARRAKIS_BACKUP_ADMIN_ACCOUNT_ID = "111122223333";

/** The organizational units of each environment's accounts. */
export const ARRAKIS_ORGANIZATIONAL_UNITS: Readonly<Record<Environment, string>> = {
  development: "ou-arks-development",
  staging: "ou-arks-stagingaccounts",
  production: "ou-arks-production",
};

/**
 * The organization's setup, for the management account: each environment's backup policy (the
 * same configuration as its account stack, in us-west-2) attached to its OU, AWS Backup delegated
 * to the backup administrator account, and the validator's read-only role in every member account.
 */
export function arrakisOrganizationStackProps(): OrganizationStackProps {
  return {
    region: "us-west-2",
    projectName: "arrakis",
    environments: ENVIRONMENTS.map((environment) => ({
      backup: arrakisStackProps(environment, []).backup,
      targetIds: [ARRAKIS_ORGANIZATIONAL_UNITS[environment]],
      regions: ["us-west-2"],
    })),
    delegatedAdministratorAccountId: ARRAKIS_BACKUP_ADMIN_ACCOUNT_ID,
    memberRole: {
      organizationalUnitIds: ENVIRONMENTS.map((environment) => ARRAKIS_ORGANIZATIONAL_UNITS[environment]),
    },
    tags: { ManagedBy: "cdktf" },
  };
}

/** Adds the stack `backup-organization` (the management account's) to `app`. */
export function addArrakisOrganizationStack(app: App): OrganizationStack {
  return new OrganizationStack(app, "backup-organization", arrakisOrganizationStackProps());
}
