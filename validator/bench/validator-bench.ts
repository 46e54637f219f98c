/**
 * Validator benchmark: a synthetic account of 100,000 backup jobs in the window plus jobs that
 * straddle its start (created before it, ended in it), copy and restore jobs, 50,000 recovery
 * points, 20,000 protected resources and a backup plan whose tag-based selection matches 20,000
 * resources, served from a local endpoint (generated page by page) and validated by the built
 * Lambda bundle in a child process so its peak RSS is measured on its own.
 *
 *   npx tsx validator/bench/validator-bench.ts
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildValidator } from "../scripts/build";
import { PAGE_SIZE } from "../src/aws/backup";
import { TAGGING_PAGE_SIZE } from "../src/aws/tagging";
import { backupJob, copyJob, protectedResource, recoveryPoint, restoreJob, vaultArn, volumeArn } from "../test/support/account";
import { fakeAwsEnv, startFakeAws } from "../test/support/fake-aws";

/** Sizes of the synthetic account. */
export const BENCH_ACCOUNT = {
  backupJobs: 100_000,
  straddlingBackupJobs: 2_000,
  copyJobs: 1_000,
  straddlingCopyJobs: 100,
  restoreJobs: 20,
  straddlingRestoreJobs: 5,
  recoveryPoints: 50_000,
  protectedResources: 20_000,
  taggedResources: 20_000,
  /** One restore testing plan (the module's) with RDS, EBS and EFS selections, and its week of restore tests. */
  restoreTestingPlans: 3,
  restoreTestingSelections: 3,
  restoreTests: 60,
} as const;

/** Items of each listing the validator reads, with its page size: the request floor is the sum of their pages. */
export const BENCH_LISTINGS: readonly { listing: string; items: number; pageSize: number }[] = [
  { listing: "ListBackupJobs (created in window)", items: BENCH_ACCOUNT.backupJobs, pageSize: PAGE_SIZE },
  { listing: "ListBackupJobs (ended in window)", items: BENCH_ACCOUNT.straddlingBackupJobs, pageSize: PAGE_SIZE },
  { listing: "ListCopyJobs (created in window)", items: BENCH_ACCOUNT.copyJobs, pageSize: PAGE_SIZE },
  { listing: "ListCopyJobs (ended in window)", items: BENCH_ACCOUNT.straddlingCopyJobs, pageSize: PAGE_SIZE },
  { listing: "ListRestoreJobs (created in window)", items: BENCH_ACCOUNT.restoreJobs, pageSize: PAGE_SIZE },
  { listing: "ListRestoreJobs (ended in window)", items: BENCH_ACCOUNT.straddlingRestoreJobs, pageSize: PAGE_SIZE },
  { listing: "ListRecoveryPointsByBackupVault", items: BENCH_ACCOUNT.recoveryPoints, pageSize: PAGE_SIZE },
  { listing: "ListProtectedResources", items: BENCH_ACCOUNT.protectedResources, pageSize: PAGE_SIZE },
  { listing: "ListRestoreTestingPlans", items: BENCH_ACCOUNT.restoreTestingPlans, pageSize: PAGE_SIZE },
  { listing: "ListRestoreTestingSelections", items: BENCH_ACCOUNT.restoreTestingSelections, pageSize: PAGE_SIZE },
  { listing: "ListRestoreJobs (restore testing plan)", items: BENCH_ACCOUNT.restoreTests, pageSize: PAGE_SIZE },
  // The selection listing carries no ARNs: one GetRestoreTestingSelection per selection, a "page" of one.
  { listing: "GetRestoreTestingSelection", items: BENCH_ACCOUNT.restoreTestingSelections, pageSize: 1 },
  // GetResources returns at most 100 resources per page.
  { listing: "tag:GetResources", items: BENCH_ACCOUNT.taggedResources, pageSize: TAGGING_PAGE_SIZE },
];

/** Figures one bench run produces. */
export interface ValidatorBenchResult {
  /** HTTP requests the validator made. */
  requests: number;
  /** Sum of ceil(items / page size) over the listings with items; the target is at most this plus 10. */
  expectedRequests: number;
  /** The same sum counting every listing in pages of 1000 (the Tagging API's pages are 100; per-selection reads stay one each). */
  expectedRequestsAt1000: number;
  /** Wall time of the handler invocation, in ms. */
  wallMs: number;
  /** Peak resident set size of the validator process, in MB. */
  peakRssMb: number;
  /** Requests per API path. */
  requestsByPath: Record<string, number>;
  status: string;
  partial: boolean;
  findings: number;
  backupJobsSeen: number;
  recoveryPointsSeen: number;
  protectedResourcesSeen: number;
  expectedResources: number;
  zipBytes: number;
}

