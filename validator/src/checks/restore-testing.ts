import type { Finding, Severity } from "../contract";
import type { RestoreJobRecord, RestoreTestingPlanRecord, RestoreTestingSelectionRecord } from "../records";
import { ageMs, HOUR_MS, hours, jobInWindow, type Window } from "./window";

const DAY_MS = 24 * HOUR_MS;
const BAD_VALIDATION = new Set(["FAILED", "TIMED_OUT"]);
/** How long after its validation window a restored resource may take to be deleted before it counts as left behind. */
const CLEANUP_GRACE_MS = DAY_MS;

/** What one restore testing plan's state was. */
export interface RestoreTestingPlanSummary {
  name: string;
  arn?: string;
  createdAt?: string;
  lastExecutedAt?: string;
  /** RAN (within the bound), STALE (last run older), NEVER_RAN, NOT_FOUND, or UNREAD (its selections or jobs could not be read). */
  status: "RAN" | "STALE" | "NEVER_RAN" | "NOT_FOUND" | "UNREAD";
}

/** The verdict on one thing a restore testing selection tests: a resource type, or one resource selected by ARN. */
export interface RestoreTestingTargetSummary {
  plan: string;
  selection: string;
  resourceType: string;
  /** Present when the selection names resources by ARN. */
  resourceArn?: string;
  /** PROVEN: a successful, validated restore within the bound; NOT_VALIDATED: restored but never validated; MISSING: neither. */
  status: "PROVEN" | "NOT_VALIDATED" | "MISSING";
  /** The restore that proves recovery (PROVEN), with its restore time against the RTO. */
  proof?: { jobId: string; completedAt?: string; restoreHours?: number; withinRto: boolean };
  /** The newest restore test of the target, whatever its outcome. */
  newest?: { jobId: string; status: string; validationStatus?: string; createdAt?: string };
}

/** The report's `restoreTesting` section. */
export interface RestoreTestingSection {
  maxAgeDays: number;
  rtoHours: number;
  plans: RestoreTestingPlanSummary[];
  /** Targets of the plans read in full (an UNREAD plan's are left out); null when the plans could not be listed. */
  targets: RestoreTestingTargetSummary[] | null;
  jobs: { total: number; byStatus: Record<string, number>; validation: Record<string, number>; deletion: Record<string, number> };
  proven: number;
  notValidated: number;
  missing: number;
  notCleanedUp: number;
  /** Longest restore time among the proving restores, in hours. */
  maxRestoreHours?: number;
}

interface Target {
  plan: string;
  planArn: string;
  selection: string;
  resourceType: string;
  resourceArn?: string;
  validationWindowHours: number;
}

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
const bump = (m: Record<string, number>, k: string | undefined) => {
  if (k) m[k] = (m[k] ?? 0) + 1;
};

/**
 * Restore proof: every resource type a restore testing selection tests (and every resource it
 * selects by ARN) needs a successful restore whose validation SUCCEEDED, younger than the bound,
 * that took no longer than the RTO. A plan that never ran (or not within the bound), a target
 * without such a restore (zero restores included), failed validations and restored resources
 * left behind are findings. While a plan is younger than the bound, a missing first test is
 * MEDIUM: a new plan has not had its first run yet.
 */
export class RestoreTestingCheck {
  private readonly plans: RestoreTestingPlanSummary[] = [];
  private readonly planCreated = new Map<string, number | undefined>();
  private readonly targets: Target[] = [];
  private readonly selectionsByPlan = new Map<string, number>();
  private readonly jobs: RestoreJobRecord[] = [];
  private readonly stats = { total: 0, byStatus: {} as Record<string, number>, validation: {} as Record<string, number>, deletion: {} as Record<string, number> };
  private readonly maxAgeMs: number;
  private result?: Omit<RestoreTestingSection, "maxAgeDays" | "rtoHours" | "plans" | "jobs">;

