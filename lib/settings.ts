import { Fn, IResolvable, Op, Token } from "cdktf";
import { BackupModuleConfig, BooleanInput, ENVIRONMENTS, RdsInstance } from "./config";
import {
  ENVIRONMENT_DEFAULTS,
  EnvironmentDefaults,
  MIN_DAYS_IN_COLD_STORAGE,
  MODULE_DEFAULTS,
} from "./environment-defaults";
import { AdditionalBackupRule, AdditionalBackupRules, withDefaults } from "./additional-rules";
import { inputOf } from "./inputs";
import { and, equals, isKnown, isNull, isSet, mergeMaps } from "./values";

/** Retention of one plan rule (and of its copies). */
export interface RuleRetention {
  readonly deleteAfterDays: number;
  /** Days before cold storage, or null when the rule keeps its recovery points warm. */
  readonly coldStorageAfterDays: number | null;
}

/** One rule of the plan, resolved. */
export interface ResolvedRule {
  /** Rule name, unique in the plan: `daily`, `weekly`, `monthly`, then the additional rules'. */
  readonly name: string;
  readonly schedule: string;
  readonly retention: RuleRetention;
  /** Copy each recovery point to the replica vault (same lifecycle). */
  readonly copyToReplica: BooleanInput;
  /** Minutes AWS Backup may wait to start the job, and to finish it. */
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  /** Point-in-time recovery (continuous backup) for resources that support it; null leaves it unset (the built-in rules). */
  readonly continuousBackup: BooleanInput | null;
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
  /** Every rule of the plan known at synth, built-in ones first. */
  readonly rules: readonly ResolvedRule[];
  /** `additional_backup_rules` when only known at plan time (the module's variable): added by the plan. */
  readonly planTimeRules?: IResolvable;
  readonly encryption: BooleanInput;
  /** The user's own key for the vault, topic and validator, or null. */
  readonly existingKmsKeyArn: string | null;
  /** Whether the module creates its keys: encryption on, and no key of the user's. */
  readonly createKmsKeys: BooleanInput;
  readonly kmsDeletionWindow: number;
  readonly vaultLock: BooleanInput;
  readonly complianceMode: string;
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;
  readonly vaultLockChangeableForDays: number;
  /** The locks' `changeable_for_days`: the grace period in COMPLIANCE mode, null in GOVERNANCE mode. */
  readonly lockChangeableForDays: number | null;
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
  /** The user's role for the selections, or null: the module creates one. */
  readonly existingBackupRoleArn: string | null;
  readonly replicaRegion: string | null;
  /** Cross-region copies: enabled and a replica region given. */
  readonly crossRegion: BooleanInput;
  /** Monthly copies: cross-region and production ("Production Only"). */
  readonly monthlyCrossRegion: BooleanInput;
  readonly intelligentTiering: BooleanInput;
  readonly costAllocationTags: Record<string, string>;
  /** The cost allocation tags merged with Project and Environment: on every recovery point. */
  readonly recoveryPointTags: Record<string, string>;
  /** The user's tags merged with Project and Environment. */
  readonly tags: Record<string, string>;
  readonly rpoTargetHours: number;
  readonly rtoTargetHours: number;
  /** Where the validator runs: subnets and security groups (both empty: outside any VPC). */
  readonly validatorNetwork: { readonly subnetIds: string[]; readonly securityGroupIds: string[] };
  /** VPC endpoints for the validator: asked for, with the validator on. */
  readonly vpcEndpoints: BooleanInput;
  /** Route tables that receive the validator's S3 gateway endpoint ([]: none). */
  readonly validatorRouteTableIds: string[];
  readonly backupJobsInFlightAlarmThreshold: number;
  readonly backupDurationAlarmPercent: number;
  /** Tamper alerts: asked for (production by default), with notifications on (they go to the topic). */
  readonly tamperAlerts: BooleanInput;
  readonly restoreTesting: BooleanInput;
  readonly restoreTestSchedule: string;
  readonly restoreTestMaxAgeDays: number;
  readonly restoreTestValidationWindowHours: number;
  readonly restoreTestRdsSubnetGroupName: string | null;
  readonly pointInTimeRecovery: BooleanInput;
  readonly pointInTimeRecoveryDays: number;
  readonly auditFramework: BooleanInput;
  readonly backupReports: BooleanInput;
  /** The reports bucket's name as given, or null: the module names it after the project, environment and account. */
  readonly reportsBucketName: string | null;
  readonly backupDashboard: BooleanInput;
}

