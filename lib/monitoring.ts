import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { BooleanInput } from "./config";
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

/** CloudWatch alarms on AWS Backup's failed backup, copy and restore job metrics for the vault. */
export class BackupMonitoring extends Construct {
  readonly alarms: OptionalResource<CloudwatchMetricAlarm>[];
  /** The alarms' names, whether or not they exist. */
  readonly alarmNames: string[];

  constructor(scope: Construct, id: string, props: BackupMonitoringProps) {
    super(scope, id);
    const metrics = props.metrics ?? FAILED_JOB_METRICS;
    this.alarmNames = metrics.map((m) => `${props.projectName}-${props.namePart ?? ""}${m.id.replace(/_/g, "-")}-${props.environment}`);
    this.alarms = metrics.map((m, i) =>
      OptionalResource.when(
        props.enabled,
        (count) =>
          new CloudwatchMetricAlarm(this, m.id, {
            count,
            region: props.region,
            alarmName: this.alarmNames[i],
            alarmDescription: `AWS Backup ${m.what} for vault ${props.vaultName}`,
            namespace: "AWS/Backup",
            metricName: m.metric,
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
      ),
    );
  }
}
