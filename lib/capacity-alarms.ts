import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { BooleanInput } from "./config";
import { ResourceSet } from "./for-each";
import { LiteralChecks } from "./literal-checks";
import { wholeNumberBetween } from "./rules";
import { OptionalResource } from "./values";

/**
 * Alarms on AWS Backup's own metrics (namespace `AWS/Backup`, dimension `BackupVaultName`, as
 * AWS's "AWS Backup metrics with Amazon CloudWatch" lists them): backup jobs piling up in the
 * vault, and recovery points that ended PARTIAL or EXPIRED. AWS Backup publishes a metric only
 * while its value is not zero, so missing data is "nothing to report".
 */

/** The job-state metrics summed for "jobs in flight": waiting to start, about to run, running. */
export const IN_FLIGHT_JOB_METRICS = ["NumberOfBackupJobsCreated", "NumberOfBackupJobsPending", "NumberOfBackupJobsRunning"] as const;

/** The recovery point metrics that alarm on any non-zero value, by instance key (`recovery_points["partial"]`). */
export const RECOVERY_POINT_METRICS = [
  { key: "partial", metric: "NumberOfRecoveryPointsPartial", what: "recovery points that AWS Backup started but could not finish (PARTIAL)" },
  {
    key: "expired",
    metric: "NumberOfRecoveryPointsExpired",
    what: "recovery points past their retention that AWS Backup could not delete (EXPIRED: still billed, delete them by hand)",
  },
] as const;

/** How many backup jobs of the vault at once count as piling up. */
export const JOBS_IN_FLIGHT_THRESHOLD = wholeNumberBetween(1, 10_000);

/** Five-minute points (AWS Backup's publishing interval) that must all breach: a nightly burst that drains is not an alarm. */
export const IN_FLIGHT_PERIODS = 6;

/** Properties of {@link BackupCapacityAlarms}. */
export interface BackupCapacityAlarmsProps {
  /** Create the alarms. @default true */
  readonly enabled?: BooleanInput;
  readonly projectName: string;
  readonly environment: string;
  readonly vaultName: string;
  /** Backup jobs of the vault created, pending or running at once, for half an hour, that raise the alarm. */
  readonly jobsInFlightThreshold: number;
  /** Where alarms go: the topic's ARN, or none. */
  readonly alarmActions: string[];
  readonly tags?: Record<string, string>;
}

/** What differs between the recovery point alarms, per instance. */
interface RecoveryPointAlarm {
  readonly metric_name: string;
  readonly what: string;
}

/**
 * Capacity alarms: backup jobs piling up in the vault (an alarm on a metric expression), and
 * recovery points PARTIAL or EXPIRED (one alarm resource with an instance per state:
 * `recovery_points["partial"]`, `["expired"]`).
 */
export class BackupCapacityAlarms extends Construct {
  readonly jobsInFlightAlarm: OptionalResource<CloudwatchMetricAlarm>;
  /** The recovery point alarms, one instance per {@link RECOVERY_POINT_METRICS} key; undefined when disabled. */
  readonly recoveryPointAlarm?: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: BackupCapacityAlarmsProps) {
    super(scope, id);
    const threshold = props.jobsInFlightThreshold;
    new LiteralChecks()
      .check("backup_jobs_in_flight_alarm_threshold", threshold, (t) => JOBS_IN_FLIGHT_THRESHOLD.test(t), JOBS_IN_FLIGHT_THRESHOLD.description)
      .throwIfAny();
    const enabled = props.enabled ?? true;
    const name = (part: string) => `${props.projectName}-${part}-${props.environment}`;
    const common = { comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching", alarmActions: props.alarmActions, tags: props.tags };

    this.jobsInFlightAlarm = OptionalResource.when(
      enabled,
      (count) =>
        new CloudwatchMetricAlarm(this, "backup_jobs_in_flight", {
          count,
          ...common,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          alarmName: name("backup-jobs-in-flight"),
          alarmDescription:
            `Backup jobs of vault ${props.vaultName} created, pending or running at once have stayed at or above the threshold ` +
            "for 30 minutes: jobs are piling up against the account's concurrent backup job quota (see Service Quotas for AWS Backup)",
          threshold,
          evaluationPeriods: IN_FLIGHT_PERIODS,
          datapointsToAlarm: IN_FLIGHT_PERIODS,
          metricQuery: [
            {
              id: "in_flight",
              expression: IN_FLIGHT_JOB_METRICS.map((_, i) => `FILL(m${i}, 0)`).join(" + "),
              label: "Backup jobs created, pending or running",
              returnData: true,
            },
            ...IN_FLIGHT_JOB_METRICS.map((metricName, i) => ({
              id: `m${i}`,
              returnData: false,
              metric: { namespace: "AWS/Backup", metricName, dimensions: { BackupVaultName: props.vaultName }, period: 300, stat: "Maximum" },
            })),
          ],
        }),
    );

    const set = new ResourceSet<RecoveryPointAlarm>(this, {
      enabled,
      localName: "recovery_point_instances",
      instances: RECOVERY_POINT_METRICS.map((m) => ({ key: m.key, values: { metric_name: m.metric, what: m.what } })),
    });
    this.recoveryPointAlarm = set.resource(
      (forEach, each) =>
        new CloudwatchMetricAlarm(this, "recovery_points", {
          forEach,
          ...common,
          alarmName: name(`recovery-points-${each.key}`),
          alarmDescription: `Vault ${props.vaultName} has ${each.string("what")}`,
          namespace: "AWS/Backup",
          metricName: each.string("metric_name"),
          dimensions: { BackupVaultName: props.vaultName },
          statistic: "Maximum",
          period: 3600,
          evaluationPeriods: 1,
          threshold: 0,
        }),
      // Until issue 9 each state had an alarm resource of its own (ids `recovery_points_partial`, `recovery_points_expired`).
      { id: (key) => `recovery_points_${key}` },
    );
  }
}
