import { Construct } from "constructs";
import { BackupPlan, BackupPlanRule } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { TerraformResource } from "cdktf";
import { LiteralChecks, wholeBetween } from "./literal-checks";
import { Condition, OptionalResource } from "./values";

/** AWS keeps continuous (point-in-time) backups 1 to 35 days. */
export const CONTINUOUS_RETENTION_DAYS = { min: 1, max: 35 } as const;

/** Properties of {@link PointInTimeRecovery}. */
export interface PointInTimeRecoveryProps {
  /** Create the plan: the switch, and (in the module) whether there are databases to protect. */
  readonly enabled: Condition;
  /** Name of the continuous backup plan (`[a-zA-Z0-9\-_.]{1,50}`). */
  readonly planName: string;
  /** The primary vault. */
  readonly vaultName: string;
  /** The role AWS Backup uses for the module's selections. */
  readonly backupRoleArn: string;
  /** Resources to back up continuously: the RDS databases (point-in-time recovery is for RDS, Aurora, S3 and SAP HANA). */
  readonly resourceArns: string[];
  /** Days of point-in-time history (1-35). */
  readonly retentionDays: number;
  /** When AWS Backup maintains the continuous backup (it also takes a snapshot then). @default daily at 05:00 UTC */
  readonly schedule?: string;
  /** The replica vault: the rule's copy action sends it a snapshot with the same retention. */
  readonly replicaVaultArn?: string;
  readonly tags: Record<string, string>;
}

/**
 * The continuous rule: point-in-time recovery within `retentionDays`. Continuous backups take no
 * cold storage; the copy to the replica (a snapshot of the continuous backup) keeps the same
 * retention and no cold storage either.
 */
export function continuousRule(props: Pick<PointInTimeRecoveryProps, "vaultName" | "retentionDays" | "schedule" | "replicaVaultArn">): BackupPlanRule {
  return {
    ruleName: "point_in_time_recovery",
    targetVaultName: props.vaultName,
    schedule: props.schedule ?? "cron(0 5 ? * * *)",
    enableContinuousBackup: true,
    lifecycle: { deleteAfter: props.retentionDays },
    copyAction: props.replicaVaultArn ? [{ destinationVaultArn: props.replicaVaultArn, lifecycle: { deleteAfter: props.retentionDays } }] : undefined,
  };
}

/**
 * Point-in-time recovery for the RDS databases: a plan of its own with one continuous rule and a
 * selection of just those databases. A continuous rule in the main plan would also snapshot every
 * EBS volume and EFS file system on its schedule, since types without point-in-time support get
 * snapshots instead.
 */
export class PointInTimeRecovery extends Construct {
  readonly plan: OptionalResource<BackupPlan>;
  readonly selection: OptionalResource<BackupSelection>;

  constructor(scope: Construct, id: string, props: PointInTimeRecoveryProps) {
    super(scope, id);
    pointInTimeRecoveryChecks(props).throwIfAny(props.enabled);
    const when = <T extends TerraformResource>(factory: (count: number | undefined) => T) => OptionalResource.when(props.enabled, factory);
    this.plan = when((count) => new BackupPlan(this, "plan", { count, name: props.planName, rule: [continuousRule(props)], tags: props.tags }));
    this.selection = when((count) => new BackupSelection(this, "selection", {
      count,
      // The plan's name: it selects only the databases (selection names allow the same 50 characters).
      name: props.planName,
      planId: this.plan.attribute("id"),
      iamRoleArn: props.backupRoleArn,
      resources: props.resourceArns,
    }));
  }
}

/** The rules of {@link PointInTimeRecoveryProps}, named by the module's inputs. */
export function pointInTimeRecoveryChecks(props: PointInTimeRecoveryProps): LiteralChecks {
  return new LiteralChecks()
    .check("point_in_time_recovery_retention_days", props.retentionDays, wholeBetween(CONTINUOUS_RETENTION_DAYS.min, CONTINUOUS_RETENTION_DAYS.max),
      "continuous backups are kept 1 to 35 days (AWS's limit)")
    .check("rds_instances", props.resourceArns, (arns) => arns.length > 0, "point-in-time recovery needs at least one RDS database to protect")
    .check("rds_instances", props.resourceArns, (arns) => arns.every((a) => /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:(db|cluster):.+$/.test(a)),
      "point-in-time recovery here covers RDS databases and Aurora clusters: give their ARNs")
    .check("backup_plan_name", props.planName, (v) => /^[a-zA-Z0-9\-_.]{1,50}$/.test(v), "plan names are 1-50 letters, digits, '-', '_' and '.'");
}
