import type { Finding } from "../contract";
import { vaultNameFromArn, type ProtectedResourceRecord, type RecoveryPointRecord } from "../records";
import { EXPECTED_ENV_SOURCE } from "./coverage";
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

  /** Each resource with its newest usable recovery point time (null: only unusable ones). */
  entries(): IterableIterator<[string, number | null]> {
    return this.newest.entries();
  }
}

/** RPO and coverage figures. */
export interface RpoSummary {
  protectedResources: number;
  /** Protected resources neither expected nor backed up into this validator's vaults. */
  outOfScope: number;
  /** Resources not judged: their newest point might be in an unreadable vault, or ListProtectedResources failed. */
  notChecked: number;
  checked: number;
  rpoBreaches: number;
  /** Resources the plan's selections and EXPECTED_RESOURCE_ARNS say must be protected. */
  expected: number;
  notProtected: number;
}

/**
 * RPO and coverage: every expected resource, every protected resource last backed up into one of
 * our vaults, and every resource with a recovery point there must have a usable recovery point
 * younger than the RPO target in our vaults, whatever vault its last backup went to.
 * `LastBackupTime` is only reported, never trusted: it moves even when the backup failed.
 */
export class RpoCheck {
  private readonly vaults: Set<string>;
  private readonly seenExpected = new Set<string>();
  private readonly s: RpoSummary;

  constructor(private readonly opts: {
    now: number;
    rpoHours: number;
    vaultNames: string[];
    unreadableVaults: ReadonlySet<string>;
    /** Expected resource ARN -> the selection (or EXPECTED_RESOURCE_ARNS) naming it. */
    expected: { sourceOf(arn: string): string | undefined; entries(): Iterable<[string, string]>; size: number };
    newest: NewestRecoveryPoints;
  }) {
    this.vaults = new Set(opts.vaultNames);
    this.s = { protectedResources: 0, outOfScope: 0, notChecked: 0, checked: 0, rpoBreaches: 0, expected: opts.expected.size, notProtected: 0 };
  }

  /** Checks one protected resource from ListProtectedResources. */
  addProtected(pr: ProtectedResourceRecord): Finding | undefined {
    this.s.protectedResources++;
    const selection = this.opts.expected.sourceOf(pr.resourceArn);
    const vault = vaultNameFromArn(pr.lastBackupVaultArn);
    const ours = vault !== undefined && this.vaults.has(vault);
    if (selection === undefined && !ours && this.opts.newest.get(pr.resourceArn) === undefined) {
      this.s.outOfScope++;
      return undefined;
    }
    if (selection !== undefined) this.seenExpected.add(pr.resourceArn);
    return this.judge(pr.resourceArn, pr.lastBackupTime, selection);
  }

  /**
   * Checks the expected resources ListProtectedResources did not list. Call once, at the end.
   * That listing is account-wide, so a resource absent from it has no recovery point anywhere:
   * conclusively unprotected, even when a vault is unreadable. When the listing itself failed
   * (`protectedListingRead` false) nothing can be concluded for them.
   */
  finishExpected(protectedListingRead: boolean): Finding[] {
    const out: Finding[] = [];
    for (const [arn, selection] of this.opts.expected.entries()) {
      if (this.seenExpected.has(arn)) continue;
      if (this.opts.newest.get(arn) === undefined) {
        if (!protectedListingRead) {
          this.s.notChecked++;
          continue;
        }
        this.s.notProtected++;
        out.push({ code: "RESOURCE_NOT_PROTECTED", severity: "HIGH", resourceArn: arn, selectionName: selection,
          message: `${arn} (${describeSource(selection)}) has no recovery point: AWS Backup has never backed it up` });
        continue;
      }
      const f = this.judge(arn, undefined, selection);
      if (f) out.push(f);
    }
    return out;
  }

  private judge(resourceArn: string, lastBackupTime: number | undefined, selection: string | undefined): Finding | undefined {
    const newest = this.opts.newest.get(resourceArn);
    const rpoMs = this.opts.rpoHours * 3_600_000;
    if (newest !== undefined && newest !== null && ageMs(newest, this.opts.now) < rpoMs) {
      this.s.checked++;
      return undefined;
    }
    // With a vault unreadable, a fresh point may sit there, unless no backup at all ran within the
    // RPO (LastBackupTime moves with every attempt, so an old one proves the breach).
    const attemptedWithinRpo = lastBackupTime === undefined || ageMs(lastBackupTime, this.opts.now) < rpoMs;
    if (this.opts.unreadableVaults.size > 0 && attemptedWithinRpo) {
      this.s.notChecked++;
      return undefined;
    }
    this.s.checked++;
    this.s.rpoBreaches++;
    const claimed = lastBackupTime !== undefined ? ` (ListProtectedResources reports a last backup ${hours(ageMs(lastBackupTime, this.opts.now))} ago)` : "";
    const source = selection !== undefined ? ` (${describeSource(selection)})` : "";
    const base = { code: "RPO_BREACH" as const, severity: "HIGH" as const, resourceArn, ...(selection !== undefined && { selectionName: selection }) };
    if (newest === undefined || newest === null) {
      return { ...base, message: `${resourceArn}${source} has no completed recovery point in ${this.opts.vaultNames.join(", ")}${claimed}` };
    }
    return { ...base,
      message: `Newest completed recovery point of ${resourceArn}${source} is ${hours(ageMs(newest, this.opts.now))} old, RPO target ${this.opts.rpoHours} h${claimed}` };
  }

  /** Figures so far. */
  summary(): RpoSummary {
    return { ...this.s };
  }
}

function describeSource(source: string): string {
  return source === EXPECTED_ENV_SOURCE ? `listed in ${EXPECTED_ENV_SOURCE}` : `selected by backup selection "${source}"`;
}
