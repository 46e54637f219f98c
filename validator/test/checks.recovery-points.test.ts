import { describe, expect, it } from "vitest";
import { RecoveryPointCheck } from "../src/checks/recovery-points";
import { NewestRecoveryPoints, RpoCheck } from "../src/checks/rpo";
import { EXPECTED_ENV_SOURCE, ExpectedResources } from "../src/checks/coverage";
import type { RecoveryPointRecord } from "../src/records";

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 6, 0, 0);
const KEY = "arn:aws:kms:us-west-2:123456789012:key/aaaa";
const VOL = (n: number) => `arn:aws:ec2:us-west-2:123456789012:volume/vol-${n}`;
const point = (over: Partial<RecoveryPointRecord>): RecoveryPointRecord => ({
  recoveryPointArn: "arn:aws:ec2:us-west-2::snapshot/snap-1", vaultName: "primary", status: "COMPLETED",
  resourceArn: VOL(1), resourceType: "EFS", isEncrypted: true, encryptionKeyArn: KEY, createdAt: NOW - 2 * H, ...over,
});

describe("RecoveryPointCheck", () => {
  it("reports PARTIAL and STOPPED as HIGH, EXPIRED as MEDIUM, and healthy statuses not at all", () => {
    const c = new RecoveryPointCheck({});
    expect(c.add(point({ status: "PARTIAL" }))[0]).toMatchObject({ code: "RECOVERY_POINT_UNHEALTHY", severity: "HIGH", vaultName: "primary" });
    expect(c.add(point({ status: "STOPPED" }))[0]?.severity).toBe("HIGH");
    expect(c.add(point({ status: "EXPIRED" }))[0]?.severity).toBe("MEDIUM");
    for (const status of ["COMPLETED", "AVAILABLE", "CREATING", "DELETING"]) expect(c.add(point({ status }))).toEqual([]);
    expect(c.summary()).toMatchObject({ total: 7, unhealthy: 3 });
  });

  it("reports unencrypted points, and does not also call them wrongly keyed", () => {
    const c = new RecoveryPointCheck({ expectedKmsKeyArn: KEY });
    expect(c.add(point({ isEncrypted: false, encryptionKeyArn: undefined })).map((f) => f.code)).toEqual(["RECOVERY_POINT_NOT_ENCRYPTED"]);
    expect(c.add(point({ isEncrypted: undefined }))).toEqual([]);
  });

  it("reports another key as HIGH where AWS Backup manages the encryption and LOW where the source key is kept", () => {
    const c = new RecoveryPointCheck({ expectedKmsKeyArn: KEY });
    const other = "arn:aws:kms:us-west-2:123456789012:key/bbbb";
    const managed = "arn:aws:backup:us-west-2:123456789012:recovery-point:1a2b3c4d";
    expect(c.add(point({ recoveryPointArn: managed, encryptionKeyArn: other }))[0]).toMatchObject({ code: "RECOVERY_POINT_WRONG_KEY", severity: "HIGH" });
    expect(c.add(point({ encryptionKeyArn: other, resourceType: "RDS" }))[0]).toMatchObject({ severity: "LOW" });
    expect(c.add(point({}))).toEqual([]);
    expect(new RecoveryPointCheck({}).add(point({ encryptionKeyArn: other }))).toEqual([]);
  });

  it("judges a DynamoDB backup without advanced features (kept in DynamoDB, table key) as LOW (issue 8, item 7)", () => {
    const c = new RecoveryPointCheck({ expectedKmsKeyArn: KEY });
    const f = c.add(point({ resourceType: "DynamoDB", encryptionKeyArn: "arn:aws:kms:us-west-2:123456789012:key/table-key",
      recoveryPointArn: "arn:aws:dynamodb:us-west-2:123456789012:table/orders/backup/01700000000000-abcdef12" }));
    expect(f.map((x) => [x.code, x.severity])).toEqual([["RECOVERY_POINT_WRONG_KEY", "LOW"]]);
  });

  it("ignores a STOPPED continuous point superseded by a newer active one, whatever the order (issue 8, item 4)", () => {
    const cont = (n: number) => `arn:aws:backup:us-west-2:123456789012:recovery-point:continuous:db-abc-${n}`;
    for (const order of [[0, 1], [1, 0]]) {
      const c = new RecoveryPointCheck({});
      const pts = [point({ recoveryPointArn: cont(1), status: "STOPPED", createdAt: NOW - 40 * 24 * H }),
        point({ recoveryPointArn: cont(2), status: "COMPLETED", createdAt: NOW - 3 * 24 * H })];
      for (const i of order) expect(c.add(pts[i]!)).toEqual([]);
      expect(c.finish()).toEqual([]);
      expect(c.summary()).toMatchObject({ unhealthy: 0, supersededContinuous: 1 });
    }
    // The current continuous point stopped: that one matters.
    const c = new RecoveryPointCheck({});
    c.add(point({ recoveryPointArn: cont(1), status: "STOPPED", createdAt: NOW - H }));
    expect(c.finish().map((f) => [f.code, f.severity, f.recoveryPointArn])).toEqual([["RECOVERY_POINT_UNHEALTHY", "HIGH", cont(1)]]);
    expect(c.summary().unhealthy).toBe(1);
  });
});

