/**
 * Issue 11's restore proof and DR posture through the real SDK against the local endpoint: restore
 * testing plans, their selections and the restore jobs they started; the replica vault's lock and
 * its recovery points against the copy RPO.
 */
import { describe, expect, it } from "vitest";
import { createClients } from "../src/aws/clients";
import { configFromEnv } from "../src/config";
import { summaryHeader } from "../src/format";
import { createHandler } from "../src/handler";
import { createLogger, silentLogger } from "../src/log";
import { ACCOUNT, recoveryPoint, restoreJob, rpArn, vaultArn, volumeArn } from "./support/account";
import { accessDenied, type FakeAccount } from "./support/fake-aws";
import { fakeAwsPerTest } from "./support/per-test";

const NOW = Date.now();
const H = 3_600_000;
const D = 24 * H;
const { start } = fakeAwsPerTest();

const PLAN = "arrakis_restore_testing_production";
const PLAN_ARN = `arn:aws:backup:us-west-2:${ACCOUNT}:restore-testing-plan:${PLAN}-1a2b`;
const DB = `arn:aws:rds:us-west-2:${ACCOUNT}:db:orders`;
const FS = `arn:aws:elasticfilesystem:us-west-2:${ACCOUNT}:file-system/fs-1`;
const ENV = { AWS_REGION: "us-west-2", BACKUP_VAULT_NAMES: "primary", RESTORE_TESTING_PLAN_NAMES: PLAN };
const CONTEXT = { getRemainingTimeInMillis: () => 120_000, functionName: "validator", invokedFunctionArn: `arn:aws:lambda:us-west-2:${ACCOUNT}:function:validator` };
const handlerWith = (env: Record<string, string>, logs?: string[]) =>
  createHandler({ env: { ...ENV, ...env }, logger: logs ? createLogger((l) => logs.push(l)) : silentLogger, clients: (c) => createClients(c.region, 2), now: () => new Date(NOW) });
const fresh = { "us-west-2/primary": { count: 1, item: (i: number) => recoveryPoint(i, NOW - H) } };

const plan = (over: Record<string, unknown> = {}) => ({
  RestoreTestingPlanName: PLAN, RestoreTestingPlanArn: PLAN_ARN, ScheduleExpression: "cron(0 1 ? * SUN *)",
  CreationTime: (NOW - 60 * D) / 1000, LastExecutionTime: (NOW - 2 * D) / 1000, ...over,
});
/** RDS selected by ARN, EBS and EFS by tag conditions, as the module's selections are. */
const selections = {
  [PLAN]: {
    rds: { ProtectedResourceType: "RDS", ProtectedResourceArns: [DB], ValidationWindowHours: 4 },
    ebs: { ProtectedResourceType: "EBS", ProtectedResourceArns: ["*"], ValidationWindowHours: 2,
      ProtectedResourceConditions: { StringEquals: [{ Key: "aws:ResourceTag/backup", Value: "true" }] } },
    efs: { ProtectedResourceType: "EFS", ProtectedResourceArns: ["*"] },
  },
};
const test = (id: string, type: string, source: string, createdAgo: number, durationMs: number, over: Record<string, unknown> = {}) =>
  restoreJob(0, NOW - createdAgo, durationMs, {
    RestoreJobId: id, ResourceType: type, SourceResourceArn: source, BackupVaultArn: vaultArn("us-west-2", "primary"),
    CreatedBy: { RestoreTestingPlanArn: PLAN_ARN }, CreatedResourceArn: `${source}-restored-${id}`, DeletionStatus: "SUCCESSFUL", ...over,
  });
const account = (jobs: Record<string, unknown>[], over: Partial<FakeAccount> = {}): FakeAccount => ({
  vaults: fresh,
  restoreTestingPlans: { count: 2, item: (i) => (i === 0 ? plan({ RestoreTestingPlanName: "other_team", RestoreTestingPlanArn: `${PLAN_ARN}-other` }) : plan()) },
  restoreTestingSelections: selections,
  // The fake filters by ByRestoreTestingPlanArn and ByCreatedAfter, as the service does.
  restoreJobs: { count: jobs.length, item: (i) => jobs[i]! },
  ...over,
});