  constructor(private readonly opts: { now: number; maxAgeDays: number; rtoHours: number; window: Window; region?: string }) {
    this.maxAgeMs = opts.maxAgeDays * DAY_MS;
  }

  /** Start of the period restore tests are read for. */
  get since(): Date {
    return new Date(this.opts.now - this.maxAgeMs);
  }

  private young(createdAt: number | undefined): boolean {
    return createdAt !== undefined && ageMs(createdAt, this.opts.now) < this.maxAgeMs;
  }

  /** Judges one configured plan as ListRestoreTestingPlans described it (undefined: not listed). */
  addPlan(name: string, plan: RestoreTestingPlanRecord | undefined): Finding[] {
    const where = this.opts.region ? ` in ${this.opts.region}` : "";
    if (!plan) {
      this.plans.push({ name, status: "NOT_FOUND" });
      return [{ code: "RESTORE_TEST_PLAN_NOT_RUN", severity: "HIGH", message: `Restore testing plan ${name} does not exist${where}: nothing tests restores` }];
    }
    this.planCreated.set(plan.arn, plan.createdAt);
    const summary: RestoreTestingPlanSummary = { name, arn: plan.arn, createdAt: iso(plan.createdAt), lastExecutedAt: iso(plan.lastExecutedAt), status: "RAN" };
    this.plans.push(summary);
    if (plan.lastExecutedAt === undefined) {
      summary.status = "NEVER_RAN";
      const young = this.young(plan.createdAt);
      const created = plan.createdAt === undefined ? "" : ` (created ${hours(ageMs(plan.createdAt, this.opts.now))} ago)`;
      return [{ code: "RESTORE_TEST_PLAN_NOT_RUN", severity: young ? "MEDIUM" : "HIGH",
        message: `Restore testing plan ${name} has never run${created}${young ? "; its first run is still due" : ""}` }];
    }
    if (ageMs(plan.lastExecutedAt, this.opts.now) >= this.maxAgeMs) {
      summary.status = "STALE";
      return [{ code: "RESTORE_TEST_PLAN_NOT_RUN", severity: "HIGH",
        message: `Restore testing plan ${name} last ran ${hours(ageMs(plan.lastExecutedAt, this.opts.now))} ago, over the bound of ${this.opts.maxAgeDays} days` }];
    }
    return [];
  }

  /** Marks a plan whose selections or jobs could not be read: its targets are not judged. */
  unread(planName: string): void {
    const p = this.plans.find((x) => x.name === planName);
    if (p) p.status = "UNREAD";
  }

  /** Adds what one selection of a listed plan tests: its type, or each resource it names by ARN. */
  addSelection(planArn: string, s: RestoreTestingSelectionRecord): void {
    this.selectionsByPlan.set(s.planName, (this.selectionsByPlan.get(s.planName) ?? 0) + 1);
    const base = { plan: s.planName, planArn, selection: s.name, resourceType: s.resourceType, validationWindowHours: s.validationWindowHours ?? 0 };
    const arns = s.resourceArns.filter((a) => a !== "*");
    if (arns.length === 0 || s.resourceArns.includes("*")) this.targets.push(base);
    else for (const resourceArn of arns) this.targets.push({ ...base, resourceArn });
  }

  /** Adds one restore job a restore testing plan started (listed by plan ARN, created within the bound). */
  addJob(job: RestoreJobRecord): void {
    this.jobs.push(job);
    this.stats.total++;
    bump(this.stats.byStatus, job.status);
    bump(this.stats.validation, job.validationStatus);
    bump(this.stats.deletion, job.deletionStatus);
  }

  private matches(t: Target, j: RestoreJobRecord): boolean {
    return j.restoreTestingPlanArn === t.planArn && j.resourceType === t.resourceType && (t.resourceArn === undefined || j.resourceArn === t.resourceArn);
  }

