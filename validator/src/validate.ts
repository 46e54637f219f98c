import { ACTIVE_BACKUP_STATES, BackupJobCheck } from "./checks/backup-jobs";
import { CopyJobCheck, isReplicaVault, ruleCopiesToReplica } from "./checks/copy-jobs";
import { RecoveryPointCheck } from "./checks/recovery-points";
import { RestoreJobCheck } from "./checks/restore-jobs";
import { NewestRecoveryPoints, RpoCheck } from "./checks/rpo";
import { lookbackWindow, type Window } from "./checks/window";
import type { Finding } from "./contract";
import type { ValidatorConfig } from "./config";
import { FindingCollector } from "./findings";
import { vaultNameFromArn } from "./records";
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
} from "./aws/backup";
import type { Clients } from "./aws/clients";
import { Deadline } from "./aws/deadline";

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
}

/** Shared state of one run. */
interface Run {
  config: ValidatorConfig;
  window: Window;
  now: number;
  deadline: Deadline;
  findings: FindingCollector;
  errors: SourceError[];
  logger: Logger;
}

/**
 * Runs every check against live listings and returns the report. Listings run in three
 * independent streams (jobs, restores, vaults then resources), each aggregating page by page.
 * A listing that fails is reported and the others carry on.
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
    logger: opts.logger ?? silentLogger,
  };
  const backup = clients.backup(config.region);

  const backupJobs = new BackupJobCheck({ window: run.window, stuckJobHours: config.stuckJobHours });
  const copyJobs = new CopyJobCheck({ window: run.window, replica: config.replica, graceHours: opts.copyGraceHours ?? 2 });
  const restoreJobs = new RestoreJobCheck({ window: run.window, rtoHours: config.rtoHours });
  const primaryPoints = new RecoveryPointCheck({ expectedKmsKeyArn: config.expectedKmsKeyArn });
  // The expected key is a key in the primary region; the replica vault has its own key.
  const replicaPoints = config.replica ? new RecoveryPointCheck({}) : undefined;
  const newest = new NewestRecoveryPoints();
  const unreadable = new Set<string>();
  const partialReasons: string[] = [];
  const done: { rpo?: RpoCheck } = {};

  // Job listings are account-wide; only jobs touching our vaults are ours to judge.
  const primary = new Set(config.vaultNames);
  const outOfScope = { backupJobs: 0, copyJobs: 0, restoreJobs: 0 };
  const ours = (vaultName: string | undefined, kind: keyof typeof outOfScope, alsoOurs = false) => {
    if (vaultName === undefined || primary.has(vaultName) || alsoOurs) return true;
    outOfScope[kind]++;
    return false;
  };

  const jobsStream = async () => {
    const copiesRead = await drain(run, "ListCopyJobs", listCopyJobs(backup, new Date(run.window.start), run.deadline), (j) =>
      ours(vaultNameFromArn(j.sourceVaultArn), "copyJobs", !!config.replica && isReplicaVault(j.destinationVaultArn, config.replica))
        ? copyJobs.add(j) : undefined);
    // Without the full copy listing every backup would look uncopied: skip the check instead.
    const plans = config.replica && copiesRead && !run.deadline.reached ? new PlanCopyRuleCache(backup) : undefined;
    await drain(run, "ListBackupJobs", listBackupJobs(backup, { createdAfter: new Date(run.window.start) }, run.deadline), async (job) => {
      if (!ours(job.vaultName, "backupJobs")) return undefined;
      const f = backupJobs.add(job);
      if (!plans || !config.replica || job.state !== "COMPLETED" || !job.createdBy) return f;
      const rules = await plans.get(job.createdBy.planId, job.createdBy.versionId);
      return ruleCopiesToReplica(rules, job.createdBy.ruleId, config.replica) ? [f, copyJobs.checkBackupCopied(job)] : f;
    });
    for (const e of plans?.errors ?? []) run.errors.push({ source: `GetBackupPlan ${e.planKey}`, message: e.message });
    // Jobs started before the window and still active are only visible through their state.
    for (const state of ACTIVE_BACKUP_STATES) {
      await drain(run, `ListBackupJobs(${state})`, listBackupJobs(backup, { createdBefore: new Date(run.window.start), state }, run.deadline),
        (j) => (j.vaultName === undefined || primary.has(j.vaultName) ? backupJobs.addActiveBeforeWindow(j) : undefined));
    }
  };

  const restoreStream = () =>
    drain(run, "ListRestoreJobs", listRestoreJobs(backup, new Date(run.window.start), run.deadline), (j) =>
      ours(vaultNameFromArn(j.vaultArn), "restoreJobs", !!config.replica && isReplicaVault(j.vaultArn, config.replica))
        ? restoreJobs.add(j) : []);

  const vaultStream = async () => {
    for (const vaultName of config.vaultNames) {
      const ok = await drainVault(run, vaultName, config.region, listRecoveryPoints(backup, vaultName, run.deadline), (rp) => {
        newest.add(rp, run.now);
        return primaryPoints.add(rp);
      });
      if (!ok) unreadable.add(vaultName);
    }
    const primaryComplete = !run.deadline.reached;
    if (config.replica && replicaPoints) {
      const replicaClient = clients.backup(config.replica.region);
      await drainVault(run, config.replica.vaultName, config.replica.region,
        listRecoveryPoints(replicaClient, config.replica.vaultName, run.deadline), (rp) => replicaPoints.add(rp));
    }
    if (!primaryComplete) {
      partialReasons.push("recovery point listing stopped at the deadline: RPO and coverage not evaluated");
      return;
    }
    const check = new RpoCheck({
      now: run.now,
      rpoHours: config.rpoHours,
      vaultNames: config.vaultNames,
      unreadableVaults: unreadable,
      expectedResourceArns: config.expectedResourceArns,
      newest,
    });
    await drain(run, "ListProtectedResources", listProtectedResources(backup, run.deadline), (r) => check.addProtected(r));
    run.findings.add(...check.finishExpected());
    done.rpo = check;
  };

  await Promise.all([jobsStream(), restoreStream(), vaultStream()]);
  if (run.deadline.reached) partialReasons.unshift("listing stopped before the Lambda deadline; later pages were not read");

  return buildReport(nowDate, run.findings, {
    ...(config.region && { region: config.region }),
    window: { start: new Date(run.window.start).toISOString(), end: nowDate.toISOString(), lookbackHours: config.lookbackHours },
    targets: { rpoHours: config.rpoHours, rtoHours: config.rtoHours, stuckJobHours: config.stuckJobHours },
    vaults: { primary: config.vaultNames, ...(config.replica && { replica: config.replica }) },
    jobsOutsideVaults: outOfScope,
    backupJobs: backupJobs.summary(),
    copyJobs: copyJobs.summary(),
    restoreJobs: restoreJobs.summary(),
    recoveryPoints: { primary: primaryPoints.summary(), ...(replicaPoints && { replica: replicaPoints.summary() }) },
    resources: done.rpo ? done.rpo.summary() : null,
    errors: run.errors,
    partialReasons,
  });
}

type Check<T> = (item: T) => Finding | undefined | (Finding | undefined)[] | Promise<Finding | undefined | (Finding | undefined)[]>;

/** Feeds every item of a listing to a check. Returns false (and records the error) when the listing failed. */
async function drain<T>(run: Run, source: string, pages: AsyncGenerator<T[]>, check: Check<T>): Promise<boolean> {
  try {
    for await (const page of pages) {
      for (const item of page) {
        const r = await check(item);
        if (Array.isArray(r)) run.findings.add(...r);
        else run.findings.add(r);
      }
    }
    return true;
  } catch (err) {
    const message = errorMessage(err);
    run.errors.push({ source, message });
    run.logger.error("listing failed", { source, error: message });
    return false;
  }
}

/** Like {@link drain} for a vault: a failure becomes a VAULT_UNREADABLE finding, not a run error. */
async function drainVault<T>(run: Run, vaultName: string, region: string | undefined, pages: AsyncGenerator<T[]>, check: Check<T>): Promise<boolean> {
  const before = run.errors.length;
  const ok = await drain(run, `ListRecoveryPointsByBackupVault ${vaultName}`, pages, check);
  if (ok) return true;
  const [failure] = run.errors.splice(before, 1);
  run.findings.add({
    code: "VAULT_UNREADABLE",
    severity: "HIGH",
    vaultName,
    message: `Cannot list recovery points of vault ${vaultName}${region ? ` in ${region}` : ""}: ${failure?.message ?? "unknown error"}`,
  });
  return false;
}

