import { Construct } from "constructs";
import { BackupRestoreTestingPlan } from "@cdktf/provider-aws/lib/backup-restore-testing-plan";
import { BackupRestoreTestingSelection } from "@cdktf/provider-aws/lib/backup-restore-testing-selection";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformResource } from "cdktf";
import { BooleanInput } from "./config";
import { LiteralChecks, wholeBetween } from "./literal-checks";
import { awsManagedPolicyArn } from "./names";
import { OptionalResource } from "./values";

/** Restore testing plan and selection names: letters, digits and underscores, at most 50. */
export const RESTORE_TESTING_NAME = /^[a-zA-Z0-9_]{1,50}$/;

/** The AWS-managed policy that lets AWS Backup restore (and delete restore-test resources). */
export const RESTORE_MANAGED_POLICY = "service-role/AWSBackupServiceRolePolicyForRestores";

/** What one restore testing selection tests: a resource type, by ARNs or by tag conditions. */
export interface RestoreTestingSelectionSpec {
  /** Selection name, `[a-zA-Z0-9_]{1,50}`. */
  readonly name: string;
  /** AWS Backup's resource type: `RDS`, `EBS`, `EFS`, ... (one selection per type and plan). */
  readonly resourceType: string;
  /** Up to 30 resource ARNs; leave empty to select by {@link conditions}, or every resource of the type without either (`["*"]`). */
  readonly resourceArns?: string[];
  /** Tag conditions (keys without `aws:ResourceTag/`), ANDed; used when no ARNs are given. */
  readonly conditions?: { readonly stringEquals?: Record<string, string>; readonly stringNotEquals?: Record<string, string> };
  /** Restore metadata AWS Backup cannot infer, e.g. `{ dbSubnetGroupName: "..." }` for RDS. */
  readonly restoreMetadataOverrides?: Record<string, string>;
  /** Hours the restored resource is kept for validation before AWS Backup deletes it (0-168). @default the plan's */
  readonly validationWindowHours?: number;
  /** Create this selection (e.g. only with RDS databases listed). @default true */
  readonly enabled?: BooleanInput;
}

/** Properties of {@link RestoreTesting}. */
export interface RestoreTestingProps {
  readonly enabled: BooleanInput;
  /** Plan name, `[a-zA-Z0-9_]{1,50}`. */
  readonly name: string;
  /** Partition of the account, for the managed policy's ARN (`aws`, `aws-cn`, ...). */
  readonly partition: string;
  /** When tests run: a cron expression, e.g. weekly `cron(0 3 ? * SUN *)`. */
  readonly scheduleExpression: string;
  /** Hours after the scheduled time a test may start (1-168). */
  readonly startWindowHours: number;
  /** Vaults whose recovery points are tested (`include_vaults`): ours. */
  readonly vaultArns: string[];
  /** Only recovery points created within this many days are picked (1-365). */
  readonly selectionWindowDays: number;
  /** Recovery point types to test. @default ["CONTINUOUS", "SNAPSHOT"] */
  readonly recoveryPointTypes?: ("CONTINUOUS" | "SNAPSHOT")[];
  /** Hours each restored resource is kept for a validation function before deletion (0-168). */
  readonly validationWindowHours: number;
  readonly selections: readonly RestoreTestingSelectionSpec[];
  /**
   * A role AWS Backup already uses that has the restores managed policy (the module's backup role
   * has it). @default a role of its own
   */
  readonly roleArn?: string;
  readonly tags: Record<string, string>;
}

/**
 * Restore testing: a plan that restores the latest recovery point of our vaults (within a lookback)
 * on a schedule, a selection per protected resource type, and a role AWS Backup assumes with the
 * restore managed policy. AWS Backup deletes each restored resource after the validation window,
 * during which a team's function may validate it (`PutRestoreValidationResult`).
 */
export class RestoreTesting extends Construct {
  /** The role created when no {@link RestoreTestingProps.roleArn} was given. */
  readonly role?: OptionalResource<IamRole>;
  readonly plan: OptionalResource<BackupRestoreTestingPlan>;
  readonly selections: OptionalResource<BackupRestoreTestingSelection>[];

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    restoreTestingChecks(props).throwIfAny(props.enabled);
    const when = <T extends TerraformResource>(factory: (count: number | undefined) => T) => OptionalResource.when(props.enabled, factory);

