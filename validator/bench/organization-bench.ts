/**
 * Organization benchmark: an organization of 1,000 accounts × 2 regions served by the local
 * endpoint. The built bundle's coordinator plans in a child process (its requests must be the
 * organization-wide listings' Σ ceil(items / 1000) pages plus ListAccounts' pages, not a
 * listing per account), one worker runs alone in a child (a Lambda invocation's requests and
 * memory), a sample of further workers runs in a third child (the mean wall time), and the merge
 * in a fourth, over every item's result: the items not sampled get a copy of a sampled worker's
 * outcome (same size and shape) so the bench stays within two minutes. Each child's peak RSS is
 * its own. Prints the merged report's size and the projected wall time at
 * the state machine's concurrency.
 *
 *   npx tsx validator/bench/organization-bench.ts
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildValidator } from "../scripts/build";
import { PAGE_SIZE } from "../src/aws/backup";
import { ACCOUNTS_PAGE_SIZE } from "../src/organization/accounts";
import { resultKeyOf, type OrganizationItem, type PlanOutput } from "../src/organization/contract";
import { OPEN_JOB_STATES } from "../src/validate";
import { fakeAwsEnv, startFakeAws } from "../test/support/fake-aws";
import { fakeOrganization, healthyMember } from "../test/support/organization";

/** The simulated organization. */
export const BENCH_ORGANIZATION = {
  accounts: 1_000,
  regions: ["us-west-2", "us-east-1"],
  /** Per account and region, in the window. */
  backupJobs: 20,
  copyJobs: 5,
  restoreJobs: 1,
  /** Workers run for real besides the first (the rest get copies of their outcomes). */
  workerSample: 150,
  /** The state machine's default MaxConcurrency (OrganizationValidator). */
  maxConcurrency: 40,
  /** Assumed latency of one AWS request, for the projection (the local endpoint answers in well under 1 ms). */
  assumedRequestMs: 100,
} as const;

/** Figures of one run. */
export interface OrganizationBenchResult {
  items: number;
  /** Requests of the plan step, by kind. */
  coordinatorRequests: { jobListings: number; listAccounts: number; s3Puts: number; total: number };
  /** Σ over regions and window listings of max(1, ceil(items / 1000)). */
  expectedListingPages: number;
  /** ceil(accounts / 20): ListAccounts' pages. */
  expectedAccountPages: number;
  /** What listing per account would cost: one request per account × region × window listing at least. */
  perAccountListingFloor: number;
  coordinatorPeakRssMb: number;
  coordinatorWallMs: number;
  workerRequests: number;
  workerPeakRssMb: number;
  workerWallMs: number;
  /** Mean wall time of the sampled workers (run 32 at a time in one process). */
  workersMeanMs: number;
  mergeRequests: number;
  mergePeakRssMb: number;
  mergeWallMs: number;
  reportBytes: number;
  reportStatus: string;
  accountsInReport: number;
  /** Projected state machine wall time at maxConcurrency with assumedRequestMs per request. */
  projectedWallS: number;
}

const H = 3_600_000;

/** Runs a script against the bundle in a fresh process; returns what it wrote to `out`. */
async function child(dir: string, env: Record<string, string>, body: string): Promise<Record<string, unknown>> {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
  const script = `
    const m = require(${JSON.stringify(join(dir, "index.js"))});
    const ctx = { getRemainingTimeInMillis: () => 900000, functionName: "bench-organization", invokedFunctionArn: "arn:aws:lambda:us-west-2:000000000000:function:bench-organization" };
    const started = Date.now();
    (async () => { ${body} })().then((result) => {
      require("fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify({ result, wallMs: Date.now() - started, maxRssKb: process.resourceUsage().maxRSS }));
    }, (err) => { console.error(err); process.exit(1); });`;
  await new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, ["-e", script], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    c.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    c.on("error", reject);
    c.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`child exited with ${code}: ${stderr}`))));
  });
  return JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
}

const mb = (kb: unknown) => Math.round(((kb as number) / 1024) * 10) / 10;

