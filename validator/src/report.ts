import type { BackupJobSummary } from "./checks/backup-jobs";
import type { CopyJobSummary } from "./checks/copy-jobs";
import type { RecoveryPointSummary } from "./checks/recovery-points";
import type { RestoreJobSummary } from "./checks/restore-jobs";
import type { RpoSummary } from "./checks/rpo";
import type { Finding, FindingCode, ReportStatus, Severity } from "./contract";
import type { FindingCollector } from "./findings";

/** A listing that failed outright (vault listings are reported as VAULT_UNREADABLE findings instead). */
export interface SourceError {
  source: string;
  message: string;
}

/** Figures behind the findings. */
export interface ReportSummary {
  region?: string;
  window: { start: string; end: string; lookbackHours: number };
  targets: { rpoHours: number; rtoHours: number; stuckJobHours: number };
  vaults: { primary: string[]; replica?: { region: string; vaultName: string } };
  /** Jobs in the window that touched none of our vaults, and were therefore not judged. */
  jobsOutsideVaults: { backupJobs: number; copyJobs: number; restoreJobs: number };
  backupJobs: BackupJobSummary;
  copyJobs: CopyJobSummary;
  restoreJobs: RestoreJobSummary;
  recoveryPoints: { primary: RecoveryPointSummary; replica?: RecoveryPointSummary };
  /** RPO and coverage figures; null when the recovery point listing was cut short, so no RPO verdict was possible. */
  resources: RpoSummary | null;
  findingCounts: Partial<Record<FindingCode, number>>;
  severityCounts: Record<Severity, number>;
  /** Findings counted but left out of `findings` (each code keeps a bounded number). */
  findingsOmitted: number;
  errors: SourceError[];
  /** Why the report is partial, when it is. */
  partialReasons: string[];
}

/** The validator's result. */
export interface Report {
  generatedAt: string;
  status: ReportStatus;
  /** True when some data could not be read in time; the findings cover what was read. */
  partial: boolean;
  summary: ReportSummary;
  findings: Finding[];
}

/**
 * Status rule: FAIL on any HIGH finding or any listing that failed; otherwise WARN on any MEDIUM
 * finding or a partial report; otherwise PASS.
 */
export function reportStatus(severity: Record<Severity, number>, errors: number, partial: boolean): ReportStatus {
  if (severity.HIGH > 0 || errors > 0) return "FAIL";
  if (severity.MEDIUM > 0 || partial) return "WARN";
  return "PASS";
}

/** Assembles the report from the collected findings and the figures. */
export function buildReport(
  generatedAt: Date,
  findings: FindingCollector,
  summary: Omit<ReportSummary, "findingCounts" | "severityCounts" | "findingsOmitted">,
): Report {
  const severityCounts = findings.countsBySeverity();
  const partial = summary.partialReasons.length > 0;
  return {
    generatedAt: generatedAt.toISOString(),
    status: reportStatus(severityCounts, summary.errors.length, partial),
    partial,
    summary: { ...summary, findingCounts: findings.countsByCode(), severityCounts, findingsOmitted: findings.omitted() },
    findings: findings.list(),
  };
}
