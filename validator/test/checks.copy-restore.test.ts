import { describe, expect, it } from "vitest";
import { CopyJobCheck, isReplicaVault, ruleCopiesTo } from "../src/checks/copy-jobs";
import { RestoreJobCheck } from "../src/checks/restore-jobs";
import type { BackupJobRecord, CopyJobRecord, RestoreJobRecord } from "../src/records";

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 6, 0, 0);
const window = { start: NOW - 24 * H, end: NOW };
const replica = { region: "us-east-1", vaultName: "replica" };
const REPLICA_ARN = "arn:aws:backup:us-east-1:123456789012:backup-vault:replica";
const rp = (n: number) => `arn:aws:ec2:us-west-2::snapshot/snap-${n}`;
const copy = (over: Partial<CopyJobRecord>): CopyJobRecord => ({
  jobId: "c", state: "COMPLETED", sourceRecoveryPointArn: rp(1), destinationVaultArn: REPLICA_ARN, createdAt: NOW - 5 * H, ...over,
});
const backup = (over: Partial<BackupJobRecord>): BackupJobRecord => ({
  jobId: "b", state: "COMPLETED", recoveryPointArn: rp(1), createdAt: NOW - 6 * H, completedAt: NOW - 5 * H, ...over,
});

describe("CopyJobCheck", () => {
  it("reports a failed copy to the replica once: COPY_JOB_FAILED, not also COPY_MISSING (issue 8, item 6)", () => {
    const c = new CopyJobCheck({ window, replica, graceHours: 2 });
    expect(c.add(copy({ state: "FAILED", sourceRecoveryPointArn: rp(7) }))?.code).toBe("COPY_JOB_FAILED");
    expect(c.checkBackupCopied(backup({ recoveryPointArn: rp(7) }))).toBeUndefined();
    expect(c.summary()).toMatchObject({ missing: 0, checkedForCopy: 1 });
  });

  it("judges a copy that started before the window and failed inside it (issue 8, item 1)", () => {
    const c = new CopyJobCheck({ window, graceHours: 2 });
    expect(c.add(copy({ state: "FAILED", createdAt: NOW - 25 * H, completedAt: NOW - 3 * H }))?.code).toBe("COPY_JOB_FAILED");
  });

  it("reports FAILED, PARTIAL and ABORTED copies whatever their destination", () => {
    const c = new CopyJobCheck({ window, graceHours: 2 });
    expect(c.add(copy({ state: "FAILED", statusMessage: "KMS denied" }))).toMatchObject({ code: "COPY_JOB_FAILED", severity: "HIGH", vaultName: "replica" });
    expect(c.add(copy({ state: "PARTIAL", destinationVaultArn: "arn:aws:backup:eu-west-1:123456789012:backup-vault:other" }))?.code).toBe("COPY_JOB_FAILED");
    expect(c.add(copy({ state: "ABORTED" }))?.code).toBe("COPY_JOB_FAILED");
    expect(c.add(copy({ state: "RUNNING" }))).toBeUndefined();
  });

  it("reports a completed backup without a copy to the replica once the grace period is over", () => {
    const c = new CopyJobCheck({ window, replica, graceHours: 2 });
    c.add(copy({ sourceRecoveryPointArn: rp(1) }));
    c.add(copy({ sourceRecoveryPointArn: rp(2), state: "RUNNING" }));
    // A copy to another vault does not count.
    c.add(copy({ sourceRecoveryPointArn: rp(3), destinationVaultArn: "arn:aws:backup:us-east-1:123456789012:backup-vault:elsewhere" }));
    expect(c.checkBackupCopied(backup({ recoveryPointArn: rp(1) }))).toBeUndefined();
    expect(c.checkBackupCopied(backup({ recoveryPointArn: rp(2) }))).toBeUndefined();
    expect(c.checkBackupCopied(backup({ recoveryPointArn: rp(3) }))).toMatchObject({ code: "COPY_MISSING", recoveryPointArn: rp(3) });
    // Completed an hour ago: its copy may not have started yet.
    expect(c.checkBackupCopied(backup({ recoveryPointArn: rp(4), completedAt: NOW - 1 * H }))).toBeUndefined();
    expect(c.checkBackupCopied(backup({ recoveryPointArn: rp(5), state: "FAILED" }))).toBeUndefined();
    expect(c.summary()).toMatchObject({ missing: 1, checkedForCopy: 3, toReplica: 2 });
  });

  it("checks nothing for copies when no replica is configured", () => {
    const c = new CopyJobCheck({ window, graceHours: 2 });
    expect(c.checkBackupCopied(backup({}))).toBeUndefined();
  });

  it("expects copies only from plan rules that copy to the replica", () => {
    const plan = { rules: { daily: [REPLICA_ARN], weekly: [], other: ["arn:aws:backup:us-east-1:123456789012:backup-vault:x"] } };
    const toReplica = (arn: string) => isReplicaVault(arn, replica);
    expect(ruleCopiesTo(plan, "daily", toReplica)).toBe(true);
    expect(ruleCopiesTo(plan, "weekly", toReplica)).toBe(false);
    expect(ruleCopiesTo(plan, "other", toReplica)).toBe(false);
    expect(ruleCopiesTo(plan, undefined, toReplica)).toBe(false);
    expect(ruleCopiesTo(undefined, "daily", toReplica)).toBe(false);
  });
});

