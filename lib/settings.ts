import { Fn, IResolvable, Op, Token } from "cdktf";
import { BackupModuleConfig, BooleanInput, ENVIRONMENTS, RdsInstance } from "./config";
import {
  ENVIRONMENT_DEFAULTS,
  EnvironmentDefaults,
  MIN_DAYS_IN_COLD_STORAGE,
  MODULE_DEFAULTS,
} from "./environment-defaults";
import { Expressions, and, equals, isKnown, isSet, mergeMaps } from "./values";

/** Retention of one plan rule (and of its copies). */
export interface RuleRetention {
  readonly deleteAfterDays: number;
  /** Days before cold storage, or null when the rule keeps its recovery points warm. */
  readonly coldStorageAfterDays: number | null;
}

/**
 * The module's effective settings: the user's values with the environment's defaults filled in.
 * Each value is a literal when its inputs are known at synth, else a Terraform expression.
 */
export interface BackupSettings {
  readonly projectName: string;
  readonly environment: string;
  readonly vaultName: string;
  readonly planName: string;
  readonly schedules: { readonly daily: string; readonly weekly: string; readonly monthly: string };
  readonly retention: { readonly daily: RuleRetention; readonly weekly: RuleRetention; readonly monthly: RuleRetention };
  readonly encryption: BooleanInput;
  readonly kmsDeletionWindow: number;
  readonly vaultLock: BooleanInput;
  readonly complianceMode: string;
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;
  readonly vaultLockChangeableForDays: number;
  readonly blockRecoveryPointDeletion: BooleanInput;
  /** Principals exempt from the vault policy's deny; unset means the principal running Terraform. */
  readonly vaultPolicyAdminRoleArns: string[] | undefined;
  readonly notifications: BooleanInput;
  readonly notificationEmail: string;
  readonly notificationLevel: string;
  readonly monitoring: BooleanInput;
  readonly validation: BooleanInput;
  readonly validationSchedule: string;
  /** Reserved concurrency of the validator, or null for none. */
  readonly validatorReservedConcurrency: number | null;
  readonly validatorLogRetentionDays: number;
  readonly rdsInstances: RdsInstance[] | IResolvable;
  readonly efs: BooleanInput;
  readonly replicaRegion: string | null;
  /** Cross-region copies: enabled and a replica region given. */
  readonly crossRegion: BooleanInput;
  /** Monthly copies: cross-region and production ("Production Only"). */
  readonly monthlyCrossRegion: BooleanInput;
  readonly intelligentTiering: BooleanInput;
  readonly costAllocationTags: Record<string, string>;
  /** The user's tags merged with Project and Environment. */
  readonly tags: Record<string, string>;
  readonly rpoTargetHours: number;
  readonly rtoTargetHours: number;
}

type DefaultKey = keyof EnvironmentDefaults;

/** Reads the environment table: directly for a known environment, else through a local. */
class EnvironmentTable {
  private row?: unknown;

  constructor(
    private readonly expressions: Expressions,
    private readonly environment: string,
  ) {}

  get<K extends DefaultKey>(key: K): EnvironmentDefaults[K] {
    if (isKnown(this.environment)) {
      const row = ENVIRONMENT_DEFAULTS[this.environment as keyof typeof ENVIRONMENT_DEFAULTS];
      // An unknown environment name is reported by the input checks; fall back so they can run.
      return (row ?? ENVIRONMENT_DEFAULTS.development)[key];
    }
    if (this.row === undefined) {
      const table = this.expressions.local("environment_defaults", environmentTableForTerraform()).expression;
      // An unknown environment falls back to development's row, so that a plan with a bad
      // `environment` stops on that variable's validation message rather than on a lookup error.
      this.row = this.expressions.local("environment", Fn.lookup(table, this.environment, Fn.lookupNested(table, ["development"]))).expression;
    }
    return Fn.lookupNested(this.row, [snakeCase(key)]) as EnvironmentDefaults[K];
  }
}

