import { BackupModuleConfig } from "../config";

/** One environment of an organization: its account-module configuration, where it applies, and to whom. */
export interface OrganizationEnvironment {
  /** The account module's configuration of the environment: the policy uses the same defaults and rules. */
  readonly backup: BackupModuleConfig;
  /** Roots, organizational units or accounts the environment's backup policy is attached to. */
  readonly targetIds: readonly string[];
  /** Regions whose resources the policy backs up in every account it reaches. */
  readonly regions: readonly string[];
}