/** Runs the benchmark once. */
export async function runOrganizationBench(): Promise<OrganizationBenchResult> {
  const O = BENCH_ORGANIZATION;
  const dir = mkdtempSync(join(tmpdir(), "organization-bench-"));
  const now = Date.now() - H;
  const ids = Array.from({ length: O.accounts }, (_, i) => String(100_000_000_000 + i));
  const fake = await startFakeAws({
    organization: fakeOrganization(ids.map((id, i) => ({ id, name: `team-${i}`,
      view: healthyMember(id, [...O.regions], now, O.backupJobs, { copies: O.copyJobs, restores: O.restoreJobs, failedJob: i % 100 === 0 }) }))),
  });
  try {
    await buildValidator(dir);
    const bucket = "bench-organization";
    const env = { ...fakeAwsEnv(fake.url), BACKUP_VAULT_NAMES: "primary", ORGANIZATION_REGIONS: O.regions.join(","), ORGANIZATION_REPORT_BUCKET: bucket };
    const stdout = "process.stdout.write = () => true;";

    const plan = await child(dir, env, `${stdout} return m.organizationCoordinator({ action: "plan" }, ctx);`);
    const planRequests = [...fake.requests];
    const output = plan.result as PlanOutput;
    const jobListings = planRequests.filter((r) => r.service === "backup").length;
    const listAccounts = planRequests.filter((r) => r.service === "organizations").length;
    const s3Puts = planRequests.filter((r) => r.service === "s3").length;

    const items = JSON.parse(fake.objects.get(`${bucket}/${output.itemsKey}`)!) as OrganizationItem[];
    const before = fake.requests.length;
    const one = await child(dir, env, `${stdout} return m.organizationWorker(${JSON.stringify(items[0])}, ctx);`);
    const workerRequests = fake.requests.length - before;

    const rest = join(dir, "items.json");
    const sampled = items.slice(1, 1 + O.workerSample);
    writeFileSync(rest, JSON.stringify(sampled));
    const all = await child(dir, env, `${stdout}
      const items = JSON.parse(require("fs").readFileSync(${JSON.stringify(rest)}, "utf8"));
      let next = 0; let total = 0;
      await Promise.all(Array.from({ length: 32 }, async () => {
        while (next < items.length) { const it = items[next++]; const t = Date.now(); await m.organizationWorker(it, ctx); total += Date.now() - t; }
      }));
      return { meanMs: total / items.length };`);

    const outcomes = [items[0]!, ...sampled].map((it) => fake.objects.get(`${bucket}/${resultKeyOf(it.runId, it.accountId, it.region)}`)!);
    items.slice(1 + O.workerSample).forEach((it, i) => {
      const copy = JSON.parse(outcomes[i % outcomes.length]!) as Record<string, unknown>;
      const resultKey = resultKeyOf(it.runId, it.accountId, it.region);
      fake.objects.set(`${bucket}/${resultKey}`, JSON.stringify({ ...copy, accountId: it.accountId, region: it.region, resultKey }));
    });

    const beforeMerge = fake.requests.length;
    const merge = await child(dir, env, `${stdout} return m.organizationCoordinator({ action: "merge", plan: ${JSON.stringify(output)}, mapError: {} }, ctx);`);
    const mergeRequests = fake.requests.length - beforeMerge;
    const mergeResult = merge.result as { reportKey: string; reportBytes: number; status: string; accounts: number };

    // Per region and kind of job: the window's pages (at least one), one page for the ended in window, one per open state.
    const kinds = Object.keys(OPEN_JOB_STATES) as (keyof typeof OPEN_JOB_STATES)[];
    const perRegion = kinds.reduce((n, k) => n + Math.max(1, Math.ceil((O.accounts * O[k]) / PAGE_SIZE)) + 1 + OPEN_JOB_STATES[k].length, 0);
    const listingsPerAccountRegion = kinds.reduce((n, k) => n + 2 + OPEN_JOB_STATES[k].length, 0);
    const L = O.assumedRequestMs;
    // Plan: the regions' listings run side by side, pages in sequence; then the S3 puts, 32 at a time.
    const planMs = (jobListings / O.regions.length + listAccounts) * L + Math.ceil(s3Puts / 32) * L;
    const workersMs = Math.ceil(items.length / O.maxConcurrency) * workerRequests * L;
    const mergeMs = Math.ceil(mergeRequests / 32) * L;
    return {
      items: items.length,
      coordinatorRequests: { jobListings, listAccounts, s3Puts, total: planRequests.length },
      expectedListingPages: perRegion * O.regions.length,
      expectedAccountPages: Math.ceil(O.accounts / ACCOUNTS_PAGE_SIZE),
      perAccountListingFloor: O.accounts * O.regions.length * listingsPerAccountRegion,
      coordinatorPeakRssMb: mb(plan.maxRssKb),
      coordinatorWallMs: plan.wallMs as number,
      workerRequests,
      workerPeakRssMb: mb(one.maxRssKb),
      workerWallMs: one.wallMs as number,
      workersMeanMs: Math.round((all.result as { meanMs: number }).meanMs),
      mergeRequests,
      mergePeakRssMb: mb(merge.maxRssKb),
      mergeWallMs: merge.wallMs as number,
      reportBytes: mergeResult.reportBytes,
      reportStatus: mergeResult.status,
      accountsInReport: mergeResult.accounts,
      projectedWallS: Math.round((planMs + workersMs + mergeMs) / 1000),
    };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether the figures meet the targets: listings as pages, not per account; coordinator < 512 MB; every account reported. */
export function organizationBenchVerdicts(r: OrganizationBenchResult): { name: string; ok: boolean; detail: string }[] {
  return [
    { name: "organization-wide job listings", ok: r.coordinatorRequests.jobListings === r.expectedListingPages,
      detail: `${r.coordinatorRequests.jobListings} requests = Σ ceil(items/1000) = ${r.expectedListingPages} (per account would be >= ${r.perAccountListingFloor})` },
    { name: "ListAccounts pages", ok: r.coordinatorRequests.listAccounts === r.expectedAccountPages, detail: `${r.coordinatorRequests.listAccounts} = ceil(accounts/20) = ${r.expectedAccountPages}` },
    { name: "coordinator peak RSS", ok: Math.max(r.coordinatorPeakRssMb, r.mergePeakRssMb) < 512, detail: `plan ${r.coordinatorPeakRssMb} MB, merge ${r.mergePeakRssMb} MB (< 512 MB)` },
    { name: "every account in the report", ok: r.accountsInReport === BENCH_ORGANIZATION.accounts, detail: `${r.accountsInReport} of ${BENCH_ORGANIZATION.accounts}` },
  ];
}

if (require.main === module) {
  runOrganizationBench().then(
    (r) => {
      console.log(`organization bench: ${JSON.stringify(BENCH_ORGANIZATION)}`);
      console.log(JSON.stringify(r, null, 2));
      for (const v of organizationBenchVerdicts(r)) console.log(`  ${v.ok ? "ok  " : "FAIL"} ${v.name}: ${v.detail}`);
      if (organizationBenchVerdicts(r).some((v) => !v.ok)) process.exitCode = 1;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