/** The environment table with Terraform-style keys, as the generated module's local. */
export function environmentTableForTerraform(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    ENVIRONMENTS.map((env) => [
      env,
      Object.fromEntries(Object.entries(ENVIRONMENT_DEFAULTS[env]).map(([k, v]) => [snakeCase(k), v])),
    ]),
  );
}

/** `deleteAfterDays` → `delete_after_days`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Cold storage a default may apply: `coldAfter` when the retention leaves the 90 days AWS
 * requires in cold storage, else none. (An explicit user value is checked, not dropped.)
 */
function coldStorageIfAllowed(
  expressions: Expressions,
  name: string,
  deleteAfter: number,
  coldAfter: number | null,
): number | null {
  if (isKnown(deleteAfter) && isKnown(coldAfter)) {
    return coldAfter !== null && deleteAfter - coldAfter >= MIN_DAYS_IN_COLD_STORAGE ? coldAfter : null;
  }
  // coalesce keeps the subtraction defined when the environment has no cold storage (null).
  const leavesEnough = Op.gte(Op.sub(deleteAfter, Fn.coalesce([coldAfter, deleteAfter])), MIN_DAYS_IN_COLD_STORAGE);
  return expressions.local(name, Fn.conditional(leavesEnough, coldAfter, Token.nullValue())).asNumber;
}

