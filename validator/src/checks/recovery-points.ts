import type { Finding } from "../contract";
import type { RecoveryPointRecord } from "../records";

/** Recovery point figures for a set of vaults. */
export interface RecoveryPointSummary {
  total: number;
  byStatus: Record<string, number>;
  unhealthy: number;
  notEncrypted: number;
  wrongKey: number;
}

/** Statuses that mean the recovery point cannot be relied on (or, for EXPIRED, could not be deleted). */
const UNHEALTHY = new Set(["PARTIAL", "EXPIRED", "STOPPED"]);

/**
 * Resource types whose backups AWS Backup fully manages: their recovery points are encrypted with
 * the vault's key. Other types (EBS, EC2, RDS, Aurora, ...) keep the source resource's key, so a
 * different key there is reported at LOW severity rather than as a misconfiguration.
 */
export const FULLY_MANAGED_TYPES = new Set([
  "Aurora DSQL", "CloudFormation", "DynamoDB", "EFS", "EKS", "S3", "SAP HANA on Amazon EC2", "Timestream", "VirtualMachine",
]);

/** Integrity checks on recovery points: status, encryption, and (optionally) the key used. */
export class RecoveryPointCheck {
  private total = 0;
  private unhealthy = 0;
  private notEncrypted = 0;
  private wrongKey = 0;
  private readonly byStatus: Record<string, number> = {};

  /** @param opts.expectedKmsKeyArn key every recovery point should use; no key check when absent */
  constructor(private readonly opts: { expectedKmsKeyArn?: string }) {}

  /** Checks one recovery point. */
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
    if (UNHEALTHY.has(status)) {
      this.unhealthy++;
      out.push({ code: "RECOVERY_POINT_UNHEALTHY", severity: status === "EXPIRED" ? "MEDIUM" : "HIGH",
        message: `${what} is ${status}${rp.statusMessage ? `: ${rp.statusMessage}` : ""}`, ...base });
    }
    if (rp.isEncrypted === false) {
      this.notEncrypted++;
      out.push({ code: "RECOVERY_POINT_NOT_ENCRYPTED", severity: "HIGH", message: `${what} is not encrypted`, ...base });
    } else if (this.opts.expectedKmsKeyArn && rp.encryptionKeyArn && rp.encryptionKeyArn !== this.opts.expectedKmsKeyArn) {
      this.wrongKey++;
      const managed = rp.resourceType !== undefined && FULLY_MANAGED_TYPES.has(rp.resourceType);
      out.push({ code: "RECOVERY_POINT_WRONG_KEY", severity: managed ? "HIGH" : "LOW",
        message: `${what} is encrypted with ${rp.encryptionKeyArn}, not the expected key` +
          (managed ? "" : ` (${rp.resourceType ?? "this resource type"} backups keep the source resource's key)`), ...base });
    }
    return out;
  }

  /** Figures so far. */
  summary(): RecoveryPointSummary {
    return { total: this.total, byStatus: { ...this.byStatus }, unhealthy: this.unhealthy, notEncrypted: this.notEncrypted, wrongKey: this.wrongKey };
  }
}
