/** Fault handling through the real SDK over HTTP: bounded retries, an unreachable replica vault, the deadline. */
import { describe, expect, it } from "vitest";
import { createClients } from "../src/aws/clients";
import { createHandler } from "../src/handler";
import { silentLogger } from "../src/log";
import { backupJob, recoveryPoint } from "./support/account";
import { THROTTLED } from "./support/fake-aws";
import { fakeAwsPerTest } from "./support/per-test";

const NOW = Date.now();
const H = 3_600_000;
const { start } = fakeAwsPerTest();

const env = { AWS_REGION: "us-west-2", BACKUP_VAULT_NAMES: "primary" };

describe("handler faults (real SDK, local endpoint)", () => {
  it("gives up on a listing that stays throttled after the bounded attempts, and reports the rest", async () => {
    const f = await start({
      backupJobs: { count: 3, item: (i) => backupJob(i, NOW - H) },
      vaults: { "us-west-2/primary": { count: 2, item: (i) => recoveryPoint(i, NOW - H) } },
      fault: ({ path }) => (path.startsWith("/restore-jobs") ? THROTTLED : undefined),
    });
    const handler = createHandler({ env, logger: silentLogger, clients: (c) => createClients(c.region, 3) });
    const r = await handler({}, { getRemainingTimeInMillis: () => 120_000 });
    // Four restore listings (created in, ended in, PENDING and RUNNING before the window), three attempts each.
    expect(f.requests.filter((q) => q.path.startsWith("/restore-jobs")).map((q) => q.status)).toEqual(Array(12).fill(400));
    expect(r.summary.errors.map((e) => e.source)).toEqual(["ListRestoreJobs", "ListRestoreJobs(ended in window)", "ListRestoreJobs(PENDING)", "ListRestoreJobs(RUNNING)"]);
    expect(r.summary.errors[0]!.message).toMatch(/ThrottlingException/);
    expect(r.summary.backupJobs.total).toBe(3);
    expect(r.summary.recoveryPoints.primary.total).toBe(2);
    // The tool could not read everything, and found nothing broken: INCOMPLETE, not FAIL.
    expect(r).toMatchObject({ status: "INCOMPLETE", partial: true });
  });

  it("reports a replica vault missing in its region as VAULT_UNREADABLE", async () => {
    await start({ vaults: { "us-west-2/primary": { count: 1, item: (i) => recoveryPoint(i, NOW - H) } } });
    const handler = createHandler({ env: { ...env, REPLICA_REGION: "us-east-1", REPLICA_VAULT_NAME: "replica" }, logger: silentLogger });
    const r = await handler({}, { getRemainingTimeInMillis: () => 120_000 });
    const f = r.findings.filter((x) => x.code === "VAULT_UNREADABLE");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ vaultName: "replica" });
    expect(f[0]!.message).toMatch(/replica in us-east-1 does not exist: ResourceNotFoundException/);
    // The primary vault's points were still checked, and RPO still evaluated.
    expect(r.summary.recoveryPoints.primary.total).toBe(1);
    expect(r.summary.resources).not.toBeNull();
  });

  it("aborts requests in flight at the deadline and marks the report partial", async () => {
    const f = await start({
      backupJobs: { count: 50_000, item: (i) => backupJob(i, NOW - H) },
      vaults: { "us-west-2/primary": { count: 50_000, item: (i) => recoveryPoint(i, NOW - H) } },
      // The first page would take 3 s; only aborting it at the deadline (0.75 s) ends the run well before.
      latencyMs: 3_000,
    });
    const handler = createHandler({ env, logger: silentLogger });
    const started = Date.now();
    const r = await handler({}, { getRemainingTimeInMillis: () => 1_000 });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(r.partial).toBe(true);
    expect(r.summary.resources).toBeNull();
    expect(r.summary.partialReasons.join(" ")).toMatch(/RPO and coverage not evaluated/);
    expect(r.summary.errors).toEqual([]);
    // Each stream's first request was cut off; nothing was requested after the deadline.
    expect(f.requests.filter((q) => q.path.startsWith("/copy-jobs"))).toHaveLength(1);
    expect(f.requests.filter((q) => q.path.startsWith("/backup-jobs"))).toHaveLength(0);
    expect(r.summary.recoveryPoints.primary.total).toBe(0);
  });
});