function rpo(points: RecoveryPointRecord[], opts: Partial<ConstructorParameters<typeof RpoCheck>[0]> = {}) {
  const newest = new NewestRecoveryPoints();
  for (const p of points) newest.add(p, NOW);
  return new RpoCheck({ now: NOW, rpoHours: 24, vaultNames: ["primary"], unreadableVaults: new Set(), expected: expect_([]), newest, ...opts });
}
function expect_(arns: string[], source = EXPECTED_ENV_SOURCE) {
  const e = new ExpectedResources();
  for (const a of arns) e.add(a, source);
  return e;
}
const inPrimary = "arn:aws:backup:us-west-2:123456789012:backup-vault:primary";

describe("RpoCheck", () => {
  it("uses the newest COMPLETED recovery point, not LastBackupTime", () => {
    const c = rpo([point({ createdAt: NOW - 30 * H }), point({ createdAt: NOW - 2 * H, status: "PARTIAL" })]);
    const f = c.addProtected({ resourceArn: VOL(1), lastBackupTime: NOW - 2 * H, lastBackupVaultArn: inPrimary });
    expect(f).toMatchObject({ code: "RPO_BREACH", resourceArn: VOL(1) });
    expect(f!.message).toMatch(/30\.0 h old.*reports a last backup 2\.0 h ago/);
  });

  it("treats a point exactly RPO old as a breach and a millisecond younger as fine", () => {
    expect(rpo([point({ createdAt: NOW - 24 * H })]).addProtected({ resourceArn: VOL(1), lastBackupVaultArn: inPrimary })?.code).toBe("RPO_BREACH");
    expect(rpo([point({ createdAt: NOW - 24 * H + 1 })]).addProtected({ resourceArn: VOL(1), lastBackupVaultArn: inPrimary })).toBeUndefined();
  });

  it("treats future-dated points (clock skew) as fresh", () => {
    expect(rpo([point({ createdAt: NOW + 10 * 60_000 })]).addProtected({ resourceArn: VOL(1), lastBackupVaultArn: inPrimary })).toBeUndefined();
  });

  it("counts an active continuous recovery point as current, a stopped one not", () => {
    const arn = "arn:aws:backup:us-west-2:123456789012:recovery-point:continuous:db-abc-1234";
    expect(rpo([point({ recoveryPointArn: arn, createdAt: NOW - 20 * 24 * H })]).addProtected({ resourceArn: VOL(1), lastBackupVaultArn: inPrimary })).toBeUndefined();
    expect(rpo([point({ recoveryPointArn: arn, status: "STOPPED", createdAt: NOW - 20 * 24 * H })]).addProtected({ resourceArn: VOL(1), lastBackupVaultArn: inPrimary })?.code).toBe("RPO_BREACH");
  });

  it("leaves out resources backed up into other vaults and those in unreadable vaults", () => {
    const c = rpo([], { vaultNames: ["primary", "locked"], unreadableVaults: new Set(["locked"]) });
    expect(c.addProtected({ resourceArn: VOL(2), lastBackupVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:someone-else" })).toBeUndefined();
    expect(c.addProtected({ resourceArn: VOL(3), lastBackupVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:locked" })).toBeUndefined();
    expect(c.summary()).toMatchObject({ protectedResources: 2, outOfScope: 1, notChecked: 1, checked: 0 });
  });

  it("still proves a breach with a vault unreadable when no backup was even attempted within the RPO", () => {
    const c = rpo([], { vaultNames: ["primary", "locked"], unreadableVaults: new Set(["locked"]) });
    expect(c.addProtected({ resourceArn: VOL(3), lastBackupTime: NOW - 50 * H, lastBackupVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:locked" })?.code).toBe("RPO_BREACH");
  });

  it("judges a resource by our vaults even when its last backup went elsewhere (issue 8, item 9)", () => {
    const other = "arn:aws:backup:us-west-2:123456789012:backup-vault:on-demand-elsewhere";
    // Ours by its recovery points in our vault, though the on-demand backup went to another vault.
    const c = rpo([point({ resourceArn: VOL(5), createdAt: NOW - 40 * H })]);
    expect(c.addProtected({ resourceArn: VOL(5), lastBackupTime: NOW - H, lastBackupVaultArn: other })).toMatchObject({ code: "RPO_BREACH", resourceArn: VOL(5) });
    // Ours because a selection names it, with no point in our vaults at all.
    const d = rpo([], { expected: expect_([VOL(6)], "ebs-tagged") });
    expect(d.addProtected({ resourceArn: VOL(6), lastBackupTime: NOW - H, lastBackupVaultArn: other })).toMatchObject({ code: "RPO_BREACH", selectionName: "ebs-tagged" });
  });

  it("reports an expected resource absent from ListProtectedResources as not protected even with a vault unreadable (issue 8, item 10)", () => {
    const c = rpo([], { expected: expect_([VOL(7)], "rds"), vaultNames: ["primary", "locked"], unreadableVaults: new Set(["locked"]) });
    const f = c.finishExpected(true);
    expect(f).toEqual([expect.objectContaining({ code: "RESOURCE_NOT_PROTECTED", resourceArn: VOL(7), selectionName: "rds" })]);
    expect(f[0]!.message).toContain('backup selection "rds"');
    // Without the account-wide listing nothing can be concluded.
    const d = rpo([], { expected: expect_([VOL(7)], "rds") });
    expect(d.finishExpected(false)).toEqual([]);
    expect(d.summary().notChecked).toBe(1);
  });

  it("reports expected resources with no recovery point at all as not protected, once", () => {
    const c = rpo([point({ resourceArn: VOL(1) })], { expected: expect_([VOL(1), VOL(9)]) });
    expect(c.addProtected({ resourceArn: VOL(1), lastBackupVaultArn: inPrimary })).toBeUndefined();
    const f = c.finishExpected(true);
    expect(f.map((x) => [x.code, x.resourceArn])).toEqual([["RESOURCE_NOT_PROTECTED", VOL(9)]]);
    expect(c.summary()).toMatchObject({ expected: 2, notProtected: 1, checked: 1 });
  });

  it("judges an expected resource that only has stale points as an RPO breach, not unprotected", () => {
    const c = rpo([point({ resourceArn: VOL(4), createdAt: NOW - 48 * H })], { expected: expect_([VOL(4)]) });
    expect(c.finishExpected(true).map((f) => f.code)).toEqual(["RPO_BREACH"]);
  });

  it("reports nothing for an empty account with nothing expected", () => {
    const c = rpo([]);
    expect(c.finishExpected(true)).toEqual([]);
    expect(c.summary()).toMatchObject({ protectedResources: 0, checked: 0, rpoBreaches: 0 });
  });
});