const restore = (over: Partial<RestoreJobRecord>): RestoreJobRecord => ({
  jobId: "r", status: "COMPLETED", resourceArn: "arn:aws:rds:us-west-2:123456789012:db:oms", createdAt: NOW - 10 * H, completedAt: NOW - 9 * H, ...over,
});

describe("RestoreJobCheck", () => {
  it("reports failed restores and failed or timed-out validations", () => {
    const c = new RestoreJobCheck({ window, rtoHours: 4 });
    expect(c.add(restore({ status: "FAILED" })).map((f) => f.code)).toEqual(["RESTORE_JOB_FAILED"]);
    expect(c.add(restore({ validationStatus: "FAILED", validationMessage: "checksum" }))[0]).toMatchObject({ code: "RESTORE_VALIDATION_FAILED" });
    expect(c.add(restore({ validationStatus: "TIMED_OUT" }))[0]!.message).toContain("timed out");
    expect(c.add(restore({ validationStatus: "SUCCESSFUL" }))).toEqual([]);
    expect(c.summary().validation).toEqual({ FAILED: 1, TIMED_OUT: 1, SUCCESSFUL: 1 });
  });

  it("breaches the RTO only above the target, and for restores still running past it", () => {
    const c = new RestoreJobCheck({ window, rtoHours: 4 });
    expect(c.add(restore({ createdAt: NOW - 10 * H, completedAt: NOW - 6 * H }))).toEqual([]);
    expect(c.add(restore({ createdAt: NOW - 10 * H, completedAt: NOW - 6 * H + 1 }))[0]?.code).toBe("RTO_BREACH");
    expect(c.add(restore({ status: "RUNNING", completedAt: undefined, createdAt: NOW - 5 * H }))[0]?.message).toContain("still RUNNING");
    expect(c.add(restore({ status: "RUNNING", completedAt: undefined, createdAt: NOW - 1 * H }))).toEqual([]);
    expect(c.summary().rtoBreaches).toBe(2);
    expect(c.summary().durations?.count).toBe(2);
  });

  it("ignores restores created and ended before the window", () => {
    const c = new RestoreJobCheck({ window, rtoHours: 4 });
    expect(c.add(restore({ status: "FAILED", createdAt: window.start - 2 * H, completedAt: window.start - 1 }))).toEqual([]);
    expect(c.summary().total).toBe(0);
  });

  it("judges a restore created before the window that ended in it against the RTO (issue 8, item 1)", () => {
    const c = new RestoreJobCheck({ window, rtoHours: 4 });
    const f = c.add(restore({ jobId: "slow", createdAt: NOW - 26 * H, completedAt: NOW - 4 * H }));
    expect(f.map((x) => [x.code, x.jobId])).toEqual([["RTO_BREACH", "slow"]]);
    expect(f[0]!.message).toMatch(/took 22\.0 h/);
  });
});
