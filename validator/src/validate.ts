import { AirGappedCopyCheck } from "./checks/air-gapped";
import { ACTIVE_BACKUP_STATES, BackupJobCheck } from "./checks/backup-jobs";
import { CopyJobCheck, isReplicaVault, ruleCopiesTo } from "./checks/copy-jobs";
import { EXPECTED_ENV_SOURCE, ExpectedResources } from "./checks/coverage";
import { RecoveryPointCheck } from "./checks/recovery-points";
import { OPEN_RESTORE_STATUSES, RestoreJobCheck } from "./checks/restore-jobs";
import { checkReplicaLock, checkReplicaRpo, type DisasterRecoverySummary } from "./checks/replica";
import { RestoreTestingCheck } from "./checks/restore-testing";
import { NewestRecoveryPoints, RpoCheck } from "./checks/rpo";
import { lookbackWindow, type Window } from "./checks/window";
import type { Finding } from "./contract";
import type { ValidatorConfig } from "./config";
import { FindingCollector } from "./findings";
import { vaultNameFromArn, type BackupJobRecord, type CopyJobRecord, type RestoreJobRecord, type SelectionRecord } from "./records";
import { silentLogger, type Logger } from "./log";
import { buildReport, type Report, type SourceError } from "./report";
import {
  errorMessage,
  listBackupJobs,
  listCopyJobs,
  listProtectedResources,
  listRecoveryPoints,
  listRestoreJobs,
  PlanCopyRuleCache,
  type JobFilter,
} from "./aws/backup";
import type { Clients } from "./aws/clients";
import { Deadline } from "./aws/deadline";
import { getSelection, listSelectionIds } from "./aws/selections";
import { getTaggedResources } from "./aws/tagging";
import { describeVaultLock, getRestoreTestingSelection, listRestoreTestingPlans, listRestoreTestingSelectionNames } from "./aws/restore-testing";

/** Options of one validation run. */
export interface RunOptions {
  config: ValidatorConfig;
  clients: Clients;
  /** When listing must stop. @default no deadline */
  deadline?: Deadline;
  /** Evaluation time. @default now */
  now?: Date;
  /** Findings of one code that keep their details. @default 30 */
  maxFindingsPerCode?: number;
  /** Hours after a backup completes before a missing copy is reported. @default 2 */
  copyGraceHours?: number;
  logger?: Logger;
  /**
   * Job listings already read, for one region (organization mode: the coordinator lists every
   * account's jobs at once); the run reads them instead of calling the API there.
   * @default live listings
   */
  jobs?: PreListedJobs;
}

/** Reads one kind of job under a listing filter. */
export type JobLister<T> = (filter: JobFilter, deadline: Deadline) => AsyncGenerator<T[]>;

/** Job listings of one region that come from elsewhere than the run's own API calls. */
export interface PreListedJobs {
  region: string;
  backupJobs: JobLister<BackupJobRecord>;
  copyJobs: JobLister<CopyJobRecord>;
  restoreJobs: JobLister<RestoreJobRecord>;
}

/** The live listings of one client. */
const liveJobs = (client: ReturnType<Clients["backup"]>): Omit<PreListedJobs, "region"> => ({
  backupJobs: (f, d) => listBackupJobs(client, f, d),
  copyJobs: (f, d) => listCopyJobs(client, f, d),
  restoreJobs: (f, d) => listRestoreJobs(client, f, d),
});

/** Shared state of one run. */
interface Run {
  config: ValidatorConfig;
  window: Window;
  now: number;
  deadline: Deadline;
  findings: FindingCollector;
  errors: SourceError[];
  notes: string[];
  logger: Logger;
}

/**
 * The open states each kind of job is listed in besides the window (see windowListings). The
 * organization coordinator lists by the same table, so a worker's slice holds every job its
 * listings ask for.
 */
export const OPEN_JOB_STATES = {
  backupJobs: ACTIVE_BACKUP_STATES,
  copyJobs: [],
  restoreJobs: OPEN_RESTORE_STATUSES,
} as const satisfies Record<Exclude<keyof PreListedJobs, "region">, readonly string[]>;

/**
 * The job listings of one window: jobs created in it, jobs created before it that ended in it
 * (a weekly job may start days before it fails), and, for each open state, jobs created before it
 * still open. The three are disjoint by creation time; callers still de-duplicate by job id.
 */
