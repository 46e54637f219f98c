/** Issue 11, item 7: the CloudWatch dashboard of an environment. */
import { Testing, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { METRICS_NAMESPACE } from "../validator/src/contract";
import { BackupDashboard, dashboardBody } from "../lib/backup-dashboard";
import { BackupConfigErrors } from "../lib/errors";
import { dashboardProps, synthRecovery } from "./recovery-stack";
import { resourceOf } from "./synth";

describe("BackupDashboard", () => {
  const { json } = synthRecovery();
  const dashboard = resourceOf(json, "aws_cloudwatch_dashboard");
  const body = JSON.parse(dashboard.dashboard_body);
  const titled = (part: string) => body.widgets.find((w: any) => w.properties.title.includes(part)).properties;

  it("charts backup, copy and restore jobs completed and failed per resource type, and recovery points created", () => {
    expect(dashboard.dashboard_name).toBe("arrakis-backup-production");
    for (const [title, completed, failed] of [["Backup jobs", "NumberOfBackupJobsCompleted", "NumberOfBackupJobsFailed"],
      ["Copy jobs", "NumberOfCopyJobsCompleted", "NumberOfCopyJobsFailed"], ["Restore jobs", "NumberOfRestoreJobsCompleted", "NumberOfRestoreJobsFailed"]]) {
      const metrics = titled(title).metrics.map((m: unknown[]) => m.slice(0, 4).join(" "));
      for (const t of ["RDS", "EBS", "EFS"]) expect(metrics).toEqual(expect.arrayContaining([`AWS/Backup ${completed} ResourceType ${t}`, `AWS/Backup ${failed} ResourceType ${t}`]));
    }
    expect(titled("Recovery points created").metrics.map((m: unknown[]) => m[1])).toEqual(["NumberOfRecoveryPointsCompleted", "NumberOfRecoveryPointsCompleted", "NumberOfRecoveryPointsCompleted"]);
  });

  it("charts the validator's restore-test results, restore time against the RTO, findings, run status and RPO status", () => {
    const names = (part: string) => titled(part).metrics.map((m: unknown[]) => `${m[0]}/${m[1]}/${m[3]}`);
    const v = (n: string) => `${METRICS_NAMESPACE}/${n}/arrakis-backup-validator-production`;
    expect(names("Restore tests")).toEqual([v("RestoreTestsProven"), v("RestoreTestsNotValidated"), v("RestoreTestsMissing"), v("RestoreTestPlansNotRun")]);
    expect(names("Restore time")).toEqual([v("RestoreTestMaxHours")]);
    expect(titled("Restore time").annotations.horizontal).toEqual([{ label: "RTO", value: 4, color: "#d62728" }]);
    expect(names("Validator findings")).toEqual([v("HighFindings"), v("Findings"), v("ValidationFailed"), v("RunIncomplete")]);
    expect(names("RPO status")).toEqual([v("RpoBreaches"), v("ReplicaRpoBreaches"), v("ResourcesNotProtected")]);
  });

  it("lays eight widgets out three a row without overlap; without a validator only the AWS Backup charts", () => {
    expect(body.widgets.map((w: any) => [w.x, w.y])).toEqual([[0, 0], [8, 0], [16, 0], [0, 6], [8, 6], [16, 6], [0, 12], [8, 12]]);
    expect(dashboardBody(dashboardProps({ validatorFunctionName: undefined })).widgets).toHaveLength(4);
  });

  it("rejects a dashboard name CloudWatch refuses", () => {
    const make = () => new BackupDashboard(new TerraformStack(Testing.app(), "bad"), "d", dashboardProps({ dashboardName: "arrakis backup" }));
    expect(make).toThrow(BackupConfigErrors);
    expect(make).toThrow(/dashboardName \(dashboard_name\) = "arrakis backup": dashboard names are 1-255 letters, digits, '-' and '_'/);
  });
});