describe("restore proof (issue 11, item 2)", () => {
  it("restore testing enabled, zero restores: every tested type and resource is a finding, not a PASS", async () => {
    const f = await start(account([]));
    const r = await handlerWith({})({}, CONTEXT);
    const missing = r.findings.filter((x) => x.code === "RESTORE_TEST_MISSING");
    expect(missing.map((x) => [x.selectionName, x.resourceArn, x.severity])).toEqual([["rds", DB, "HIGH"], ["ebs", undefined, "HIGH"], ["efs", undefined, "HIGH"]]);
    expect(missing[1]!.message).toMatch(/EBS resources .* no successful restore test in the last 8 days; no restore test ran/);
    expect(r.status).toBe("FAIL");
    expect(r.restoreTesting).toMatchObject({ maxAgeDays: 8, proven: 0, missing: 3, plans: [{ name: PLAN, arn: PLAN_ARN, status: "RAN" }] });
    expect(r.restoreTesting!.targets!.map((t) => [t.resourceType, t.status])).toEqual([["RDS", "MISSING"], ["EBS", "MISSING"], ["EFS", "MISSING"]]);
    // Restore tests are listed by plan ARN over the bound, not over the 24 h window.
    const listing = f.requests.find((q) => q.path === "/restore-jobs" && q.query.restoreTestingPlanArn);
    expect(listing?.query).toMatchObject({ restoreTestingPlanArn: PLAN_ARN, maxResults: "1000" });
    expect(Date.parse(listing!.query.createdAfter!)).toBe(NOW - 8 * D);
  });

  it("proves a type with a validated restore, and reports failed validation, RTO breach and a resource left behind", async () => {
    await start(account([
      // EBS: the newest test (3 days ago) validated; an older one failed validation, superseded.
      test("ebs-new", "EBS", volumeArn(1), 3 * D, H, { ValidationStatus: "SUCCESSFUL" }),
      test("ebs-old", "EBS", volumeArn(1), 6 * D, H, { ValidationStatus: "FAILED" }),
      // RDS (selected by ARN): restored 3 days ago, validation failed; the restored instance could not be deleted.
      test("rds-1", "RDS", DB, 3 * D, 2 * H, { ValidationStatus: "FAILED", ValidationStatusMessage: "row count 0", DeletionStatus: "FAILED", DeletionStatusMessage: "deletion protection" }),
      // EFS: validated, but the restore took 6 h against an RTO of 4 h.
      test("efs-1", "EFS", FS, 4 * D, 6 * H, { ValidationStatus: "SUCCESSFUL" }),
      // Created 9 days ago: outside the bound, never read.
      test("ebs-ancient", "EBS", volumeArn(1), 9 * D, H, { ValidationStatus: "FAILED" }),
    ]));
    const logs: string[] = [];
    const r = await handlerWith({}, logs)({}, CONTEXT);
    const codes = r.findings.map((x) => [x.code, x.jobId ?? x.resourceArn]);
    expect(codes).toEqual(expect.arrayContaining([["RESTORE_VALIDATION_FAILED", "rds-1"], ["RTO_BREACH", "efs-1"], ["RESTORE_TEST_NOT_CLEANED_UP", "rds-1"]]));
    expect(codes.filter(([c]) => c === "RESTORE_TEST_MISSING" || c === "RESTORE_TEST_NOT_VALIDATED")).toEqual([]);
    expect(codes.some(([, id]) => id === "ebs-old" || id === "ebs-ancient")).toBe(false);
    expect(r.findings.find((x) => x.code === "RESTORE_TEST_NOT_CLEANED_UP")!.message).toMatch(/could not be deleted: deletion protection/);
    const t = r.restoreTesting!;
    expect(t.targets!.map((x) => [x.resourceType, x.status, x.proof?.withinRto])).toEqual([["RDS", "MISSING", undefined], ["EBS", "PROVEN", true], ["EFS", "PROVEN", false]]);
    expect(t).toMatchObject({ proven: 2, notCleanedUp: 1, maxRestoreHours: 6, jobs: { total: 4, validation: { SUCCESSFUL: 2, FAILED: 2 } } });
    const emf = logs.map((l) => JSON.parse(l)).find((d) => d._aws);
    expect(emf).toMatchObject({ RestoreTestsProven: 2, RestoreTestsMissing: 0, RestoreTestsNotCleanedUp: 1, RestoreTestMaxHours: 6 });
    expect(summaryHeader(r)).toContain("Restore tests (within 8 days): 2 proven, 0 not validated, 1 missing; 1 not cleaned up; longest proving restore 6 h (RTO 4 h)");
  });

  it("reports a restore that was never validated as MEDIUM, and a resource not deleted a day after its validation window", async () => {
    await start(account([
      test("ebs-1", "EBS", volumeArn(1), 2 * D, H, { DeletionStatus: undefined }),
      test("efs-1", "EFS", FS, 1 * D, H, { ValidationStatus: "SUCCESSFUL" }),
      test("rds-1", "RDS", DB, 2 * D, H, { ValidationStatus: "SUCCESSFUL" }),
    ]));
    const r = await handlerWith({})({}, CONTEXT);
    expect(r.findings.map((x) => [x.code, x.severity, x.jobId])).toEqual([
      ["RESTORE_TEST_NOT_VALIDATED", "MEDIUM", "ebs-1"],
      ["RESTORE_TEST_NOT_CLEANED_UP", "MEDIUM", "ebs-1"],
    ]);
    expect(r.findings[0]!.message).toMatch(/PutRestoreValidationResult/);
    expect(r.status).toBe("WARN");
  });

  it.each([
    ["a plan that does not exist", { count: 0, item: () => ({}) }, "HIGH", /does not exist in us-west-2/],
    ["a plan that never ran, created 20 days ago", { count: 1, item: () => plan({ LastExecutionTime: undefined, CreationTime: (NOW - 20 * D) / 1000 }) }, "HIGH", /never run/],
    ["a plan that last ran 10 days ago", { count: 1, item: () => plan({ LastExecutionTime: (NOW - 10 * D) / 1000 }) }, "HIGH", /last ran 240\.0 h ago/],
    ["a plan created yesterday that has not run yet", { count: 1, item: () => plan({ LastExecutionTime: undefined, CreationTime: (NOW - D) / 1000 }) }, "MEDIUM", /first run is still due/],
  ])("reports %s", async (_, plans, severity, message) => {
    await start(account([], { restoreTestingPlans: plans }));
    const r = await handlerWith({})({}, CONTEXT);
    const notRun = r.findings.filter((x) => x.code === "RESTORE_TEST_PLAN_NOT_RUN");
    expect(notRun).toHaveLength(1);
    expect(notRun[0]).toMatchObject({ severity, message: expect.stringMatching(message) });
    // A young plan's missing first tests are MEDIUM too: WARN, not FAIL, until its first run is due.
    if (severity === "MEDIUM") {
      expect(r.findings.filter((x) => x.code === "RESTORE_TEST_MISSING").every((x) => x.severity === "MEDIUM")).toBe(true);
      expect(r.status).toBe("WARN");
    } else expect(r.status).toBe("FAIL");
  });

  it("reports unreadable selections as the tool's failure and does not claim tests are missing", async () => {
    await start(account([], { fault: ({ path }) => (path.includes("/selections") ? accessDenied("backup:ListRestoreTestingSelections") : undefined) }));
    const r = await handlerWith({})({}, CONTEXT);
    expect(r.summary.errors.map((e) => e.source)).toEqual([`ListRestoreTestingSelections ${PLAN}`]);
    expect(r.findings.filter((x) => x.code.startsWith("RESTORE_TEST"))).toEqual([]);
    expect(r.restoreTesting).toMatchObject({ plans: [{ name: PLAN, status: "UNREAD" }], targets: [] });
    expect(r.status).toBe("INCOMPLETE");
  });

  it("has no restoreTesting section and makes no restore testing call without RESTORE_TESTING_PLAN_NAMES", async () => {
    const f = await start(account([]));
    const r = await handlerWith({ RESTORE_TESTING_PLAN_NAMES: "" })({}, CONTEXT);
    expect(r.restoreTesting).toBeNull();
    expect(f.requests.some((q) => q.path.startsWith("/restore-testing") || q.query.restoreTestingPlanArn)).toBe(false);
    expect(r.status).toBe("PASS");
  });
});