const H = 3_600_000;
const PLAN = "bench-plan";
const TESTING_PLAN = "bench_restore_testing";
const TESTING_PLAN_ARN = `arn:aws:backup:us-west-2:123456789012:restore-testing-plan:${TESTING_PLAN}-abc`;
const TESTED_TYPES = ["RDS", "EBS", "EFS"];

/** Runs the benchmark once and returns its figures. */
export async function runValidatorBench(): Promise<ValidatorBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "validator-bench-"));
  const now = Date.now();
  const vault = "bench-vault";
  const A = BENCH_ACCOUNT;
  const straddle = (createdHoursAgo: number, endedHoursAgo: number) => ({ CreationDate: (now - createdHoursAgo * H) / 1000, CompletionDate: (now - endedHoursAgo * H) / 1000 });
  const resource = (i: number) => volumeArn(i % A.taggedResources);
  const fake = await startFakeAws({
    backupJobs: {
      count: A.straddlingBackupJobs + A.backupJobs,
      // First the weekly jobs created 30 h ago that ended in the window (one in a hundred failed), then
      // the window's jobs spread over the last 20 hours (one in a thousand failed).
      item: (i) => i < A.straddlingBackupJobs
        ? backupJob(i, now, { BackupVaultName: vault, ResourceArn: resource(i), ...straddle(30, 2), ...(i % 100 === 0 && { State: "FAILED", StatusMessage: "synthetic" }) })
        : backupJob(i, now - 20 * H + (i - A.straddlingBackupJobs) * 700, {
          BackupVaultName: vault, ResourceArn: resource(i),
          ...(i % 1000 === 0 && { State: "FAILED", StatusMessage: "synthetic failure" }),
        }),
    },
    copyJobs: {
      count: A.straddlingCopyJobs + A.copyJobs,
      item: (i) => copyJob(i, now - 5 * H, { SourceBackupVaultArn: vaultArn("us-west-2", vault), ...(i < A.straddlingCopyJobs && straddle(26, 3)) }),
    },
    restoreJobs: {
      // The window's restores, then a week of restore tests (created 1-7 days ago, validated).
      count: A.straddlingRestoreJobs + A.restoreJobs + A.restoreTests,
      item: (i) => i < A.straddlingRestoreJobs + A.restoreJobs
        ? restoreJob(i, now - 6 * H, H, { BackupVaultArn: vaultArn("us-west-2", vault), ...(i < A.straddlingRestoreJobs && straddle(27, 20)) })
        : restoreJob(i, now - (1 + (i % 7)) * 24 * H, H, { BackupVaultArn: vaultArn("us-west-2", vault), ResourceType: TESTED_TYPES[i % 3],
          CreatedBy: { RestoreTestingPlanArn: TESTING_PLAN_ARN }, ValidationStatus: "SUCCESSFUL", DeletionStatus: "SUCCESSFUL" }),
    },
    restoreTestingPlans: { count: A.restoreTestingPlans, item: (i) => ({ RestoreTestingPlanName: i === 0 ? TESTING_PLAN : `other_${i}`,
      RestoreTestingPlanArn: i === 0 ? TESTING_PLAN_ARN : `${TESTING_PLAN_ARN}-${i}`, ScheduleExpression: "cron(0 1 ? * SUN *)",
      CreationTime: (now - 30 * 24 * H) / 1000, LastExecutionTime: (now - 24 * H) / 1000 }) },
    restoreTestingSelections: { [TESTING_PLAN]: Object.fromEntries(TESTED_TYPES.map((t) => [t.toLowerCase(), { ProtectedResourceType: t, ProtectedResourceArns: ["*"] }])) },
    vaults: {
      [`us-west-2/${vault}`]: {
        count: A.recoveryPoints,
        // Daily points per resource; every 97th resource's newest is a day late (an RPO breach).
        item: (i) => recoveryPoint(i, now - (1 + 24 * Math.floor(i / A.taggedResources) + ((i % A.taggedResources) % 97 === 0 ? 24 : 0)) * H, {
          BackupVaultName: vault, ResourceArn: resource(i),
          ...(i % 5000 === 0 && { IsEncrypted: false }),
        }),
      },
    },
    protectedResources: {
      count: A.protectedResources,
      item: (i) => protectedResource(i, now - H, { LastBackupVaultArn: vaultArn("us-west-2", vault) }),
    },
    selections: { [PLAN]: { "sel-ebs": { SelectionName: "bench-ebs", IamRoleArn: "arn:aws:iam::123456789012:role/backup", Resources: ["arn:aws:ec2:*:*:volume/*"],
      Conditions: { StringEquals: [{ ConditionKey: "aws:ResourceTag/backup", ConditionValue: "true" }] } } } },
    taggedResources: { count: A.taggedResources, item: (i) => ({ ResourceARN: volumeArn(i), Tags: [{ Key: "backup", Value: "true" }] }) },
  });
  try {
    const build = await buildValidator(dir);
    const resultFile = join(dir, "result.json");
    const script = `
      const { handler } = require(${JSON.stringify(join(dir, "index.js"))});
      const started = Date.now();
      handler({}, { getRemainingTimeInMillis: () => 900000, functionName: "bench" }).then((report) => {
        const wallMs = Date.now() - started;
        require("fs").writeFileSync(${JSON.stringify(resultFile)}, JSON.stringify({
          wallMs, maxRssKb: process.resourceUsage().maxRSS, status: report.status, partial: report.partial,
          findings: report.findings.length + report.summary.findingsOmitted,
          backupJobs: report.summary.backupJobs.total, recoveryPoints: report.summary.recoveryPoints.primary.total,
          protectedResources: report.summary.resources ? report.summary.resources.protectedResources : 0,
          expected: report.summary.resources ? report.summary.resources.expected : 0,
        }));
      }, (err) => { console.error(err); process.exit(1); });`;
    const env = { PATH: process.env.PATH ?? "", ...fakeAwsEnv(fake.url), BACKUP_VAULT_NAMES: vault, BACKUP_PLAN_ID: PLAN, RESTORE_TESTING_PLAN_NAMES: TESTING_PLAN, RPO_TARGET_HOURS: "24", RTO_TARGET_HOURS: "4" };
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ["-e", script], { env, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`validator exited with ${code}: ${stderr}`))));
    });
    const r = JSON.parse(readFileSync(resultFile, "utf8"));
    const requestsByPath: Record<string, number> = {};
    for (const req of fake.requests) requestsByPath[req.path] = (requestsByPath[req.path] ?? 0) + 1;
    const sum = (pageSize?: number) => BENCH_LISTINGS.reduce((n, l) => n + Math.ceil(l.items / (l.pageSize === 1 ? 1 : pageSize ?? l.pageSize)), 0);
    return {
      requests: fake.requests.length,
      expectedRequests: sum(),
      expectedRequestsAt1000: sum(PAGE_SIZE),
      wallMs: r.wallMs,
      peakRssMb: Math.round((r.maxRssKb / 1024) * 10) / 10,
      requestsByPath,
      status: r.status,
      partial: r.partial,
      findings: r.findings,
      backupJobsSeen: r.backupJobs,
      recoveryPointsSeen: r.recoveryPoints,
      protectedResourcesSeen: r.protectedResources,
      expectedResources: r.expected,
      zipBytes: build.zipBytes,
    };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runValidatorBench().then(
    (r) => {
      console.log(`validator bench: ${JSON.stringify(BENCH_ACCOUNT)}`);
      console.log(`  requests      ${r.requests} (target <= ${r.expectedRequests} + 10; ${r.expectedRequestsAt1000} if tag pages held 1000)`);
      console.log(`  wall time     ${r.wallMs} ms`);
      console.log(`  peak RSS      ${r.peakRssMb} MB (target < 256 MB)`);
      console.log(`  zip           ${r.zipBytes} bytes`);
      console.log(`  report        ${r.status}${r.partial ? " (partial)" : ""}, ${r.findings} findings; saw ${r.backupJobsSeen} jobs, ${r.recoveryPointsSeen} recovery points, ${r.protectedResourcesSeen} resources, ${r.expectedResources} expected`);
      console.log(`  by path       ${JSON.stringify(r.requestsByPath)}`);
      const ok = r.requests <= r.expectedRequests + 10 && r.peakRssMb < 256;
      if (!ok) process.exitCode = 1;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
