import { Environment } from "../lib/config";
import { arrakisStackProps } from "../lib/arrakis-app";
import { BackupStackProps } from "../lib/backup-stack";

/** The props main.ts gives each environment's stack. */
export const appStackProps = (environment: Environment): BackupStackProps => arrakisStackProps(environment);

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
