import { ENV_VARS } from "./contract";
import { InputError } from "./errors";

/** Everything one validation run needs to know, from the environment or from CLI flags. */
export interface ValidatorConfig {
  /** Region of the primary vaults; undefined means the SDK's default (AWS_REGION in Lambda). */
  region?: string;
  /** Primary vault names, in `region`. */
  vaultNames: string[];
  /** Backup plan whose selections define what must be protected. */
  planId?: string;
  /** Cross-region replica vault, when copies are configured. */
  replica?: { region: string; vaultName: string };
  rpoHours: number;
  rtoHours: number;
  lookbackHours: number;
  /** Hours a job may stay CREATED, PENDING or RUNNING before it is reported as stuck. */
  stuckJobHours: number;
  expectedResourceArns: string[];
  expectedKmsKeyArn?: string;
  snsTopicArn?: string;
  reportBucket?: string;
  /** Account that must own the report bucket; undefined means the function's own account, when known. */
  reportBucketOwner?: string;
  /** SSE-KMS key of the report object; undefined means the bucket's default encryption. */
  reportKmsKeyArn?: string;
  /** Restore testing plans whose restores must prove recovery; empty: restore testing is not judged. */
  restoreTestingPlanNames: string[];
  /** How old the newest validated restore test may be, in days. */
  restoreTestMaxAgeDays: number;
  /** How old the newest replica recovery point may be, in hours. */
  copyRpoHours: number;
  /** The lock the replica vault must carry; undefined: not checked. */
  replicaLock?: { minDays?: number; maxDays?: number };
  /** Logically air-gapped vault completed backups must be copied to; undefined: not checked. */
  airGappedVaultArn?: string;
}

/** Defaults applied when a setting is absent (RPO/RTO from the module README's examples). */
export const DEFAULTS = { rpoHours: 24, rtoHours: 4, lookbackHours: 24, restoreTestMaxAgeDays: 8 } as const;

/** Hours a copy may take after its backup: the copy RPO defaults to the RPO plus this. */
export const COPY_GRACE_HOURS = 2;

/** ListBackupJobs only returns the last 30 days, so a longer lookback would silently see less. */
export const MAX_LOOKBACK_HOURS = 720;

const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-zA-Z0-9-]+$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]{1,256}(\.fifo)?$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
export const ACCOUNT_ID = /^\d{12}$/;
const BACKUP_VAULT_ARN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[a-zA-Z0-9\-_]{2,50}$/;
const PLAN_ID = /^[a-zA-Z0-9-]{1,64}$/;
const RESTORE_TESTING_PLAN_NAME = /^[a-zA-Z0-9_]{1,50}$/;
const WHOLE_DAYS = /^\d{1,5}$/;
// Plain decimal only: Number() would also take "0x10", "1e3", "+5" and "0b1".
const DECIMAL = /^\d+(\.\d+)?$/;

/** Parses a positive decimal number of hours no larger than `max`. */
export function parseHours(input: string, raw: string, max: number): number {
  return parseNumber(input, raw, max, "hours");
}

/** Parses a positive decimal number of `unit` no larger than `max`. */
export function parseNumber(input: string, raw: string, max: number, unit: string): number {
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (!DECIMAL.test(trimmed) || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new InputError(input, raw, `must be a decimal number of ${unit} (digits, optionally a fraction) greater than 0 and at most ${max}`);
  }
  return value;
}

/** Splits a comma-separated list, dropping blanks and rejecting duplicates. */
export function splitList(input: string, raw: string): string[] {
  const items = raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) throw new InputError(input, raw, `must not list ${JSON.stringify(item)} twice`);
    seen.add(item);
  }
  return items;
}

/** Checks one value against a pattern; the rule text is what the error shows. */
export function requireMatch(input: string, value: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw new InputError(input, value, rule);
  return value;
}

/** Rules for each kind of value, shared by the environment and CLI parsers. */
export const rules = {
  vaultName: (input: string, v: string) =>
    requireMatch(input, v, VAULT_NAME, "vault names are 2-50 characters of letters, digits, '-' and '_'"),
  region: (input: string, v: string) => requireMatch(input, v, REGION, "must be an AWS region such as us-west-2"),
  resourceArn: (input: string, v: string) => requireMatch(input, v, ARN, "must be an ARN such as arn:aws:rds:us-west-2:123456789012:db:name"),
  kmsKeyArn: (input: string, v: string) =>
    requireMatch(input, v, KMS_KEY_ARN, "must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias"),
  snsTopicArn: (input: string, v: string) =>
    requireMatch(input, v, SNS_TOPIC_ARN, "must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)"),
  bucket: (input: string, v: string) => requireMatch(input, v, BUCKET, "must be an S3 bucket name (3-63 lowercase letters, digits, '.', '-')"),
  accountId: (input: string, v: string) => requireMatch(input, v, ACCOUNT_ID, "must be a 12-digit AWS account id"),
  planId: (input: string, v: string) => requireMatch(input, v, PLAN_ID, "must be a backup plan id (letters, digits and '-'), not a name or ARN"),
  restoreTestingPlanName: (input: string, v: string) =>
    requireMatch(input, v, RESTORE_TESTING_PLAN_NAME, "restore testing plan names are 1-50 letters, digits and '_'"),
  backupVaultArn: (input: string, v: string) =>
    requireMatch(input, v, BACKUP_VAULT_ARN, "must be a backup vault ARN (arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME)"),
  lockDays: (input: string, v: string) => {
    const n = Number(requireMatch(input, v, WHOLE_DAYS, "must be a whole number of days from 1 to 36500"));
    if (n < 1 || n > 36500) throw new InputError(input, v, "must be a whole number of days from 1 to 36500");
    return n;
  },
};

