import { describe, expect, it } from "vitest";
import { BackupConfigErrors } from "../lib/errors";
import { AdditionalBackupRule } from "../lib/additional-rules";
import { baseConfig, planRules, synthBackup } from "./synth";

/* additional_backup_rules: rules beyond daily/weekly/monthly, validated like them. */

const hourly: AdditionalBackupRule = { name: "point-in-time", schedule: "cron(0 * * * ? *)", deleteAfterDays: 35, enableContinuousBackup: true };
const yearly: AdditionalBackupRule = { name: "yearly", schedule: "cron(0 2 1 1 ? *)", deleteAfterDays: 3650, coldStorageAfterDays: 30, copyToReplica: true };

function errorsOf(rules: AdditionalBackupRule[], environment: "development" | "production" = "development"): string[] {
  try {
    synthBackup(baseConfig(environment, { additionalBackupRules: rules }));
  } catch (error) {
    if (error instanceof BackupConfigErrors) return error.errors.map((e) => `${e.input}: ${e.rule}`);
    throw error;
  }
  return [];
}

describe("additional_backup_rules", () => {
  it("adds each rule to the plan after the built-in ones, with its lifecycle, windows and continuous backup", () => {
    const rules = planRules(synthBackup(baseConfig("production", { additionalBackupRules: [hourly, yearly] })));
    expect(Object.keys(rules)).toEqual(["daily", "weekly", "monthly", "point-in-time", "yearly"]);
    expect(rules["point-in-time"]).toMatchObject({
      schedule: "cron(0 * * * ? *)",
      enable_continuous_backup: true,
      start_window: 60,
      completion_window: 10080,
      lifecycle: { delete_after: 35 },
      recovery_point_tags: { BackupRule: "point-in-time" },
    });
    expect(rules["point-in-time"].lifecycle.cold_storage_after).toBeUndefined();
    expect(rules.yearly.lifecycle).toMatchObject({ delete_after: 3650, cold_storage_after: 30 });
  });

  it("copies a rule to the replica vault only when it asks and cross-region copies are on", () => {
    const production = planRules(synthBackup(baseConfig("production", { additionalBackupRules: [hourly, yearly] })));
    expect(production.yearly.copy_action).toHaveLength(1);
    expect(production.yearly.copy_action[0].lifecycle).toEqual(production.yearly.lifecycle);
    expect(production["point-in-time"].copy_action).toBeUndefined();
    const development = planRules(synthBackup(baseConfig("development", { additionalBackupRules: [yearly] })));
    expect(development.yearly.copy_action).toBeUndefined();
  });

  it("rejects what AWS or the plan would reject, naming the entry and field", () => {
    expect(errorsOf([{ ...yearly, name: "daily" }])).toEqual([expect.stringMatching(/^additional_backup_rules\[0\]\.name: must not be one of the built-in rules' names/)]);
    expect(errorsOf([yearly, yearly])).toEqual(["additional_backup_rules[1].name: must not name two rules alike"]);
    expect(errorsOf([{ ...yearly, coldStorageAfterDays: 3600 }])).toEqual([expect.stringMatching(/^additional_backup_rules\[0\]\.cold_storage_after_days: .*at least 90 days before delete_after_days/)]);
    expect(errorsOf([{ ...hourly, deleteAfterDays: 36 }])).toEqual([expect.stringMatching(/^additional_backup_rules\[0\]\.enable_continuous_backup: needs delete_after_days of at most 35/)]);
    expect(errorsOf([{ ...yearly, schedule: "cron(*/5 * * * ? *)" }])).toEqual([expect.stringMatching(/^additional_backup_rules\[0\]\.schedule: must be an AWS six-field cron/)]);
    expect(errorsOf([{ ...yearly, startWindowMinutes: 30 }])).toEqual([
      expect.stringMatching(/^additional_backup_rules\[0\]\.start_window_minutes: must be a whole number from 60/),
    ]);
    expect(errorsOf([{ ...yearly, startWindowMinutes: 120, completionWindowMinutes: 150 }])).toEqual([
      expect.stringMatching(/^additional_backup_rules\[0\]\.completion_window_minutes: .*at least start_window_minutes \+ 60/),
    ]);
    expect(errorsOf([{ ...yearly, name: "bad name" }])).toEqual([expect.stringMatching(/^additional_backup_rules\[0\]\.name: must be 1 to 50 letters/)]);
  });

  it("keeps a locked vault's retention range, as the built-in rules do", () => {
    // Production locks its vaults with min_retention_days = 30: a 14-day rule would fail every job.
    const twoWeeks = { ...hourly, deleteAfterDays: 14 };
    expect(errorsOf([twoWeeks], "production")).toEqual([expect.stringMatching(/^additional_backup_rules\[0\]\.delete_after_days: the locked vault rejects/)]);
    expect(errorsOf([twoWeeks], "development")).toEqual([]);
  });

  it("names the TypeScript property beside the Terraform name in the message", () => {
    expect(() => synthBackup(baseConfig("development", { additionalBackupRules: [{ ...yearly, deleteAfterDays: 0 }] }))).toThrow(
      /additionalBackupRules\[0\]\.deleteAfterDays \(additional_backup_rules\[0\]\.delete_after_days\) = 0/,
    );
  });
});