/** Fills in every default of `config`; validation is separate (see `validateConfig`). */
export function resolveSettings(expressions: Expressions, config: BackupModuleConfig): BackupSettings {
  const env = new EnvironmentTable(expressions, config.environment);
  const number = (name: string, value: number | undefined, fallback: number) =>
    expressions.number(name, expressions.orDefault(value, fallback));
  const string = (name: string, value: string | undefined, fallback: string) =>
    expressions.string(name, expressions.orDefault(value, fallback));
  const flag = (name: string, value: BooleanInput | undefined, fallback: BooleanInput) =>
    expressions.flag(name, expressions.orDefault(value, fallback));

  const dailyDelete = number("daily_delete_after_days", config.deleteAfterDays, env.get("deleteAfterDays"));
  const weeklyDelete = number("weekly_delete_after_days", config.longTermRetentionDays, MODULE_DEFAULTS.longTermRetentionDays);
  const monthlyDelete = number("monthly_delete_after_days", config.archivalRetentionDays, MODULE_DEFAULTS.archivalRetentionDays);
  const environmentCold = coldStorageIfAllowed(expressions, "daily_default_cold_storage_after_days", dailyDelete, env.get("moveToColdStorageAfterDays"));
  const dailyCold =
    config.moveToColdStorageAfterDays === undefined
      ? environmentCold
      : expressions.number("daily_cold_storage_after_days", expressions.orDefault(config.moveToColdStorageAfterDays, environmentCold as number));

  const replicaRegion = config.replicaRegion === undefined ? MODULE_DEFAULTS.replicaRegion : config.replicaRegion;
  const crossRegionWanted = flag("cross_region_backup_enabled", config.enableCrossRegionBackup, env.get("crossRegionBackup"));
  const crossRegion = expressions.flag("cross_region", and(crossRegionWanted, isSet(replicaRegion)));
  const userTags = config.tags ?? {};

  return {
    projectName: config.projectName,
    environment: config.environment,
    vaultName: config.backupVaultName,
    planName: config.backupPlanName,
    schedules: {
      daily: string("daily_backup_schedule", config.backupSchedule, env.get("backupSchedule")),
      weekly: string("weekly_backup_schedule", config.weeklyBackupSchedule, MODULE_DEFAULTS.weeklyBackupSchedule),
      monthly: string("monthly_backup_schedule", config.monthlyBackupSchedule, MODULE_DEFAULTS.monthlyBackupSchedule),
    },
    retention: {
      daily: { deleteAfterDays: dailyDelete, coldStorageAfterDays: dailyCold },
      weekly: {
        deleteAfterDays: weeklyDelete,
        coldStorageAfterDays: coldStorageIfAllowed(expressions, "weekly_cold_storage_after_days", weeklyDelete, MODULE_DEFAULTS.weeklyColdStorageAfterDays),
      },
      monthly: {
        deleteAfterDays: monthlyDelete,
        coldStorageAfterDays: coldStorageIfAllowed(expressions, "monthly_cold_storage_after_days", monthlyDelete, MODULE_DEFAULTS.monthlyColdStorageAfterDays),
      },
    },
    encryption: flag("encryption_enabled", config.enableBackupEncryption, MODULE_DEFAULTS.enableBackupEncryption),
    kmsDeletionWindow: number("kms_deletion_window", config.kmsDeletionWindow, MODULE_DEFAULTS.kmsDeletionWindow),
    vaultLock: flag("vault_lock_enabled", config.backupVaultLockEnabled, env.get("vaultLock")),
    complianceMode: string("compliance_mode", config.complianceMode, MODULE_DEFAULTS.complianceMode),
    minRetentionDays: number("min_retention_days", config.minRetentionDays, MODULE_DEFAULTS.minRetentionDays),
    maxRetentionDays: number("max_retention_days", config.maxRetentionDays, MODULE_DEFAULTS.maxRetentionDays),
    vaultLockChangeableForDays: number("vault_lock_changeable_for_days", config.vaultLockChangeableForDays, MODULE_DEFAULTS.vaultLockChangeableForDays),
    blockRecoveryPointDeletion: flag("block_recovery_point_deletion", config.blockRecoveryPointDeletion, env.get("blockRecoveryPointDeletion")),
    vaultPolicyAdminRoleArns: config.vaultPolicyAdminRoleArns ?? undefined,
    notifications: flag("notifications_enabled", config.enableBackupNotifications, MODULE_DEFAULTS.enableBackupNotifications),
    notificationEmail: string("notification_email", config.notificationEmail, MODULE_DEFAULTS.notificationEmail),
    notificationLevel: string("notification_level", config.notificationLevel, env.get("notificationLevel")),
    monitoring: flag("monitoring_enabled", config.enableBackupMonitoring, MODULE_DEFAULTS.enableBackupMonitoring),
    validation: flag("validation_enabled", config.enableBackupValidation, MODULE_DEFAULTS.enableBackupValidation),
    validationSchedule: string("validation_schedule", config.backupValidationSchedule, MODULE_DEFAULTS.backupValidationSchedule),
    // null means "no reservation", as it does for the module's variable: passed through as is.
    validatorReservedConcurrency: config.validatorReservedConcurrency ?? MODULE_DEFAULTS.validatorReservedConcurrency,
    validatorLogRetentionDays: number("validator_log_retention_days", config.validatorLogRetentionDays, env.get("validatorLogRetentionDays")),
    rdsInstances: config.rdsInstances ?? [],
    efs: flag("efs_enabled", config.backupEfsEnabled, MODULE_DEFAULTS.backupEfsEnabled),
    replicaRegion,
    crossRegion,
    monthlyCrossRegion: expressions.flag("monthly_cross_region", and(crossRegion, equals(config.environment, "production"))),
    intelligentTiering: flag("intelligent_tiering_enabled", config.enableIntelligentTiering, MODULE_DEFAULTS.enableIntelligentTiering),
    costAllocationTags: config.backupCostAllocationTags ?? {},
    tags: mergeMaps(userTags, { Project: config.projectName, Environment: config.environment }),
    rpoTargetHours: number("rpo_target_hours", config.rpoTargetHours, MODULE_DEFAULTS.rpoTargetHours),
    rtoTargetHours: number("rto_target_hours", config.rtoTargetHours, MODULE_DEFAULTS.rtoTargetHours),
  };
}
