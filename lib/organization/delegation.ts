import { Construct } from "constructs";
import { BackupGlobalSettings } from "@cdktf/provider-aws/lib/backup-global-settings";
import { OrganizationsDelegatedAdministrator } from "@cdktf/provider-aws/lib/organizations-delegated-administrator";
import { BackupConfigError, BackupConfigErrors } from "../errors";
import { ACCOUNT_ID } from "../rules";

/** The AWS Backup service principal that delegated administration is registered for. */
export const BACKUP_SERVICE_PRINCIPAL = "backup.amazonaws.com";

/** Properties of {@link BackupDelegation}. */
export interface BackupDelegationProps {
  /**
   * The member account that administers AWS Backup for the organization (policies, cross-account
   * monitoring, the organization validator). @default none: the management account administers it
   */
  readonly delegatedAdministratorAccountId?: string;
  /** Let accounts of the organization copy backups to other accounts of it. @default true */
  readonly crossAccountBackup?: boolean;
}

/**
 * Cross-account administration of AWS Backup, set from the management account: AWS Backup's global
 * settings (cross-account backup; delegated administration kept in sync with Organizations) and,
 * when an account is given, its registration as delegated administrator for `backup.amazonaws.com`.
 * Cross-account monitoring itself follows from Organizations' trusted access for AWS Backup, which
 * belongs to the organization's own configuration (see the README).
 */
export class BackupDelegation extends Construct {
  readonly globalSettings: BackupGlobalSettings;
  readonly delegatedAdministrator?: OrganizationsDelegatedAdministrator;

  constructor(scope: Construct, id: string, props: BackupDelegationProps) {
    super(scope, id);
    const account = props.delegatedAdministratorAccountId;
    if (account !== undefined && !ACCOUNT_ID.test(account)) {
      scope.node.tryRemoveChild(id);
      throw new BackupConfigErrors([new BackupConfigError("delegated_administrator_account_id", account, "must be a 12-digit AWS account ID of a member account")]);
    }
    this.globalSettings = new BackupGlobalSettings(this, "global_settings", {
      globalSettings: {
        isCrossAccountBackupEnabled: String(props.crossAccountBackup ?? true),
        isDelegatedAdministratorEnabled: String(account !== undefined),
      },
    });
    if (account !== undefined) {
      this.delegatedAdministrator = new OrganizationsDelegatedAdministrator(this, "delegated_administrator", {
        accountId: account,
        servicePrincipal: BACKUP_SERVICE_PRINCIPAL,
        dependsOn: [this.globalSettings],
      });
    }
  }
}
