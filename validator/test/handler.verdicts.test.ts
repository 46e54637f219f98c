/**
 * Issue 8's verdicts through the real SDK against the local endpoint: jobs straddling the window,
 * restores in the replica region, errors kept with their listing, coverage from the plan's
 * selections, the tool's failures apart from the backups', and deliveries within the deadline.
 */
import { describe, expect, it } from "vitest";
import { createClients } from "../src/aws/clients";
import { runCli } from "../src/cli";
import { EXIT_CODES } from "../src/contract";
import { createHandler } from "../src/handler";
import { createLogger, silentLogger } from "../src/log";
import { ACCOUNT, backupJob, copyJob, recoveryPoint, restoreJob, vaultArn, volumeArn } from "./support/account";
import { accessDenied, type FakeAccount } from "./support/fake-aws";
import { fakeAwsPerTest } from "./support/per-test";

const NOW = Date.now();
const H = 3_600_000;
const { start, stop } = fakeAwsPerTest();

const ENV = { AWS_REGION: "us-west-2", BACKUP_VAULT_NAMES: "primary" };
const CONTEXT = { getRemainingTimeInMillis: () => 120_000, functionName: "validator", invokedFunctionArn: `arn:aws:lambda:us-west-2:${ACCOUNT}:function:validator` };
const handlerWith = (env: Record<string, string>, logs?: string[]) =>
  createHandler({ env: { ...ENV, ...env }, logger: logs ? createLogger((l) => logs.push(l)) : silentLogger, clients: (c) => createClients(c.region, 2), now: () => new Date(NOW) });
const vaultOf = (count: number, item: (i: number) => Record<string, unknown>) => ({ "us-west-2/primary": { count, item } });
const fresh = vaultOf(1, (i) => recoveryPoint(i, NOW - H));

describe("jobs that straddle the window (issue 8, item 1)", () => {
  it("judges a weekly backup created 30 h ago that failed 2 h ago, a 22 h restore created 26 h ago and a copy that failed in the window", async () => {
    const f = await start({
      backupJobs: { count: 2, item: (i) => i === 0
        ? backupJob(0, NOW - 3 * H)
        : backupJob(1, NOW - 30 * H, { BackupJobId: "weekly", State: "FAILED", StatusMessage: "start window closed", CompletionDate: (NOW - 2 * H) / 1000 }) },
      restoreJobs: { count: 1, item: () => restoreJob(1, NOW - 26 * H, 22 * H, { RestoreJobId: "slow-restore" }) },
      copyJobs: { count: 1, item: () => copyJob(1, NOW - 25 * H, { CopyJobId: "late-copy", State: "FAILED", CompletionDate: (NOW - 3 * H) / 1000 }) },
      vaults: fresh,
    });
    const r = await handlerWith({})({}, CONTEXT);
    const ids = (code: string) => r.findings.filter((x) => x.code === code).map((x) => x.jobId);
    expect(ids("BACKUP_JOB_FAILED")).toEqual(["weekly"]);
    expect(ids("RTO_BREACH")).toEqual(["slow-restore"]);
    expect(ids("COPY_JOB_FAILED")).toEqual(["late-copy"]);
    // Each job judged once although the fake's creation listing also returns it to a lax filter.
    expect(r.summary.backupJobs.total).toBe(2);
    const ended = f.requests.filter((q) => q.path.startsWith("/backup-jobs") && q.query.completeAfter);
    expect(ended.map((q) => [Date.parse(q.query.completeAfter!), Date.parse(q.query.createdBefore!)])).toEqual([[NOW - 24 * H, NOW - 24 * H]]);
    expect(r.status).toBe("FAIL");
  });
});

