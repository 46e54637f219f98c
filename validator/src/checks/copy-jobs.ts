import type { Finding } from "../contract";
import { regionFromArn, vaultNameFromArn, type BackupJobRecord, type CopyJobRecord } from "../records";
import { ageMs, HOUR_MS, hours, jobInWindow, type Window } from "./window";

/** The replica vault copies should land in. */
export interface ReplicaTarget {
  region: string;
  vaultName: string;
}

/** Copy job figures over the window. */
export interface CopyJobSummary {
  total: number;
  byState: Record<string, number>;
  toReplica: number;
  /** Completed backups that should have a replica copy and do not. */
  missing: number;
  /** Completed backups checked for a replica copy. */
  checkedForCopy: number;
}

/** A copy job not yet finished, or finished successfully, means the backup is (being) copied. */
const COVERING = new Set(["CREATED", "RUNNING", "COMPLETED"]);
const FAILED = new Set(["FAILED", "PARTIAL", "ABORTED"]);
const OPEN = new Set(["CREATED", "RUNNING"]);

/** Whether a vault ARN names the replica vault. */
export function isReplicaVault(vaultArn: string | undefined, replica: ReplicaTarget): boolean {
  return regionFromArn(vaultArn) === replica.region && vaultNameFromArn(vaultArn) === replica.vaultName;
}

/**
 * Whether a backup is due its copy: completed in the window with a recovery point, and its copy has
 * had `graceHours` since (a copy job starts after its backup completes). Returns what the copy
 * checks report, or undefined when the backup is not judged.
 */
export function copyDue(job: BackupJobRecord, window: Window, graceHours: number): { recoveryPointArn: string; completedAt: number } | undefined {
  if (job.state !== "COMPLETED" || !job.recoveryPointArn || !jobInWindow(job, false, window)) return undefined;
  const completedAt = job.completedAt ?? job.createdAt;
  if (completedAt === undefined || ageMs(completedAt, window.end) < graceHours * HOUR_MS) return undefined;
  return { recoveryPointArn: job.recoveryPointArn, completedAt };
}

/**
 * Copy job checks: failed copies, and (when a replica is configured) which recovery points have a
 * copy to it. Holds one string per copied recovery point in the window, nothing else per job.
 */
export class CopyJobCheck {
  private total = 0;
  private toReplica = 0;
  private missing = 0;
  private checked = 0;
  private readonly byState: Record<string, number> = {};
  private readonly copied = new Set<string>();
  /** Recovery points whose copy to the replica failed: already reported, not "missing" too. */
  private readonly failedToReplica = new Set<string>();

  /** @param graceHours how long after a backup completes its copy may still be absent */
  constructor(private readonly opts: { window: Window; replica?: ReplicaTarget; graceHours: number }) {}

  /** Checks one copy job created or ended in the window, or still open. Callers pass each job once. */
  add(job: CopyJobRecord): Finding | undefined {
    if (!jobInWindow(job, OPEN.has(job.state), this.opts.window)) return undefined;
    this.total++;
    this.byState[job.state] = (this.byState[job.state] ?? 0) + 1;
    const replica = this.opts.replica;
    if (replica && job.sourceRecoveryPointArn && COVERING.has(job.state) && isReplicaVault(job.destinationVaultArn, replica)) {
      this.toReplica++;
      this.copied.add(job.sourceRecoveryPointArn);
    }
    if (!FAILED.has(job.state)) return undefined;
    if (replica && job.sourceRecoveryPointArn && isReplicaVault(job.destinationVaultArn, replica)) this.failedToReplica.add(job.sourceRecoveryPointArn);
    const dest = job.destinationVaultArn ? ` to ${job.destinationVaultArn}` : "";
    return {
      code: "COPY_JOB_FAILED",
      severity: "HIGH",
      message: `Copy job ${job.state.toLowerCase()}${dest}${job.resourceArn ? ` for ${job.resourceArn}` : ""}${job.statusMessage ? `: ${job.statusMessage}` : ""}`,
      jobId: job.jobId,
      ...(job.resourceArn && { resourceArn: job.resourceArn }),
      ...(job.sourceRecoveryPointArn && { recoveryPointArn: job.sourceRecoveryPointArn }),
      ...(vaultNameFromArn(job.destinationVaultArn) && { vaultName: vaultNameFromArn(job.destinationVaultArn) }),
    };
  }

  /**
   * Checks that a completed backup whose plan rule copies to the replica has a copy job. Call it
   * only after every copy job was added, and only for backups whose rule has such a copy action.
   */
  checkBackupCopied(job: BackupJobRecord): Finding | undefined {
    const replica = this.opts.replica;
    const due = replica && copyDue(job, this.opts.window, this.opts.graceHours);
    if (!replica || !due) return undefined;
    this.checked++;
    // A failed copy is already a COPY_JOB_FAILED finding: one finding per cause.
    if (this.copied.has(due.recoveryPointArn) || this.failedToReplica.has(due.recoveryPointArn)) return undefined;
    this.missing++;
    return {
      code: "COPY_MISSING",
      severity: "HIGH",
      message: `No copy to ${replica.vaultName} (${replica.region}) ${hours(ageMs(due.completedAt, this.opts.window.end))} after the backup completed${job.resourceArn ? ` for ${job.resourceArn}` : ""}`,
      jobId: job.jobId,
      recoveryPointArn: due.recoveryPointArn,
      vaultName: replica.vaultName,
      ...(job.resourceArn && { resourceArn: job.resourceArn }),
    };
  }

  /** Figures so far. */
  summary(): CopyJobSummary {
    return { total: this.total, byState: { ...this.byState }, toReplica: this.toReplica, missing: this.missing, checkedForCopy: this.checked };
  }
}

/** The copy destinations of each rule of a backup plan version. */
export interface PlanCopyRules {
  /** Rule id -> destination vault ARNs of its copy actions. */
  rules: Record<string, string[]>;
}

/**
 * Whether the plan rule that made a backup copies it to a target vault (the replica, the
 * air-gapped vault). A backup made outside a plan (on demand) is not expected to have a copy.
 */
export function ruleCopiesTo(plan: PlanCopyRules | undefined, ruleId: string | undefined, isTarget: (vaultArn: string) => boolean): boolean {
  if (!plan || !ruleId) return false;
  return (plan.rules[ruleId] ?? []).some(isTarget);
}
