import type { Finding } from "../contract";
import type { BackupJobRecord, CopyJobRecord } from "../records";
import { copyDue } from "./copy-jobs";
import { ageMs, hours, type Window } from "./window";

/** Figures of the air-gapped copy check (AIR_GAPPED_VAULT_ARN set). */
export interface AirGappedSummary {
  vaultArn: string;
  /** Completed copy jobs landing in the vault, in the window. */
  copiesCompleted: number;
  /** Completed backups whose rule copies to the vault, old enough to need their copy. */
  backupsChecked: number;
  /** Of those, backups without a completed copy in the vault. */
  missing: number;
}

/**
 * Checks that completed backups whose plan rule copies to a logically air-gapped vault have a
 * completed copy job landing there. A copy still running or failed counts as not landed: a
 * failed one is also COPY_JOB_FAILED, a running one gets the grace period.
 */
export class AirGappedCopyCheck {
  private readonly landed = new Set<string>();
  private completed = 0;
  private checked = 0;
  private missing = 0;

  /** @param graceHours how long after a backup completes its copy may still be absent */
  constructor(private readonly opts: { vaultArn: string; window: Window; graceHours: number }) {}

  /** Whether a vault ARN is the air-gapped vault. */
  isTarget(vaultArn: string | undefined): boolean {
    return vaultArn === this.opts.vaultArn;
  }

  /** Records one copy job; only completed copies into the vault count. */
  addCopy(job: CopyJobRecord): void {
    if (job.state !== "COMPLETED" || !this.isTarget(job.destinationVaultArn) || !job.sourceRecoveryPointArn) return;
    this.completed++;
    this.landed.add(job.sourceRecoveryPointArn);
  }

  /** Judges one completed backup whose rule copies to the vault. Call after every copy job was added. */
  checkBackup(job: BackupJobRecord): Finding | undefined {
    const due = copyDue(job, this.opts.window, this.opts.graceHours);
    if (!due) return undefined;
    this.checked++;
    if (this.landed.has(due.recoveryPointArn)) return undefined;
    this.missing++;
    return {
      code: "AIR_GAPPED_COPY_MISSING",
      severity: "HIGH",
      message: `No completed copy in the air-gapped vault ${this.opts.vaultArn} ${hours(ageMs(due.completedAt, this.opts.window.end))} after the backup completed${job.resourceArn ? ` for ${job.resourceArn}` : ""}`,
      jobId: job.jobId,
      recoveryPointArn: due.recoveryPointArn,
      ...(job.resourceArn && { resourceArn: job.resourceArn }),
    };
  }

  /** Figures so far. */
  summary(): AirGappedSummary {
    return { vaultArn: this.opts.vaultArn, copiesCompleted: this.completed, backupsChecked: this.checked, missing: this.missing };
  }
}