describe("restores in the replica region (issue 8, item 3)", () => {
  it("reads ListRestoreJobs in REPLICA_REGION and judges DR drills from the replica vault", async () => {
    const f = await start({
      vaults: { ...fresh, "us-east-1/replica": { count: 0, item: () => ({}) } },
      regions: { "us-east-1": { restoreJobs: { count: 2, item: (i) => restoreJob(i, NOW - 3 * H, H, {
        RestoreJobId: `drill-${i}`, BackupVaultArn: vaultArn("us-east-1", i === 0 ? "replica" : "someone-else"), Status: "FAILED", StatusMessage: "subnet missing" }) } } },
    });
    const r = await handlerWith({ REPLICA_REGION: "us-east-1", REPLICA_VAULT_NAME: "replica" })({}, CONTEXT);
    expect(r.findings.filter((x) => x.code === "RESTORE_JOB_FAILED").map((x) => x.jobId)).toEqual(["drill-0"]);
    expect(r.summary.jobsOutsideVaults.restoreJobs).toBe(1);
    expect(new Set(f.requests.filter((q) => q.path.startsWith("/restore-jobs")).map((q) => q.region))).toEqual(new Set(["us-west-2", "us-east-1"]));
  });
});

describe("errors stay with their listing (issue 8, item 2)", () => {
  it("keeps each cause with its source when a vault listing and the restore listing fail at the same time", async () => {
    await start({
      vaults: { ...fresh, "us-west-2/secondary": accessDenied("backup:ListRecoveryPointsByBackupVault on secondary") },
      fault: ({ path }) => (path.startsWith("/restore-jobs") ? { status: 400, type: "ValidationException", message: "restore listing broke" } : undefined),
      // The vault's denial arrives after the restore errors were recorded.
      latency: ({ path }) => (path.includes("/secondary/") ? 300 : undefined),
    });
    const r = await handlerWith({ BACKUP_VAULT_NAMES: "primary,secondary" })({}, CONTEXT);
    const bySource = Object.fromEntries(r.summary.errors.map((e) => [e.source, e.message]));
    expect(bySource["ListRecoveryPointsByBackupVault secondary in us-west-2"]).toMatch(/^AccessDeniedException: .*on secondary/);
    expect(bySource["ListRestoreJobs"]).toMatch(/^ValidationException: restore listing broke/);
    expect(r.summary.errors).toHaveLength(5);
  });
});

describe("the tool failing is not the backups failing", () => {
  it("exits 3 with a partial report when the endpoint is unreachable", async () => {
    await start({});
    await stop();
    let stdout = "";
    let stderr = "";
    const code = await runCli(["--region", "us-west-2", "--vault", "primary", "--json"], {
      stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: process.env, clients: (c) => createClients(c.region, 1),
    });
    expect(code).toBe(EXIT_CODES.INCOMPLETE);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ status: "INCOMPLETE", partial: true, findings: [] });
    expect(report.summary.errors.map((e: { source: string }) => e.source)).toContain("ListRecoveryPointsByBackupVault primary in us-west-2");
    expect(report.summary.errors.every((e: { message: string }) => /ECONNREFUSED|connect/i.test(e.message))).toBe(true);
    expect(stderr).toMatch(/could not read ListBackupJobs/);
  });

  it.each([
    ["every listing denied", accessDenied("backup:*")],
    ["an expired token", { status: 403, type: "ExpiredTokenException", message: "The security token included in the request is expired" }],
  ])("reports %s as INCOMPLETE with RunIncomplete, not as FAIL", async (_, fault) => {
    await start({ fault: () => fault });
    const logs: string[] = [];
    const r = await handlerWith({}, logs)({}, CONTEXT);
    expect(r).toMatchObject({ status: "INCOMPLETE", partial: true, findings: [] });
    expect(r.summary.errors.length).toBeGreaterThanOrEqual(10);
    expect(r.summary.errors.every((e) => e.message.startsWith(fault.type))).toBe(true);
    const emf = logs.map((l) => JSON.parse(l)).find((d) => d._aws);
    expect(emf).toMatchObject({ RunIncomplete: 1, ValidationFailed: 0, status: "INCOMPLETE" });
  });

  it("notes another plan it may not read instead of failing the run, but reports its own plan unreadable (issue 8, item 5)", async () => {
    const job = (i: number, plan: string) => backupJob(i, NOW - 10 * H, { CreatedBy: { BackupPlanId: plan, BackupPlanVersion: "v1", BackupRuleId: "r" } });
    await start({
      backupJobs: { count: 2, item: (i) => job(i, i === 0 ? "other-team-plan" : "our-plan") },
      // The replica holds a fresh copy (issue 11 judges the copy RPO).
      vaults: { ...fresh, "us-east-1/replica": { count: 1, item: (i) => recoveryPoint(i, NOW - H, { BackupVaultName: "replica" }) } },
      fault: ({ path }) => (path.startsWith("/backup/plans/") && !path.includes("/selections") ? accessDenied("backup:GetBackupPlan") : undefined),
      selections: { "our-plan": {} },
    });
    const env = { REPLICA_REGION: "us-east-1", REPLICA_VAULT_NAME: "replica" };
    const other = await handlerWith(env)({}, CONTEXT);
    expect(other.summary.notes.join("\n")).toMatch(/plan other-team-plan@v1 not checked for copies: AccessDeniedException/);
    expect(other.summary.errors.map((e) => e.source)).toEqual([]);
    expect(other.status).toBe("PASS");
    const ours = await handlerWith({ ...env, BACKUP_PLAN_ID: "our-plan" })({}, CONTEXT);
    expect(ours.summary.errors.map((e) => e.source)).toEqual(["GetBackupPlan our-plan@v1"]);
    expect(ours.status).toBe("INCOMPLETE");
  });
});

