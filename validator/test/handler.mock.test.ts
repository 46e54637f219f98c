/** The handler with the SDK mocked by aws-sdk-client-mock: delivery rules, failures, the deadline. */
import {
  BackupClient, GetBackupPlanCommand, ListBackupJobsCommand, ListCopyJobsCommand, ListProtectedResourcesCommand,
  ListRecoveryPointsByBackupVaultCommand, ListRestoreJobsCommand,
} from "@aws-sdk/client-backup";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../src/handler";
import { createLogger } from "../src/log";
import { InputError } from "../src/errors";

const backup = mockClient(BackupClient);
const sns = mockClient(SNSClient);
const s3 = mockClient(S3Client);
const NOW = new Date("2026-11-26T06:00:00Z");
const H = 3_600_000;
const ENV = {
  AWS_REGION: "us-west-2",
  BACKUP_VAULT_NAMES: "primary",
  SNS_TOPIC_ARN: "arn:aws:sns:us-west-2:123456789012:alerts",
  REPORT_BUCKET: "reports-bucket",
};
const context = { getRemainingTimeInMillis: () => 600_000, functionName: "validator" };

function emptyAccount() {
  backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
  backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [] });
  backup.on(ListRestoreJobsCommand).resolves({ RestoreJobs: [] });
  backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] });
  backup.on(ListProtectedResourcesCommand).resolves({ Results: [] });
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  s3.on(PutObjectCommand).resolves({});
}

function setup(env: Record<string, string> = ENV) {
  const logs: string[] = [];
  const handler = createHandler({ env, logger: createLogger((l) => logs.push(l)), now: () => NOW });
  return { handler, logs: () => logs.map((l) => JSON.parse(l) as Record<string, any>) };
}

beforeEach(() => {
  backup.reset();
  sns.reset();
  s3.reset();
  emptyAccount();
});
afterEach(() => {
  backup.reset();
});

