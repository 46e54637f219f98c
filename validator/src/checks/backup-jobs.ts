import type { Finding } from "../contract";
import type { BackupJobRecord } from "../records";
import { DurationStats, type DurationSummary } from "./duration-stats";
import { ageMs, hours, jobInWindow, type Window } from "./window";

/** Job states that have not finished yet. */
export const ACTIVE_BACKUP_STATES = ["CREATED", "PENDING", "RUNNING", "ABORTING"] as const;

/** Backup job figures over the window. */
export interface BackupJobSummary {
  total: number;
  byState: Record<string, number>;
  completedWithIssues: number;
  stuck: number;
  /** COMPLETED jobs (with or without issues) / finished jobs; null when none finished. */
  successRate: number | null;
  durationByResourceType: Record<string, DurationSummary>;
  /** Completed jobs whose completion time precedes their creation time (clock skew), left out of durations. */
  skewedDurations: number;
}

const FINISHED = new Set(["COMPLETED", "PARTIAL", "FAILED", "ABORTED", "EXPIRED"]);
const ACTIVE = new Set<string>(ACTIVE_BACKUP_STATES);

/**
 * Backup job checks, fed one job at a time while pages arrive: failures, partial and
 * "completed with issues" jobs, stuck jobs, success rate and durations per resource type.
 */
export class BackupJobCheck {
  private total = 0;
  private readonly byState: Record<string, number> = {};
  private completedWithIssues = 0;
  private stuck = 0;
  private skewed = 0;
  private readonly durations = new Map<string, DurationStats>();

  constructor(private readonly opts: { window: Window; stuckJobHours: number }) {}

  /**
   * Checks one job: judged when it was created or ended in the window, or is still open (a
   * weekly job may start days before it fails). Callers pass each job once.
   */
  add(job: BackupJobRecord): Finding | undefined {
    if (!jobInWindow(job, ACTIVE.has(job.state), this.opts.window)) return undefined;
    this.total++;
    this.byState[job.state] = (this.byState[job.state] ?? 0) + 1;
    if (job.state === "COMPLETED") this.recordDuration(job);

    const where = describe(job);
    switch (job.state) {
      case "FAILED":
      case "EXPIRED":
      case "ABORTED":
        return finding(job, "BACKUP_JOB_FAILED", job.state === "ABORTED" ? "MEDIUM" : "HIGH",
          `Backup job ${job.state.toLowerCase()}${where}${reason(job)}`);
      case "PARTIAL":
        this.completedWithIssues++;
        return finding(job, "BACKUP_JOB_COMPLETED_WITH_ISSUES", "MEDIUM", `Backup job partially completed${where}${reason(job)}`);
      case "COMPLETED":
        if (job.messageCategory && job.messageCategory.toUpperCase() !== "SUCCESS") {
          this.completedWithIssues++;
          return finding(job, "BACKUP_JOB_COMPLETED_WITH_ISSUES", "MEDIUM",
            `Backup job completed with issues (${job.messageCategory})${where}${reason(job)}`);
        }
        return undefined;
      default:
        return this.checkStuck(job);
    }
  }

  private checkStuck(job: BackupJobRecord): Finding | undefined {
    if (!ACTIVE.has(job.state) || job.createdAt === undefined) return undefined;
    const age = ageMs(job.createdAt, this.opts.window.end);
    if (age <= this.opts.stuckJobHours * 3_600_000) return undefined;
    this.stuck++;
    return finding(job, "BACKUP_JOB_STUCK", "MEDIUM",
      `Backup job ${job.state} for ${hours(age)} (threshold ${this.opts.stuckJobHours} h)${describe(job)}`);
  }

  private recordDuration(job: BackupJobRecord): void {
    if (job.createdAt === undefined || job.completedAt === undefined) return;
    if (job.completedAt < job.createdAt) {
      this.skewed++;
      return;
    }
    const type = job.resourceType ?? "UNKNOWN";
    let stats = this.durations.get(type);
    if (!stats) this.durations.set(type, (stats = new DurationStats()));
    stats.add((job.completedAt - job.createdAt) / 1000);
  }

  /** Figures so far. */
  summary(): BackupJobSummary {
    let finished = 0;
    for (const [state, n] of Object.entries(this.byState)) if (FINISHED.has(state)) finished += n;
    const durationByResourceType: Record<string, DurationSummary> = {};
    for (const type of [...this.durations.keys()].sort()) {
      const s = this.durations.get(type)!.summary();
      if (s) durationByResourceType[type] = s;
    }
    return {
      total: this.total,
      byState: { ...this.byState },
      completedWithIssues: this.completedWithIssues,
      stuck: this.stuck,
      successRate: finished === 0 ? null : Math.round(((this.byState.COMPLETED ?? 0) / finished) * 10_000) / 10_000,
      durationByResourceType,
      skewedDurations: this.skewed,
    };
  }
}

function describe(job: BackupJobRecord): string {
  const parts = [job.resourceType, job.resourceArn].filter(Boolean).join(" ");
  return parts ? ` for ${parts}` : "";
}

function reason(job: BackupJobRecord): string {
  return job.statusMessage ? `: ${job.statusMessage}` : "";
}

function finding(job: BackupJobRecord, code: Finding["code"], severity: Finding["severity"], message: string): Finding {
  return {
    code,
    severity,
    message,
    jobId: job.jobId,
    ...(job.resourceArn && { resourceArn: job.resourceArn }),
    ...(job.vaultName && { vaultName: job.vaultName }),
    ...(job.recoveryPointArn && { recoveryPointArn: job.recoveryPointArn }),
  };
}
