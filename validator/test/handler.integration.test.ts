/**
 * Runs the handler through the real AWS SDK over HTTP against a local fake endpoint: several
 * pages, a throttled request that succeeds on retry, and an access-denied vault.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandler, type HandlerResult } from "../src/handler";
import { createLogger } from "../src/log";
import { accessDenied, fakeAwsEnv, startFakeAws, THROTTLED, type FakeAws } from "./support/fake-aws";
import {
  backupJob, copyJob, KEY_ARN, planWithCopy, protectedResource, recoveryPoint, REPLICA_KEY_ARN, restoreJob, rpArn, volumeArn,
} from "./support/account";

const NOW = Date.now();
const H = 3_600_000;

describe("handler through the real SDK against a local endpoint", () => {
  let fake: FakeAws;
  let result: HandlerResult;
  const logs: string[] = [];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    fake = await startFakeAws({
      // 2,500 jobs: three pages. Job 5 failed, job 7 completed with an AccessDenied message.
      backupJobs: {
        count: 2500,
        item: (i) => backupJob(i, NOW - 10 * H + i * 1000, i === 5 ? { State: "FAILED", StatusMessage: "Volume busy" }
          : i === 7 ? { MessageCategory: "AccessDenied" } : {}),
      },
      // Every backup has its copy except backup 9.
      copyJobs: { count: 2500, item: (i) => copyJob(i === 9 ? 100_000 : i, NOW - 9 * H + i * 1000) },
      restoreJobs: { count: 2, item: (i) => restoreJob(i, NOW - 8 * H, i === 0 ? 1 * H : 6 * H) },
      // Resources 1000-1199 have no recovery point in our readable vault and no backup attempt in 30 h.
      protectedResources: { count: 1200, item: (i) => protectedResource(i, i >= 1000 ? NOW - 30 * H : NOW - 2 * H) },
      vaults: {
        // 1,500 recovery points for resources 0..999 (two pages); one unencrypted.
        "us-west-2/primary": { count: 1500, item: (i) => recoveryPoint(i, NOW - 3 * H + i, i === 42 ? { IsEncrypted: false } : {}) },
        "us-west-2/secondary": accessDenied("backup:ListRecoveryPointsByBackupVault on resource secondary"),
        "us-east-1/replica": { count: 3, item: (i) => recoveryPoint(i, NOW - 2 * H, {
          RecoveryPointArn: rpArn("us-east-1", i), BackupVaultName: "replica", EncryptionKeyArn: REPLICA_KEY_ARN }) },
      },
      plans: { "plan-1": planWithCopy() },
      // The second page of backup jobs is throttled once.
      fault: ({ path, query, attempt }) => (path.startsWith("/backup-jobs") && query.nextToken === "t1000" && attempt === 1 ? THROTTLED : undefined),
    });
    Object.assign(process.env, fakeAwsEnv(fake.url));
    const handler = createHandler({
      env: {
        AWS_REGION: "us-west-2",
        BACKUP_VAULT_NAMES: "primary,secondary",
        REPLICA_REGION: "us-east-1",
        REPLICA_VAULT_NAME: "replica",
        RPO_TARGET_HOURS: "24",
        RTO_TARGET_HOURS: "4",
        EXPECTED_KMS_KEY_ARN: KEY_ARN,
        EXPECTED_RESOURCE_ARNS: volumeArn(5000),
        SNS_TOPIC_ARN: "arn:aws:sns:us-west-2:123456789012:backup-alerts",
        REPORT_BUCKET: "arrakis-backup-reports",
      },
      logger: createLogger((line) => logs.push(line)),
      now: () => new Date(NOW),
    });
    result = await handler({}, { getRemainingTimeInMillis: () => 300_000, functionName: "arrakis-backup-validator-test" });
  });

  afterAll(async () => {
    process.env = savedEnv;
    await fake?.close();
  });

  it("reads every page of every listing", () => {
    const pages = (prefix: string) => fake.requests.filter((r) => r.path.startsWith(prefix) && r.status === 200);
    expect(pages("/backup-jobs").filter((r) => r.query.createdAfter).map((r) => r.query.nextToken ?? "")).toEqual(["", "t1000", "t2000"]);
    expect(pages("/backup-jobs").every((r) => r.query.maxResults === "1000")).toBe(true);
    expect(pages("/backup-vaults/primary/recovery-points")).toHaveLength(2);
    expect(pages("/resources")).toHaveLength(2);
    expect(pages("/copy-jobs").filter((r) => r.query.createdAfter)).toHaveLength(3);
    expect(result.summary.backupJobs.total).toBe(2500);
    expect(result.summary.recoveryPoints.primary.total).toBe(1500);
    expect(result.summary.resources?.protectedResources).toBe(1200);
  });

  it("passes the window to ListBackupJobs as createdAfter", () => {
    const first = fake.requests.find((r) => r.path.startsWith("/backup-jobs"))!;
    expect(Date.parse(first.query.createdAfter!)).toBe(NOW - 24 * H);
  });

  it("retries a throttled page and then succeeds", () => {
    const second = fake.requests.filter((r) => r.path.startsWith("/backup-jobs") && r.query.nextToken === "t1000");
    expect(second.map((r) => r.status)).toEqual([400, 200]);
    expect(result.summary.errors.filter((e) => e.source.startsWith("ListBackupJobs"))).toEqual([]);
  });

  it("reports an access-denied vault as the tool's error (partial), not a backup finding, and still reports the rest", () => {
    expect(result.findings.filter((f) => f.code === "VAULT_UNREADABLE")).toEqual([]);
    expect(result.summary.errors).toEqual([{ source: "ListRecoveryPointsByBackupVault secondary in us-west-2", message: expect.stringMatching(/^AccessDeniedException: .*secondary/) }]);
    expect(result.partial).toBe(true);
    expect(result.findings.find((f) => f.code === "RECOVERY_POINT_NOT_ENCRYPTED")?.recoveryPointArn).toBe(rpArn("us-west-2", 42));
    // HIGH findings: FAIL whatever else could not be read.
    expect(result.status).toBe("FAIL");
  });

  it("lists the replica vault in the replica region", () => {
    const replica = fake.requests.filter((r) => r.path.startsWith("/backup-vaults/replica/"));
    expect(replica.map((r) => r.region)).toEqual(["us-east-1"]);
    expect(result.summary.recoveryPoints.replica?.total).toBe(3);
    // The replica's own key is not held against the primary key.
    expect(result.findings.filter((f) => f.code === "RECOVERY_POINT_WRONG_KEY")).toEqual([]);
  });

  it("finds the failed job, the job with issues, the missing copy and the RTO breach", () => {
    const byCode = (code: string) => result.findings.filter((f) => f.code === code);
    expect(byCode("BACKUP_JOB_FAILED").map((f) => f.jobId)).toEqual(["job-5"]);
    expect(byCode("BACKUP_JOB_COMPLETED_WITH_ISSUES").map((f) => f.jobId)).toEqual(["job-7"]);
    expect(byCode("COPY_MISSING").map((f) => f.jobId)).toEqual(["job-9"]);
    expect(byCode("RTO_BREACH").map((f) => f.jobId)).toEqual(["restore-1"]);
    expect(result.summary.backupJobs.successRate).toBeCloseTo(2499 / 2500, 6);
    expect(fake.requests.filter((r) => r.path.startsWith("/backup/plans/plan-1"))).toHaveLength(1);
  });

  it("judges RPO from recovery points: resources 1000-1199 have none in the readable vault and no recent attempt", () => {
    const rpo = result.findings.filter((f) => f.code === "RPO_BREACH");
    expect(result.summary.findingCounts.RPO_BREACH).toBe(200);
    expect(rpo.every((f) => /has no completed recovery point/.test(f.message))).toBe(true);
  });

  it("reports the expected resource absent from ListProtectedResources as not protected, though a vault is unreadable (issue 8, item 10)", () => {
    expect(result.findings.filter((f) => f.code === "RESOURCE_NOT_PROTECTED").map((f) => [f.resourceArn, f.selectionName])).toEqual([
      [volumeArn(5000), "EXPECTED_RESOURCE_ARNS"]]);
  });

  it("publishes a readable summary to SNS with a valid subject", () => {
    expect(result.delivery.sns.status).toBe("SENT");
    expect(fake.published).toHaveLength(1);
    const { Subject, Message, TopicArn } = fake.published[0]!;
    expect(TopicArn).toBe("arn:aws:sns:us-west-2:123456789012:backup-alerts");
    expect(Subject!.length).toBeLessThan(100);
    expect(Subject).toMatch(/^\[FAIL\] [\x20-\x7e]+$/);
    expect(Message).toContain("ERROR reading ListRecoveryPointsByBackupVault secondary");
  });

  it("stores the JSON report in S3", () => {
    expect(result.delivery.s3.status).toBe("SENT");
    const [key, body] = [...fake.objects.entries()][0]!;
    expect(key.startsWith("arrakis-backup-reports/backup-validation/")).toBe(true);
    const stored = JSON.parse(body);
    expect(stored.status).toBe(result.status);
    expect(stored.findings).toEqual(result.findings);
  });

  it("logs metrics in embedded metric format", () => {
    const emf = logs.map((l) => JSON.parse(l)).find((d) => d._aws);
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe("ArrakisBackup/Validator");
    expect(emf.VaultsUnreadable).toBe(0);
    expect(emf.ListingErrors).toBe(1);
    expect(emf.RunIncomplete).toBe(1);
    expect(emf.BackupJobsFailed).toBe(1);
    expect(emf.PublishFailures).toBe(0);
    const names = emf._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name);
    for (const n of names) expect(typeof emf[n]).toBe("number");
  });
});