/** Raw settings before validation; undefined or blank means "not set". */
export interface RawSettings {
  region?: string;
  vaultNames?: string[];
  planId?: string;
  replicaRegion?: string;
  replicaVaultName?: string;
  rpoHours?: string;
  rtoHours?: string;
  lookbackHours?: string;
  stuckJobHours?: string;
  expectedResourceArns?: string[];
  expectedKmsKeyArn?: string;
  snsTopicArn?: string;
  reportBucket?: string;
  reportBucketOwner?: string;
  reportKmsKeyArn?: string;
  restoreTestingPlanNames?: string[];
  restoreTestMaxAgeDays?: string;
  copyRpoHours?: string;
  replicaLockMinDays?: string;
  replicaLockMaxDays?: string;
  airGappedVaultArn?: string;
}

/** Names under which each setting reached us (environment variable or CLI flag), for errors. */
export type SettingNames = Record<keyof RawSettings, string>;

/** Whether a setting is unset: undefined, empty or only whitespace. */
export const blank = (v: string | undefined): v is undefined => v === undefined || v.trim() === "";

/** Validates raw settings; every error names the input the way the caller spelled it. */
export function buildConfig(raw: RawSettings, names: SettingNames): ValidatorConfig {
  const vaultNames = raw.vaultNames ?? [];
  if (vaultNames.length === 0) throw new InputError(names.vaultNames, "", "at least one backup vault name is required");
  vaultNames.forEach((v) => rules.vaultName(names.vaultNames, v));
  if (new Set(vaultNames).size !== vaultNames.length) {
    throw new InputError(names.vaultNames, vaultNames.join(","), "must not list a vault twice");
  }

  let replica: ValidatorConfig["replica"];
  if (blank(raw.replicaRegion) !== blank(raw.replicaVaultName)) {
    const [missing, given] = blank(raw.replicaRegion)
      ? [names.replicaRegion, names.replicaVaultName]
      : [names.replicaVaultName, names.replicaRegion];
    throw new InputError(missing, "", `must be set together with ${given}`);
  }
  if (!blank(raw.replicaRegion) && !blank(raw.replicaVaultName)) {
    replica = {
      region: rules.region(names.replicaRegion, raw.replicaRegion.trim()),
      vaultName: rules.vaultName(names.replicaVaultName, raw.replicaVaultName.trim()),
    };
  }

  const rpoHours = blank(raw.rpoHours) ? DEFAULTS.rpoHours : parseHours(names.rpoHours, raw.rpoHours, 8760);
  const rtoHours = blank(raw.rtoHours) ? DEFAULTS.rtoHours : parseHours(names.rtoHours, raw.rtoHours, 8760);
  const lookbackHours = blank(raw.lookbackHours)
    ? DEFAULTS.lookbackHours
    : parseHours(names.lookbackHours, raw.lookbackHours, MAX_LOOKBACK_HOURS);
  const stuckJobHours = blank(raw.stuckJobHours) ? rpoHours : parseHours(names.stuckJobHours, raw.stuckJobHours, 8760);

  const expectedResourceArns = raw.expectedResourceArns ?? [];
  expectedResourceArns.forEach((a) => rules.resourceArn(names.expectedResourceArns, a));
  if (new Set(expectedResourceArns).size !== expectedResourceArns.length) {
    throw new InputError(names.expectedResourceArns, expectedResourceArns.join(","), "must not list a resource twice");
  }
  const optional = <K extends keyof RawSettings, R>(key: K, rule: (input: string, v: string) => R) => {
    const v = raw[key] as string | undefined;
    return blank(v) ? undefined : rule(names[key], v.trim());
  };

  const restoreTestingPlanNames = raw.restoreTestingPlanNames ?? [];
  restoreTestingPlanNames.forEach((n) => rules.restoreTestingPlanName(names.restoreTestingPlanNames, n));
  if (new Set(restoreTestingPlanNames).size !== restoreTestingPlanNames.length) {
    throw new InputError(names.restoreTestingPlanNames, restoreTestingPlanNames.join(","), "must not list a plan twice");
  }
  const restoreTestMaxAgeDays = blank(raw.restoreTestMaxAgeDays)
    ? DEFAULTS.restoreTestMaxAgeDays
    : parseNumber(names.restoreTestMaxAgeDays, raw.restoreTestMaxAgeDays, 366, "days");
  const copyRpoHours = blank(raw.copyRpoHours) ? rpoHours + COPY_GRACE_HOURS : parseHours(names.copyRpoHours, raw.copyRpoHours, 8760);
  const lockMin = optional("replicaLockMinDays", rules.lockDays);
  const lockMax = optional("replicaLockMaxDays", rules.lockDays);
  if ((lockMin !== undefined || lockMax !== undefined) && !replica) {
    const given = lockMin !== undefined ? names.replicaLockMinDays : names.replicaLockMaxDays;
    throw new InputError(given, String(lockMin ?? lockMax), `needs ${names.replicaRegion} and ${names.replicaVaultName}: it describes the replica vault's lock`);
  }
  if (lockMin !== undefined && lockMax !== undefined && lockMin > lockMax) {
    throw new InputError(names.replicaLockMaxDays, String(lockMax), `must be at least ${names.replicaLockMinDays} (${lockMin})`);
  }

  return {
    region: blank(raw.region) ? undefined : rules.region(names.region, raw.region.trim()),
    vaultNames,
    planId: optional("planId", rules.planId),
    replica,
    rpoHours,
    rtoHours,
    lookbackHours,
    stuckJobHours,
    expectedResourceArns,
    expectedKmsKeyArn: optional("expectedKmsKeyArn", rules.kmsKeyArn),
    snsTopicArn: optional("snsTopicArn", rules.snsTopicArn),
    reportBucket: optional("reportBucket", rules.bucket),
    reportBucketOwner: optional("reportBucketOwner", rules.accountId),
    reportKmsKeyArn: optional("reportKmsKeyArn", rules.kmsKeyArn),
    restoreTestingPlanNames,
    restoreTestMaxAgeDays,
    copyRpoHours,
    airGappedVaultArn: optional("airGappedVaultArn", rules.backupVaultArn),
    ...((lockMin !== undefined || lockMax !== undefined) && { replicaLock: { ...(lockMin !== undefined && { minDays: lockMin }), ...(lockMax !== undefined && { maxDays: lockMax }) } }),
  };
}