export function windowListings(start: Date, openStates: readonly string[]): { label: string; filter: JobFilter }[] {
  return [
    { label: "", filter: { createdAfter: start } },
    { label: "(ended in window)", filter: { createdBefore: start, completeAfter: start } },
    ...openStates.map((state) => ({ label: `(${state})`, filter: { createdBefore: start, state } })),
  ];
}

/** A filter that lets each key through once. */
function firstSeen(): (key: string) => boolean {
  const seen = new Set<string>();
  return (key) => !seen.has(key) && !!seen.add(key);
}

/**
 * Runs every check against live listings and returns the report. Listings run in independent
 * streams (jobs; restores; the plan's selections; vaults then resources; restore testing; the
 * replica's lock), each
 * aggregating page by page. A listing that fails is reported in `summary.errors` and the others
 * carry on.
 */
export async function runValidation(opts: RunOptions): Promise<Report> {
  const { config, clients } = opts;
  const nowDate = opts.now ?? new Date();
  const run: Run = {
    config,
    window: lookbackWindow(nowDate.getTime(), config.lookbackHours),
    now: nowDate.getTime(),
    deadline: opts.deadline ?? Deadline.none(),
    findings: new FindingCollector(opts.maxFindingsPerCode ?? 30),
    errors: [],
    notes: [],
    logger: opts.logger ?? silentLogger,
  };
  const backup = clients.backup(config.region);
  const jobsIn = (region: string | undefined, client: ReturnType<Clients["backup"]>) =>
    opts.jobs && region !== undefined && region === opts.jobs.region ? opts.jobs : liveJobs(client);
  const jobs = jobsIn(config.region, backup);
  const start = new Date(run.window.start);

  const backupJobs = new BackupJobCheck({ window: run.window, stuckJobHours: config.stuckJobHours });
  const graceHours = opts.copyGraceHours ?? 2;
  const copyJobs = new CopyJobCheck({ window: run.window, replica: config.replica, graceHours });
  const restoreJobs = new RestoreJobCheck({ window: run.window, rtoHours: config.rtoHours });
  const primaryPoints = new RecoveryPointCheck({ expectedKmsKeyArn: config.expectedKmsKeyArn });
  // The expected key is a key in the primary region; the replica vault has its own key.
  const replicaPoints = config.replica ? new RecoveryPointCheck({}) : undefined;
  const newest = new NewestRecoveryPoints();
  const newestReplica = new NewestRecoveryPoints();
  const unreadable = new Set<string>();
  const partialReasons: string[] = [];
  const done: { rpo?: RpoCheck; coverage?: ExpectedResources; dr?: DisasterRecoverySummary } = config.replica
    ? { dr: { replica: config.replica, copyRpoHours: config.copyRpoHours, lock: null, resourcesChecked: null, replicaRpoBreaches: 0 } }
    : {};

  // Job listings are account-wide; only jobs touching our vaults are ours to judge.
  const primary = new Set(config.vaultNames);
  const outOfScope = { backupJobs: 0, copyJobs: 0, restoreJobs: 0 };
  const ours = (vaultName: string | undefined, kind: keyof typeof outOfScope, alsoOurs = false) => {
    if (vaultName === undefined || primary.has(vaultName) || alsoOurs) return true;
    outOfScope[kind]++;
    return false;
  };
  const isReplica = (vaultArn: string | undefined) => !!config.replica && isReplicaVault(vaultArn, config.replica);
  const airGapped = config.airGappedVaultArn
    ? new AirGappedCopyCheck({ vaultArn: config.airGappedVaultArn, window: run.window, graceHours })
    : undefined;

  const addCopy = (j: CopyJobRecord) => {
    airGapped?.addCopy(j);
    return copyJobs.add(j);
  };
  const jobsStream = async () => {
    const newCopy = firstSeen();
    let copiesRead = true;
    for (const { label, filter } of windowListings(start, OPEN_JOB_STATES.copyJobs)) {
      copiesRead = (await drain(run, `ListCopyJobs${label}`, jobs.copyJobs(filter, run.deadline), (j) =>
        newCopy(j.jobId) && ours(vaultNameFromArn(j.sourceVaultArn), "copyJobs", isReplica(j.destinationVaultArn) || !!airGapped?.isTarget(j.destinationVaultArn))
          ? addCopy(j) : undefined)) && copiesRead;
    }
    // Without the full copy listing every backup would look uncopied: skip the check instead.
    const plans = (config.replica || airGapped) && copiesRead && !run.deadline.reached ? new PlanCopyRuleCache(backup, run.deadline) : undefined;
    const newBackup = firstSeen();
    const judge = async (job: BackupJobRecord) => {
      if (!newBackup(job.jobId) || !ours(job.vaultName, "backupJobs")) return undefined;
      const f = backupJobs.add(job);
      if (!plans || job.state !== "COMPLETED" || !job.createdBy) return f;
      const rules = await plans.get(job.createdBy.planId, job.createdBy.versionId);
      const ruleId = job.createdBy.ruleId;
      return [
        f,
        ruleCopiesTo(rules, ruleId, isReplica) ? copyJobs.checkBackupCopied(job) : undefined,
        airGapped && ruleCopiesTo(rules, ruleId, (arn) => airGapped.isTarget(arn)) ? airGapped.checkBackup(job) : undefined,
      ];
    };
    for (const { label, filter } of windowListings(start, OPEN_JOB_STATES.backupJobs)) {
      await drain(run, `ListBackupJobs${label}`, jobs.backupJobs(filter, run.deadline), judge);
    }
    for (const e of plans?.errors ?? []) {
      // Our own plan unreadable means the copy check could not run: the tool's failure. Another
      // team's plan (or a replaced one) is expected to be out of reach: a note, not a failure.
      if (e.planId === config.planId) run.errors.push({ source: `GetBackupPlan ${e.planKey}`, message: e.message });
      else run.notes.push(`backups of plan ${e.planKey} not checked for copies: ${e.message}`);
    }
  };

  const restoreStream = async () => {
    // DR drills restore from the replica vault, in the replica region.
    const regions = [config.region, ...(config.replica ? [config.replica.region] : [])];
    const newRestore = firstSeen();
    for (const [i, region] of regions.entries()) {
      const client = i === 0 ? backup : clients.backup(region);
      for (const { label, filter } of windowListings(start, OPEN_JOB_STATES.restoreJobs)) {
        await drain(run, `ListRestoreJobs${label}${i === 0 ? "" : ` ${region}`}`, jobsIn(region, client).restoreJobs(filter, run.deadline), (j) =>
          newRestore(`${i}/${j.jobId}`) && ours(vaultNameFromArn(j.vaultArn), "restoreJobs", isReplica(j.vaultArn)) ? restoreJobs.add(j) : []);
      }
    }
  };

  const coverageStream = async (): Promise<ExpectedResources | undefined> => {
    const expected = new ExpectedResources();
    for (const arn of config.expectedResourceArns) expected.add(arn, EXPECTED_ENV_SOURCE);
    if (!config.planId) return expected;
    const planId = config.planId;
    const tagging = clients.tagging(config.region);
    const ids: string[] = [];
    const listed = await drain(run, `ListBackupSelections ${planId}`, listSelectionIds(backup, planId, run.deadline), (page) => {
      ids.push(page);
      return undefined;
    });
    if (!listed) return undefined;
    for (const id of ids) {
      let selection: SelectionRecord;
      let source = `GetBackupSelection ${id}`;
      try {
        selection = await getSelection(backup, planId, id, run.deadline);
        source = `tag:GetResources for selection ${selection.name}`;
        await expected.addSelection(selection, (q) => getTaggedResources(tagging, q, run.deadline));
      } catch (err) {
        if (run.deadline.expired()) run.deadline.markReached();
        else recordError(run, source, err);
        return undefined;
      }
    }
    return run.deadline.reached ? undefined : expected;
  };

  const vaultStream = async (coverage: Promise<ExpectedResources | undefined>) => {
    for (const vaultName of config.vaultNames) {
      const ok = await drainVault(run, vaultName, config.region, listRecoveryPoints(backup, vaultName, run.deadline), (rp) => {
        newest.add(rp, run.now);
        return primaryPoints.add(rp);
      });
      if (!ok) unreadable.add(vaultName);
    }
    run.findings.add(...primaryPoints.finish());
    const primaryComplete = !run.deadline.reached;
    let replicaRead = false;
    if (config.replica && replicaPoints) {
      const replicaClient = clients.backup(config.replica.region);
      replicaRead = await drainVault(run, config.replica.vaultName, config.replica.region,
        listRecoveryPoints(replicaClient, config.replica.vaultName, run.deadline), (rp) => {
          newestReplica.add(rp, run.now);
          return replicaPoints.add(rp);
        });
      run.findings.add(...replicaPoints.finish());
      if (done.dr) {
        // Judged only on full listings: a missing page would look like a missing copy.
        if (primaryComplete && unreadable.size === 0 && replicaRead && !run.deadline.reached) {
          const r = checkReplicaRpo({ now: run.now, copyRpoHours: config.copyRpoHours, ...config.replica, primary: newest, replica: newestReplica });
          run.findings.add(...r.findings);
          done.dr.resourcesChecked = r.checked;
          done.dr.replicaRpoBreaches = r.findings.length;
        } else {
          partialReasons.push("primary or replica recovery points not read in full: the replica's copy RPO was not evaluated");
        }
      }
    }
    if (!primaryComplete) {
      partialReasons.push("recovery point listing stopped at the deadline: RPO and coverage not evaluated");
      return;
    }
    const expected = await coverage;
    if (!expected) partialReasons.push("the backup plan's selections could not be resolved: resources they select were not checked for coverage");
    done.coverage = expected;
    const check = new RpoCheck({
      now: run.now,
      rpoHours: config.rpoHours,
      vaultNames: config.vaultNames,
      unreadableVaults: unreadable,
      expected: expected ?? new ExpectedResources(),
      newest,
    });
    const protectedRead = await drain(run, "ListProtectedResources", listProtectedResources(backup, run.deadline), (r) => check.addProtected(r));
    run.findings.add(...check.finishExpected(protectedRead && !run.deadline.reached));
    done.rpo = check;
  };

  // The replica's lock: one DescribeBackupVault, only when a lock is expected.
  const lockStream = async () => {
    if (!config.replica || !config.replicaLock || !done.dr) return;
    const { region, vaultName } = config.replica;
    try {
      const actual = await describeVaultLock(clients.backup(region), vaultName, run.deadline);
      done.dr.lock = { expected: config.replicaLock, ...actual };
      run.findings.add(checkReplicaLock(vaultName, region, config.replicaLock, actual));
    } catch (err) {
      // A missing vault is already VAULT_UNREADABLE from its listing.
      if (run.deadline.expired()) run.deadline.markReached();
      else if (!vaultMissing(err)) recordError(run, `DescribeBackupVault ${vaultName} in ${region}`, err);
    }
  };

  const restoreTesting = config.restoreTestingPlanNames.length > 0
    ? new RestoreTestingCheck({ now: run.now, maxAgeDays: config.restoreTestMaxAgeDays, rtoHours: config.rtoHours, window: run.window, region: config.region })
    : undefined;
  const restoreTestingStream = async () => {
    if (!restoreTesting) return;
    const wanted = new Set(config.restoreTestingPlanNames);
    const plans = new Map<string, { name: string; arn: string; createdAt?: number; lastExecutedAt?: number }>();
    const listed = await drain(run, "ListRestoreTestingPlans", listRestoreTestingPlans(backup, run.deadline), (p) => {
      if (wanted.has(p.name)) plans.set(p.name, p);
      return undefined;
    });
    if (!listed) return;
    const judged = new Set<string>();
    for (const name of config.restoreTestingPlanNames) {
      const plan = plans.get(name);
      run.findings.add(...restoreTesting.addPlan(name, plan));
      if (!plan) continue;
      if (await readRestoreTestingPlan(run, backup, restoreTesting, plan)) judged.add(name);
      else restoreTesting.unread(name);
    }
    run.findings.add(...restoreTesting.finish(run.deadline.reached ? new Set() : judged));
  };

  const coverage = coverageStream();
  await Promise.all([jobsStream(), restoreStream(), coverage, vaultStream(coverage), lockStream(), restoreTestingStream()]);
  if (run.deadline.reached) partialReasons.unshift("listing stopped before the Lambda deadline; later pages were not read");

  return buildReport(nowDate, run.findings, {
    ...(config.region && { region: config.region }),
    window: { start: start.toISOString(), end: nowDate.toISOString(), lookbackHours: config.lookbackHours },
    targets: { rpoHours: config.rpoHours, rtoHours: config.rtoHours, stuckJobHours: config.stuckJobHours },
    vaults: { primary: config.vaultNames, ...(config.replica && { replica: config.replica }) },
    jobsOutsideVaults: outOfScope,
    backupJobs: backupJobs.summary(),
    copyJobs: copyJobs.summary(),
    restoreJobs: restoreJobs.summary(),
    recoveryPoints: { primary: primaryPoints.summary(), ...(replicaPoints && { replica: replicaPoints.summary() }) },
    resources: done.rpo ? done.rpo.summary() : null,
    coverage: done.coverage ? done.coverage.summary() : null,
    disasterRecovery: done.dr ?? null,
    ...(airGapped && { airGapped: airGapped.summary() }),
    errors: run.errors,
    partialReasons,
    notes: run.notes,
  }, restoreTesting?.section() ?? null);
}