describe("DR posture (issue 11, item 3)", () => {
  const REPLICA = { REPLICA_REGION: "us-east-1", REPLICA_VAULT_NAME: "replica" };
  const replicaPoint = (resource: number, ageMs: number) => recoveryPoint(resource, NOW - ageMs, {
    RecoveryPointArn: rpArn("us-east-1", resource), BackupVaultName: "replica", BackupVaultArn: vaultArn("us-east-1", "replica") });
  const dr = (lock: Record<string, unknown>, copies = 2): FakeAccount => ({
    // Volumes 0-2 have fresh primary points; the replica has a fresh copy of 0, a 30 h old copy of 1 and (by default) none of 2.
    vaults: {
      "us-west-2/primary": { count: 3, item: (i) => recoveryPoint(i, NOW - H) },
      "us-east-1/replica": { count: copies, item: (i) => replicaPoint(i, i === 0 ? 2 * H : 30 * H) },
    },
    vaultDescriptions: { "us-east-1/replica": lock },
  });

  it("checks every resource's newest replica point against the copy RPO (default RPO + 2 h)", async () => {
    await start(dr({ Locked: true, MinRetentionDays: 7, MaxRetentionDays: 365 }));
    const r = await handlerWith({ ...REPLICA, RESTORE_TESTING_PLAN_NAMES: "" })({}, CONTEXT);
    const breaches = r.findings.filter((x) => x.code === "REPLICA_RPO_BREACH");
    expect(breaches.map((x) => x.resourceArn)).toEqual([volumeArn(1), volumeArn(2)]);
    expect(breaches[0]!.message).toMatch(/is 30\.0 h old, copy RPO 26 h/);
    expect(breaches[1]!.message).toMatch(/no usable recovery point in the replica vault replica \(us-east-1\)/);
    expect(r.summary.disasterRecovery).toMatchObject({ copyRpoHours: 26, resourcesChecked: 3, replicaRpoBreaches: 2, lock: null });
    expect(summaryHeader(r)).toContain("Replica: 3 resources checked against the copy RPO of 26 h, 2 breaches");
    const loose = await handlerWith({ ...REPLICA, RESTORE_TESTING_PLAN_NAMES: "", COPY_RPO_HOURS: "48" })({}, CONTEXT);
    expect(loose.findings.filter((x) => x.code === "REPLICA_RPO_BREACH").map((x) => x.resourceArn)).toEqual([volumeArn(2)]);
  });

  it.each([
    ["unlocked", { Locked: false }, /it is not locked/],
    ["loosened", { Locked: true, MinRetentionDays: 1, MaxRetentionDays: 365 }, /minimum retention is 1, expected 7 days/],
  ])("reports a replica vault whose lock was %s (DescribeBackupVault in the replica region)", async (_, lock, message) => {
    const f = await start(dr(lock, 3));
    const r = await handlerWith({ ...REPLICA, RESTORE_TESTING_PLAN_NAMES: "", REPLICA_VAULT_LOCK_MIN_DAYS: "7", REPLICA_VAULT_LOCK_MAX_DAYS: "365", COPY_RPO_HOURS: "72" })({}, CONTEXT);
    expect(r.findings.map((x) => [x.code, x.vaultName])).toEqual([["REPLICA_VAULT_NOT_LOCKED", "replica"]]);
    expect(r.findings[0]!.message).toMatch(message);
    expect(f.requests.filter((q) => q.path === "/backup-vaults/replica").map((q) => q.region)).toEqual(["us-east-1"]);
  });

  it("passes a replica that is locked as expected and holds fresh copies", async () => {
    await start(dr({ Locked: true, MinRetentionDays: 7, MaxRetentionDays: 365 }, 3));
    const r = await handlerWith({ ...REPLICA, RESTORE_TESTING_PLAN_NAMES: "", REPLICA_VAULT_LOCK_MIN_DAYS: "7", COPY_RPO_HOURS: "72" })({}, CONTEXT);
    expect(r.findings).toEqual([]);
    expect(r.summary.disasterRecovery!.lock).toMatchObject({ expected: { minDays: 7 }, locked: true, minRetentionDays: 7 });
    expect(r.status).toBe("PASS");
  });
});

