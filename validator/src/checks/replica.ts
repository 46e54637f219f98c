import type { Finding } from "../contract";
import type { NewestRecoveryPoints } from "./rpo";
import { ageMs, hours } from "./window";

/** The lock the replica vault must carry: set when the module locks it. */
export interface ExpectedLock {
  minDays?: number;
  maxDays?: number;
}

/** Disaster-recovery figures: the replica vault's lock and its recovery points against the copy RPO. */
export interface DisasterRecoverySummary {
  replica: { region: string; vaultName: string };
  copyRpoHours: number;
  /** The expected and the actual lock; null when no lock is expected or it could not be read. */
  lock: { expected: ExpectedLock; locked: boolean; minRetentionDays?: number; maxRetentionDays?: number } | null;
  /** Resources with a usable primary recovery point, judged against the replica; null when a listing was not read in full. */
  resourcesChecked: number | null;
  replicaRpoBreaches: number;
}

/**
 * Whether the replica vault still carries the lock the module gave it (DescribeBackupVault's
 * `Locked`, `MinRetentionDays`, `MaxRetentionDays`): a removed or loosened lock means copies can
 * be deleted early, which is what the lock was there to prevent.
 */
export function checkReplicaLock(vaultName: string, region: string, expected: ExpectedLock,
  actual: { locked: boolean; minRetentionDays?: number; maxRetentionDays?: number }): Finding | undefined {
  const problems: string[] = [];
  if (!actual.locked) problems.push("it is not locked");
  if (expected.minDays !== undefined && actual.minRetentionDays !== expected.minDays) problems.push(`minimum retention is ${actual.minRetentionDays ?? "unset"}, expected ${expected.minDays} days`);
  if (expected.maxDays !== undefined && actual.maxRetentionDays !== expected.maxDays) problems.push(`maximum retention is ${actual.maxRetentionDays ?? "unset"}, expected ${expected.maxDays} days`);
  if (problems.length === 0) return undefined;
  return { code: "REPLICA_VAULT_NOT_LOCKED", severity: "HIGH", vaultName, message: `Replica vault ${vaultName} in ${region} lost its vault lock: ${problems.join("; ")}` };
}

/**
 * Every resource with a usable recovery point in the primary vaults must have a usable one in the
 * replica vault younger than the copy RPO: the copy is what survives the loss of the region.
 */
export function checkReplicaRpo(opts: {
  now: number; copyRpoHours: number; vaultName: string; region: string; primary: NewestRecoveryPoints; replica: NewestRecoveryPoints;
}): { findings: Finding[]; checked: number } {
  const limit = opts.copyRpoHours * 3_600_000;
  const findings: Finding[] = [];
  let checked = 0;
  for (const [resourceArn, newestPrimary] of opts.primary.entries()) {
    if (newestPrimary === null) continue;
    checked++;
    const copy = opts.replica.get(resourceArn);
    if (copy !== undefined && copy !== null && ageMs(copy, opts.now) < limit) continue;
    findings.push({ code: "REPLICA_RPO_BREACH", severity: "HIGH", resourceArn, vaultName: opts.vaultName,
      message: copy === undefined || copy === null
        ? `${resourceArn} has no usable recovery point in the replica vault ${opts.vaultName} (${opts.region})`
        : `Newest recovery point of ${resourceArn} in the replica vault ${opts.vaultName} (${opts.region}) is ${hours(ageMs(copy, opts.now))} old, copy RPO ${opts.copyRpoHours} h` });
  }
  return { findings, checked };
}
