import type { AirGappedSummary } from "./checks/air-gapped";
import type { BackupJobSummary } from "./checks/backup-jobs";
import type { CopyJobSummary } from "./checks/copy-jobs";
import type { CoverageSummary } from "./checks/coverage";
import type { RecoveryPointSummary } from "./checks/recovery-points";
import type { DisasterRecoverySummary } from "./checks/replica";
import type { RestoreJobSummary } from "./checks/restore-jobs";
import type { RestoreTestingSection } from "./checks/restore-testing";
import type { RpoSummary } from "./checks/rpo";
import type { Finding, FindingCode, ReportStatus, Severity } from "./contract";
import type { FindingCollector } from "./findings";

/** A read that failed outright: the tool's trouble, not a backup problem. It makes the report partial. */
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
  /** Where the expected resources came from; null when the plan's selections could not be read. */
  coverage: CoverageSummary | null;
  /** The replica vault's lock and copy RPO; null without a replica. */
  disasterRecovery: DisasterRecoverySummary | null;
  /** Copies into the logically air-gapped vault; only when AIR_GAPPED_VAULT_ARN is set. */
  airGapped?: AirGappedSummary;
  findingCounts: Partial<Record<FindingCode, number>>;
  severityCounts: Record<Severity, number>;
  /** Findings counted but left out of `findings` (each code keeps a bounded number). */
  findingsOmitted: number;
  /** Reads that failed (access denied, unreachable endpoint, no credentials, ...); any makes the report partial. */
  errors: SourceError[];
  /** Why the report is partial besides `errors` (the deadline), when it is. */
  partialReasons: string[];
  /** Things not checked that are not the tool's failure, e.g. a backup plan of another team that cannot be read. */
  notes: string[];
}

/** The validator's result. */
export interface Report {
  generatedAt: string;
  status: ReportStatus;
  /** True when some data could not be read (errors or the deadline); the findings cover what was read. */
  partial: boolean;
  summary: ReportSummary;
  /** Restore proof from restore testing plans; null when RESTORE_TESTING_PLAN_NAMES is not set. */
  restoreTesting: RestoreTestingSection | null;
  findings: Finding[];
}

/**
 * Status rule: FAIL on any HIGH finding (backups are broken, whatever else could not be read);
 * otherwise INCOMPLETE when the report is partial (the tool could not check everything);
 * otherwise WARN on any MEDIUM finding; otherwise PASS.
 */
export function reportStatus(severity: Record<Severity, number>, partial: boolean): ReportStatus {
  if (severity.HIGH > 0) return "FAIL";
  if (partial) return "INCOMPLETE";
  if (severity.MEDIUM > 0) return "WARN";
  return "PASS";
}

/** Assembles the report from the collected findings and the figures. */
export function buildReport(
  generatedAt: Date,
  findings: FindingCollector,
  summary: Omit<ReportSummary, "findingCounts" | "severityCounts" | "findingsOmitted">,
  restoreTesting: RestoreTestingSection | null = null,
): Report {
  const severityCounts = findings.countsBySeverity();
  const partial = summary.partialReasons.length > 0 || summary.errors.length > 0;
  return {
    generatedAt: generatedAt.toISOString(),
    status: reportStatus(severityCounts, partial),
    partial,
    summary: { ...summary, findingCounts: findings.countsByCode(), severityCounts, findingsOmitted: findings.omitted() },
    restoreTesting,
    findings: findings.list(),
  };
}