describe("restore testing and DR settings", () => {
  const base = { BACKUP_VAULT_NAMES: "primary" };
  it.each([
    [{ RESTORE_TESTING_PLAN_NAMES: "my-plan" }, /Invalid RESTORE_TESTING_PLAN_NAMES: "my-plan" \(restore testing plan names are 1-50 letters, digits and '_'\)/],
    [{ RESTORE_TESTING_PLAN_NAMES: "a,a" }, /RESTORE_TESTING_PLAN_NAMES.*twice/],
    [{ RESTORE_TEST_MAX_AGE_DAYS: "0" }, /RESTORE_TEST_MAX_AGE_DAYS: "0".*greater than 0 and at most 366/],
    [{ REPLICA_VAULT_LOCK_MIN_DAYS: "7" }, /REPLICA_VAULT_LOCK_MIN_DAYS.*needs REPLICA_REGION and REPLICA_VAULT_NAME/],
    [{ REPLICA_REGION: "us-east-1", REPLICA_VAULT_NAME: "rv", REPLICA_VAULT_LOCK_MIN_DAYS: "30", REPLICA_VAULT_LOCK_MAX_DAYS: "7" }, /REPLICA_VAULT_LOCK_MAX_DAYS: "7".*at least REPLICA_VAULT_LOCK_MIN_DAYS \(30\)/],
    [{ REPLICA_REGION: "us-east-1", REPLICA_VAULT_NAME: "rv", REPLICA_VAULT_LOCK_MIN_DAYS: "1.5" }, /whole number of days/],
  ])("rejects %j", (env, message) => {
    expect(() => configFromEnv({ ...base, ...env })).toThrow(message);
  });
  it("defaults the bound to 8 days and the copy RPO to the RPO plus 2 hours", () => {
    expect(configFromEnv({ ...base, RPO_TARGET_HOURS: "12" })).toMatchObject({ restoreTestMaxAgeDays: 8, copyRpoHours: 14, restoreTestingPlanNames: [] });
  });
});