describe("handler (mocked SDK)", () => {
  it("passes an empty account, skips SNS without findings, still stores the report", async () => {
    const { handler } = setup();
    const r = await handler({}, context);
    expect(r).toMatchObject({ status: "PASS", partial: false, findings: [] });
    expect(r.delivery.sns).toMatchObject({ status: "SKIPPED" });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(r.delivery.s3.status).toBe("SENT");
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put.Bucket).toBe("reports-bucket");
    expect(put.Key).toBe("backup-validation/2026/11/26/2026-11-26T06-00-00.000Z.json");
    expect(JSON.parse(put.Body as string).status).toBe("PASS");
  });

  it("keeps LOW findings out of SNS (RDS snapshots keep their source key) but in the report", async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({
      RecoveryPoints: [
        {
          RecoveryPointArn: "arn:aws:rds:us-west-2:123456789012:snapshot:awsbackup:job-1",
          ResourceArn: "arn:aws:rds:us-west-2:123456789012:db:oms",
          ResourceType: "RDS",
          Status: "COMPLETED",
          IsEncrypted: true,
          EncryptionKeyArn: "arn:aws:kms:us-west-2:123456789012:key/rds-source-key",
          CreationDate: new Date(NOW.getTime() - 2 * H),
          CompletionDate: new Date(NOW.getTime() - 2 * H),
        },
      ],
    });
    const { handler } = setup({ ...ENV, EXPECTED_KMS_KEY_ARN: "arn:aws:kms:us-west-2:123456789012:key/backup-key" });
    const r = await handler({}, context);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([["RECOVERY_POINT_WRONG_KEY", "LOW"]]);
    expect(r.delivery.sns).toMatchObject({ status: "SKIPPED" });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(r.delivery.s3.status).toBe("SENT");
  });

  it("publishes when a full report is asked for", async () => {
    const { handler } = setup();
    const r = await handler({ send_full_report: true }, context);
    expect(r.delivery.sns).toEqual({ status: "SENT", id: "m-1" });
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.Subject).toBe("[PASS] AWS Backup validation (us-west-2 validator): no findings");
  });

  it("lists jobs created in the window, ended in it, and still open from before it, with MaxResults 1000", async () => {
    const { handler } = setup();
    await handler({}, context);
    const start = NOW.getTime() - 24 * H;
    const calls = backup.commandCalls(ListBackupJobsCommand).map((c) => c.args[0].input);
    expect(calls.every((c) => c.MaxResults === 1000)).toBe(true);
    expect(calls.map((c) => [c.ByCreatedAfter?.getTime(), c.ByCreatedBefore?.getTime(), c.ByCompleteAfter?.getTime(), c.ByState])).toEqual([
      [start, undefined, undefined, undefined],
      [undefined, start, start, undefined],
      ...["CREATED", "PENDING", "RUNNING", "ABORTING"].map((s) => [undefined, start, undefined, s]),
    ]);
    const copies = backup.commandCalls(ListCopyJobsCommand).map((c) => c.args[0].input);
    expect(copies.map((c) => [c.ByCreatedAfter?.getTime(), c.ByCreatedBefore?.getTime(), c.ByCompleteAfter?.getTime()])).toEqual([
      [start, undefined, undefined], [undefined, start, start]]);
    const restores = backup.commandCalls(ListRestoreJobsCommand).map((c) => c.args[0].input);
    expect(restores.map((c) => c.ByStatus)).toEqual([undefined, undefined, "PENDING", "RUNNING"]);
  });

  it("logs the report and reports a failed publish in the result without throwing", async () => {
    backup.on(ListBackupJobsCommand, { ByCreatedAfter: new Date(NOW.getTime() - 24 * H) }).resolves({
      BackupJobs: [{ BackupJobId: "j1", State: "FAILED", CreationDate: new Date(NOW.getTime() - H), ResourceArn: "arn:aws:ec2:us-west-2:123456789012:volume/vol-1" }],
    });
    sns.on(PublishCommand).rejects(Object.assign(new Error("User is not authorized to perform: SNS:Publish"), { name: "AuthorizationErrorException" }));
    const { handler, logs } = setup();
    const r = await handler({}, context);
    expect(r.delivery.sns.status).toBe("FAILED");
    expect(r.delivery.sns.detail).toContain("AuthorizationErrorException");
    const error = logs().find((l) => l.level === "ERROR" && l.message === "report delivery failed");
    expect(error?.report.findings.map((f: { jobId: string }) => f.jobId)).toEqual(["j1"]);
    expect(logs().find((l) => l._aws)?.PublishFailures).toBe(1);
  });

  it("reports a listing that fails outright and keeps the rest of the report", async () => {
    backup.on(ListCopyJobsCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({
      RecoveryPoints: [{ RecoveryPointArn: "arn:rp", BackupVaultName: "primary", Status: "COMPLETED", IsEncrypted: false, ResourceArn: "arn:aws:ec2:us-west-2:123456789012:volume/vol-1", CreationDate: NOW }],
    });
    const { handler } = setup();
    const r = await handler({}, context);
    expect(r.summary.errors).toEqual([
      { source: "ListCopyJobs", message: "AccessDeniedException: not authorized" },
      { source: "ListCopyJobs(ended in window)", message: "AccessDeniedException: not authorized" },
    ]);
    expect(r.findings.map((f) => f.code)).toEqual(["RECOVERY_POINT_NOT_ENCRYPTED"]);
    // A HIGH finding: backups are broken, whatever else could not be read.
    expect(r).toMatchObject({ status: "FAIL", partial: true });
    // The backup job listings still ran after the copy listing failed.
    expect(backup.commandCalls(ListBackupJobsCommand).length).toBeGreaterThan(0);
  });

  it("does not call backups uncopied when the copy listing could not be read", async () => {
    backup.on(ListCopyJobsCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
    backup.on(ListBackupJobsCommand, { ByCreatedAfter: new Date(NOW.getTime() - 24 * H) }).resolves({ BackupJobs: [{ BackupJobId: "j1", State: "COMPLETED",
      RecoveryPointArn: "arn:rp:1", CreationDate: new Date(NOW.getTime() - 10 * H), CreatedBy: { BackupPlanId: "p", BackupRuleId: "r" } }] });
    const { handler } = setup({ ...ENV, REPLICA_REGION: "us-east-1", REPLICA_VAULT_NAME: "replica" });
    const r = await handler({}, context);
    expect(r.summary.findingCounts.COPY_MISSING).toBeUndefined();
    expect(r.summary.copyJobs.checkedForCopy).toBe(0);
    expect(backup.commandCalls(GetBackupPlanCommand)).toHaveLength(0);
  });

  it("judges only jobs that touch the configured vaults", async () => {
    const at = new Date(NOW.getTime() - H);
    backup.on(ListBackupJobsCommand, { ByCreatedAfter: new Date(NOW.getTime() - 24 * H) }).resolves({ BackupJobs: [
      { BackupJobId: "ours", State: "FAILED", BackupVaultName: "primary", CreationDate: at },
      { BackupJobId: "theirs", State: "FAILED", BackupVaultName: "other-team", CreationDate: at },
    ] });
    backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [
      { CopyJobId: "c-theirs", State: "FAILED", SourceBackupVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:other-team", CreationDate: at },
    ] });
    backup.on(ListRestoreJobsCommand).resolves({ RestoreJobs: [
      { RestoreJobId: "r-ours", Status: "FAILED", BackupVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:primary", CreationDate: at },
      { RestoreJobId: "r-theirs", Status: "FAILED", BackupVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:other-team", CreationDate: at },
    ] });
    const { handler } = setup();
    const r = await handler({}, context);
    expect(r.findings.map((f) => f.jobId).sort()).toEqual(["ours", "r-ours"]);
    expect(r.summary.jobsOutsideVaults).toEqual({ backupJobs: 1, copyJobs: 1, restoreJobs: 1 });
    expect(r.summary.backupJobs.total).toBe(1);
  });

  it("looks each plan version up once for the copy check", async () => {
    const job = (i: number) => ({ BackupJobId: `j${i}`, State: "COMPLETED" as const, RecoveryPointArn: `arn:rp:${i}`, CreationDate: new Date(NOW.getTime() - 10 * H),
      CompletionDate: new Date(NOW.getTime() - 9 * H), CreatedBy: { BackupPlanId: "p", BackupPlanVersion: "v1", BackupRuleId: "r" } });
    backup.on(ListBackupJobsCommand, { ByCreatedAfter: new Date(NOW.getTime() - 24 * H) }).resolves({ BackupJobs: [job(1), job(2), job(3)] });
    backup.on(GetBackupPlanCommand).resolves({ BackupPlan: { BackupPlanName: "p", Rules: [{ RuleName: "r", RuleId: "r", TargetBackupVaultName: "primary",
      CopyActions: [{ DestinationBackupVaultArn: "arn:aws:backup:us-east-1:123456789012:backup-vault:replica" }] }] } });
    const { handler } = setup({ ...ENV, REPLICA_REGION: "us-east-1", REPLICA_VAULT_NAME: "replica" });
    const r = await handler({}, context);
    expect(backup.commandCalls(GetBackupPlanCommand)).toHaveLength(1);
    expect(backup.commandCalls(GetBackupPlanCommand)[0]!.args[0].input).toEqual({ BackupPlanId: "p", VersionId: "v1" });
    expect(r.summary.findingCounts.COPY_MISSING).toBe(3);
  });

  it("stops listing before the Lambda deadline and marks the report partial", async () => {
    let pages = 0;
    backup.on(ListBackupJobsCommand, { ByCreatedAfter: new Date(NOW.getTime() - 24 * H) }).callsFake(async () => {
      pages++;
      await new Promise((r) => setTimeout(r, 20));
      return { BackupJobs: [{ BackupJobId: `j${pages}`, State: "COMPLETED", CreationDate: NOW }], NextToken: `t${pages}` };
    });
    const { handler } = setup();
    const started = Date.now();
    const r = await handler({}, { getRemainingTimeInMillis: () => 1_000, functionName: "validator" });
    // 1 s remaining, a quarter kept back for publishing: listing stops after about 750 ms
    // (the bound is loose for loaded machines; without the deadline the listing never ends).
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(pages).toBeGreaterThan(5);
    expect(r.partial).toBe(true);
    expect(r.status).toBe("INCOMPLETE");
    expect(r.summary.partialReasons[0]).toMatch(/deadline/);
    expect(r.summary.backupJobs.total).toBe(pages);
    expect(r.delivery.s3.status).toBe("SENT");
  });

  it("rejects a bad event and a bad environment with errors naming the input", async () => {
    const { handler, logs } = setup();
    await expect(handler({ detail: {} }, context)).rejects.toThrow(InputError);
    await expect(setup({ ...ENV, LOOKBACK_HOURS: "forever" }).handler({}, context)).rejects.toThrow(/Invalid LOOKBACK_HOURS: "forever"/);
    expect(logs()[0]).toMatchObject({ level: "ERROR", message: "invalid input" });
    expect(backup.calls()).toHaveLength(0);
  });
});
