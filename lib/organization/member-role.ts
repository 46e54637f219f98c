import { Construct } from "constructs";
import { CloudformationStackSet } from "@cdktf/provider-aws/lib/cloudformation-stack-set";
import { CloudformationStackSetInstance } from "@cdktf/provider-aws/lib/cloudformation-stack-set-instance";
// The validator's contract has no runtime dependencies: lib imports names from it, never validator code.
import { IAM_PERMISSIONS, type IamResourceScope } from "../../validator/src/contract";
import { DEFAULT_MEMBER_ROLE_NAME } from "../../validator/src/organization/contract";
import { BackupConfigError, BackupConfigErrors } from "../errors";
import { isKnown } from "../values";
import { IAM_ROLE_NAME_PATTERN, ROOT_OR_OU_PATTERN } from "./policy-validation";

/** The read-only role the organization validator assumes in every member account. */
export const ORGANIZATION_MEMBER_ROLE_NAME = DEFAULT_MEMBER_ROLE_NAME;

/** Actions that only read: the validator's writes (SNS, S3, KMS) happen in the administrator account. */
const READ_ONLY_ACTION = /^[a-z0-9-]+:(List|Get|Describe)[A-Za-z]*$/;

/** One statement of the member role's policy (CloudFormation JSON: resources may be intrinsic functions). */
export interface MemberRoleStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: string[];
  readonly Resource: unknown;
}

/**
 * `arn:<partition>:backup:*:<account>:<kind>:*` in the member's stack. Written with `Fn::Join` and
 * `Ref`, not `Fn::Sub`: a `${...}` in the template would be read by Terraform as interpolation.
 */
const memberBackupArn = (kind: string) => ({ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":backup:*:", { Ref: "AWS::AccountId" }, `:${kind}:*`]] });

/** A contract scope in a member account: the account's own backup plans and vaults, in any region. */
function memberResource(scope: IamResourceScope): unknown {
  switch (scope) {
    case "all":
      return "*";
    case "backupPlan":
      return memberBackupArn("backup-plan");
    case "backupVaults":
    case "replicaVault":
      return memberBackupArn("backup-vault");
    default:
      // Topics, buckets and keys are the administrator account's: nothing to read in a member.
      return undefined;
  }
}

/**
 * What the organization worker reads beyond the account validator's contract: the plan the
 * organization policy created, found by name because its id differs in every account
 * (`ListBackupPlans` supports no resource-level permission).
 */
const ORGANIZATION_STATEMENTS: readonly MemberRoleStatement[] = [{ Sid: "FindPolicyPlan", Effect: "Allow", Action: ["backup:ListBackupPlans"], Resource: "*" }];

/**
 * The member role's permissions: the read-only subset of the validator's contract
 * (`IAM_PERMISSIONS`), each statement scoped to the member account's own plans and vaults, and
 * the listing of plans the organization worker needs.
 */
export function memberRoleStatements(): MemberRoleStatement[] {
  const contract = IAM_PERMISSIONS.flatMap((permission) => {
    const actions = permission.actions.filter((action) => READ_ONLY_ACTION.test(action));
    const resource = memberResource(permission.resource);
    return actions.length === 0 || resource === undefined ? [] : [{ Sid: permission.sid, Effect: "Allow" as const, Action: [...actions], Resource: resource }];
  });
  return [...contract, ...ORGANIZATION_STATEMENTS];
}

/** The actions the member role allows, in the contract's order. */
export function memberRoleActions(): string[] {
  return memberRoleStatements().flatMap((s) => s.Action);
}

/** An IAM role ARN (no wildcards: the trust names exact roles). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;

/**
 * The CloudFormation template the StackSet deploys: the member role, trusting only the given roles
 * of the administrator account (the organization validator's worker).
 */
export function memberRoleTemplate(trustedRoleArns: readonly string[], roleName: string = ORGANIZATION_MEMBER_ROLE_NAME): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "Read-only role the arrakis-backup organization validator assumes to check this account's backups",
    Resources: {
      ValidatorMemberRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: roleName,
          Description: "Read-only: backup jobs, recovery points, vaults, plans and tagged resources, for the organization validator",
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: [...trustedRoleArns] }, Action: "sts:AssumeRole" }],
          },
          Policies: [{ PolicyName: "backup-validation-read-only", PolicyDocument: { Version: "2012-10-17", Statement: memberRoleStatements() } }],
        },
      },
    },
  };
}

