import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { BooleanInput } from "./config";
import { ResourceSet } from "./for-each";
import { OptionalResource } from "./values";

/** The AWS/Backup job metrics that raise an alarm on any non-zero hourly count. */
export const FAILED_JOB_METRICS = [
  { id: "backup_jobs_failed", metric: "NumberOfBackupJobsFailed", what: "backup jobs failed" },
  { id: "copy_jobs_failed", metric: "NumberOfCopyJobsFailed", what: "copy jobs failed" },
  { id: "restore_jobs_failed", metric: "NumberOfRestoreJobsFailed", what: "restore jobs failed" },
] as const;

/** One of {@link FAILED_JOB_METRICS}. */
export type FailedJobMetric = (typeof FAILED_JOB_METRICS)[number];

/** Properties of {@link BackupMonitoring}. */
export interface BackupMonitoringProps {
  readonly enabled: BooleanInput;
  readonly projectName: string;
  readonly environment: string;
  readonly vaultName: string;
  /** Where alarms go: the topic's ARN, or none (notifications off, or routed through EventBridge). */
  readonly alarmActions: string[];
  /** The alarms' region; undefined for the provider's region. */
  readonly region?: string;
  /** Which metrics to watch. @default all of {@link FAILED_JOB_METRICS} */
  readonly metrics?: readonly FailedJobMetric[];
  /** Put in alarm names after the project, e.g. `replica-` for the replica region's alarms. @default "" */
  readonly namePart?: string;
  readonly tags: Record<string, string>;
}

/** What differs between the failed-job alarms, per instance. */
interface FailedJobAlarm {
  readonly alarm_name: string;
  readonly metric_name: string;
  readonly what: string;
}

/**
 * CloudWatch alarms on AWS Backup's failed backup, copy and restore job metrics for the vault:
 * one alarm resource with an instance per metric (`backup_jobs_failed`, ...).
 */
export class BackupMonitoring extends Construct {
  /** The alarms, one instance per metric; undefined when disabled. */
  readonly alarm?: CloudwatchMetricAlarm;
  /** The alarms' names, whether or not they exist. */
  readonly alarmNames: string[];
  private readonly alarmSet: ResourceSet<FailedJobAlarm>;
  private readonly metrics: readonly FailedJobMetric[];

  /**
   * One entry per watched metric, in {@link FAILED_JOB_METRICS} order, as in 0.1.0 when each alarm
   * was a resource of its own: `attribute("arn")` reads that metric's instance
   * (`alarm["copy_jobs_failed"].arn`), `exists` says whether it may exist, and `resource` is now
   * the one alarm resource holding every instance.
   * @deprecated Use {@link alarm} (one resource, an instance per metric: `alarm["backup_jobs_failed"]`).
   */
  get alarms(): OptionalResource<CloudwatchMetricAlarm>[] {
    this.alarmsByMetric ??= this.metrics.map((m) => this.alarmSet.instance(this.alarm, m.id));
    return this.alarmsByMetric;
  }
  private alarmsByMetric?: OptionalResource<CloudwatchMetricAlarm>[];

  constructor(scope: Construct, id: string, props: BackupMonitoringProps) {
    super(scope, id);
    const metrics = props.metrics ?? FAILED_JOB_METRICS;
    this.metrics = metrics;
    this.alarmNames = metrics.map((m) => `${props.projectName}-${props.namePart ?? ""}${m.id.replace(/_/g, "-")}-${props.environment}`);
    const set = new ResourceSet<FailedJobAlarm>(this, {
      enabled: props.enabled,
      localName: "alarm_instances",
      instances: metrics.map((m, i) => ({ key: m.id, values: { alarm_name: this.alarmNames[i], metric_name: m.metric, what: m.what } })),
    });
    this.alarmSet = set;
    this.alarm = set.resource(
      (forEach, each) =>
        new CloudwatchMetricAlarm(this, "alarms", {
          forEach,
          region: props.region,
          alarmName: each.string("alarm_name"),
          alarmDescription: `AWS Backup ${each.string("what")} for vault ${props.vaultName}`,
          namespace: "AWS/Backup",
          metricName: each.string("metric_name"),
          dimensions: { BackupVaultName: props.vaultName },
          statistic: "Sum",
          period: 3600,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: props.alarmActions,
          tags: props.tags,
        }),
      // Until issue 9 each metric had an alarm resource of its own, with the metric's id as its id.
      { id: (key) => key },
    );
  }
}
