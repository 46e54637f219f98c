/**
 * The air-gapped copy check (AIR_GAPPED_VAULT_ARN) through the real SDK against the local
 * endpoint: completed backups whose rule copies to the logically air-gapped vault must have a
 * completed copy job landing there.
 */
import { describe, expect, it } from "vitest";
import { createClients } from "../src/aws/clients";
import { configFromEnv } from "../src/config";
import { createHandler } from "../src/handler";
import { silentLogger } from "../src/log";
import { ACCOUNT, backupJob, copyJob, PLAN_ID, recoveryPoint, rpArn, vaultArn } from "./support/account";
import { fakeAwsPerTest } from "./support/per-test";

const NOW = Date.now();
const H = 3_600_000;
const AIR_GAPPED = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:arrakis-air-gapped`;
const { start } = fakeAwsPerTest();

/** Daily rule copies to the air-gapped vault; weekly does not. */
const plan = {
  BackupPlanId: PLAN_ID, VersionId: "v1",
  BackupPlan: { BackupPlanName: "arrakis", Rules: [
    { RuleName: "daily", RuleId: "rule-daily", TargetBackupVaultName: "primary", CopyActions: [{ DestinationBackupVaultArn: AIR_GAPPED }] },
    { RuleName: "weekly", RuleId: "rule-weekly", TargetBackupVaultName: "primary" },
  ] },
};

const run = (env: Record<string, string>) =>
  createHandler({ env: { AWS_REGION: "us-west-2", BACKUP_VAULT_NAMES: "primary", ...env }, logger: silentLogger, clients: (c) => createClients(c.region, 2), now: () => new Date(NOW) })(
    {}, { getRemainingTimeInMillis: () => 120_000, functionName: "validator" });

describe("air-gapped copies (AIR_GAPPED_VAULT_ARN)", () => {
  const account = () => ({
    // Backups 0-3 by the daily rule (copied to the air-gapped vault), 4 by the weekly rule, 5 by the daily rule 1 h ago.
    backupJobs: { count: 6, item: (i: number) => backupJob(i, i === 5 ? NOW - 90 * 60_000 : NOW - 8 * H,
      { CreatedBy: { BackupPlanId: PLAN_ID, BackupPlanVersion: "v1", BackupRuleId: i === 4 ? "rule-weekly" : "rule-daily" } }) },
    // 0 and 1 landed; 2 still running; 3 has no copy; a copy of 1 also went to another vault.
    copyJobs: { count: 4, item: (i: number) => copyJob(i, NOW - 7 * H, {
      DestinationBackupVaultArn: i === 3 ? vaultArn("us-east-1", "replica") : AIR_GAPPED,
      SourceRecoveryPointArn: rpArn("us-west-2", i === 3 ? 1 : i),
      State: i === 2 ? "RUNNING" : "COMPLETED",
      ...(i === 2 && { CompletionDate: undefined }),
    }) },
    vaults: { "us-west-2/primary": { count: 6, item: (i: number) => recoveryPoint(i, NOW - 8 * H) } },
    plans: { [PLAN_ID]: plan },
  });

  it("reports each backup of a copying rule without a completed copy in the vault, past the grace period", async () => {
    await start(account());
    const r = await run({ AIR_GAPPED_VAULT_ARN: AIR_GAPPED });
    expect(r.findings.filter((f) => f.code === "AIR_GAPPED_COPY_MISSING").map((f) => f.jobId).sort()).toEqual(["job-2", "job-3"]);
    expect(r.summary.airGapped).toEqual({ vaultArn: AIR_GAPPED, copiesCompleted: 2, backupsChecked: 4, missing: 2 });
    expect(r.status).toBe("FAIL");
  });

  it("checks nothing about the air-gapped vault when the variable is not set", async () => {
    await start(account());
    const r = await run({});
    expect(r.findings.filter((f) => f.code === "AIR_GAPPED_COPY_MISSING")).toEqual([]);
    expect(r.summary.airGapped).toBeUndefined();
  });

  it("refuses a value that is not a backup vault ARN, naming the variable", () => {
    expect(() => configFromEnv({ BACKUP_VAULT_NAMES: "primary", AIR_GAPPED_VAULT_ARN: "arrakis-air-gapped" }))
      .toThrow(/AIR_GAPPED_VAULT_ARN.*arrakis-air-gapped.*backup vault ARN/);
  });
});
