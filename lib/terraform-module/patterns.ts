import { BACKUP_CRON_PATTERN, SCHEDULE_EXPRESSION_PATTERN } from "../rules";

/**
 * The two long regular expressions of lib/rules.ts as the module's named locals, composed from
 * their fields so that no line is over 160 characters. Terraform itself checks that they equal
 * the TypeScript patterns (`__tests__/terraform-cli.test.ts`); validations and preconditions read
 * them by name (variable validations may refer to locals from Terraform 1.9).
 */
export const PATTERN_LOCALS = `# Patterns of AWS Backup cron and EventBridge schedule expressions (lib/rules.ts, field by field)
locals {
  # A field that is "*" (with a step), or a list of values and ranges (with steps): format it with the value's pattern.
  cron_list_format = "([*]([/][0-9]{1,2})?|%[1]s(-%[1]s)?([/][0-9]{1,2})?(,%[1]s(-%[1]s)?([/][0-9]{1,2})?)*)"

  cron_minute       = "([0-5]?[0-9])"
  cron_hour         = "([01]?[0-9]|2[0-3])"
  cron_day_of_month = "([1-9]|[12][0-9]|3[01])"
  cron_month        = "([1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
  cron_weekday      = "([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)"
  cron_year         = "(19[7-9][0-9]|2[0-1][0-9][0-9])"

  cron_minutes = format(local.cron_list_format, local.cron_minute)
  cron_hours   = format(local.cron_list_format, local.cron_hour)
  cron_months  = format(local.cron_list_format, local.cron_month)
  cron_years   = format(local.cron_list_format, local.cron_year)

  # Exactly one of day-of-month and day-of-week is "?".
  cron_day_of_month_field = format("(%s|L|%sW)", format(local.cron_list_format, local.cron_day_of_month), local.cron_day_of_month)
  cron_weekday_field      = format("(%[1]s|%[2]s#[1-5]|%[2]sL)", format(local.cron_list_format, local.cron_weekday), local.cron_weekday)
  cron_day_fields         = "(\${local.cron_day_of_month_field} \${local.cron_months} [?]|[?] \${local.cron_months} \${local.cron_weekday_field})"

  # AWS Backup runs at most hourly: a single minute.
  backup_cron_pattern         = "^cron[(]\${local.cron_minute} \${local.cron_hours} \${local.cron_day_fields} \${local.cron_years}[)]$"
  rate_pattern                = "rate[(](1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))[)]"
  schedule_expression_pattern = "^(\${local.rate_pattern}|cron[(]\${local.cron_minutes} \${local.cron_hours} \${local.cron_day_fields} \${local.cron_years}[)])$"
}`;

/** The patterns the module reads by name, with the literal each replaces in generated HCL. */
export const NAMED_PATTERNS: readonly [literal: string, local: string][] = [
  [JSON.stringify(BACKUP_CRON_PATTERN), "local.backup_cron_pattern"],
  [JSON.stringify(SCHEDULE_EXPRESSION_PATTERN), "local.schedule_expression_pattern"],
];

/** Generated HCL with each long pattern literal replaced by its local. */
export function withNamedPatterns(hcl: string): string {
  return NAMED_PATTERNS.reduce((text, [literal, local]) => text.split(literal).join(local), hcl);
}
