import { describe, expect, it } from "vitest";
import { ENVIRONMENTS } from "../lib/config";
import { ENVIRONMENT_DEFAULTS, MODULE_DEFAULTS } from "../lib/environment-defaults";
import { VAULT_EVENTS_BY_LEVEL } from "../lib/notifications";
import { baseConfig, planRules, resourceOf, resourcesOf, synthBackup } from "./synth";

const synthesized = Object.fromEntries(ENVIRONMENTS.map((env) => [env, synthBackup(baseConfig(env))]));

describe("the spec's environment table", () => {
  it("matches the spec's schedules, retention, cold storage, cross-region and lock figures", () => {
    expect(ENVIRONMENT_DEFAULTS).toEqual({
      development: expect.objectContaining({ backupSchedule: "cron(0 3 * * ? *)", deleteAfterDays: 7, moveToColdStorageAfterDays: null, crossRegionBackup: false, vaultLock: false }),
      staging: expect.objectContaining({ backupSchedule: "cron(0 2 * * ? *)", deleteAfterDays: 30, moveToColdStorageAfterDays: 7, crossRegionBackup: true, vaultLock: false }),
      production: expect.objectContaining({ backupSchedule: "cron(0 1 * * ? *)", deleteAfterDays: 90, moveToColdStorageAfterDays: 30, crossRegionBackup: true, vaultLock: true }),
    });
  });
});

