import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { DURATION_METRIC_NAMES, METRICS_NAMESPACE } from "../validator/src/contract";
import { BackupCapacityAlarms, BackupCapacityAlarmsProps, IN_FLIGHT_JOB_METRICS, RECOVERY_POINT_METRICS } from "../lib/capacity-alarms";
import { BackupDurationAlarm, BackupDurationAlarmProps } from "../lib/duration-alarm";
import { BackupConfigErrors } from "../lib/errors";
import { TerraformJson, expandForEach } from "./synth";

/**
 * The metric names AWS documents for the AWS/Backup namespace ("AWS Backup metrics with Amazon
 * CloudWatch", AWS Backup Developer Guide), all published per BackupVaultName (and per
 * BackupVaultName and ResourceType). No metric for job duration or vault size exists there.
 */
const DOCUMENTED_AWS_BACKUP_METRICS = [
  "NumberOfBackupJobsCreated", "NumberOfBackupJobsPending", "NumberOfBackupJobsRunning", "NumberOfBackupJobsAborted",
  "NumberOfBackupJobsCompleted", "NumberOfBackupJobsFailed", "NumberOfBackupJobsExpired",
  "NumberOfCopyJobsCreated", "NumberOfCopyJobsRunning", "NumberOfCopyJobsCompleted", "NumberOfCopyJobsFailed",
  "NumberOfRestoreJobsPending", "NumberOfRestoreJobsRunning", "NumberOfRestoreJobsCompleted", "NumberOfRestoreJobsFailed",
  "NumberOfRecoveryPointsCompleted", "NumberOfRecoveryPointsPartial", "NumberOfRecoveryPointsExpired",
  "NumberOfRecoveryPointsDeleting", "NumberOfRecoveryPointsCold",
];

const TOPIC = "arn:aws:sns:us-west-2:111122223333:alerts";
const capacity: BackupCapacityAlarmsProps = {
  projectName: "arrakis",
  environment: "production",
  vaultName: "arrakis-backup-vault-production",
  jobsInFlightThreshold: 40,
  alarmActions: [TOPIC],
};
const duration: BackupDurationAlarmProps = {
  validatorFunctionName: "arrakis-backup-validator-production",
  completionWindowMinutes: 1440,
  percentOfCompletionWindow: 80,
  alarmActions: [TOPIC],
};

function synth(build: (stack: TerraformStack) => void): TerraformJson {
  const stack = new TerraformStack(Testing.app(), "alarms");
  build(stack);
  return expandForEach(JSON.parse(Testing.synth(stack)) as TerraformJson);
}

const alarms = (json: TerraformJson) => Object.values(json.resource.aws_cloudwatch_metric_alarm);

describe("capacity alarms (AWS/Backup metrics)", () => {
  it("uses only metrics AWS documents, per vault", () => {
    const json = synth((s) => new BackupCapacityAlarms(s, "capacity", capacity));
    const used = alarms(json).flatMap((a) => (a.metric_query ? a.metric_query.filter((q: any) => q.metric).map((q: any) => q.metric) : [a]));
    expect(used).toHaveLength(5);
    for (const m of used) {
      expect(DOCUMENTED_AWS_BACKUP_METRICS).toContain(m.metric_name);
      expect(m.namespace).toBe("AWS/Backup");
      expect(m.dimensions).toEqual({ BackupVaultName: "arrakis-backup-vault-production" });
    }
  });

  it("alarms when created + pending + running jobs stay at or above the threshold for 30 minutes", () => {
    const json = synth((s) => new BackupCapacityAlarms(s, "capacity", capacity));
    const a = alarms(json).find((x) => x.alarm_name === "arrakis-backup-jobs-in-flight-production")!;
    expect(a).toMatchObject({ threshold: 40, comparison_operator: "GreaterThanOrEqualToThreshold", evaluation_periods: 6, datapoints_to_alarm: 6, treat_missing_data: "notBreaching", alarm_actions: [TOPIC] });
    const [sum, ...inputs] = a.metric_query;
    expect(sum).toMatchObject({ id: "in_flight", expression: "FILL(m0, 0) + FILL(m1, 0) + FILL(m2, 0)", return_data: true });
    expect(inputs.map((q: any) => [q.id, q.metric.metric_name, q.metric.period, q.metric.stat])).toEqual(
      IN_FLIGHT_JOB_METRICS.map((name, i) => [`m${i}`, name, 300, "Maximum"]),
    );
  });

  it("alarms on any PARTIAL or EXPIRED recovery point in the vault", () => {
    const json = synth((s) => new BackupCapacityAlarms(s, "capacity", capacity));
    for (const m of RECOVERY_POINT_METRICS) {
      const a = alarms(json).find((x) => x.metric_name === m.metric);
      expect(a).toMatchObject({ threshold: 0, comparison_operator: "GreaterThanThreshold", statistic: "Maximum", period: 3600, treat_missing_data: "notBreaching" });
    }
  });

  it.each([0, 2.5, 20_000])("rejects a threshold of %s naming the input and rule", (threshold) => {
    const build = () => synth((s) => new BackupCapacityAlarms(s, "capacity", { ...capacity, jobsInFlightThreshold: threshold }));
    expect(build).toThrow(BackupConfigErrors);
    expect(build).toThrow(`Invalid backupJobsInFlightAlarmThreshold (backup_jobs_in_flight_alarm_threshold) = ${threshold}: must be a whole number from 1 to 10000`);
  });

  it("creates nothing when disabled", () => {
    expect(synth((s) => new BackupCapacityAlarms(s, "capacity", { ...capacity, enabled: false })).resource).toBeUndefined();
  });
});

describe("backup duration alarm (validator metric)", () => {
  it("alarms when the slowest resource type's p90 exceeds the share of the completion window", () => {
    const [a] = alarms(synth((s) => new BackupDurationAlarm(s, "duration", duration)));
    expect(a).toMatchObject({
      alarm_name: "arrakis-backup-validator-production-backup-duration",
      namespace: METRICS_NAMESPACE,
      metric_name: DURATION_METRIC_NAMES.BackupJobDurationP90,
      dimensions: { FunctionName: "arrakis-backup-validator-production" },
      statistic: "Maximum",
      threshold: 1440 * 60 * 0.8,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "notBreaching",
    });
    expect(a.alarm_description).toContain("80% of the plan's shortest completion window (1440 minutes)");
  });

  it("computes the threshold in Terraform from plan-time inputs", () => {
    const json = synth((s) => {
      const percent = new TerraformVariable(s, "percent", { type: "number" }).numberValue;
      new BackupDurationAlarm(s, "duration", { ...duration, percentOfCompletionWindow: percent });
    });
    expect(alarms(json)[0].threshold).toBe("${(((1440 * 60) * var.percent) / 100)}");
  });

  it.each([0, 101, 50.5])("rejects a share of %s percent", (percent) => {
    const build = () => synth((s) => new BackupDurationAlarm(s, "duration", { ...duration, percentOfCompletionWindow: percent }));
    expect(build).toThrow(`Invalid backupDurationAlarmPercent (backup_duration_alarm_percent) = ${percent}: must be a whole number from 1 to 100`);
  });
});
