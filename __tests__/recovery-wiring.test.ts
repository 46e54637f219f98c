/**
 * Issue 11 through BackupModule and the module: what each environment gets by default, the values
 * the resources carry, and the new inputs' rules in both doors.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseConfig, configErrors, resourceOf, resourcesOf, synthBackup } from "./synth";

const DB = { identifier: "orders", arn: "arn:aws:rds:us-west-2:123456789012:db:orders", engine: "postgres" };
const synth = (env: "development" | "staging" | "production", over = {}) => synthBackup(baseConfig(env, { rdsInstances: [DB], ...over } as never));
const count = (json: ReturnType<typeof synth>, type: string) => Object.keys(resourcesOf(json, type)).length;
const RECOVERY_TYPES = ["aws_backup_restore_testing_plan", "aws_backup_framework", "aws_backup_report_plan", "aws_s3_bucket", "aws_cloudwatch_dashboard"];

describe("recovery proof by environment (issue 11, done-when)", () => {
  const production = synth("production");
  const staging = synth("staging");
  const development = synth("development");

  it("production has restore testing, point-in-time recovery, the framework, five report plans, the bucket and the dashboard", () => {
    expect(Object.fromEntries(RECOVERY_TYPES.map((t) => [t, count(production, t)]))).toEqual({
      aws_backup_restore_testing_plan: 1, aws_backup_framework: 1, aws_backup_report_plan: 5, aws_s3_bucket: 1, aws_cloudwatch_dashboard: 1 });
    expect(resourceOf(production, "aws_backup_plan", "point_in_time")).toMatchObject({ name: "arrakis-pitr-production",
      rule: [expect.objectContaining({ enable_continuous_backup: true, lifecycle: { delete_after: 35 } })] });
    const framework = resourceOf(production, "aws_backup_framework");
    const params = Object.fromEntries(framework.control.map((c: any) => [c.name, Object.fromEntries((c.input_parameter ?? []).map((p: any) => [p.name, p.value]))]));
    // Minimum retention = the daily retention; frequency from the daily schedule; the lock's bounds; the replica region; RPO; RTO in minutes.
    expect(params).toMatchObject({
      BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { requiredFrequencyUnit: "days", requiredFrequencyValue: "1", requiredRetentionDays: "90" },
      BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { requiredRetentionDays: "90" },
      BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: { minRetentionDays: "30", maxRetentionDays: "36500" },
      BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { crossRegionList: "us-east-1" },
      BACKUP_LAST_RECOVERY_POINT_CREATED: { recoveryPointAgeUnit: "hours", recoveryPointAgeValue: "24" },
      RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: { maxRestoreTime: "240" },
    });
    expect(resourceOf(production, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default)
      .toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.backup_kms_key_\w+\.arn\}$/) });
    expect(resourceOf(production, "aws_s3_bucket_lifecycle_configuration").rule[0].expiration).toEqual([{ days: 2555 }]);
  });

  it("restore tests use the module's vault and backup role, and select what the backup selections select", () => {
    expect(resourceOf(production, "aws_backup_restore_testing_plan")).toMatchObject({ name: "arrakis_rtest_production", schedule_expression: "cron(0 3 ? * SUN *)",
      recovery_point_selection: [{ include_vaults: [expect.stringMatching(/^\$\{aws_backup_vault\.backup_vault_[A-F0-9]+\.arn\}$/)], selection_window_days: 7 }] });
    const selections = Object.values(resourcesOf(production, "aws_backup_restore_testing_selection")) as any[];
    const byType = Object.fromEntries(selections.map((s) => [s.protected_resource_type, s]));
    expect(Object.keys(byType).sort()).toEqual(["EBS", "RDS"]);
    expect(byType.RDS.protected_resource_arns).toEqual([DB.arn]);
    expect(byType.EBS.protected_resource_conditions[0].string_equals).toEqual([
      { key: "aws:ResourceTag/KubernetesCluster", value: "arrakis-production" }, { key: "aws:ResourceTag/Environment", value: "production" }]);
    for (const s of selections) expect(s.iam_role_arn).toMatch(/^\$\{aws_iam_role\.backup_selection_role_\w+\.arn\}$/);
    expect(count(synth("production", { backupEfsEnabled: true }), "aws_backup_restore_testing_selection")).toBe(3);
    expect(count(synth("production", { rdsInstances: [] }), "aws_backup_restore_testing_selection")).toBe(1);
  });

  it("staging has restore testing and the dashboard only; development has none unless asked", () => {
    expect(Object.fromEntries(RECOVERY_TYPES.map((t) => [t, count(staging, t)]))).toEqual({
      aws_backup_restore_testing_plan: 1, aws_backup_framework: 0, aws_backup_report_plan: 0, aws_s3_bucket: 0, aws_cloudwatch_dashboard: 1 });
    expect(count(staging, "aws_backup_plan")).toBe(1);
    expect(RECOVERY_TYPES.map((t) => count(development, t))).toEqual([0, 0, 0, 0, 0]);
    const asked = synth("development", { enableRestoreTesting: true, enablePointInTimeRecovery: true, enableBackupReports: true, enableBackupDashboard: true });
    expect(RECOVERY_TYPES.map((t) => count(asked, t))).toEqual([1, 0, 3, 1, 1]);
    expect(count(asked, "aws_backup_plan")).toBe(2);
  });

  it.each([
    [{ restoreTestMaxAgeDays: 0 }, "restore_test_max_age_days"],
    [{ restoreTestValidationWindowHours: 200 }, "restore_test_validation_window_hours"],
    [{ pointInTimeRecoveryDays: 36 }, "point_in_time_recovery_days"],
    [{ reportsBucketName: "Arrakis_Reports" }, "reports_bucket_name"],
    [{ restoreTestSchedule: "weekly" }, "restore_test_schedule"],
    [{ restoreTestRdsSubnetGroupName: "" }, "restore_test_rds_subnet_group_name"],
  ])("rejects %j naming the input", (over, input) => {
    expect(configErrors(baseConfig("production", over as never)).map((e) => e.input)).toEqual([input]);
  });

  it("gives the module a variable with a validation block for each new input", () => {
    const variables = readFileSync(join(__dirname, "..", "module", "variables.tf"), "utf8");
    for (const name of ["restore_test_max_age_days", "restore_test_validation_window_hours", "point_in_time_recovery_days", "reports_bucket_name", "restore_test_schedule"]) {
      expect(variables).toMatch(new RegExp(`variable "${name}" \\{[\\s\\S]*?validation \\{`));
    }
    for (const name of ["enable_restore_testing", "enable_point_in_time_recovery", "enable_audit_framework", "enable_backup_reports", "enable_backup_dashboard"]) {
      expect(variables).toContain(`variable "${name}" {`);
    }
  });
});