/**
 * Reads one restore testing plan's selections and the restore jobs it started within the bound
 * into the check. Returns whether everything was read.
 */
async function readRestoreTestingPlan(run: Run, backup: ReturnType<Clients["backup"]>, check: RestoreTestingCheck, plan: { name: string; arn: string }): Promise<boolean> {
  const names: string[] = [];
  const listed = await drain(run, `ListRestoreTestingSelections ${plan.name}`, listRestoreTestingSelectionNames(backup, plan.name, run.deadline), (n) => {
    names.push(n);
    return undefined;
  });
  if (!listed) return false;
  for (const selection of names) {
    try {
      check.addSelection(plan.arn, await getRestoreTestingSelection(backup, plan.name, selection, run.deadline));
    } catch (err) {
      if (run.deadline.expired()) run.deadline.markReached();
      else recordError(run, `GetRestoreTestingSelection ${plan.name}/${selection}`, err);
      return false;
    }
  }
  return drain(run, `ListRestoreJobs (restore testing plan ${plan.name})`,
    listRestoreJobs(backup, { createdAfter: check.since, restoreTestingPlanArn: plan.arn }, run.deadline), (j) => {
      check.addJob(j);
      return undefined;
    });
}

type Check<T> = (item: T) => Finding | undefined | (Finding | undefined)[] | Promise<Finding | undefined | (Finding | undefined)[]>;

