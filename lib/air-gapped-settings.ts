import { BackupModuleConfig, BooleanInput } from "./config";
import { InputChecks } from "./input-checks";
import { MIN_AIR_GAPPED_RETENTION_DAYS } from "./air-gapped-inputs";
import { MAX_RETENTION_DAYS } from "./rules";
import { BackupSettings } from "./settings";
import { ruleRetentions } from "./validate-config";
import { and, isKnown, isSet } from "./values";

/** The air-gapped vault is named after the primary one plus this suffix. */
export const AIR_GAPPED_VAULT_SUFFIX = "-air-gapped";

/** The air-gapped vault's settings: the user's values, defaults filled in. */
export interface AirGappedSettings {
  readonly enabled: BooleanInput;
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;
  /** The recovery account it is shared with, or null. */
  readonly recoveryAccountId: string | null;
  /** Share the vault with the recovery account: the vault on and an account given ({@link airGappedShared}). */
  readonly shared: BooleanInput;
}

/** Resolves the air-gapped vault's inputs (their variables are not nullable in the module: a value is always there). */
export function airGappedSettings(config: BackupModuleConfig): AirGappedSettings {
  const enabled = config.enableAirGappedVault ?? false;
  const recoveryAccountId = config.airGappedRecoveryAccountId ?? null;
  return {
    enabled,
    minRetentionDays: config.airGappedVaultMinRetentionDays ?? MIN_AIR_GAPPED_RETENTION_DAYS,
    maxRetentionDays: config.airGappedVaultMaxRetentionDays ?? MAX_RETENTION_DAYS,
    recoveryAccountId,
    shared: airGappedShared(enabled, recoveryAccountId),
  };
}

/** The vault is shared with the recovery account: the vault on and an account given. */
export function airGappedShared(enabled: BooleanInput, recoveryAccountId: string | null): BooleanInput {
  return and(enabled, isSet(recoveryAccountId));
}

/** What the air-gapped vault does to a copy whose retention is outside its range. */
const RANGE_RULE =
  "the air-gapped vault rejects copies whose retention is outside [air_gapped_vault_min_retention_days, air_gapped_vault_max_retention_days], and every rule copies there; change the retention or the range";

/**
 * The air-gapped vault's rules: a range with min at most max, every rule's retention inside it
 * (the copy keeps the rule's retention), and a name within AWS's 50 characters.
 */
export function checkAirGappedVault(air: AirGappedSettings, settings: BackupSettings, checks: InputChecks): void {
  if (isKnown(air.enabled) && air.enabled === false) return;
  checks.relation(
    "air_gapped_vault_max_retention_days",
    { air_gapped_vault_max_retention_days: air.maxRetentionDays, air_gapped_vault_min_retention_days: air.minRetentionDays, enable_air_gapped_vault: air.enabled },
    "must be at least air_gapped_vault_min_retention_days",
    () => air.maxRetentionDays >= air.minRetentionDays,
    (r) => `!${r.enable_air_gapped_vault} || ${r.air_gapped_vault_max_retention_days} >= ${r.air_gapped_vault_min_retention_days}`,
  );
  for (const [input, days] of ruleRetentions(settings)) {
    checks.relation(
      input,
      { [input]: days, air_gapped_vault_min_retention_days: air.minRetentionDays, air_gapped_vault_max_retention_days: air.maxRetentionDays, enable_air_gapped_vault: air.enabled },
      RANGE_RULE,
      () => days >= air.minRetentionDays && days <= air.maxRetentionDays,
      (r) => `!${r.enable_air_gapped_vault} || (${r[input]} >= ${r.air_gapped_vault_min_retention_days} && ${r[input]} <= ${r.air_gapped_vault_max_retention_days})`,
    );
  }
  const longest = 50 - AIR_GAPPED_VAULT_SUFFIX.length;
  checks.relation(
    "backup_vault_name",
    { backup_vault_name: settings.vaultName, enable_air_gapped_vault: air.enabled },
    `must be at most ${longest} characters with the air-gapped vault: it is named "<backup_vault_name>${AIR_GAPPED_VAULT_SUFFIX}" and vault names are limited to 50`,
    () => settings.vaultName.length <= longest,
    (r) => `!${r.enable_air_gapped_vault} || length(${r.backup_vault_name}) <= ${longest}`,
  );
}
