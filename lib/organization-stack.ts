import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AccountContext } from "./account";
import { OrganizationBackupPolicies } from "./organization/backup-policies";
import { BackupDelegation } from "./organization/delegation";
import { OrganizationEnvironment } from "./organization/environment";
import { MemberRoleStackSet, ORGANIZATION_MEMBER_ROLE_NAME } from "./organization/member-role";
import { OrganizationValidator, OrganizationValidatorProps } from "./organization/organization-validator";

/**
 * Settings of the stack's organization validator; the rest comes from the environments and the
 * member role: the worker assumes the role the StackSet deploys (`memberRole.roleName`), whose
 * trust requires no external id.
 */
export type OrganizationStackValidatorOptions = Partial<
  Omit<OrganizationValidatorProps, "projectName" | "account" | "regions" | "vaultNames" | "planNames" | "tags" | "memberRoleName" | "memberRoleExternalId">
>;

/** Properties of {@link OrganizationStack}. */
export interface OrganizationStackProps {
  /** The provider's region in the management account (the StackSet and the report bucket live there). */
  readonly region: string;
  /**
   * The project: names the policies, the organization validator and the report bucket. (The
   * StackSet is `arrakis-backup-validator-member-role` whatever the project, as in
   * module/modules/organization.)
   */
  readonly projectName: string;
  /** Each environment's account-module configuration, the OUs or accounts its policy is attached to, and its regions. */
  readonly environments: readonly OrganizationEnvironment[];
  /** The member account that administers AWS Backup for the organization. @default the management account */
  readonly delegatedAdministratorAccountId?: string;
  /** Let accounts copy backups to other accounts of the organization. @default true */
  readonly crossAccountBackup?: boolean;
  /** The read-only role the validator assumes in member accounts. */
  readonly memberRole: {
    /**
     * Roles allowed to assume the member role. The stack's own organization validator's worker is
     * always trusted; list others only for a validator deployed elsewhere (required with `validator: false`).
     * @default [] (only this stack's worker)
     */
    readonly trustedRoleArns?: readonly string[];
    /** OUs (or the root) whose accounts get the role. */
    readonly organizationalUnitIds: readonly string[];
    /**
     * The role's name: the StackSet deploys it and the stack's validator's worker assumes it.
     * @default "arrakis-backup-validator-member" (`ORGANIZATION_MEMBER_ROLE_NAME`)
     */
    readonly roleName?: string;
  };
  /**
   * The organization validator (coordinator, state machine, worker, merged-report bucket), or
   * false to deploy it elsewhere. It checks every environment's regions, vaults and plans. Its
   * worker role (`<project>-backup-org-worker`, in this stack's account) is the principal the
   * member role trusts. @default on, report bucket `<project>-backup-org-reports-<account id>`
   */
  readonly validator?: OrganizationStackValidatorOptions | false;
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
  /** The organization validator; undefined with `validator: false`. */
  readonly validator?: OrganizationValidator;
  /** The props the stack was created with, as given (defaults not applied). */
  readonly props: OrganizationStackProps;

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    super(scope, id);
    this.props = props;
    const tags = { Project: props.projectName, ManagedBy: "cdktf", ...props.tags };
    // One name for the role the StackSet deploys and the role the worker assumes.
    const memberRoleName = props.memberRole.roleName ?? ORGANIZATION_MEMBER_ROLE_NAME;
    try {
      this.policies = new OrganizationBackupPolicies(this, "backup_policies", { environments: props.environments, tags });
      this.delegation = new BackupDelegation(this, "delegation", {
        delegatedAdministratorAccountId: props.delegatedAdministratorAccountId,
        crossAccountBackup: props.crossAccountBackup,
      });
      this.account = new AccountContext(this, "account", { region: props.region });
      if (props.validator !== false) {
        const envs = props.environments;
        this.validator = new OrganizationValidator(this, "validator", {
          projectName: props.projectName,
          account: this.account,
          regions: [...new Set(envs.flatMap((e) => e.regions))],
          vaultNames: [...new Set(envs.map((e) => e.backup.backupVaultName))],
          planNames: [...new Set(envs.map((e) => e.backup.backupPlanName))],
          reportBucketName: `${props.projectName}-backup-org-reports-${this.account.accountId}`,
          ...props.validator,
          // Set here, whatever the options hold: the StackSet's role has this name and requires no external id.
          memberRoleName,
          memberRoleExternalId: undefined,
          tags,
        });
      }
      // The worker runs in this stack's account: trusting it by reference cannot name another account.
      const trustedRoleArns = [...(props.memberRole.trustedRoleArns ?? []), ...(this.validator ? [this.validator.workerRole.arn] : [])];
      this.memberRole = new MemberRoleStackSet(this, "member_role", { ...props.memberRole, roleName: memberRoleName, trustedRoleArns, tags });
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
    if (this.validator) {
      new TerraformOutput(this, "validator_worker_role_arn", { value: this.validator.workerRole.arn, description: "The organization validator's worker role: the member role must trust it" });
      new TerraformOutput(this, "validator_state_machine_arn", { value: this.validator.stateMachine.arn, description: "The organization validation state machine" });
      new TerraformOutput(this, "report_bucket_name", { value: this.validator.reportBucketName, description: "Bucket of the merged organization reports" });
    }
  }
}
