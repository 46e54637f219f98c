import { METRIC_NAMES, METRICS_DIMENSION, METRICS_NAMESPACE, type MetricName } from "./contract";
import type { Report } from "./report";

/** Metric name and unit; the value is read from the report. */
type MetricDef = [name: MetricName, unit: "Count" | "Percent" | "None", value: (r: Report) => number | undefined];

const count = (code: keyof Report["summary"]["findingCounts"]) => (r: Report) => r.summary.findingCounts[code] ?? 0;

const METRICS: MetricDef[] = [
  ["Findings", "Count", (r) => r.summary.severityCounts.HIGH + r.summary.severityCounts.MEDIUM + r.summary.severityCounts.LOW],
  ["HighFindings", "Count", (r) => r.summary.severityCounts.HIGH],
  ["ValidationFailed", "Count", (r) => (r.status === "FAIL" ? 1 : 0)],
  ["RunIncomplete", "Count", (r) => (r.partial ? 1 : 0)],
  ["ReportPartial", "Count", (r) => (r.partial ? 1 : 0)],
  ["ListingErrors", "Count", (r) => r.summary.errors.length],
  ["BackupJobs", "Count", (r) => r.summary.backupJobs.total],
  ["BackupJobSuccessRate", "Percent", (r) => (r.summary.backupJobs.successRate === null ? undefined : r.summary.backupJobs.successRate * 100)],
  ["BackupJobsFailed", "Count", count("BACKUP_JOB_FAILED")],
  ["BackupJobsWithIssues", "Count", count("BACKUP_JOB_COMPLETED_WITH_ISSUES")],
  ["BackupJobsStuck", "Count", count("BACKUP_JOB_STUCK")],
  ["CopyJobsFailed", "Count", count("COPY_JOB_FAILED")],
  ["CopiesMissing", "Count", count("COPY_MISSING")],
  ["RestoreJobsFailed", "Count", count("RESTORE_JOB_FAILED")],
  ["RestoreValidationsFailed", "Count", count("RESTORE_VALIDATION_FAILED")],
  ["RtoBreaches", "Count", count("RTO_BREACH")],
  ["RecoveryPointsUnhealthy", "Count", count("RECOVERY_POINT_UNHEALTHY")],
  ["RecoveryPointsNotEncrypted", "Count", count("RECOVERY_POINT_NOT_ENCRYPTED")],
  ["RecoveryPointsWrongKey", "Count", count("RECOVERY_POINT_WRONG_KEY")],
  ["RpoBreaches", "Count", count("RPO_BREACH")],
  ["ResourcesNotProtected", "Count", count("RESOURCE_NOT_PROTECTED")],
  ["VaultsUnreadable", "Count", count("VAULT_UNREADABLE")],
  // Restore testing figures exist only when restore testing is judged (RESTORE_TESTING_PLAN_NAMES).
  ["RestoreTestsProven", "Count", (r) => (r.restoreTesting ? r.restoreTesting.proven : undefined)],
  ["RestoreTestsMissing", "Count", (r) => (r.restoreTesting ? count("RESTORE_TEST_MISSING")(r) : undefined)],
  ["RestoreTestsNotValidated", "Count", (r) => (r.restoreTesting ? count("RESTORE_TEST_NOT_VALIDATED")(r) : undefined)],
  ["RestoreTestPlansNotRun", "Count", (r) => (r.restoreTesting ? count("RESTORE_TEST_PLAN_NOT_RUN")(r) : undefined)],
  ["RestoreTestsNotCleanedUp", "Count", (r) => (r.restoreTesting ? count("RESTORE_TEST_NOT_CLEANED_UP")(r) : undefined)],
  // Hours, which CloudWatch has no unit for.
  ["RestoreTestMaxHours", "None", (r) => r.restoreTesting?.maxRestoreHours],
  ["ReplicaRpoBreaches", "Count", count("REPLICA_RPO_BREACH")],
  ["ReplicaVaultNotLocked", "Count", count("REPLICA_VAULT_NOT_LOCKED")],
  ["AirGappedCopiesMissing", "Count", (r) => (r.summary.airGapped ? r.summary.airGapped.missing : undefined)],
];

/**
 * One CloudWatch embedded-metric-format document with the report's figures and the number of
 * failed deliveries, under {@link METRICS_NAMESPACE} with a `FunctionName` dimension. Every
 * name in {@link METRIC_NAMES} is emitted (BackupJobSuccessRate only when jobs finished; the restore
 * testing figures only when restore testing is judged, RestoreTestMaxHours only when a target is proven).
 */
export function metricsDocument(report: Report, functionName: string, publishFailures: number, timestamp = Date.now()): Record<string, unknown> {
  const values: Record<string, number> = {};
  const defs: { Name: string; Unit: string }[] = [];
  for (const [name, unit, read] of METRICS) {
    const v = read(report);
    if (v === undefined) continue;
    values[name] = v;
    defs.push({ Name: name, Unit: unit });
  }
  values[METRIC_NAMES.PublishFailures] = publishFailures;
  defs.push({ Name: METRIC_NAMES.PublishFailures, Unit: "Count" });
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [[METRICS_DIMENSION]], Metrics: defs }],
    },
    [METRICS_DIMENSION]: functionName,
    status: report.status,
    ...values,
  };
}