    let roleArn = props.roleArn;
    if (roleArn === undefined) {
      const role = when((count) => new IamRole(this, "role", {
        count,
        name: `${props.name.replace(/_/g, "-")}-role`,
        description: `Lets AWS Backup run the restore tests of ${props.name}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags: props.tags,
      }));
      when((count) => new IamRolePolicyAttachment(this, "restores_policy", {
        count,
        role: role.attribute("name"),
        policyArn: awsManagedPolicyArn(props.partition, RESTORE_MANAGED_POLICY),
      }));
      this.role = role;
      roleArn = role.attribute("arn");
    }

    this.plan = when((count) => new BackupRestoreTestingPlan(this, "plan", {
      count,
      name: props.name,
      scheduleExpression: props.scheduleExpression,
      startWindowHours: props.startWindowHours,
      recoveryPointSelection: [{
        algorithm: "LATEST_WITHIN_WINDOW",
        includeVaults: props.vaultArns,
        recoveryPointTypes: props.recoveryPointTypes ?? ["CONTINUOUS", "SNAPSHOT"],
        selectionWindowDays: props.selectionWindowDays,
      }],
      tags: props.tags,
    }));

    const planName = this.plan.attribute("name");
    this.selections = props.selections.map((s) => OptionalResource.when([props.enabled, s.enabled ?? true], (count) => {
      const arns = s.resourceArns ?? [];
      const pairs = (m: Record<string, string> | undefined) => {
        const list = Object.entries(m ?? {}).map(([key, value]) => ({ key: `aws:ResourceTag/${key}`, value }));
        return list.length > 0 ? list : undefined;
      };
      // The provider takes exactly one of ARNs and conditions (the API's "*" with conditions).
      const byTags = arns.length === 0 && s.conditions !== undefined;
      return new BackupRestoreTestingSelection(this, `selection_${s.name}`, {
        count,
        name: s.name,
        restoreTestingPlanName: planName,
        protectedResourceType: s.resourceType,
        iamRoleArn: roleArn,
        protectedResourceArns: byTags ? undefined : arns.length > 0 ? arns : ["*"],
        protectedResourceConditions: byTags
          ? [{ stringEquals: pairs(s.conditions?.stringEquals), stringNotEquals: pairs(s.conditions?.stringNotEquals) }]
          : undefined,
        restoreMetadataOverrides: s.restoreMetadataOverrides && Object.keys(s.restoreMetadataOverrides).length > 0 ? s.restoreMetadataOverrides : undefined,
        validationWindowHours: s.validationWindowHours ?? props.validationWindowHours,
      });
    }));
  }
}

/** The rules of {@link RestoreTestingProps}, named by the module's inputs. */
export function restoreTestingChecks(props: RestoreTestingProps): LiteralChecks {
  const checks = new LiteralChecks()
    .check("restore_testing_plan_name", props.name, (v) => RESTORE_TESTING_NAME.test(v), "restore testing plan names are 1-50 letters, digits and '_'")
    .check("restore_test_start_window_hours", props.startWindowHours, wholeBetween(1, 168), "must be a whole number of hours from 1 to 168")
    .check("restore_test_selection_window_days", props.selectionWindowDays, wholeBetween(1, 365), "must be a whole number of days from 1 to 365")
    .check("restore_test_validation_window_hours", props.validationWindowHours, wholeBetween(0, 168), "must be a whole number of hours from 0 to 168")
    .check("restore_test_schedule", props.scheduleExpression, (v) => /^(cron|rate)\(.+\)$/.test(v), "must be a cron(...) or rate(...) expression");
  const types = new Set<string>();
  props.selections.forEach((s, i) => {
    checks
      .check(`restore_testing_selections[${i}].name`, s.name, (v) => RESTORE_TESTING_NAME.test(v), "selection names are 1-50 letters, digits and '_'")
      .check(`restore_testing_selections[${i}].resource_arns`, s.resourceArns, (v) => v.length <= 30, "a selection names at most 30 resource ARNs; select more by tags")
      .check(`restore_testing_selections[${i}].resource_type`, s.resourceType, (v) => !types.has(v), "a restore testing plan takes one selection per resource type");
    types.add(s.resourceType);
    if (s.validationWindowHours !== undefined) {
      checks.check(`restore_testing_selections[${i}].validation_window_hours`, s.validationWindowHours, wholeBetween(0, 168), "must be a whole number of hours from 0 to 168");
    }
  });
  return checks;
}