function recordError(run: Run, source: string, err: unknown): string {
  const message = errorMessage(err);
  run.errors.push({ source, message });
  run.logger.error("read failed", { source, error: message });
  return message;
}

/**
 * Feeds every item of a listing to a check. Returns the error (a string) when the listing
 * failed, undefined when it was read; the error stays with this listing's own result, so
 * concurrent listings can never swap causes.
 */
async function read<T>(pages: AsyncGenerator<T[]>, run: Run, check: Check<T>): Promise<unknown> {
  try {
    for await (const page of pages) {
      for (const item of page) {
        const r = await check(item);
        if (Array.isArray(r)) run.findings.add(...r);
        else run.findings.add(r);
      }
    }
    return undefined;
  } catch (err) {
    return err ?? new Error("unknown error");
  }
}

/** Reads a listing; a failure goes to `summary.errors` under `source`. Returns whether it was read. */
async function drain<T>(run: Run, source: string, pages: AsyncGenerator<T[]>, check: Check<T>): Promise<boolean> {
  const err = await read(pages, run, check);
  if (err === undefined) return true;
  recordError(run, source, err);
  return false;
}

/** Whether an error says the vault does not exist (as opposed to the validator being unable to read it). */
const vaultMissing = (err: unknown) => err instanceof Error && err.name === "ResourceNotFoundException";

/**
 * Reads a vault's recovery points. A vault that does not exist is a VAULT_UNREADABLE finding
 * (backups have nowhere to go); any other failure is the tool's and goes to `summary.errors`.
 * Returns false when the vault could not be read (a missing vault reads as empty).
 */
async function drainVault<T>(run: Run, vaultName: string, region: string | undefined, pages: AsyncGenerator<T[]>, check: Check<T>): Promise<boolean> {
  const err = await read(pages, run, check);
  if (err === undefined) return true;
  const where = `${vaultName}${region ? ` in ${region}` : ""}`;
  if (!vaultMissing(err)) {
    recordError(run, `ListRecoveryPointsByBackupVault ${where}`, err);
    return false;
  }
  run.findings.add({ code: "VAULT_UNREADABLE", severity: "HIGH", vaultName,
    message: `Backup vault ${where} does not exist: ${errorMessage(err)}` });
  return true;
}
