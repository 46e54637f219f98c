/**
 * Every single-value input rule, written once. Each rule carries its check in TypeScript (run at
 * synth on literal values) and in Terraform (a condition over an HCL expression, used for variable
 * validation blocks and preconditions). Regular expressions here are written in the subset that
 * JavaScript and Terraform's RE2 read alike (no backslashes, no look-arounds), so both paths
 * apply literally the same pattern.
 */

/** A constraint on one input value. */
export interface Rule<T> {
  /** The rule in words, ending the error message: "must be a whole number from 7 to 30". */
  readonly description: string;
  /** True when the value is acceptable. */
  readonly test: (value: T) => boolean;
  /** A Terraform boolean expression that is true when the expression `ref` is acceptable. */
  readonly hcl: (ref: string) => string;
}

/** A string that matches `pattern` (anchored, RE2- and JavaScript-compatible). */
export function matches(pattern: string, description: string): Rule<string> {
  const regex = new RegExp(pattern);
  return {
    description,
    test: (value) => typeof value === "string" && regex.test(value),
    hcl: (ref) => `can(regex(${JSON.stringify(pattern)}, ${ref}))`,
  };
}

/** A whole number in [min, max]. */
export function wholeNumberBetween(min: number, max: number): Rule<number> {
  return {
    description: `must be a whole number from ${min} to ${max}`,
    test: (value) => Number.isInteger(value) && value >= min && value <= max,
    hcl: (ref) => `${ref} >= ${min} && ${ref} <= ${max} && floor(${ref}) == ${ref}`,
  };
}

/** A whole number of at least min. */
export function wholeNumberAtLeast(min: number): Rule<number> {
  return {
    description: `must be a whole number of at least ${min}`,
    test: (value) => Number.isInteger(value) && value >= min,
    hcl: (ref) => `${ref} >= ${min} && floor(${ref}) == ${ref}`,
  };
}

/** One of the listed numbers. */
export function oneOfNumbers(values: readonly number[]): Rule<number> {
  return {
    description: `must be one of ${values.join(", ")}`,
    test: (value) => values.includes(value),
    hcl: (ref) => `contains(${JSON.stringify(values)}, ${ref})`,
  };
}

/** A non-empty list whose every entry meets `entry`. */
export function nonEmptyListOf(entry: Rule<string>, what: string): Rule<readonly string[]> {
  return {
    description: `must list at least one ${what}, each of which ${entry.description}`,
    test: (values) => Array.isArray(values) && values.length > 0 && values.every((value) => entry.test(value)),
    hcl: (ref) => `length(${ref}) > 0 && alltrue([for v in ${ref} : ${entry.hcl("v")}])`,
  };
}

/** A number greater than zero and at most max. */
export function positiveUpTo(max: number): Rule<number> {
  return {
    description: `must be greater than 0 and at most ${max}`,
    test: (value) => typeof value === "number" && Number.isFinite(value) && value > 0 && value <= max,
    hcl: (ref) => `${ref} > 0 && ${ref} <= ${max}`,
  };
}

/** One of the listed strings. */
export function oneOf(values: readonly string[]): Rule<string> {
  return {
    description: `must be one of ${values.map((v) => `"${v}"`).join(", ")}`,
    test: (value) => values.includes(value),
    hcl: (ref) => `contains(${JSON.stringify(values)}, ${ref})`,
  };
}

/** Resource tags: keys of 1 to 128 characters not starting with "aws:", values of at most 256. */
export function tagMap(): Rule<Readonly<Record<string, string>>> {
  return {
    description: 'must have keys of 1 to 128 characters that do not start with "aws:" (in any case) and values of at most 256 characters',
    test: (tags) =>
      Object.entries(tags).every(
        ([key, value]) =>
          key.length >= 1 && key.length <= 128 && !key.toLowerCase().startsWith("aws:") && typeof value === "string" && value.length <= 256,
      ),
    hcl: (ref) =>
      `alltrue([for k, v in ${ref} : length(k) >= 1 && length(k) <= 128 && !startswith(lower(k), "aws:") && length(v) <= 256])`,
  };
}

// ── AWS cron expressions ──────────────────────────────────────────────────────────────────────

const list = (item: string): string => `${item}(,${item})*`;
const rangeOf = (value: string): string => `${value}(-${value})?([/][0-9]{1,2})?`;
const everyOrList = (value: string): string => `([*]([/][0-9]{1,2})?|${list(rangeOf(value))})`;

const MINUTE = "([0-5]?[0-9])";
const HOUR = "([01]?[0-9]|2[0-3])";
const DAY_OF_MONTH = "([1-9]|[12][0-9]|3[01])";
const MONTH = "([1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)";
const WEEKDAY = "([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)";
const YEAR = "(19[7-9][0-9]|2[0-1][0-9][0-9])";

const DAY_OF_MONTH_FIELD = `(${everyOrList(DAY_OF_MONTH)}|L|${DAY_OF_MONTH}W)`;
const WEEKDAY_FIELD = `(${everyOrList(WEEKDAY)}|${WEEKDAY}#[1-5]|${WEEKDAY}L)`;
const DAY_FIELDS = `(${DAY_OF_MONTH_FIELD} ${everyOrList(MONTH)} [?]|[?] ${everyOrList(MONTH)} ${WEEKDAY_FIELD})`;
const YEAR_FIELD = everyOrList(YEAR);

/**
 * AWS Backup's six-field cron, `cron(minutes hours day-of-month month day-of-week year)`, with
 * exactly one of the day fields `?`. The minutes field is a single value because AWS Backup
 * rejects schedules that run more often than once an hour.
 */
export const BACKUP_CRON_PATTERN = `^cron[(]${MINUTE} ${everyOrList(HOUR)} ${DAY_FIELDS} ${YEAR_FIELD}[)]$`;