describe("coverage from the plan's selections", () => {
  const PLAN = "plan-cov";
  const db = (n: string) => `arn:aws:rds:us-west-2:${ACCOUNT}:db:${n}`;
  // 250 tagged volumes: even ones tagged backup=true, every tenth of those temporary; and an EFS file system with the tag.
  const tagged = (i: number) => i === 250
    ? { ResourceARN: `arn:aws:elasticfilesystem:us-west-2:${ACCOUNT}:file-system/fs-1`, Tags: [{ Key: "backup", Value: "true" }] }
    : { ResourceARN: volumeArn(i), Tags: [{ Key: "backup", Value: i % 2 === 0 ? "true" : "false" }, ...(i % 20 === 0 ? [{ Key: "VolumeType", Value: "temporary" }] : [])] };
  const account = (): FakeAccount => ({
    selections: { [PLAN]: {
      "sel-rds": { SelectionName: "arrakis-rds", IamRoleArn: "arn:aws:iam::1:role/r", Resources: [db("orders"), db("billing")] },
      "sel-ebs": { SelectionName: "arrakis-ebs", IamRoleArn: "arn:aws:iam::1:role/r", Resources: ["arn:aws:ec2:*:*:volume/*"],
        Conditions: { StringEquals: [{ ConditionKey: "aws:ResourceTag/backup", ConditionValue: "true" }],
          StringNotEquals: [{ ConditionKey: "aws:ResourceTag/VolumeType", ConditionValue: "temporary" }] } },
    } },
    taggedResources: { count: 251, item: tagged },
    // Every selected volume but 42 and 44 has a fresh point; the orders database has one, billing none.
    vaults: vaultOf(251, (i) => i === 250
      ? recoveryPoint(i, NOW - H, { ResourceArn: db("orders"), ResourceType: "RDS" })
      : recoveryPoint(i, NOW - H, { ResourceArn: volumeArn(i === 42 || i === 44 ? 100_000 + i : i) })),
    protectedResources: { count: 1, item: () => ({ ResourceArn: db("orders"), ResourceType: "RDS", LastBackupTime: (NOW - H) / 1000, LastBackupVaultArn: vaultArn("us-west-2", "primary") }) },
  });

  it("expects the selections' listed ARNs and tag-matched resources, and names the selection in each finding", async () => {
    const f = await start(account());
    const r = await handlerWith({ BACKUP_PLAN_ID: PLAN })({}, CONTEXT);
    const missing = r.findings.filter((x) => x.code === "RESOURCE_NOT_PROTECTED").map((x) => [x.resourceArn, x.selectionName]);
    expect(missing).toEqual([[db("billing"), "arrakis-rds"], [volumeArn(42), "arrakis-ebs"], [volumeArn(44), "arrakis-ebs"]]);
    // 125 even volumes, 13 of them temporary; plus the two databases.
    expect(r.summary.coverage).toEqual({ selections: 2, expectedBySelection: { "arrakis-rds": 2, "arrakis-ebs": 112 } });
    expect(r.summary.resources).toMatchObject({ expected: 114, notProtected: 3 });
    const tagCalls = f.requests.filter((q) => q.service === "tagging").map((q) => JSON.parse(q.body));
    // Scoped to the selection's resource type and its StringEquals tag, paged 100 at a time: 125 matches, 2 pages.
    expect(tagCalls).toHaveLength(2);
    expect(tagCalls[0]).toMatchObject({ ResourceTypeFilters: ["ec2:volume"], TagFilters: [{ Key: "backup", Values: ["true"] }], ResourcesPerPage: 100 });
    expect(tagCalls[1].PaginationToken).toMatch(/^p\d+$/);
    expect(r.status).toBe("FAIL");
  });

  it("reports unreadable selections as the tool's error and leaves coverage unjudged", async () => {
    await start({ ...account(), fault: ({ service }) => (service === "tagging" ? accessDenied("tag:GetResources") : undefined) });
    const r = await handlerWith({ BACKUP_PLAN_ID: PLAN })({}, CONTEXT);
    expect(r.summary.errors.map((e) => e.source)).toEqual(["tag:GetResources for selection arrakis-ebs"]);
    expect(r.summary.coverage).toBeNull();
    expect(r.findings.filter((x) => x.code === "RESOURCE_NOT_PROTECTED")).toEqual([]);
    expect(r.status).toBe("INCOMPLETE");
  });
});

