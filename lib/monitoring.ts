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

/** Properties of {@link BackupMonitoring}. */
export interface BackupMonitoringProps {
  readonly enabled: BooleanInput;
  readonly projectName: string;
  readonly environment: string;
  readonly vaultName: string;
  /** Where alarms go: the topic's ARN, or none when notifications are off. */
  readonly alarmActions: string[];
  readonly tags: Record<string, string>;
}

/** CloudWatch alarms on AWS Backup's failed backup, copy and restore job metrics for the vault. */
export class BackupMonitoring extends Construct {
  readonly alarms: OptionalResource<CloudwatchMetricAlarm>[];

  constructor(scope: Construct, id: string, props: BackupMonitoringProps) {
    super(scope, id);
    this.alarms = FAILED_JOB_METRICS.map((m) =>
      OptionalResource.when(
        props.enabled,
        (count) =>
          new CloudwatchMetricAlarm(this, m.id, {
            count,
            alarmName: `${props.projectName}-${m.id.replace(/_/g, "-")}-${props.environment}`,
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
