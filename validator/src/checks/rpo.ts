import type { Finding } from "../contract";
import { vaultNameFromArn, type ProtectedResourceRecord, type RecoveryPointRecord } from "../records";
import { ageMs, hours } from "./window";

/** Statuses of a recovery point that can be restored from. */
const USABLE = new Set(["COMPLETED", "AVAILABLE"]);

/**
 * Remembers, per resource, the newest usable recovery point: one number per resource, whatever
 * the number of recovery points. Resources seen only with unusable recovery points map to null.
 */
export class NewestRecoveryPoints {
  private readonly newest = new Map<string, number | null>();

  /**
   * Records one recovery point. A continuous (point-in-time) recovery point in a usable status is
   * current as of `now`: it keeps recording until it stops, and then its status becomes STOPPED.
   */
  add(rp: RecoveryPointRecord, now: number): void {
    if (!rp.resourceArn) return;
    const previous = this.newest.get(rp.resourceArn) ?? null;
    if (!USABLE.has(rp.status ?? "") || rp.createdAt === undefined) {
      if (!this.newest.has(rp.resourceArn)) this.newest.set(rp.resourceArn, null);
      return;
    }
    const time = rp.recoveryPointArn.includes(":recovery-point:continuous:") ? Math.max(now, rp.createdAt) : rp.createdAt;
    this.newest.set(rp.resourceArn, previous === null ? time : Math.max(previous, time));
  }

  /** Newest usable recovery point time; null when only unusable ones exist; undefined when none. */
  get(resourceArn: string): number | null | undefined {
    return this.newest.get(resourceArn);
  }

  /** Number of resources seen. */
  get size(): number {
    return this.newest.size;
  }
}

/** RPO and coverage figures. */
export interface RpoSummary {
  protectedResources: number;
  /** Protected resources whose last backup went to a vault outside this validator's vaults. */
  outOfScope: number;
  /** Resources not judged because the vault holding their backups could not be read. */
  notChecked: number;
  checked: number;
  rpoBreaches: number;
  expected: number;
  notProtected: number;
}

/**
 * RPO and coverage: every protected resource backed up into one of our vaults, and every expected
 * resource, must have a usable recovery point younger than the RPO target in our vaults.
 * `LastBackupTime` is only reported, never trusted: it moves even when the backup failed.
 */
export class RpoCheck {
  private readonly expected: Set<string>;
  private readonly vaults: Set<string>;
  private readonly checkedArns = new Set<string>();
  private readonly s: RpoSummary;

  constructor(private readonly opts: {
    now: number;
    rpoHours: number;
    vaultNames: string[];
    unreadableVaults: ReadonlySet<string>;
    expectedResourceArns: string[];
    newest: NewestRecoveryPoints;
  }) {
    this.expected = new Set(opts.expectedResourceArns);
    this.vaults = new Set(opts.vaultNames);
    this.s = { protectedResources: 0, outOfScope: 0, notChecked: 0, checked: 0, rpoBreaches: 0, expected: this.expected.size, notProtected: 0 };
  }

  /** Checks one protected resource from ListProtectedResources. */
  addProtected(pr: ProtectedResourceRecord): Finding | undefined {
    this.s.protectedResources++;
    const vault = vaultNameFromArn(pr.lastBackupVaultArn);
    if (!this.expected.has(pr.resourceArn) && (vault === undefined || !this.vaults.has(vault))) {
      this.s.outOfScope++;
      return undefined;
    }
    if (this.expected.has(pr.resourceArn)) this.checkedArns.add(pr.resourceArn);
    if (vault !== undefined && this.opts.unreadableVaults.has(vault)) {
      this.s.notChecked++;
      return undefined;
    }
    return this.judge(pr.resourceArn, pr.lastBackupTime);
  }

  /** Checks the expected resources ListProtectedResources did not list. Call once, at the end. */
  finishExpected(): Finding[] {
    const out: Finding[] = [];
    for (const arn of this.expected) {
      if (this.checkedArns.has(arn)) continue;
      if (this.opts.newest.get(arn) === undefined) {
        // With a vault unreadable we cannot tell "no recovery point" from "not readable".
        if (this.opts.unreadableVaults.size > 0) {
          this.s.notChecked++;
          continue;
        }
        this.s.notProtected++;
        out.push({ code: "RESOURCE_NOT_PROTECTED", severity: "HIGH", resourceArn: arn,
          message: `Expected resource ${arn} has no recovery point in ${this.opts.vaultNames.join(", ")}` });
        continue;
      }
      const f = this.judge(arn, undefined);
      if (f) out.push(f);
    }
    return out;
  }

  private judge(resourceArn: string, lastBackupTime: number | undefined): Finding | undefined {
    this.s.checked++;
    const newest = this.opts.newest.get(resourceArn);
    const rpoMs = this.opts.rpoHours * 3_600_000;
    const claimed = lastBackupTime !== undefined ? ` (ListProtectedResources reports a last backup ${hours(ageMs(lastBackupTime, this.opts.now))} ago)` : "";
    if (newest === undefined || newest === null) {
      this.s.rpoBreaches++;
      return { code: "RPO_BREACH", severity: "HIGH", resourceArn,
        message: `${resourceArn} has no completed recovery point in ${this.opts.vaultNames.join(", ")}${claimed}` };
    }
    const age = ageMs(newest, this.opts.now);
    if (age < rpoMs) return undefined;
    this.s.rpoBreaches++;
    return { code: "RPO_BREACH", severity: "HIGH", resourceArn,
      message: `Newest completed recovery point of ${resourceArn} is ${hours(age)} old, RPO target ${this.opts.rpoHours} h${claimed}` };
  }

  /** Figures so far. */
  summary(): RpoSummary {
    return { ...this.s };
  }
}
