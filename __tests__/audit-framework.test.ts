/** Issue 11, item 5: Backup Audit Manager framework and report plans. */
import { Testing, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { AUDIT_NAME, AuditFramework, auditControls } from "../lib/audit-framework";
import { BackupConfigErrors } from "../lib/errors";
import { auditProps, synthRecovery } from "./recovery-stack";
import { expandForEach, resourceOf, resourcesOf } from "./synth";

const params = (control: any) => Object.fromEntries((control.input_parameter ?? []).map((p: { name: string; value: string }) => [p.name, p.value]));

describe("AuditFramework", () => {
  const { json } = synthRecovery();
  const framework = resourceOf(json, "aws_backup_framework");
  const control = (name: string) => framework.control.find((c: { name: string }) => c.name === name);

  it("parameterises its controls from the module's settings", () => {
    expect(framework.name).toMatch(AUDIT_NAME);
    expect(params(control("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK"))).toEqual({ requiredFrequencyUnit: "days", requiredFrequencyValue: "1", requiredRetentionDays: "90" });
    expect(params(control("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK"))).toEqual({ requiredRetentionDays: "90" });
    expect(control("BACKUP_RECOVERY_POINT_ENCRYPTED")).toBeDefined();
    expect(control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED")).toBeDefined();
    expect(params(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK"))).toEqual({ minRetentionDays: "7", maxRetentionDays: "2555" });
    expect(params(control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION"))).toEqual({ crossRegionList: "us-east-1" });
    expect(params(control("BACKUP_LAST_RECOVERY_POINT_CREATED"))).toEqual({ recoveryPointAgeUnit: "hours", recoveryPointAgeValue: "24" });
    // Minutes: a 4 h RTO is 240.
    expect(params(control("RESTORE_TIME_FOR_RESOURCES_MEET_TARGET"))).toEqual({ maxRestoreTime: "240" });
    expect(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN").scope).toEqual({ compliance_resource_types: ["RDS", "EBS", "EFS"] });
  });

  it("leaves out the vault lock and cross-region controls where the module neither locks nor copies", () => {
    const names = auditControls({ ...auditProps().settings, vaultLock: undefined, crossRegion: undefined }).map((c) => c.name);
    expect(names).not.toContain("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK");
    expect(names).not.toContain("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION");
    expect(names).toHaveLength(7);
    const hourly = auditControls({ ...auditProps().settings, rpoHours: 1000, backupFrequency: { unit: "hours", value: 12 } });
    expect(hourly.find((c) => c.name === "BACKUP_LAST_RECOVERY_POINT_CREATED")!.inputParameter).toEqual([
      { name: "recoveryPointAgeUnit", value: "days" }, { name: "recoveryPointAgeValue", value: "42" }]);
  });

  it("delivers backup, copy and restore job reports and control and resource compliance reports to the reports bucket", () => {
    const plans = Object.values(resourcesOf(json, "aws_backup_report_plan")) as any[];
    expect(plans.map((p) => p.report_setting.report_template).sort()).toEqual(
      ["BACKUP_JOB_REPORT", "CONTROL_COMPLIANCE_REPORT", "COPY_JOB_REPORT", "RESOURCE_COMPLIANCE_REPORT", "RESTORE_JOB_REPORT"]);
    for (const p of plans) {
      expect(p.name).toMatch(AUDIT_NAME);
      expect(p.report_delivery_channel).toEqual({ s3_bucket_name: "arrakis-backup-reports-production", s3_key_prefix: "backup-reports", formats: ["CSV", "JSON"] });
    }
    const compliance = plans.filter((p) => p.report_setting.report_template.endsWith("COMPLIANCE_REPORT"));
    for (const p of compliance) expect(p.report_setting).toMatchObject({ framework_arns: [expect.stringMatching(/^\$\{aws_backup_framework\.\w+\.arn\}$/)], number_of_frameworks: 1 });
  });

  it("keeps the job reports without the framework (no AWS Config needed)", () => {
    const stack = new TerraformStack(Testing.app(), "nf");
    new AuditFramework(stack, "audit", auditProps({ frameworkEnabled: false }));
    const out = expandForEach(JSON.parse(Testing.synth(stack)));
    expect(out.resource.aws_backup_framework).toBeUndefined();
    expect(Object.values(out.resource.aws_backup_report_plan).map((p: any) => p.report_setting.report_template).sort()).toEqual(["BACKUP_JOB_REPORT", "COPY_JOB_REPORT", "RESTORE_JOB_REPORT"]);
  });

  it.each([
    [{ name: "arrakis-backup-production" }, /auditFrameworkName \(audit_framework_name\) = "arrakis-backup-production": framework and report plan names start with a letter/],
    [{ name: "1arrakis" }, /audit_framework_name/],
    [{ name: `a${"b".repeat(240)}` }, /at most 256, report plan suffix included/],
    [{ settings: { ...auditProps().settings, backupFrequency: { unit: "hours", value: 36 } } }, /backup_frequency.*1-24 hours or 1-31 days/],
    [{ settings: { ...auditProps().settings, manualDeletionExemptArns: Array.from({ length: 6 }, (_, i) => `arn:aws:iam::1:role/r${i}`) } }, /at most 5 roles/],
  ])("rejects %j", (over, message) => {
    const stack = new TerraformStack(Testing.app(), "bad");
    expect(() => new AuditFramework(stack, "audit", auditProps(over as never))).toThrow(BackupConfigErrors);
    expect(() => new AuditFramework(new TerraformStack(Testing.app(), "bad2"), "audit", auditProps(over as never))).toThrow(message);
  });
});
