import { IResolvable } from "cdktf";
import { BackupModuleConfig, Environment, NotificationLevel } from "./config";
import { INPUTS, defaultKind } from "./inputs";

/** What an environment decides when the user leaves a setting unset. */
export interface EnvironmentDefaults {
  /** Daily backup schedule (AWS Backup cron, UTC). */
  readonly backupSchedule: string;
  /** Daily backup retention in days. */
  readonly deleteAfterDays: number;
  /**
   * Days before daily backups move to cold storage, or null for none. Applied only where the
   * daily retention leaves the 90 days AWS requires in cold storage (see README).
   */
  readonly moveToColdStorageAfterDays: number | null;
  /** Whether backups are copied to the replica region. */
  readonly crossRegionBackup: boolean;
  /** Whether the vaults are locked (WORM). */
  readonly vaultLock: boolean;
  /** Whether a vault access policy denies manual deletion of recovery points. */
  readonly blockRecoveryPointDeletion: boolean;
  /** How much backup activity reaches the notification topic. */
  readonly notificationLevel: NotificationLevel;
  /** Retention of the validator's log group in days (production: a year, CKV_AWS_338). */
  readonly validatorLogRetentionDays: number;
  /** Whether deletions and weakening of the backups raise tamper alerts. */
  readonly tamperAlerts: boolean;
  /** Whether restore tests run (staging and production). */
  readonly restoreTesting: boolean;
  /** Whether the RDS databases get point-in-time recovery (production). */
  readonly pointInTimeRecovery: boolean;
  /** Whether a Backup Audit Manager framework evaluates the backups (production: it needs AWS Config). */
  readonly auditFramework: boolean;
  /** Whether job reports and the validator's reports go to a reports bucket (production). */
  readonly backupReports: boolean;
  /** Whether the environment has a CloudWatch dashboard (staging and production). */
  readonly backupDashboard: boolean;
}

/**
 * The spec's "Environment-Specific Defaults" and "Backup Strategies", in one table that the
 * TypeScript path reads directly and the Terraform path embeds as a local.
 */
export const ENVIRONMENT_DEFAULTS: Readonly<Record<Environment, EnvironmentDefaults>> = {
  development: {
    backupSchedule: "cron(0 3 * * ? *)",
    deleteAfterDays: 7,
    moveToColdStorageAfterDays: null,
    crossRegionBackup: false,
    vaultLock: false,
    blockRecoveryPointDeletion: false,
    notificationLevel: "errors_only",
    validatorLogRetentionDays: 30,
    tamperAlerts: false,
    restoreTesting: false,
    pointInTimeRecovery: false,
    auditFramework: false,
    backupReports: false,
    backupDashboard: false,
  },
  staging: {
    backupSchedule: "cron(0 2 * * ? *)",
    deleteAfterDays: 30,
    moveToColdStorageAfterDays: 7,
    crossRegionBackup: true,
    vaultLock: false,
    blockRecoveryPointDeletion: false,
    notificationLevel: "warnings_and_errors",
    validatorLogRetentionDays: 30,
    tamperAlerts: false,
    restoreTesting: true,
    pointInTimeRecovery: false,
    auditFramework: false,
    backupReports: false,
    backupDashboard: true,
  },
  production: {
    backupSchedule: "cron(0 1 * * ? *)",
    deleteAfterDays: 90,
    moveToColdStorageAfterDays: 30,
    crossRegionBackup: true,
    vaultLock: true,
    blockRecoveryPointDeletion: true,
    notificationLevel: "all",
    validatorLogRetentionDays: 365,
    tamperAlerts: true,
    restoreTesting: true,
    pointInTimeRecovery: true,
    auditFramework: true,
    backupReports: true,
    backupDashboard: true,
  },
};

/** A fixed default of each input that has one, by TypeScript name (`null` where null means something). */
export type ModuleDefaults = {
  readonly [K in keyof BackupModuleConfig]?: Exclude<BackupModuleConfig[K], IResolvable | undefined>;
} & {
  /** Weekly backups: "Cold storage after 90 days". */
  readonly weeklyColdStorageAfterDays: number;
  /** Monthly backups: "Cold storage after 30 days". */
  readonly monthlyColdStorageAfterDays: number;
};

/**
 * Defaults that do not depend on the environment: the fixed defaults of the input registry
 * (`lib/inputs.ts`), plus the spec's cold storage of weekly and monthly backups.
 */
export const MODULE_DEFAULTS: ModuleDefaults = {
  ...Object.fromEntries(INPUTS.filter((i) => defaultKind(i) === "fixed" || defaultKind(i) === "null").map((i) => [i.key, "default" in i ? i.default : null])),
  weeklyColdStorageAfterDays: 90,
  monthlyColdStorageAfterDays: 30,
};

export { MIN_DAYS_IN_COLD_STORAGE } from "./rules";
