import type { Finding } from "../contract";
import { serviceFromArn, type RecoveryPointRecord } from "../records";

/** Recovery point figures for a set of vaults. */
export interface RecoveryPointSummary {
  total: number;
  byStatus: Record<string, number>;
  unhealthy: number;
  notEncrypted: number;
  wrongKey: number;
  /** STOPPED continuous recovery points replaced by a newer continuous point of the same resource. */
  supersededContinuous: number;
}

/** Statuses that mean the recovery point cannot be relied on (or, for EXPIRED, could not be deleted). */
const UNHEALTHY = new Set(["PARTIAL", "EXPIRED", "STOPPED"]);

const CONTINUOUS_MARKER = ":recovery-point:continuous:";

/** Whether a recovery point is a continuous (point-in-time) one. */
export const isContinuous = (rp: Pick<RecoveryPointRecord, "recoveryPointArn">) => rp.recoveryPointArn.includes(CONTINUOUS_MARKER);

/**
 * Whether AWS Backup encrypts this recovery point with the vault's key: only recovery points in
 * the `backup` service (`arn:aws:backup:...:recovery-point:...`). Others (EBS and RDS snapshots,
 * DynamoDB backups without advanced features, ...) keep the source resource's key.
 */
export const backupManagesKey = (rp: Pick<RecoveryPointRecord, "recoveryPointArn">) => serviceFromArn(rp.recoveryPointArn) === "backup";

/** The current continuous recovery point of a resource, and its finding if it is STOPPED. */
interface ContinuousHead {
  createdAt: number;
  stopped?: Finding;
}

/** Integrity checks on recovery points: status, encryption, and (optionally) the key used. */
export class RecoveryPointCheck {
  private total = 0;
  private unhealthy = 0;
  private notEncrypted = 0;
  private wrongKey = 0;
  private superseded = 0;
  private readonly byStatus: Record<string, number> = {};
  /** Newest continuous point per resource: AWS stops the old one when it starts a new one. */
  private readonly continuous = new Map<string, ContinuousHead>();

  /** @param opts.expectedKmsKeyArn key every recovery point should use; no key check when absent */
  constructor(private readonly opts: { expectedKmsKeyArn?: string }) {}

  /** Checks one recovery point; a STOPPED continuous point is judged in {@link finish}. */
  add(rp: RecoveryPointRecord): Finding[] {
    this.total++;
    const status = rp.status ?? "UNKNOWN";
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    const base = {
      recoveryPointArn: rp.recoveryPointArn,
      vaultName: rp.vaultName,
      ...(rp.resourceArn && { resourceArn: rp.resourceArn }),
    };
    const what = `Recovery point in ${rp.vaultName}${rp.resourceArn ? ` for ${rp.resourceArn}` : ""}`;
    const out: Finding[] = [];
    const unhealthy: Finding | undefined = UNHEALTHY.has(status)
      ? { code: "RECOVERY_POINT_UNHEALTHY", severity: status === "EXPIRED" ? "MEDIUM" : "HIGH",
        message: `${what} is ${status}${rp.statusMessage ? `: ${rp.statusMessage}` : ""}`, ...base }
      : undefined;
    // A STOPPED continuous point matters only if it is still its resource's current one.
    const deferred = this.trackContinuous(rp, status === "STOPPED" ? unhealthy : undefined);
    if (unhealthy && !deferred) {
      this.unhealthy++;
      out.push(unhealthy);
    }
    if (rp.isEncrypted === false) {
      this.notEncrypted++;
      out.push({ code: "RECOVERY_POINT_NOT_ENCRYPTED", severity: "HIGH", message: `${what} is not encrypted`, ...base });
    } else if (this.opts.expectedKmsKeyArn && rp.encryptionKeyArn && rp.encryptionKeyArn !== this.opts.expectedKmsKeyArn) {
      this.wrongKey++;
      const managed = backupManagesKey(rp);
      out.push({ code: "RECOVERY_POINT_WRONG_KEY", severity: managed ? "HIGH" : "LOW",
        message: `${what} is encrypted with ${rp.encryptionKeyArn}, not the expected key` +
          (managed ? "" : ` (${rp.resourceType ?? "this"} recovery points outside AWS Backup's own storage keep the source resource's key)`), ...base });
    }
    return out;
  }

  /**
   * Remembers a continuous point as its resource's newest one if it is. Returns true when a
   * STOPPED finding was given and is deferred to {@link finish}.
   */
  private trackContinuous(rp: RecoveryPointRecord, stopped: Finding | undefined): boolean {
    if (!isContinuous(rp) || !rp.resourceArn) return false;
    const createdAt = rp.createdAt ?? 0;
    const head = this.continuous.get(rp.resourceArn);
    if (!head || createdAt > head.createdAt) {
      if (head?.stopped) this.superseded++;
      this.continuous.set(rp.resourceArn, { createdAt, stopped });
    } else if (stopped) {
      this.superseded++;
    }
    return stopped !== undefined;
  }

  /** Findings for resources whose current continuous point is STOPPED. Call once, after the last point. */
  finish(): Finding[] {
    const out: Finding[] = [];
    for (const head of this.continuous.values()) {
      if (!head.stopped) continue;
      this.unhealthy++;
      out.push(head.stopped);
    }
    return out;
  }

  /** Figures so far. */
  summary(): RecoveryPointSummary {
    return { total: this.total, byStatus: { ...this.byStatus }, unhealthy: this.unhealthy, notEncrypted: this.notEncrypted,
      wrongKey: this.wrongKey, supersededContinuous: this.superseded };
  }
}
