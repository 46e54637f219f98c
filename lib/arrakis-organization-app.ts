import { App } from "cdktf";
import { arrakisStackProps } from "./arrakis-app";
import { ENVIRONMENTS, Environment } from "./config";
import { OrganizationStack, OrganizationStackProps } from "./organization-stack";

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
