import { DURATION_METRIC_NAMES, METRICS_DIMENSION, METRICS_NAMESPACE, RESOURCE_TYPE_DIMENSION } from "./contract";
import type { Report } from "./report";

/**
 * One embedded-metric-format document per resource type with completed backup jobs in the
 * window: the p90 and maximum job duration in seconds, under [FunctionName, ResourceType] (for
 * graphs per type) and [FunctionName] (so one alarm on the Maximum sees the slowest type).
 * None when no job completed: an absent point is not a fast backup.
 */
export function durationMetricsDocuments(report: Report, functionName: string, timestamp = Date.now()): Record<string, unknown>[] {
  return Object.entries(report.summary.backupJobs.durationByResourceType).map(([resourceType, stats]) => ({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[METRICS_DIMENSION, RESOURCE_TYPE_DIMENSION], [METRICS_DIMENSION]],
          Metrics: [
            { Name: DURATION_METRIC_NAMES.BackupJobDurationP90, Unit: "Seconds" },
            { Name: DURATION_METRIC_NAMES.BackupJobDurationMax, Unit: "Seconds" },
          ],
        },
      ],
    },
    [METRICS_DIMENSION]: functionName,
    [RESOURCE_TYPE_DIMENSION]: resourceType,
    [DURATION_METRIC_NAMES.BackupJobDurationP90]: stats.p90Seconds,
    [DURATION_METRIC_NAMES.BackupJobDurationMax]: stats.maxSeconds,
    completedJobs: stats.count,
  }));
}
