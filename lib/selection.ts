import { Construct } from "constructs";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IResolvable, Token, ref } from "cdktf";
import { AccountContext } from "./account";
import { BooleanInput, RdsInstance } from "./config";
import { backupRoleDecisions } from "./decisions";
import { awsManagedPolicyArn, backupRoleName } from "./names";
import { Expressions, OptionalResource, isNonEmpty, localReference, referenceOf } from "./values";

/** The AWS managed policies that let AWS Backup back up and restore on the role's behalf. */
export const BACKUP_MANAGED_POLICIES = [
  "service-role/AWSBackupServiceRolePolicyForBackup",
  "service-role/AWSBackupServiceRolePolicyForRestores",
];

/** Properties of {@link BackupSelections}. */
export interface BackupSelectionsProps {
  readonly projectName: string;
  readonly environment: string;
  readonly planId: string;
  readonly account: AccountContext;
  readonly rdsInstances: RdsInstance[] | IResolvable;
  readonly efs: BooleanInput;
  /** A role of the user's for the selections; null creates one. @default null */
  readonly existingRoleArn?: string | null;
  readonly tags: Record<string, string>;
}

/**
 * The backup role and what the plan backs up:
 * - RDS: the instances listed in `rds_instances`;
 * - EBS: volumes tagged `KubernetesCluster = <project>-<env>` AND `Environment = <env>`, except
 *   those tagged `VolumeType = temporary` (the spec's rule; conditions are AND-ed);
 * - EFS (when enabled): file systems tagged `Project = <project>` AND `Environment = <env>`.
 */
export class BackupSelections extends Construct {
  /** The role the module created; undefined with `existing_backup_role_arn` (counted when that is decided at plan time). */
  readonly role: IamRole | undefined;
  /** The role AWS Backup assumes: the user's, or the module's. */
  readonly roleArn: string;
  /** That role's name. */
  readonly roleName: string;
  readonly rds: OptionalResource<BackupSelection>;
  readonly ebs: BackupSelection;
  readonly efs: OptionalResource<BackupSelection>;
  /** The ARNs of the RDS instances backed up (a list expression when only known at plan time). */
  readonly rdsArns: string[];

  constructor(scope: Construct, id: string, props: BackupSelectionsProps) {
    super(scope, id);
    const { projectName: project, environment: env, account } = props;
    const existing = props.existingRoleArn ?? null;
    // The module resolves the same decisions with its settings; this construct may be used alone.
    const { createBackupRole: createRole, existingBackupRoleName } = backupRoleDecisions(existing);
    const role = OptionalResource.when(
      createRole,
      (count) =>
        new IamRole(this, "role", {
          count,
          name: backupRoleName(project, env),
          description: `Lets AWS Backup back up and restore ${project} ${env} resources`,
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
          }),
          tags: props.tags,
        }),
    );
    this.role = role.resource;
    BACKUP_MANAGED_POLICIES.forEach((policy, i) => {
      OptionalResource.when(
        createRole,
        (count) =>
          new IamRolePolicyAttachment(this, i === 0 ? "backup_policy" : "restore_policy", {
            count,
            role: role.attribute("name"),
            policyArn: awsManagedPolicyArn(account.partition, policy),
          }),
      );
    });
    this.roleArn = OptionalResource.choose(this, "role_arn", createRole, role.attribute("arn"), existing as string);
    this.roleName = OptionalResource.choose(this, "role_name", createRole, role.attribute("name"), existingBackupRoleName as string);

    const common = { planId: props.planId, iamRoleArn: this.roleArn };
    const rdsArns = rdsArnsOf(new Expressions(this), props.rdsInstances);
    this.rdsArns = rdsArns;
    this.rds = OptionalResource.when(
      isNonEmpty(rdsArns),
      (count) => new BackupSelection(this, "rds", { ...common, count, name: `${project}-rds-${env}`, resources: rdsArns }),
    );
    this.ebs = new BackupSelection(this, "ebs", {
      ...common,
      name: `${project}-ebs-${env}`,
      resources: [`arn:${account.partition}:ec2:*:*:volume/*`],
      condition: [selectionCondition(SELECTION_TAGS.ebs(project, env))],
    });
    this.efs = OptionalResource.when(
      props.efs,
      (count) =>
        new BackupSelection(this, "efs", {
          ...common,
          count,
          name: `${project}-efs-${env}`,
          resources: [`arn:${account.partition}:elasticfilesystem:*:*:file-system/*`],
          condition: [selectionCondition(SELECTION_TAGS.efs(project, env))],
        }),
    );
  }
}

/** Tag conditions (ANDed; keys without `aws:ResourceTag/`) of what gets selected, shared with restore testing. */
export interface TagConditions {
  readonly stringEquals: Record<string, string>;
  readonly stringNotEquals?: Record<string, string>;
}

/** The EBS and EFS selections' tag conditions: the spec's EBS rule, and EFS by project and environment. */
export const SELECTION_TAGS = {
  ebs: (project: string, env: string): TagConditions => ({
    stringEquals: { KubernetesCluster: `${project}-${env}`, Environment: env },
    stringNotEquals: { VolumeType: "temporary" },
  }),
  efs: (project: string, env: string): TagConditions => ({ stringEquals: { Project: project, Environment: env } }),
} as const;

/** A backup selection's `condition` block from tag conditions. */
function selectionCondition(tags: TagConditions) {
  const pairs = (m: Record<string, string>) => Object.entries(m).map(([key, value]) => ({ key: `aws:ResourceTag/${key}`, value }));
  return { stringEquals: pairs(tags.stringEquals), ...(tags.stringNotEquals && { stringNotEquals: pairs(tags.stringNotEquals) }) };
}

/** The ARNs of `rds_instances`: a list, or `[for i in … : i.arn]` over a plan-time list. */
function rdsArnsOf(expressions: Expressions, instances: RdsInstance[] | IResolvable): string[] {
  if (Array.isArray(instances)) return instances.map((instance) => instance.arn);
  const list = referenceOf(expressions.scope, instances) ?? localReference(expressions.local("rds_instances", instances));
  return Token.asList(ref(`[for instance in ${list} : instance.arn]`));
}
