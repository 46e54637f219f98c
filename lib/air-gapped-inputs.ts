import type { BackupModuleConfig } from "./config";
import type { InputDefinition } from "./inputs";
import { ACCOUNT_ID, MAX_RETENTION_DAYS, wholeNumberBetween } from "./rules";

/** AWS Backup: a logically air-gapped vault keeps recovery points at least 7 days. */
export const MIN_AIR_GAPPED_RETENTION_DAYS = 7;

const input = <K extends keyof BackupModuleConfig>(definition: InputDefinition<K>): InputDefinition<K> => definition;

/** The air-gapped vault's inputs, entries of the one input registry (`lib/inputs.ts`). */
export const AIR_GAPPED_VAULT_INPUTS = [
  input({
    name: "enable_air_gapped_vault",
    key: "enableAirGappedVault",
    type: "bool",
    description: "A logically air-gapped vault (<backup_vault_name>-air-gapped) that every rule also copies to (meant for production)",
    default: false,
  }),
  input({
    name: "air_gapped_vault_min_retention_days",
    key: "airGappedVaultMinRetentionDays",
    type: "number",
    description: "Shortest retention the air-gapped vault accepts (7 to 36500); every rule's retention must be at least this",
    default: MIN_AIR_GAPPED_RETENTION_DAYS,
    rules: [wholeNumberBetween(MIN_AIR_GAPPED_RETENTION_DAYS, MAX_RETENTION_DAYS)],
  }),
  input({
    name: "air_gapped_vault_max_retention_days",
    key: "airGappedVaultMaxRetentionDays",
    type: "number",
    description: "Longest retention the air-gapped vault accepts (7 to 36500); every rule's retention must be at most this",
    default: MAX_RETENTION_DAYS,
    rules: [wholeNumberBetween(MIN_AIR_GAPPED_RETENTION_DAYS, MAX_RETENTION_DAYS)],
  }),
  input({
    name: "air_gapped_recovery_account_id",
    key: "airGappedRecoveryAccountId",
    type: "string",
    description: "Account the air-gapped vault is shared with through AWS RAM, to restore from it when this account is lost",
    default: null,
    nullMeans: "not shared",
    rules: [ACCOUNT_ID],
  }),
] as const;