const ENV_NAMES: SettingNames = {
  region: "AWS_REGION",
  vaultNames: ENV_VARS.BACKUP_VAULT_NAMES,
  planId: ENV_VARS.BACKUP_PLAN_ID,
  replicaRegion: ENV_VARS.REPLICA_REGION,
  replicaVaultName: ENV_VARS.REPLICA_VAULT_NAME,
  rpoHours: ENV_VARS.RPO_TARGET_HOURS,
  rtoHours: ENV_VARS.RTO_TARGET_HOURS,
  lookbackHours: ENV_VARS.LOOKBACK_HOURS,
  stuckJobHours: ENV_VARS.STUCK_JOB_HOURS,
  expectedResourceArns: ENV_VARS.EXPECTED_RESOURCE_ARNS,
  expectedKmsKeyArn: ENV_VARS.EXPECTED_KMS_KEY_ARN,
  snsTopicArn: ENV_VARS.SNS_TOPIC_ARN,
  reportBucket: ENV_VARS.REPORT_BUCKET,
  reportBucketOwner: ENV_VARS.REPORT_BUCKET_OWNER,
  reportKmsKeyArn: ENV_VARS.REPORT_KMS_KEY_ARN,
  restoreTestingPlanNames: ENV_VARS.RESTORE_TESTING_PLAN_NAMES,
  restoreTestMaxAgeDays: ENV_VARS.RESTORE_TEST_MAX_AGE_DAYS,
  copyRpoHours: ENV_VARS.COPY_RPO_HOURS,
  replicaLockMinDays: ENV_VARS.REPLICA_VAULT_LOCK_MIN_DAYS,
  replicaLockMaxDays: ENV_VARS.REPLICA_VAULT_LOCK_MAX_DAYS,
  airGappedVaultArn: ENV_VARS.AIR_GAPPED_VAULT_ARN,
};

/** Settings the environment carries as comma-separated lists. */
const LIST_SETTINGS = new Set<keyof RawSettings>(["vaultNames", "expectedResourceArns", "restoreTestingPlanNames"]);

/** Reads and validates the Lambda's environment. Throws {@link InputError} on a bad value. */
export function configFromEnv(env: NodeJS.ProcessEnv): ValidatorConfig {
  const raw: Record<string, string | string[] | undefined> = {};
  for (const [key, name] of Object.entries(ENV_NAMES) as [keyof RawSettings, string][]) {
    const v = env[name];
    raw[key] = LIST_SETTINGS.has(key) ? (v === undefined ? [] : splitList(name, v)) : v;
  }
  return buildConfig(raw as RawSettings, ENV_NAMES);
}
