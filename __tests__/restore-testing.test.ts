/** Issue 11, item 1: the restore testing plan, its selections and role. */
import { describe, expect, it } from "vitest";
import { BackupConfigErrors } from "../lib/errors";
import { RestoreTesting } from "../lib/restore-testing";
import { Testing, TerraformStack } from "cdktf";
import { DB, restoreTestingProps, synthRecovery } from "./recovery-stack";
import { resourceOf, resourcesOf } from "./synth";

describe("RestoreTesting", () => {
  const { json } = synthRecovery();

  it("tests the latest recovery point of our vaults within the lookback, weekly, in a start window", () => {
    expect(resourceOf(json, "aws_backup_restore_testing_plan")).toMatchObject({
      name: "arrakis_restore_testing_production",
      schedule_expression: "cron(0 3 ? * SUN *)",
      start_window_hours: 24,
      recovery_point_selection: [{ algorithm: "LATEST_WITHIN_WINDOW", include_vaults: [expect.stringMatching(/backup-vault:arrakis-backup-vault-production$/)],
        recovery_point_types: ["CONTINUOUS", "SNAPSHOT"], selection_window_days: 7 }],
    });
  });

  it("selects RDS by ARN with a subnet group override, EBS and EFS by the backup selections' tag conditions", () => {
    const selections = Object.values(resourcesOf(json, "aws_backup_restore_testing_selection")) as any[];
    const byType = Object.fromEntries(selections.map((s) => [s.protected_resource_type, s]));
    expect(Object.keys(byType).sort()).toEqual(["EBS", "EFS", "RDS"]);
    expect(byType.RDS).toMatchObject({ protected_resource_arns: [DB], restore_metadata_overrides: { dbSubnetGroupName: "restore-tests" }, validation_window_hours: 4 });
    expect(byType.RDS.protected_resource_conditions).toBeUndefined();
    // The provider takes ARNs or conditions, never both.
    expect(byType.EBS.protected_resource_arns).toBeUndefined();
    expect(byType.EBS).toMatchObject({ protected_resource_conditions: [{
      string_equals: [{ key: "aws:ResourceTag/Environment", value: "production" }, { key: "aws:ResourceTag/Backup", value: "true" }],
      string_not_equals: [{ key: "aws:ResourceTag/VolumeType", value: "temporary" }] }] });
    expect(byType.EFS.restore_metadata_overrides).toEqual({ newFileSystem: "true" });
    for (const s of selections) {
      expect(s.restore_testing_plan_name).toMatch(/^\$\{aws_backup_restore_testing_plan\.[\w]+\.name\}$/);
      expect(s.iam_role_arn).toMatch(/^\$\{aws_iam_role\.[\w]+\.arn\}$/);
    }
  });

  it("runs as a role AWS Backup assumes, with the restores managed policy of the partition", () => {
    const role = resourceOf(json, "aws_iam_role", "restore_testing");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    expect(resourceOf(json, "aws_iam_role_policy_attachment", "restore_testing").policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores");
  });

  it("creates nothing when disabled", () => {
    const stack = new TerraformStack(Testing.app(), "off");
    new RestoreTesting(stack, "rt", restoreTestingProps({ enabled: false }));
    expect(JSON.parse(Testing.synth(stack)).resource).toBeUndefined();
  });

  it.each([
    [{ name: "arrakis-restore-testing" }, /restore_testing_plan_name\) = "arrakis-restore-testing": restore testing plan names are 1-50 letters, digits and '_'/],
    [{ startWindowHours: 0 }, /restore_test_start_window_hours\) = 0: must be a whole number of hours from 1 to 168/],
    [{ selectionWindowDays: 400 }, /restore_test_selection_window_days\) = 400/],
    [{ validationWindowHours: 169 }, /restore_test_validation_window_hours\) = 169/],
    [{ scheduleExpression: "weekly" }, /restore_test_schedule\) = "weekly": must be a cron\(...\) or rate\(...\) expression/],
    [{ selections: [{ name: "rds", resourceType: "RDS", resourceArns: Array.from({ length: 31 }, (_, i) => `${DB}${i}`) }] }, /resource_arns.*at most 30/],
    [{ selections: [{ name: "a", resourceType: "EBS" }, { name: "b", resourceType: "EBS" }] }, /restore_testing_selections\[1\]\.resource_type.*one selection per resource type/],
  ])("rejects %j with a typed error naming the input, before creating anything", (over, message) => {
    const stack = new TerraformStack(Testing.app(), "bad");
    let error: unknown;
    try {
      new RestoreTesting(stack, "rt", restoreTestingProps(over as never));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BackupConfigErrors);
    expect((error as Error).message).toMatch(message);
    expect(stack.node.findAll().filter((c) => c.node.id === "plan")).toEqual([]);
  });
});

describe("RestoreTesting with the module's backup role", () => {
  it("uses the given role and creates none", () => {
    const stack = new TerraformStack(Testing.app(), "shared-role");
    new RestoreTesting(stack, "rt", restoreTestingProps({ roleArn: "arn:aws:iam::123456789012:role/arrakis-backup-role-production" }));
    const out = JSON.parse(Testing.synth(stack));
    expect(out.resource.aws_iam_role).toBeUndefined();
    expect(out.resource.aws_iam_role_policy_attachment).toBeUndefined();
    for (const s of Object.values(out.resource.aws_backup_restore_testing_selection) as any[]) expect(s.iam_role_arn).toBe("arn:aws:iam::123456789012:role/arrakis-backup-role-production");
  });
});
