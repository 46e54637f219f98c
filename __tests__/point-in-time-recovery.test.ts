/** Issue 11, item 4: point-in-time recovery for the RDS databases. */
import { Testing, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { BackupConfigErrors } from "../lib/errors";
import { PointInTimeRecovery } from "../lib/point-in-time-recovery";
import { DB, pitrProps, synthRecovery } from "./recovery-stack";
import { resourceOf } from "./synth";

describe("PointInTimeRecovery", () => {
  const { json } = synthRecovery();

  it("backs the databases up continuously within AWS's 35 days, without cold storage, copying a snapshot with the same retention", () => {
    const plan = resourceOf(json, "aws_backup_plan", "pitr");
    expect(plan.name).toBe("arrakis-pitr-production");
    expect(plan.rule).toEqual([{
      rule_name: "point_in_time_recovery", target_vault_name: "arrakis-backup-vault-production", schedule: "cron(0 5 ? * * *)",
      enable_continuous_backup: true, lifecycle: { delete_after: 35 },
      copy_action: [{ destination_vault_arn: "arn:aws:backup:us-east-1:123456789012:backup-vault:arrakis-replica-production", lifecycle: { delete_after: 35 } }],
    }]);
    expect(JSON.stringify(plan)).not.toContain("cold_storage_after");
  });

  it("selects only the databases, so EBS and EFS get no extra snapshots", () => {
    expect(resourceOf(json, "aws_backup_selection", "pitr")).toMatchObject({ resources: [DB], plan_id: expect.stringMatching(/^\$\{aws_backup_plan\.pitr_plan_\w+\.id\}$/) });
  });

  it.each([
    [{ retentionDays: 36 }, /pointInTimeRecoveryRetentionDays \(point_in_time_recovery_retention_days\) = 36: continuous backups are kept 1 to 35 days/],
    [{ retentionDays: 0 }, /1 to 35 days/],
    [{ resourceArns: [] }, /rdsInstances \(rds_instances\) = \[\]: point-in-time recovery needs at least one RDS database/],
    [{ resourceArns: ["arn:aws:ec2:us-west-2:123456789012:volume/vol-1"] }, /covers RDS databases and Aurora clusters/],
  ])("rejects %j", (over, message) => {
    const make = () => new PointInTimeRecovery(new TerraformStack(Testing.app(), "bad"), "pitr", pitrProps(over));
    expect(make).toThrow(BackupConfigErrors);
    expect(make).toThrow(message);
  });
});