  /**
   * Judges every target of the plans read in full (`judgedPlans`, by name). Restore jobs inside
   * the run's window were already judged by the restore job check (RTO, validation), so only
   * older ones give those findings here.
   */
  finish(judgedPlans: ReadonlySet<string>): Finding[] {
    const out: Finding[] = [];
    const reported = new Set<string>();
    const rtoMs = this.opts.rtoHours * HOUR_MS;
    const targets: RestoreTestingTargetSummary[] = [];
    let maxRestoreHours: number | undefined;
    const inWindow = (j: RestoreJobRecord) => jobInWindow(j, false, this.opts.window);

    for (const p of this.plans) {
      if (p.arn && judgedPlans.has(p.name) && !this.selectionsByPlan.get(p.name)) {
        out.push({ code: "RESTORE_TEST_MISSING", severity: "HIGH", message: `Restore testing plan ${p.name} has no selections: it tests nothing` });
      }
    }
    for (const t of this.targets) {
      if (!judgedPlans.has(t.plan)) continue;
      const jobs = this.jobs.filter((j) => this.matches(t, j)).sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
      const what = t.resourceArn ? `${t.resourceType} resource ${t.resourceArn}` : `${t.resourceType} resources`;
      const base = { ...(t.resourceArn && { resourceArn: t.resourceArn }), selectionName: t.selection };
      const newest = jobs[0];
      const summary: RestoreTestingTargetSummary = {
        plan: t.plan, selection: t.selection, resourceType: t.resourceType, ...(t.resourceArn && { resourceArn: t.resourceArn }), status: "MISSING",
        ...(newest && { newest: { jobId: newest.jobId, status: newest.status, ...(newest.validationStatus && { validationStatus: newest.validationStatus }), createdAt: iso(newest.createdAt) } }),
      };
      targets.push(summary);
      const proofIndex = jobs.findIndex((j) => j.status === "COMPLETED" && j.validationStatus === "SUCCESSFUL");
      const proof = proofIndex < 0 ? undefined : jobs[proofIndex];
      // Validation failures newer than the proof are still the current state of that target (those
      // in the window were already reported by the restore job check).
      const failedValidation = (proofIndex < 0 ? jobs : jobs.slice(0, proofIndex)).filter((j) => j.validationStatus && BAD_VALIDATION.has(j.validationStatus));
      for (const j of failedValidation) {
        if (!inWindow(j) && !reported.has(j.jobId)) {
          reported.add(j.jobId);
          out.push({ code: "RESTORE_VALIDATION_FAILED", severity: "HIGH", jobId: j.jobId, ...base, ...(j.resourceArn && { resourceArn: j.resourceArn }),
            message: `Restore test validation ${j.validationStatus === "TIMED_OUT" ? "timed out" : "failed"} for ${j.resourceArn ?? what}${j.validationMessage ? `: ${j.validationMessage}` : ""}` });
        }
      }
      if (proof) {
        summary.status = "PROVEN";
        const duration = proof.createdAt !== undefined && proof.completedAt !== undefined ? Math.max(0, proof.completedAt - proof.createdAt) : undefined;
        const restoreHours = duration === undefined ? undefined : Math.round((duration / HOUR_MS) * 100) / 100;
        const withinRto = duration === undefined || duration <= rtoMs;
        summary.proof = { jobId: proof.jobId, completedAt: iso(proof.completedAt), ...(restoreHours !== undefined && { restoreHours }), withinRto };
        if (restoreHours !== undefined) maxRestoreHours = Math.max(maxRestoreHours ?? 0, restoreHours);
        if (!withinRto && !inWindow(proof) && !reported.has(`rto:${proof.jobId}`)) {
          reported.add(`rto:${proof.jobId}`);
          out.push({ code: "RTO_BREACH", severity: "HIGH", jobId: proof.jobId, ...base,
            message: `Restore test of ${proof.resourceArn ?? what} took ${hours(duration!)}, over the RTO target of ${this.opts.rtoHours} h` });
        }
        continue;
      }
      // A failed validation is the finding already; "missing" would say the same twice.
      if (failedValidation.length > 0) continue;
      const restored = jobs.find((j) => j.status === "COMPLETED");
      if (restored) {
        summary.status = "NOT_VALIDATED";
        out.push({ code: "RESTORE_TEST_NOT_VALIDATED", severity: "MEDIUM", jobId: restored.jobId, ...base,
          message: `${what} (restore testing selection ${t.selection}) restored ${hours(ageMs(restored.completedAt ?? restored.createdAt ?? this.opts.now, this.opts.now))} ago, ` +
            `but no restore in ${this.opts.maxAgeDays} days was validated (validation ${restored.validationStatus ?? "not reported"}): send PutRestoreValidationResult from a validation function` });
        continue;
      }
      const severity: Severity = this.young(this.planCreated.get(t.planArn)) ? "MEDIUM" : "HIGH";
      const last = newest ? `; newest restore test ${newest.status}${newest.statusMessage ? `: ${newest.statusMessage}` : ""}` : "; no restore test ran";
      out.push({ code: "RESTORE_TEST_MISSING", severity, ...base,
        message: `${what} (restore testing selection ${t.selection}) have no successful restore test in the last ${this.opts.maxAgeDays} days${last}` });
    }
    const notCleanedUp = this.cleanup(out, judgedPlans);
    const count = (s: RestoreTestingTargetSummary["status"]) => targets.filter((t) => t.status === s).length;
    this.result = { targets, proven: count("PROVEN"), notValidated: count("NOT_VALIDATED"), missing: count("MISSING"), notCleanedUp, ...(maxRestoreHours !== undefined && { maxRestoreHours }) };
    return out;
  }

