/**
 * Validator benchmark: a synthetic account of 100,000 backup jobs, 50,000 recovery points and
 * 10,000 protected resources served from a local endpoint (generated page by page), validated by
 * the built Lambda bundle in a child process so its peak RSS is measured on its own.
 *
 *   npx tsx validator/bench/validator-bench.ts
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildValidator } from "../scripts/build";
import { backupJob, protectedResource, recoveryPoint, vaultArn, volumeArn } from "../test/support/account";
import { fakeAwsEnv, startFakeAws } from "../test/support/fake-aws";

/** Sizes of the synthetic account. */
export const BENCH_ACCOUNT = { backupJobs: 100_000, recoveryPoints: 50_000, protectedResources: 10_000 } as const;

/** Figures one bench run produces. */
export interface ValidatorBenchResult {
  /** HTTP requests the validator made. */
  requests: number;
  /** Sum of ceil(items / 1000) over the three large listings; the target is at most this plus 10. */
  expectedRequests: number;
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
  zipBytes: number;
}

const H = 3_600_000;

/** Runs the benchmark once and returns its figures. */
export async function runValidatorBench(): Promise<ValidatorBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "validator-bench-"));
  const now = Date.now();
  const vault = "bench-vault";
  const fake = await startFakeAws({
    backupJobs: {
      count: BENCH_ACCOUNT.backupJobs,
      // Spread over the last 20 hours; one in a thousand failed.
      item: (i) => backupJob(i, now - 20 * H + i * 700, {
        BackupVaultName: vault, ResourceArn: volumeArn(i % BENCH_ACCOUNT.protectedResources),
        ...(i % 1000 === 0 && { State: "FAILED", StatusMessage: "synthetic failure" }),
      }),
    },
    vaults: {
      [`us-west-2/${vault}`]: {
        count: BENCH_ACCOUNT.recoveryPoints,
        // Five daily points per resource; every 97th resource's newest is a day late (an RPO breach).
        item: (i) => recoveryPoint(i, now - (1 + 24 * Math.floor(i / BENCH_ACCOUNT.protectedResources) + ((i % BENCH_ACCOUNT.protectedResources) % 97 === 0 ? 24 : 0)) * H, {
          BackupVaultName: vault, ResourceArn: volumeArn(i % BENCH_ACCOUNT.protectedResources),
          ...(i % 5000 === 0 && { IsEncrypted: false }),
        }),
      },
    },
    protectedResources: {
      count: BENCH_ACCOUNT.protectedResources,
      item: (i) => protectedResource(i, now - H, { LastBackupVaultArn: vaultArn("us-west-2", vault) }),
    },
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
        }));
      }, (err) => { console.error(err); process.exit(1); });`;
    const env = { PATH: process.env.PATH ?? "", ...fakeAwsEnv(fake.url), BACKUP_VAULT_NAMES: vault, RPO_TARGET_HOURS: "24", RTO_TARGET_HOURS: "4" };
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
    const pages = (n: number) => Math.ceil(n / 1000);
    return {
      requests: fake.requests.length,
      expectedRequests: pages(BENCH_ACCOUNT.backupJobs) + pages(BENCH_ACCOUNT.recoveryPoints) + pages(BENCH_ACCOUNT.protectedResources),
      wallMs: r.wallMs,
      peakRssMb: Math.round((r.maxRssKb / 1024) * 10) / 10,
      requestsByPath,
      status: r.status,
      partial: r.partial,
      findings: r.findings,
      backupJobsSeen: r.backupJobs,
      recoveryPointsSeen: r.recoveryPoints,
      protectedResourcesSeen: r.protectedResources,
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
      console.log(`validator bench: ${BENCH_ACCOUNT.backupJobs} jobs, ${BENCH_ACCOUNT.recoveryPoints} recovery points, ${BENCH_ACCOUNT.protectedResources} resources`);
      console.log(`  requests      ${r.requests} (target <= ${r.expectedRequests} + 10)`);
      console.log(`  wall time     ${r.wallMs} ms`);
      console.log(`  peak RSS      ${r.peakRssMb} MB (target < 256 MB)`);
      console.log(`  zip           ${r.zipBytes} bytes`);
      console.log(`  report        ${r.status}${r.partial ? " (partial)" : ""}, ${r.findings} findings; saw ${r.backupJobsSeen} jobs, ${r.recoveryPointsSeen} recovery points, ${r.protectedResourcesSeen} resources`);
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