describe("deliveries", () => {
  const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts.fifo`;

  it("publishes to a FIFO topic in its own region with a group and deduplication id, and stores the report with owner and SSE-KMS", async () => {
    const f = await start({ vaults: fresh, bucketRegions: { reports: "eu-central-1" } });
    const key = `arn:aws:kms:us-west-2:${ACCOUNT}:key/report-key`;
    const r = await handlerWith({ SNS_TOPIC_ARN: TOPIC, REPORT_BUCKET: "reports", REPORT_KMS_KEY_ARN: key })({ send_full_report: true }, CONTEXT);
    expect(r.delivery.sns.status).toBe("SENT");
    expect(f.published[0]).toMatchObject({ TopicArn: TOPIC, MessageGroupId: "backup-validation" });
    expect(f.published[0]!.MessageDeduplicationId).toMatch(/^validator\d{8}T\d+Z$/);
    expect(f.requests.find((q) => q.service === "sns")!.region).toBe("eu-west-1");
    expect(r.delivery.s3.status).toBe("SENT");
    const puts = f.requests.filter((q) => q.service === "s3");
    // The bucket lives in another region: the client follows the redirect.
    expect(puts.map((q) => [q.region, q.status])).toEqual([["us-west-2", 301], ["eu-central-1", 200]]);
    expect(puts[1]!.headers).toMatchObject({ "x-amz-expected-bucket-owner": ACCOUNT, "x-amz-server-side-encryption": "aws:kms",
      "x-amz-server-side-encryption-aws-kms-key-id": key });
  });

  it("aborts a publish that would outlive the function, counts it in PublishFailures and returns in time", async () => {
    await start({ vaults: fresh, latency: ({ service }) => (service === "sns" ? 5_000 : undefined) });
    const logs: string[] = [];
    const started = Date.now();
    const r = await handlerWith({ SNS_TOPIC_ARN: `arn:aws:sns:us-west-2:${ACCOUNT}:alerts` }, logs)(
      { send_full_report: true }, { ...CONTEXT, getRemainingTimeInMillis: () => 1_500 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.delivery.sns.status).toBe("FAILED");
    expect(r.delivery.sns.detail).toMatch(/abort/i);
    expect(logs.map((l) => JSON.parse(l)).find((d) => d._aws)).toMatchObject({ PublishFailures: 1 });
  });
});
