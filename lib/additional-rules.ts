import { IResolvable } from "cdktf";
import { ListRule, MIN_DAYS_IN_COLD_STORAGE, RULES, Rule, matches, wholeNumberBetween } from "./rules";

/** A rule of the plan beyond the built-in daily, weekly and monthly ones (`additional_backup_rules`). */
export interface AdditionalBackupRule {
  /** `name`: the rule's name, unique in the plan (not daily, weekly or monthly). */
  readonly name: string;
  /** `schedule`: an AWS Backup cron expression, as for the built-in rules. */
  readonly schedule: string;
  /** `delete_after_days`: retention in days (1 to 35 with continuous backup). */
  readonly deleteAfterDays: number;
  /** `cold_storage_after_days`: days before cold storage, leaving at least 90 there. @default none */
  readonly coldStorageAfterDays?: number | null;
  /** `copy_to_replica`: also copy to the replica vault (when cross-region copies are on). @default false */
  readonly copyToReplica?: boolean;
  /** `enable_continuous_backup`: point-in-time recovery for resources that support it. @default false */
  readonly enableContinuousBackup?: boolean;
  /** `start_window_minutes`: minutes AWS Backup may wait to start the job (at least 60). @default 60 */
  readonly startWindowMinutes?: number;
  /** `completion_window_minutes`: minutes the job may take. @default 10080 (7 days) */
  readonly completionWindowMinutes?: number;
}

/** The value of `additional_backup_rules`: a list, or a Terraform expression of one. */
export type AdditionalBackupRules = readonly AdditionalBackupRule[] | IResolvable;

/** Defaults of an additional rule's optional fields. */
export const ADDITIONAL_RULE_DEFAULTS = { startWindowMinutes: 60, completionWindowMinutes: 10080 } as const;

/** The Terraform type of `additional_backup_rules` (optional fields with the defaults above). */
export const ADDITIONAL_RULES_TYPE = `list(object({
  name                      = string
  schedule                  = string
  delete_after_days         = number
  cold_storage_after_days   = optional(number)
  copy_to_replica           = optional(bool, false)
  enable_continuous_backup  = optional(bool, false)
  start_window_minutes      = optional(number, ${ADDITIONAL_RULE_DEFAULTS.startWindowMinutes})
  completion_window_minutes = optional(number, ${ADDITIONAL_RULE_DEFAULTS.completionWindowMinutes})
}))`;

/** Names the built-in rules already use. */
export const BUILT_IN_RULE_NAMES = ["daily", "weekly", "monthly"] as const;

/** AWS: continuous backup (point-in-time recovery) keeps recovery points 1 to 35 days. */
export const MAX_CONTINUOUS_RETENTION_DAYS = 35;

/** Longest start or completion window AWS Backup accepts: 100 years, in minutes. */
const MAX_WINDOW_MINUTES = 52_560_000;

/** One field rule of an entry: its TypeScript check and its Terraform condition over `r` (an entry). */
interface EntryRule {
  /** The entry's field the rule is reported on, by its Terraform name. */
  readonly field: string;
  readonly description: string;
  readonly test: (rule: Required<AdditionalBackupRule>) => boolean;
  readonly hcl: (r: string) => string;
}

const ruleName = matches("^[a-zA-Z0-9_.-]{1,50}$", "must be 1 to 50 letters, digits, hyphens, underscores or periods (AWS Backup rule names)");
const window = wholeNumberBetween(ADDITIONAL_RULE_DEFAULTS.startWindowMinutes, MAX_WINDOW_MINUTES);

/** A single-value rule applied to one field. */
function field<T>(name: string, rule: Rule<T>, read: (r: Required<AdditionalBackupRule>) => T): EntryRule {
  return { field: name, description: rule.description, test: (r) => rule.test(read(r)), hcl: (r) => rule.hcl(`${r}.${name}`) };
}

/**
 * The rules of every entry, written once: the construct checks a known list entry by entry with
 * them, the module's variable validates the list with their Terraform form.
 */