describe.each(ENVIRONMENTS)("%s defaults in the synthesized plan", (env) => {
  const json = synthesized[env];
  const rules = planRules(json);
  const defaults = ENVIRONMENT_DEFAULTS[env];

  it("runs the daily rule on the environment's schedule with its retention", () => {
    expect(rules.daily.schedule).toBe(defaults.backupSchedule);
    expect(rules.daily.lifecycle.delete_after).toBe(defaults.deleteAfterDays);
  });

  it("drops the environment's cold storage where the retention leaves under 90 days in cold", () => {
    // staging 30 d / cold 7 and production 90 d / cold 30 would break AWS's 90-day minimum.
    expect(rules.daily.lifecycle.cold_storage_after).toBeUndefined();
  });

  it("keeps weekly backups 365 days, cold after 90, every Sunday at 1 AM", () => {
    expect(rules.weekly).toMatchObject({ schedule: "cron(0 1 ? * SUN *)", lifecycle: { delete_after: 365, cold_storage_after: 90 } });
  });

  it("keeps monthly backups 2555 days, cold after 30, on the first at 1 AM", () => {
    expect(rules.monthly).toMatchObject({ schedule: "cron(0 1 1 * ? *)", lifecycle: { delete_after: 2555, cold_storage_after: 30 } });
  });

  it("copies to the replica region as the environment says (monthly copies in production only)", () => {
    const copies = (rule: any) => (rule.copy_action ?? []).length;
    const cross = defaults.crossRegionBackup ? 1 : 0;
    expect([copies(rules.daily), copies(rules.weekly), copies(rules.monthly)]).toEqual([cross, cross, env === "production" ? 1 : 0]);
    expect(Object.keys(resourcesOf(json, "aws_backup_vault"))).toHaveLength(1 + cross);
    if (cross) {
      const replica = resourceOf(json, "aws_backup_vault", "replica");
      expect(replica).toMatchObject({ region: "us-east-1", name: `arrakis-backup-vault-${env}-replica` });
      expect(rules.daily.copy_action[0].lifecycle).toEqual(rules.daily.lifecycle);
      expect(rules.daily.copy_action[0].destination_vault_arn).toMatch(/^\$\{aws_backup_vault\.backup_replica_vault_\w+\.arn\}$/);
      expect(resourceOf(json, "aws_kms_alias", "replica")).toMatchObject({ name: `alias/arrakis-backup-replica-${env}`, region: "us-east-1" });
    }
  });

  it("locks the vaults in production only, in GOVERNANCE mode by default", () => {
    const locks = Object.values(resourcesOf(json, "aws_backup_vault_lock_configuration"));
    expect(locks.length > 0).toBe(defaults.vaultLock);
    for (const lock of locks) {
      expect(lock).toMatchObject({ min_retention_days: MODULE_DEFAULTS.minRetentionDays, max_retention_days: MODULE_DEFAULTS.maxRetentionDays });
      expect(lock.changeable_for_days).toBeUndefined();
    }
  });

  it("blocks manual recovery point deletion where the environment calls for it", () => {
    const policies = Object.values(resourcesOf(json, "aws_backup_vault_policy"));
    expect(policies.length > 0).toBe(defaults.blockRecoveryPointDeletion);
    for (const policy of policies) {
      const document = JSON.parse(policy.policy);
      expect(document.Statement[0]).toMatchObject({
        Effect: "Deny",
        Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy"],
      });
    }
  });

  it("sends the vault events of the environment's notification level", () => {
    const notifications = resourceOf(json, "aws_backup_vault_notifications");
    expect(notifications.backup_vault_events).toEqual(VAULT_EVENTS_BY_LEVEL[defaults.notificationLevel]);
    const rules = Object.values(resourcesOf(json, "aws_cloudwatch_event_rule")).map((r) => r.name);
    expect(rules).toContain(`arrakis-backup-job-failed-${env}`);
    expect(rules.includes(`arrakis-backup-job-issues-${env}`)).toBe(defaults.notificationLevel !== "errors_only");
  });

  it("names the role, key alias and topic as the spec does", () => {
    expect(resourceOf(json, "aws_iam_role", "selection").name).toBe(`arrakis-backup-role-${env}`);
    expect(resourceOf(json, "aws_lambda_function").function_name).toBe(`arrakis-backup-validator-${env}`);
    expect(resourceOf(json, "aws_kms_alias", "backup_kms").name).toBe(`alias/arrakis-backup-${env}`);
    expect(resourceOf(json, "aws_sns_topic").name).toBe(`arrakis-backup-notifications-${env}`);
    expect(resourceOf(json, "aws_backup_plan", "backup_plan_").name).toBe(`arrakis-backup-plan-${env}`);
    expect(resourceOf(json, "aws_backup_vault", "backup_vault_").name).toBe(`arrakis-backup-vault-${env}`);
  });

  it("encrypts with a rotating customer-managed key whose deletion window is kms_deletion_window", () => {
    const key = resourceOf(json, "aws_kms_key", "backup_kms");
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 7 });
    expect(resourceOf(json, "aws_backup_vault", "backup_vault_").kms_key_arn).toMatch(/^\$\{aws_kms_key\.backup_kms_key_\w+\.arn\}$/);
    expect(resourceOf(json, "aws_sns_topic").kms_master_key_id).toMatch(/^\$\{aws_kms_key\.backup_kms_key_\w+\.arn\}$/);
  });

  it("protects vaults and keys from destroy in production only", () => {
    const protectedResources = [
      ...Object.values(resourcesOf(json, "aws_backup_vault")),
      ...Object.values(resourcesOf(json, "aws_kms_key")),
    ];
    for (const resource of protectedResources) {
      expect(resource.lifecycle?.prevent_destroy ?? false).toBe(env === "production");
    }
  });
});

describe("cold storage when the retention allows it", () => {
  it("applies the environment's cold storage once the daily retention leaves 90 days in cold", () => {
    const rules = planRules(synthBackup(baseConfig("production", { deleteAfterDays: 120 })));
    expect(rules.daily.lifecycle).toMatchObject({ delete_after: 120, cold_storage_after: 30 });
  });

  it("applies an explicit cold-storage value that satisfies the rule", () => {
    const rules = planRules(synthBackup(baseConfig("staging", { deleteAfterDays: 97, moveToColdStorageAfterDays: 7 })));
    expect(rules.daily.lifecycle).toMatchObject({ delete_after: 97, cold_storage_after: 7 });
  });

  it("opts rules with cold storage into the archive tier when intelligent tiering is on", () => {
    const rules = planRules(synthBackup(baseConfig("production", { enableIntelligentTiering: true })));
    expect(rules.daily.lifecycle.opt_in_to_archive_for_supported_resources).toBe(false);
    expect(rules.weekly.lifecycle.opt_in_to_archive_for_supported_resources).toBe(true);
    expect(rules.monthly.lifecycle.opt_in_to_archive_for_supported_resources).toBe(true);
  });
});
