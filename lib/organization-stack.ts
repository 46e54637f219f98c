import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AccountContext } from "./account";
import { OrganizationBackupPolicies } from "./organization/backup-policies";
import { BackupDelegation } from "./organization/delegation";
import { OrganizationEnvironment } from "./organization/environment";
import { MemberRoleStackSet } from "./organization/member-role";

/** Properties of {@link OrganizationStack}. */
export interface OrganizationStackProps {
  /** The provider's region in the management account (the StackSet and the report bucket live there). */
  readonly region: string;
  /** The project: names the policies, the StackSet and the report bucket. */
  readonly projectName: string;
  /** Each environment's account-module configuration, the OUs or accounts its policy is attached to, and its regions. */
  readonly environments: readonly OrganizationEnvironment[];
  /** The member account that administers AWS Backup for the organization. @default the management account */
  readonly delegatedAdministratorAccountId?: string;
  /** Let accounts copy backups to other accounts of the organization. @default true */
  readonly crossAccountBackup?: boolean;
  /** The read-only role the validator assumes in member accounts. */
  readonly memberRole: {
    /** The organization validator's worker role in the administrator account: the only principal the member role trusts. */
    readonly trustedRoleArns: readonly string[];
    /** OUs (or the root) whose accounts get the role. */
    readonly organizationalUnitIds: readonly string[];
  };
  readonly tags?: Record<string, string>;
}

/**
 * The organization's management (or delegated-administrator) account: one backup policy per
 * environment attached to its OUs or accounts, AWS Backup's cross-account settings and delegated
 * administrator, and the StackSet that puts the validator's read-only role in every member
 * account. The organization validator (coordinator, state machine, worker and the merged-report
 * bucket) is added to it.
 */
export class OrganizationStack extends TerraformStack {
  readonly account: AccountContext;
  readonly policies: OrganizationBackupPolicies;
  readonly delegation: BackupDelegation;
  readonly memberRole: MemberRoleStackSet;
  /** The resolved props, for constructs added later (the organization validator). */
  readonly props: OrganizationStackProps;

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    super(scope, id);
    this.props = props;
    const tags = { Project: props.projectName, ManagedBy: "cdktf", ...props.tags };
    try {
      this.policies = new OrganizationBackupPolicies(this, "backup_policies", { environments: props.environments, tags });
      this.delegation = new BackupDelegation(this, "delegation", {
        delegatedAdministratorAccountId: props.delegatedAdministratorAccountId,
        crossAccountBackup: props.crossAccountBackup,
      });
      this.memberRole = new MemberRoleStackSet(this, "member_role", { ...props.memberRole, tags });
      this.account = new AccountContext(this, "account", { region: props.region });
    } catch (error) {
      // Nothing half-written: a stack holding part of the organization's setup leaves the app.
      scope.node.tryRemoveChild(id);
      throw error;
    }
    new AwsProvider(this, "aws", { region: props.region });
    for (const [environment, policy] of Object.entries(this.policies.policies)) {
      new TerraformOutput(this, `backup_policy_id_${environment}`, { value: policy.id, description: `ID of the ${environment} backup policy` });
    }
    new TerraformOutput(this, "member_role_stack_set", { value: this.memberRole.stackSet.name, description: "StackSet deploying the validator's read-only member role" });
  }
}