export const ADDITIONAL_RULE_ENTRY_RULES: readonly EntryRule[] = [
  field("name", ruleName, (r) => r.name),
  {
    field: "name",
    description: `must not be one of the built-in rules' names (${BUILT_IN_RULE_NAMES.join(", ")})`,
    test: (r) => !(BUILT_IN_RULE_NAMES as readonly string[]).includes(r.name),
    hcl: (r) => `!contains(${JSON.stringify(BUILT_IN_RULE_NAMES)}, ${r}.name)`,
  },
  field("schedule", RULES.backup_schedule, (r) => r.schedule),
  field("delete_after_days", RULES.retention_days, (r) => r.deleteAfterDays),
  {
    field: "cold_storage_after_days",
    description: `${RULES.retention_days.description}, at least ${MIN_DAYS_IN_COLD_STORAGE} days before delete_after_days (AWS keeps recovery points ${MIN_DAYS_IN_COLD_STORAGE} days in cold storage)`,
    test: (r) => r.coldStorageAfterDays === null || (RULES.retention_days.test(r.coldStorageAfterDays) && r.deleteAfterDays - r.coldStorageAfterDays >= MIN_DAYS_IN_COLD_STORAGE),
    hcl: (r) =>
      `${r}.cold_storage_after_days == null ? true : (${RULES.retention_days.hcl(`${r}.cold_storage_after_days`)} && ` +
      `${r}.delete_after_days - ${r}.cold_storage_after_days >= ${MIN_DAYS_IN_COLD_STORAGE})`,
  },
  {
    field: "enable_continuous_backup",
    description: `needs delete_after_days of at most ${MAX_CONTINUOUS_RETENTION_DAYS} and no cold storage (AWS point-in-time recovery)`,
    test: (r) => !r.enableContinuousBackup || (r.deleteAfterDays <= MAX_CONTINUOUS_RETENTION_DAYS && r.coldStorageAfterDays === null),
    hcl: (r) => `!${r}.enable_continuous_backup || (${r}.delete_after_days <= ${MAX_CONTINUOUS_RETENTION_DAYS} && ${r}.cold_storage_after_days == null)`,
  },
  field("start_window_minutes", window, (r) => r.startWindowMinutes),
  {
    field: "completion_window_minutes",
    description: `must be a whole number of minutes, at least start_window_minutes + 60 and at most ${MAX_WINDOW_MINUTES}`,
    test: (r) => Number.isInteger(r.completionWindowMinutes) && r.completionWindowMinutes >= r.startWindowMinutes + 60 && r.completionWindowMinutes <= MAX_WINDOW_MINUTES,
    hcl: (r) =>
      `floor(${r}.completion_window_minutes) == ${r}.completion_window_minutes && ` +
      `${r}.completion_window_minutes >= ${r}.start_window_minutes + 60 && ${r}.completion_window_minutes <= ${MAX_WINDOW_MINUTES}`,
  },
];

/** An entry with its optional fields filled in. */
export function withDefaults(rule: AdditionalBackupRule): Required<AdditionalBackupRule> {
  return {
    coldStorageAfterDays: null,
    copyToReplica: false,
    enableContinuousBackup: false,
    ...ADDITIONAL_RULE_DEFAULTS,
    ...Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined)),
  } as Required<AdditionalBackupRule>;
}

/** The list's rules as the module's `validation` blocks: each entry rule over every entry, and unique names. */
export const ADDITIONAL_RULES_LIST_RULES: readonly ListRule[] = [
  ...ADDITIONAL_RULE_ENTRY_RULES.map((rule) => ({
    description: `each rule's ${rule.field} ${rule.description}`,
    hcl: (ref: string) => `alltrue([for r in ${ref} : ${rule.hcl("r")}])`,
  })),
  { description: "must not name two rules alike", hcl: (ref: string) => `length(distinct([for r in ${ref} : r.name])) == length(${ref})` },
];