  /** Restored resources a test should have deleted: deletion FAILED, or not deleted a day after the validation window. */
  private cleanup(out: Finding[], judgedPlans: ReadonlySet<string>): number {
    let n = 0;
    const planNames = new Map(this.plans.map((p) => [p.arn, p.name]));
    for (const j of this.jobs) {
      const plan = planNames.get(j.restoreTestingPlanArn);
      if (!plan || !judgedPlans.has(plan) || j.status !== "COMPLETED" || !j.createdResourceArn || j.deletionStatus === "SUCCESSFUL") continue;
      const windowHours = Math.max(0, ...this.targets.filter((t) => t.plan === plan && t.resourceType === j.resourceType).map((t) => t.validationWindowHours));
      const due = (j.completedAt ?? j.createdAt ?? this.opts.now) + windowHours * HOUR_MS + CLEANUP_GRACE_MS;
      if (j.deletionStatus !== "FAILED" && due > this.opts.now) continue;
      n++;
      out.push({ code: "RESTORE_TEST_NOT_CLEANED_UP", severity: "MEDIUM", jobId: j.jobId, resourceArn: j.createdResourceArn,
        message: j.deletionStatus === "FAILED"
          ? `Restore test resource ${j.createdResourceArn} could not be deleted${j.deletionMessage ? `: ${j.deletionMessage}` : ""}; delete it by hand`
          : `Restore test resource ${j.createdResourceArn} still exists (deletion ${j.deletionStatus ?? "not started"}) ${hours(ageMs(due - CLEANUP_GRACE_MS, this.opts.now))} after its validation window` });
    }
    return n;
  }

  /** The report section; `targets` is null unless {@link finish} ran. */
  section(): RestoreTestingSection {
    const r = this.result;
    return {
      maxAgeDays: this.opts.maxAgeDays,
      rtoHours: this.opts.rtoHours,
      plans: this.plans.map((p) => ({ ...p })),
      targets: r ? r.targets : null,
      jobs: { total: this.stats.total, byStatus: { ...this.stats.byStatus }, validation: { ...this.stats.validation }, deletion: { ...this.stats.deletion } },
      proven: r?.proven ?? 0,
      notValidated: r?.notValidated ?? 0,
      missing: r?.missing ?? 0,
      notCleanedUp: r?.notCleanedUp ?? 0,
      ...(r?.maxRestoreHours !== undefined && { maxRestoreHours: r.maxRestoreHours }),
    };
  }
}