/** Properties of {@link MemberRoleStackSet}. */
export interface MemberRoleStackSetProps {
  /** The organization validator's worker role(s) in the administrator account: the only principals the member role trusts. */
  readonly trustedRoleArns: readonly string[];
  /** Organizational units (or the root) whose accounts get the role, now and when they join. */
  readonly organizationalUnitIds: readonly string[];
  /**
   * The role's name in every member account: the organization validator's worker must assume the
   * same name (`OrganizationValidatorProps.memberRoleName`). @default {@link ORGANIZATION_MEMBER_ROLE_NAME}
   */
  readonly roleName?: string;
  /**
   * Run as the organization's management account (`SELF`) or as a delegated administrator of
   * StackSets (`DELEGATED_ADMIN`). @default "SELF"
   */
  readonly callAs?: "SELF" | "DELEGATED_ADMIN";
  readonly tags?: Record<string, string>;
}

/**
 * The member role in every account of the given OUs, through a service-managed CloudFormation
 * StackSet with automatic deployment: accounts that join an OU get the role, accounts that leave
 * lose it. IAM is global, so one region (the provider's) is enough. Service-managed StackSets do
 * not deploy to the management account itself.
 */
export class MemberRoleStackSet extends Construct {
  readonly stackSet: CloudformationStackSet;
  readonly instance: CloudformationStackSetInstance;

  constructor(scope: Construct, id: string, props: MemberRoleStackSetProps) {
    super(scope, id);
    const errors: BackupConfigError[] = [];
    const roleName = props.roleName ?? ORGANIZATION_MEMBER_ROLE_NAME;
    if (isKnown(roleName) && !IAM_ROLE_NAME_PATTERN.test(roleName)) {
      errors.push(new BackupConfigError("member_role.role_name", roleName, "must be an IAM role name: 1 to 64 letters, digits and +=,.@_-"));
    }
    if (props.trustedRoleArns.length === 0) errors.push(new BackupConfigError("member_role.trusted_role_arns", [], "must name at least one role of the administrator account (the organization validator's worker): list it when the stack has no validator of its own (validator: false)"));
    props.trustedRoleArns.forEach((arn, i) => {
      if (isKnown(arn) && !ROLE_ARN.test(arn)) errors.push(new BackupConfigError(`member_role.trusted_role_arns[${i}]`, arn, "must be an IAM role ARN without wildcards, such as arn:aws:iam::111111111111:role/arrakis-backup-org-worker"));
    });
    if (props.organizationalUnitIds.length === 0) errors.push(new BackupConfigError("member_role.organizational_unit_ids", [], "must list at least one organizational unit (or the root) to deploy the member role to"));
    props.organizationalUnitIds.forEach((ou, i) => {
      if (isKnown(ou) && !ROOT_OR_OU_PATTERN.test(ou)) {
        errors.push(new BackupConfigError(`member_role.organizational_unit_ids[${i}]`, ou, "must be an organizational unit (ou-xxxx-xxxxxxxx) or the root (r-xxxx): service-managed StackSets target OUs"));
      }
    });
    if (errors.length > 0) {
      scope.node.tryRemoveChild(id);
      throw new BackupConfigErrors(errors);
    }
    const callAs = props.callAs ?? "SELF";
    this.stackSet = new CloudformationStackSet(this, "stack_set", {
      name: "arrakis-backup-validator-member-role",
      description: "Read-only role for the arrakis-backup organization validator in every member account",
      permissionModel: "SERVICE_MANAGED",
      callAs,
      capabilities: ["CAPABILITY_NAMED_IAM"],
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: { active: true },
      operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25, regionConcurrencyType: "PARALLEL" },
      templateBody: JSON.stringify(memberRoleTemplate(props.trustedRoleArns, roleName)),
      tags: props.tags,
      // AWS sets the administration role of a service-managed StackSet itself.
      lifecycle: { ignoreChanges: ["administration_role_arn"] },
    });
    this.instance = new CloudformationStackSetInstance(this, "instances", {
      stackSetName: this.stackSet.name,
      callAs,
      deploymentTargets: { organizationalUnitIds: [...props.organizationalUnitIds] },
      retainStack: false,
    });
  }
}
