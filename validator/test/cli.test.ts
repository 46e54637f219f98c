import {
  BackupClient, ListBackupJobsCommand, ListCopyJobsCommand, ListProtectedResourcesCommand, ListRecoveryPointsByBackupVaultCommand, ListRestoreJobsCommand,
} from "@aws-sdk/client-backup";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { parseCliArgs, runCli, USAGE } from "../src/cli";

const backup = mockClient(BackupClient);

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

beforeEach(() => {
  backup.reset();
  backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
  backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [] });
  backup.on(ListRestoreJobsCommand).resolves({ RestoreJobs: [] });
  backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] });
  backup.on(ListProtectedResourcesCommand).resolves({ Results: [] });
});

describe("backup-validator CLI", () => {
  it("parses every flag into the same config the Lambda uses", () => {
    const { config } = parseCliArgs([
      "--region", "us-west-2", "--vault", "a-vault", "--vault", "b-vault", "--replica-region", "us-east-1", "--replica-vault", "replica",
      "--rpo-hours", "12", "--rto-hours", "2", "--lookback-hours", "48", "--expected-kms-key", "arn:aws:kms:us-west-2:123456789012:key/abc",
    ]);
    expect(config).toMatchObject({ region: "us-west-2", vaultNames: ["a-vault", "b-vault"], replica: { region: "us-east-1", vaultName: "replica" },
      rpoHours: 12, rtoHours: 2, lookbackHours: 48, expectedKmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/abc" });
  });

  it("parses the restore proof and DR flags (issue 11)", () => {
    const { config } = parseCliArgs([
      "--region", "us-west-2", "--vault", "v1", "--replica-region", "us-east-1", "--replica-vault", "replica",
      "--restore-testing-plan", "plan_a", "--restore-testing-plan", "plan_b", "--restore-test-max-age-days", "15",
      "--copy-rpo-hours", "30", "--replica-lock-min-days", "7", "--replica-lock-max-days", "365",
    ]);
    expect(config).toMatchObject({ restoreTestingPlanNames: ["plan_a", "plan_b"], restoreTestMaxAgeDays: 15, copyRpoHours: 30, replicaLock: { minDays: 7, maxDays: 365 } });
  });

  it.each([
    [["--region", "us-west-2", "--vault", "v1", "--restore-testing-plan", "p", "--restore-testing-plan", "p"], /Invalid --restore-testing-plan: "p,p" \(must not list a plan twice\)/],
    [["--region", "us-west-2", "--vault", "v1", "--replica-lock-min-days", "7"], /Invalid --replica-lock-min-days: "7" \(needs --replica-region and --replica-vault/],
    [["--region", "us-west-2", "--vault", "v1", "--copy-rpo-hours", "1", "--copy-rpo-hours", "2"], /--copy-rpo-hours.*may be given only once/],
  ])("refuses %j with exit 2", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [["--vault", "v1", "--region", "us-west-2", "--colour"], /Unknown option '--colour'/],
    [["--region", "us-west-2"], /Invalid --vault: "" \(at least one/],
    [["--region", "us-west-2", "--vault", "v1", "--rpo-hours", "abc"], /Invalid --rpo-hours: "abc"/],
    [["--region", "us-west-2", "--vault", "v1", "--replica-vault", "r1"], /Invalid --replica-region/],
    [["--vault", "v1"], /Invalid --region/],
    [["--region", "us-west-2", "--vault", "v1", "--rpo-hours", "0x10"], /Invalid --rpo-hours: "0x10" \(must be a decimal number/],
    [["--region", "us-west-2", "--vault", "v1", "--rpo-hours", "12", "--rpo-hours", "24"], /Invalid --rpo-hours: "12 24" \(may be given only once\)/],
    [["--region", "us-west-2", "--region", "us-east-1", "--vault", "v1"], /Invalid --region: .*only once/],
    [["--region", "us-west-2", "--vault", "v1", "--vault", "v1"], /Invalid --vault: .*twice/],
    [["--region", "us-west-2", "--vault", "v1", "--expected-resource", "arn:aws:s3:::b", "--expected-resource", "arn:aws:s3:::b"], /Invalid --expected-resource: .*twice/],
  ])("rejects %j with exit status 2, the reason and the usage", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(USAGE);
    expect(backup.calls()).toHaveLength(0);
  });

  it("prints a table and exits 1 when the status is FAIL", async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({
      RecoveryPoints: [{ RecoveryPointArn: "arn:rp:1", BackupVaultName: "v1", Status: "PARTIAL", IsEncrypted: true, ResourceArn: "arn:aws:ec2:us-west-2:123456789012:volume/vol-1", CreationDate: new Date() }],
    });
    const r = await cli(["--vault", "v1"], { AWS_REGION: "us-west-2" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^AWS Backup validation: FAIL/);
    expect(r.stdout).toMatch(/HIGH\s+RECOVERY_POINT_UNHEALTHY\s+arn:aws:ec2/);
  });

  it("prints the JSON report with --json and exits 0 on PASS", async () => {
    const r = await cli(["--region", "us-west-2", "--vault", "v1", "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ status: "PASS", partial: false, findings: [] });
    expect(report.summary.vaults.primary).toEqual(["v1"]);
  });

  it("takes the plan id whose selections define coverage", () => {
    expect(parseCliArgs(["--region", "us-west-2", "--vault", "v1", "--plan-id", "plan-123"]).config.planId).toBe("plan-123");
  });

  it("prints usage for --help", async () => {
    const r = await cli(["--help"]);
    expect(r).toMatchObject({ code: 0, stdout: USAGE });
  });
});
