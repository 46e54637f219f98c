import { describe, expect, it } from "vitest";
import { ENVIRONMENTS } from "../lib/config";
import { arrakisStackProps } from "../lib/arrakis-app";
import { baseConfig, resourcesOf, synthBackup } from "./synth";
import { BackupConfigErrors } from "../lib/errors";
import { ENV_VARS } from "../validator/src/contract";

const production = (overrides = {}) => ({ ...arrakisStackProps("production").backup, ...overrides });

function rejected(config: Parameters<typeof synthBackup>[0]): { input: string; rule: string }[] {
  try {
    synthBackup(config);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BackupConfigErrors);
    return (error as BackupConfigErrors).errors.map(({ input, rule }) => ({ input, rule }));
  }
}

describe("logically air-gapped vault (enable_air_gapped_vault)", () => {
  it.each(ENVIRONMENTS)("is off by default (%s): no vault, no share, no extra copies, no validator variable", (env) => {
    const json = synthBackup(arrakisStackProps(env).backup);
    expect(resourcesOf(json, "aws_backup_logically_air_gapped_vault")).toEqual({});
    expect(resourcesOf(json, "aws_ram_resource_share")).toEqual({});
    const [fn] = Object.values(resourcesOf(json, "aws_lambda_function"));
    expect(fn.environment.variables).not.toHaveProperty(ENV_VARS.AIR_GAPPED_VAULT_ARN);
  });

  it("adds a vault with its retention bounds, a copy to it from every rule (no cold storage), and tells the validator", () => {
    const json = synthBackup(production({ enableAirGappedVault: true, airGappedVaultMinRetentionDays: 30, airGappedVaultMaxRetentionDays: 3650 }));
    const [[name, vault]] = Object.entries(resourcesOf(json, "aws_backup_logically_air_gapped_vault"));
    expect(vault).toMatchObject({ name: "arrakis-backup-vault-production-air-gapped", min_retention_days: 30, max_retention_days: 3650 });
    expect(vault.lifecycle.prevent_destroy).toBe(true);
    const arn = `\${aws_backup_logically_air_gapped_vault.${name}.arn}`;
    const [plan] = Object.values(resourcesOf(json, "aws_backup_plan"));
    for (const rule of plan.rule) {
      const copies = rule.copy_action.map((c: any) => c.destination_vault_arn);
      expect(copies, rule.rule_name).toHaveLength(2);
      expect(rule.copy_action[1], rule.rule_name).toEqual({ destination_vault_arn: arn, lifecycle: { delete_after: rule.lifecycle.delete_after, opt_in_to_archive_for_supported_resources: false } });
    }
    const [fn] = Object.values(resourcesOf(json, "aws_lambda_function"));
    expect(fn.environment.variables[ENV_VARS.AIR_GAPPED_VAULT_ARN]).toBe(arn);
    expect(resourcesOf(json, "aws_ram_resource_share")).toEqual({});
  });

  it("shares the vault with the recovery account through AWS RAM", () => {
    const json = synthBackup(production({ enableAirGappedVault: true, airGappedRecoveryAccountId: "444455556666" }));
    const [[shareName, share]] = Object.entries(resourcesOf(json, "aws_ram_resource_share"));
    expect(share.allow_external_principals).toBe(false);
    const shareArn = `\${aws_ram_resource_share.${shareName}.arn}`;
    const [vaultName] = Object.keys(resourcesOf(json, "aws_backup_logically_air_gapped_vault"));
    expect(Object.values(resourcesOf(json, "aws_ram_resource_association"))).toEqual([
      { resource_share_arn: shareArn, resource_arn: `\${aws_backup_logically_air_gapped_vault.${vaultName}.arn}` },
    ]);
    expect(Object.values(resourcesOf(json, "aws_ram_principal_association"))).toEqual([{ resource_share_arn: shareArn, principal: "444455556666" }]);
  });

  it("rejects bounds AWS rejects and rules whose retention falls outside them", () => {
    expect(rejected(production({ enableAirGappedVault: true, airGappedVaultMinRetentionDays: 3 })).map((e) => e.input)).toContain("air_gapped_vault_min_retention_days");
    expect(rejected(production({ enableAirGappedVault: true, airGappedVaultMinRetentionDays: 400, airGappedVaultMaxRetentionDays: 300 })).map((e) => e.input)).toEqual(
      expect.arrayContaining(["air_gapped_vault_max_retention_days", "delete_after_days"]),
    );
    // Monthly backups are kept 2555 days: a 10-year maximum holds them, a 5-year one does not.
    const errors = rejected(production({ enableAirGappedVault: true, airGappedVaultMaxRetentionDays: 1825 }));
    expect(errors).toEqual([expect.objectContaining({ input: "archival_retention_days", rule: expect.stringContaining("air-gapped vault rejects copies") })]);
    expect(rejected(production({ enableAirGappedVault: true, airGappedRecoveryAccountId: "12345" })).map((e) => e.input)).toEqual(["air_gapped_recovery_account_id"]);
    expect(rejected(baseConfig("production", { enableAirGappedVault: true, backupVaultName: "a".repeat(45) })).map((e) => e.input)).toContain("backup_vault_name");
  });

  it("the same bounds are not checked when the vault is off", () => {
    expect(rejected(production({ airGappedVaultMaxRetentionDays: 100 }))).toEqual([]);
  });
});
