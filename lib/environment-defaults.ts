import { Environment, NotificationLevel } from "./config";

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
  },
};

/** Defaults that do not depend on the environment (the spec's tables and strategies). */
export const MODULE_DEFAULTS = {
  weeklyBackupSchedule: "cron(0 1 ? * SUN *)",
  monthlyBackupSchedule: "cron(0 1 1 * ? *)",
  longTermRetentionDays: 365,
  archivalRetentionDays: 2555,
  /** Weekly backups: "Cold storage after 90 days". */
  weeklyColdStorageAfterDays: 90,
  /** Monthly backups: "Cold storage after 30 days". */
  monthlyColdStorageAfterDays: 30,
  enableBackupEncryption: true,
  kmsDeletionWindow: 7,
  complianceMode: "GOVERNANCE",
  minRetentionDays: 30,
  maxRetentionDays: 36500,
  vaultLockChangeableForDays: 3,
  enableBackupNotifications: true,
  notificationEmail: "",
  enableBackupMonitoring: true,
  enableBackupValidation: true,
  backupValidationSchedule: "cron(0 6 * * ? *)",
  /** No reserved concurrency: reserving fails in accounts with under 100 unreserved. */
  validatorReservedConcurrency: null,
  backupEfsEnabled: false,
  replicaRegion: "us-east-1",
  enableIntelligentTiering: false,
  enableBackupDeduplication: true,
  backupCompressionEnabled: true,
  rpoTargetHours: 24,
  rtoTargetHours: 4,
} as const;

/** AWS: a recovery point must stay at least this many days in cold storage before deletion. */
export const MIN_DAYS_IN_COLD_STORAGE = 90;