/** An EventBridge schedule: `rate(N unit)` or a six-field cron (any minutes). */
export const SCHEDULE_EXPRESSION_PATTERN =
  `^(rate[(](1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))[)]|` +
  `cron[(]${everyOrList(MINUTE)} ${everyOrList(HOUR)} ${DAY_FIELDS} ${YEAR_FIELD}[)])$`;

// ── The rules of each input ───────────────────────────────────────────────────────────────────

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** An IAM role or user ARN (or the account root), wildcards allowed in the name as ArnNotLike reads them. */
const IAM_PRINCIPAL_ARN = matches(
  "^arn:aws[a-z-]*:iam::[0-9]{12}:(root|(role|user)/[^ ]+)$",
  "must be an IAM role or user ARN such as arn:aws:iam::123456789012:role/terraform",
);

/** A 12-digit AWS account ID (the air-gapped vault's recovery account, the organization's delegated administrator). */
export const ACCOUNT_ID = matches("^[0-9]{12}$", "must be a 12-digit AWS account ID");

/** AWS: a recovery point must stay at least this many days in cold storage before deletion. */
export const MIN_DAYS_IN_COLD_STORAGE = 90;

/** Longest retention AWS Backup accepts: 100 years. */
export const MAX_RETENTION_DAYS = 36500;

/** The rules of the module's single-value inputs, by Terraform variable name. */
export const RULES = {
  project_name: matches(
    "^[a-zA-Z0-9][a-zA-Z0-9-]{0,31}$",
    "must be 1 to 32 letters, digits or hyphens, starting with a letter or digit (it prefixes resource names with length limits)",
  ),
  backup_vault_name: matches("^[a-zA-Z0-9_-]{2,50}$", "must be 2 to 50 letters, digits, hyphens or underscores (AWS Backup vault names)"),
  backup_plan_name: matches("^[a-zA-Z0-9_.-]{1,50}$", "must be 1 to 50 letters, digits, hyphens, underscores or periods (AWS Backup plan names)"),
  backup_schedule: matches(
    BACKUP_CRON_PATTERN,
    "must be an AWS six-field cron expression such as cron(0 1 * * ? *), with one of day-of-month and day-of-week '?' and a single minute (AWS Backup runs at most hourly)",
  ),
  backup_validation_schedule: matches(
    SCHEDULE_EXPRESSION_PATTERN,
    "must be an EventBridge schedule expression: rate(N unit) or a six-field cron such as cron(0 6 * * ? *)",
  ),
  retention_days: wholeNumberBetween(1, MAX_RETENTION_DAYS),
  kms_deletion_window: wholeNumberBetween(7, 30),
  vault_lock_changeable_for_days: wholeNumberBetween(3, MAX_RETENTION_DAYS),
  notification_email: matches("^([^@ ]+@[^@ ]+[.][^@ .]+)?$", "must be an email address such as ops@company.com, or \"\" for none"),
  replica_region: matches("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", "must be an AWS region name such as us-east-1"),
  target_hours: positiveUpTo(8760),
  rds_identifier: matches(
    "^[a-zA-Z][a-zA-Z0-9-]{0,62}$",
    "must be an RDS identifier: 1 to 63 letters, digits or hyphens, starting with a letter",
  ),
  rds_arn: matches(
    "^arn:aws[a-z-]*:rds:[a-z]{2}(-[a-z]+)+-[0-9]{1,2}:[0-9]{12}:(db|cluster):[a-zA-Z][a-zA-Z0-9-]{0,62}$",
    "must be an RDS DB instance or cluster ARN such as arn:aws:rds:us-west-2:123456789012:db:name",
  ),
  tags: tagMap(),
  validator_reserved_concurrency: wholeNumberAtLeast(0),
  restore_test_max_age_days: wholeNumberBetween(1, 366),
  restore_test_validation_window_hours: wholeNumberBetween(0, 168),
  // AWS keeps continuous backups 1 to 35 days.
  point_in_time_recovery_days: wholeNumberBetween(1, 35),
  rds_subnet_group_name: matches("^[a-zA-Z0-9 ._-]{1,255}$", "must be a DB subnet group name: 1 to 255 letters, digits, spaces, periods, underscores or hyphens"),
  s3_bucket_name: matches(
    "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
    "must be an S3 bucket name: 3 to 63 lowercase letters, digits, periods or hyphens, starting and ending with a letter or digit",
  ),
  validator_log_retention_days: oneOfNumbers(LOG_RETENTION_DAYS),
  vault_policy_admin_role_arns: nonEmptyListOf(IAM_PRINCIPAL_ARN, "ARN (an empty list would lock Terraform out of the vault policy)"),
} as const;

/** A rule over a whole list, in Terraform only (lists known at synth are checked entry by entry). */
export interface ListRule {
  readonly description: string;
  readonly hcl: (ref: string) => string;
}

/** The rules of `rds_instances` as a plan-time list: entries, duplicates, identifiers. */
export const RDS_INSTANCE_LIST_RULES: readonly ListRule[] = [
  {
    description: `each identifier ${RULES.rds_identifier.description}; each arn ${RULES.rds_arn.description}`,
    hcl: (ref) => `alltrue([for i in ${ref} : (${RULES.rds_identifier.hcl("i.identifier")}) && (${RULES.rds_arn.hcl("i.arn")})])`,
  },
  {
    description: "must not list an arn twice",
    hcl: (ref) => `length(distinct([for i in ${ref} : i.arn])) == length(${ref})`,
  },
  {
    description: "each identifier must match the name in its arn",
    hcl: (ref) => `alltrue([for i in ${ref} : element(split(":", i.arn), length(split(":", i.arn)) - 1) == i.identifier])`,
  },
];
