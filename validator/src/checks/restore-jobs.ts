import type { Finding } from "../contract";
import type { RestoreJobRecord } from "../records";
import { DurationStats, type DurationSummary } from "./duration-stats";
import { ageMs, hours, jobInWindow, type Window } from "./window";

/** Restore job figures over the window. */
export interface RestoreJobSummary {
  total: number;
  byStatus: Record<string, number>;
  rtoBreaches: number;
  validation: Record<string, number>;
  durations?: DurationSummary;
}

const BAD_VALIDATION = new Set(["FAILED", "TIMED_OUT"]);

/** Restore statuses that have not finished yet. */
export const OPEN_RESTORE_STATUSES = ["PENDING", "RUNNING"] as const;

/**
 * Restore job checks: failed restores, restore-testing validation results, and durations against
 * the RTO target (a restore still running past the target already breaches it).
 */
export class RestoreJobCheck {
  private total = 0;
  private rtoBreaches = 0;
  private readonly byStatus: Record<string, number> = {};
  private readonly validation: Record<string, number> = {};
  private readonly durations = new DurationStats();

  constructor(private readonly opts: { window: Window; rtoHours: number }) {}

  /**
   * Checks one restore job created or ended in the window, or still open (a restore created before
   * the window that finished in it is judged against the RTO). Callers pass each job once.
   */
  add(job: RestoreJobRecord): Finding[] {
    if (!jobInWindow(job, (OPEN_RESTORE_STATUSES as readonly string[]).includes(job.status), this.opts.window)) return [];
    this.total++;
    this.byStatus[job.status] = (this.byStatus[job.status] ?? 0) + 1;
    if (job.validationStatus) this.validation[job.validationStatus] = (this.validation[job.validationStatus] ?? 0) + 1;

    const out: Finding[] = [];
    const base = {
      jobId: job.jobId,
      ...(job.resourceArn && { resourceArn: job.resourceArn }),
      ...(job.recoveryPointArn && { recoveryPointArn: job.recoveryPointArn }),
    };
    const what = job.resourceArn ? ` of ${job.resourceArn}` : "";
    if (job.status === "FAILED" || job.status === "ABORTED") {
      out.push({ code: "RESTORE_JOB_FAILED", severity: job.status === "FAILED" ? "HIGH" : "MEDIUM",
        message: `Restore job ${job.status.toLowerCase()}${what}${job.statusMessage ? `: ${job.statusMessage}` : ""}`, ...base });
    }
    if (job.validationStatus && BAD_VALIDATION.has(job.validationStatus)) {
      out.push({ code: "RESTORE_VALIDATION_FAILED", severity: "HIGH",
        message: `Restore validation ${job.validationStatus === "TIMED_OUT" ? "timed out" : "failed"}${what}${job.validationMessage ? `: ${job.validationMessage}` : ""}`, ...base });
    }
    const rtoMs = this.opts.rtoHours * 3_600_000;
    if (job.status === "COMPLETED" && job.createdAt !== undefined && job.completedAt !== undefined) {
      const duration = job.completedAt - job.createdAt;
      if (duration >= 0) this.durations.add(duration / 1000);
      if (duration > rtoMs) {
        this.rtoBreaches++;
        out.push({ code: "RTO_BREACH", severity: "HIGH",
          message: `Restore${what} took ${hours(duration)}, over the RTO target of ${this.opts.rtoHours} h`, ...base });
      }
    } else if ((job.status === "PENDING" || job.status === "RUNNING") && job.createdAt !== undefined) {
      const age = ageMs(job.createdAt, this.opts.window.end);
      if (age > rtoMs) {
        this.rtoBreaches++;
        out.push({ code: "RTO_BREACH", severity: "HIGH",
          message: `Restore${what} still ${job.status} after ${hours(age)}, over the RTO target of ${this.opts.rtoHours} h`, ...base });
      }
    }
    return out;
  }

  /** Figures so far. */
  summary(): RestoreJobSummary {
    const durations = this.durations.summary();
    return { total: this.total, byStatus: { ...this.byStatus }, rtoBreaches: this.rtoBreaches, validation: { ...this.validation }, ...(durations && { durations }) };
  }
}