type DefaultKey = keyof EnvironmentDefaults;

/**
 * Gives a derived decision its name: the generated module keeps each plan-time decision in a
 * local of that name. Resolution itself only calls it; {@link UNNAMED} keeps it pure.
 */
export type Namer = <T>(name: string, value: T) => T;

/** The pure namer: every value stays as it is (literals, or inline Terraform expressions). */
export const UNNAMED: Namer = (_name, value) => value;

/** Reads the environment table: directly for a known environment, else through one lookup. */
class EnvironmentTable {
  private row?: unknown;

  constructor(
    private readonly name: Namer,
    private readonly environment: string,
  ) {}

  get<K extends DefaultKey>(key: K): EnvironmentDefaults[K] {
    if (isKnown(this.environment)) {
      const row = ENVIRONMENT_DEFAULTS[this.environment as keyof typeof ENVIRONMENT_DEFAULTS];
      // An unknown environment name is reported by the input checks; fall back so they can run.
      return (row ?? ENVIRONMENT_DEFAULTS.development)[key];
    }
    if (this.row === undefined) {
      const table = this.name("environment_defaults", Token.asAny(environmentTableForTerraform()));
      // An unknown environment falls back to development's row, so that a plan with a bad
      // `environment` stops on that variable's validation message rather than on a lookup error.
      this.row = this.name("environment", Fn.lookup(table, this.environment, Fn.lookupNested(table, ["development"])));
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
 * The effective value of one input: the user's value, else its default (fixed, or the
 * environment's). A plan-time value of an input with an environment default falls back with
 * `coalesce`; one with a fixed default is used as it is (the module's variable is not nullable).
 */
function effective<K extends keyof BackupModuleConfig>(config: BackupModuleConfig, key: K, env: EnvironmentTable): any {
  const input = inputOf(key);
  const given = config[key];
  const fallback = input.environmentDefault !== undefined ? env.get(input.environmentDefault) : "default" in input ? input.default : null;
  // null means "not set", except for inputs whose null means something (no replica region).
  if (given === null && input.nullMeans !== undefined) return null;
  if (given === undefined || given === null) return fallback;
  if (isKnown(given) || input.environmentDefault === undefined) return given;
  return Fn.coalesce([given, fallback]);
}

/**
 * Cold storage a default may apply: `coldAfter` when the retention leaves the 90 days AWS
 * requires in cold storage, else none. (An explicit user value is checked, not dropped.)
 */
function coldStorageIfAllowed(deleteAfter: number, coldAfter: number | null): number | null {
  if (isKnown(deleteAfter) && isKnown(coldAfter)) {
    return coldAfter !== null && deleteAfter - coldAfter >= MIN_DAYS_IN_COLD_STORAGE ? coldAfter : null;
  }
  if (isKnown(coldAfter)) {
    if (coldAfter === null) return null;
    return Token.asNumber(Fn.conditional(Op.gte(Op.sub(deleteAfter, coldAfter), MIN_DAYS_IN_COLD_STORAGE), coldAfter, Token.nullValue()));
  }
  // coalesce keeps the subtraction defined when the environment has no cold storage (null).
  const leavesEnough = Op.gte(Op.sub(deleteAfter, Fn.coalesce([coldAfter, deleteAfter])), MIN_DAYS_IN_COLD_STORAGE);
  return Token.asNumber(Fn.conditional(leavesEnough, coldAfter, Token.nullValue()));
}

/**
 * The one resolution step: the user's configuration with every default filled in and every
 * derived decision named. Pure: it creates nothing and reads no scope; with {@link UNNAMED} (the
 * default) plan-time decisions stay inline expressions, with a namer that creates locals (the
 * construct's) each becomes a local of the name given here. Validation is separate
 * (`validateConfig`) and runs on these settings.
 */
export function resolveSettings(config: BackupModuleConfig, name: Namer = UNNAMED): BackupSettings {
  const env = new EnvironmentTable(name, config.environment);
  const value = <K extends keyof BackupModuleConfig>(key: K, local?: string) => {
    const v = effective(config, key, env);
    return local === undefined ? v : name(local, v);
  };

  const dailyDelete: number = value("deleteAfterDays", "delete_after_days");
  const weeklyDelete: number = value("longTermRetentionDays");
  const monthlyDelete: number = value("archivalRetentionDays");
  const explicitCold = config.moveToColdStorageAfterDays;
  // The environment's cold storage applies only where the retention leaves AWS's 90 days.
  const environmentCold = name("default_cold_storage_after_days", coldStorageIfAllowed(dailyDelete, env.get("moveToColdStorageAfterDays")));
  const dailyCold: number | null = name(
    "cold_storage_after_days",
    explicitCold === undefined || explicitCold === null
      ? environmentCold
      : isKnown(explicitCold)
        ? explicitCold
        : Token.asNumber(Fn.conditional(Op.eq(explicitCold, Token.nullValue()), environmentCold, explicitCold)),
  );

  const replicaRegion: string | null = value("replicaRegion");
  const crossRegion = name("cross_region", and(value("enableCrossRegionBackup"), isSet(replicaRegion)));
  const monthlyCrossRegion = name("monthly_cross_region", and(crossRegion, equals(config.environment, "production")));
  const identity = { Project: config.projectName, Environment: config.environment };
  const tags = name("tags", mergeMaps(config.tags ?? {}, identity));
  const rules = builtInRules({
    schedules: { daily: value("backupSchedule", "backup_schedule"), weekly: value("weeklyBackupSchedule"), monthly: value("monthlyBackupSchedule") },
    retention: {
      daily: { deleteAfterDays: dailyDelete, coldStorageAfterDays: dailyCold },
      weekly: { deleteAfterDays: weeklyDelete, coldStorageAfterDays: name("weekly_cold_storage_after_days", coldStorageIfAllowed(weeklyDelete, MODULE_DEFAULTS.weeklyColdStorageAfterDays)) },
      monthly: { deleteAfterDays: monthlyDelete, coldStorageAfterDays: name("monthly_cold_storage_after_days", coldStorageIfAllowed(monthlyDelete, MODULE_DEFAULTS.monthlyColdStorageAfterDays)) },
    },
    crossRegion,
    monthlyCrossRegion,
  });

  const { rules: additionalRules, planTimeRules } = resolveAdditionalRules(config.additionalBackupRules, crossRegion);

  return {
    projectName: config.projectName,
    environment: config.environment,
    vaultName: config.backupVaultName,
    planName: config.backupPlanName,
    schedules: { daily: rules[0].schedule, weekly: rules[1].schedule, monthly: rules[2].schedule },
    retention: { daily: rules[0].retention, weekly: rules[1].retention, monthly: rules[2].retention },
    rules: [...rules, ...additionalRules],
    planTimeRules,
    encryption: value("enableBackupEncryption"),
    existingKmsKeyArn: value("existingKmsKeyArn"),
    // The module's own keys exist with encryption on and no key of the user's.
    createKmsKeys: name("create_kms_keys", and(value("enableBackupEncryption"), isNull(value("existingKmsKeyArn")))),
    kmsDeletionWindow: value("kmsDeletionWindow"),
    vaultLock: value("backupVaultLockEnabled", "vault_lock_enabled"),
    complianceMode: value("complianceMode"),
    minRetentionDays: value("minRetentionDays"),
    maxRetentionDays: value("maxRetentionDays"),
    vaultLockChangeableForDays: value("vaultLockChangeableForDays"),
    // GOVERNANCE mode is the absence of changeable_for_days; with it the lock becomes COMPLIANCE.
    lockChangeableForDays: name(
      "lock_changeable_for_days",
      isKnown(value("complianceMode"))
        ? value("complianceMode") === "COMPLIANCE"
          ? value("vaultLockChangeableForDays")
          : null
        : Token.asNumber(Fn.conditional(equals(value("complianceMode"), "COMPLIANCE"), value("vaultLockChangeableForDays"), Token.nullValue())),
    ),
    blockRecoveryPointDeletion: value("blockRecoveryPointDeletion", "block_recovery_point_deletion"),
    vaultPolicyAdminRoleArns: config.vaultPolicyAdminRoleArns ?? undefined,
    notifications: value("enableBackupNotifications"),
    notificationEmail: value("notificationEmail"),
    notificationLevel: value("notificationLevel", "notification_level"),
    monitoring: value("enableBackupMonitoring"),
    validation: value("enableBackupValidation"),
    validationSchedule: value("backupValidationSchedule"),
    // null means "no reservation", as it does for the module's variable: passed through as is.
    validatorReservedConcurrency: value("validatorReservedConcurrency"),
    validatorLogRetentionDays: value("validatorLogRetentionDays", "validator_log_retention_days"),
    rdsInstances: value("rdsInstances"),
    efs: value("backupEfsEnabled"),
    existingBackupRoleArn: value("existingBackupRoleArn"),
    replicaRegion,
    crossRegion,
    monthlyCrossRegion,
    intelligentTiering: value("enableIntelligentTiering"),
    costAllocationTags: value("backupCostAllocationTags"),
    recoveryPointTags: name("recovery_point_tags", mergeMaps(value("backupCostAllocationTags"), identity)),
    tags,
    rpoTargetHours: value("rpoTargetHours"),
    rtoTargetHours: value("rtoTargetHours"),
    validatorNetwork: { subnetIds: value("validatorSubnetIds"), securityGroupIds: value("validatorSecurityGroupIds") },
    vpcEndpoints: name("vpc_endpoints_enabled", and(value("createVpcEndpoints"), value("enableBackupValidation"))),
    validatorRouteTableIds: value("validatorRouteTableIds"),
    backupJobsInFlightAlarmThreshold: value("backupJobsInFlightAlarmThreshold"),
    backupDurationAlarmPercent: value("backupDurationAlarmPercent"),
    tamperAlerts: name("tamper_alerts_enabled", and(value("enableTamperAlerts", "enable_tamper_alerts"), value("enableBackupNotifications"))),
    restoreTesting: value("enableRestoreTesting", "restore_testing"),
    restoreTestSchedule: value("restoreTestSchedule"),
    restoreTestMaxAgeDays: value("restoreTestMaxAgeDays"),
    restoreTestValidationWindowHours: value("restoreTestValidationWindowHours"),
    restoreTestRdsSubnetGroupName: value("restoreTestRdsSubnetGroupName"),
    pointInTimeRecovery: value("enablePointInTimeRecovery", "point_in_time_recovery"),
    pointInTimeRecoveryDays: value("pointInTimeRecoveryDays"),
    auditFramework: value("enableAuditFramework", "audit_framework"),
    backupReports: value("enableBackupReports", "backup_reports"),
    reportsBucketName: value("reportsBucketName"),
    backupDashboard: value("enableBackupDashboard", "backup_dashboard"),
  };
}

/** What the built-in rules are made of. */
interface BuiltInRuleInputs {
  readonly schedules: { readonly daily: string; readonly weekly: string; readonly monthly: string };
  readonly retention: { readonly daily: RuleRetention; readonly weekly: RuleRetention; readonly monthly: RuleRetention };
  readonly crossRegion: BooleanInput;
  readonly monthlyCrossRegion: BooleanInput;
}

/** The spec's three rules: daily, weekly (copied with cross-region), monthly (copied in production only). */
function builtInRules(r: BuiltInRuleInputs): ResolvedRule[] {
  return [
    { name: "daily", schedule: r.schedules.daily, retention: r.retention.daily, copyToReplica: r.crossRegion, startWindowMinutes: 60, completionWindowMinutes: 1440, continuousBackup: null },
    { name: "weekly", schedule: r.schedules.weekly, retention: r.retention.weekly, copyToReplica: r.crossRegion, startWindowMinutes: 60, completionWindowMinutes: 10080, continuousBackup: null },
    { name: "monthly", schedule: r.schedules.monthly, retention: r.retention.monthly, copyToReplica: r.monthlyCrossRegion, startWindowMinutes: 60, completionWindowMinutes: 10080, continuousBackup: null },
  ];
}

/**
 * The additional rules: resolved like the built-in ones when the list is known at synth, else
 * left to the plan as a plan-time list. A rule copies to the replica only with cross-region copies on.
 */
function resolveAdditionalRules(
  given: AdditionalBackupRules | undefined,
  crossRegion: BooleanInput,
): { rules: ResolvedRule[]; planTimeRules?: IResolvable } {
  if (given === undefined || given === null) return { rules: [] };
  if (!Array.isArray(given) || !isKnown(given)) return { rules: [], planTimeRules: given as IResolvable };
  return {
    rules: (given as readonly AdditionalBackupRule[]).map(withDefaults).map((r) => ({
      name: r.name,
      schedule: r.schedule,
      retention: { deleteAfterDays: r.deleteAfterDays, coldStorageAfterDays: r.coldStorageAfterDays },
      copyToReplica: and(crossRegion, r.copyToReplica),
      startWindowMinutes: r.startWindowMinutes,
      completionWindowMinutes: r.completionWindowMinutes,
      continuousBackup: r.enableContinuousBackup,
    })),
  };
}
