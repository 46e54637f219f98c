import { describe, expect, it } from "vitest";
import { longestIntervalHours } from "../lib/cron";
import { BACKUP_CRON_PATTERN, RULES, SCHEDULE_EXPRESSION_PATTERN } from "../lib/rules";

describe("longestIntervalHours", () => {
  it.each([
    ["daily", "cron(0 1 * * ? *)", 24],
    ["every 12 hours", "cron(0 0,12 * * ? *)", 12],
    ["uneven hours: 1 and 5 leave 20 hours overnight", "cron(0 1,5 * * ? *)", 20],
    ["hourly", "cron(15 * * * ? *)", 1],
    ["every 6 hours by step", "cron(0 */6 * * ? *)", 6],
    ["hours 2-22 every 4 (2, 6, ..., 22) leave 4 hours overnight", "cron(0 2-22/4 * * ? *)", 4],
    ["weekly", "cron(0 1 ? * SUN *)", 168],
    ["weekdays: Friday to Monday", "cron(0 5 ? * MON-FRI *)", 72],
    ["weekdays by number (2-6 = MON-FRI)", "cron(0 5 ? * 2-6 *)", 72],
    // Jan 1 → Feb 1 (and every other 31-day month) is 31 days.
    ["monthly on the 1st", "cron(0 1 1 * ? *)", 744],
    // Feb 28 → Mar 31 is 31 days.
    ["the last day of the month", "cron(0 1 L * ? *)", 744],
    // Mon 1 Mar 2027 → Mon 5 Apr 2027 is 35 days.
    ["the first Monday of the month", "cron(0 1 ? * 2#1 *)", 840],
    ["the first Monday by name", "cron(0 1 ? * MON#1 *)", 840],
    // Fri 26 Feb 2027 → Fri 26 Mar 2027 is 28 days; Fri 25 Jun → Fri 30 Jul 2027 is 35.
    ["the last Friday of the month", "cron(0 23 ? * 6L *)", 840],
    // Quarterly: Jan 1 → Apr 1 (90 days), Apr → Jul (91), Jul → Oct (92), Oct → Jan (92).
    ["quarterly by month list", "cron(0 1 1 JAN,APR,JUL,OCT ? *)", 92 * 24],
  ])("%s: %s → %d hours", (_what, expression, hours) => {
    expect(longestIntervalHours(expression)).toBe(hours);
  });

  it("the minute does not change the interval of a daily schedule", () => {
    expect(longestIntervalHours("cron(59 23 * * ? *)")).toBe(24);
  });

  // The year field counts: a schedule limited to a past year never runs again, so any RPO warns.
  it("a schedule limited to a past year never runs again", () => {
    expect(longestIntervalHours("cron(0 1 * * ? 2020)")).toBe(Infinity);
  });
});

describe("RULES.backup_schedule", () => {
  it.each([
    "cron(0 1 * * ? *)",
    "cron(0 0,12 * * ? *)",
    "cron(30 */2 * * ? *)",
    "cron(15 * * * ? *)",
    "cron(0 5 ? * MON-FRI *)",
    "cron(0 1 ? * SUN *)",
    "cron(0 1 1 * ? *)",
    "cron(0 1 L * ? *)",
    "cron(0 1 15W * ? *)",
    "cron(0 1 ? * 2#1 *)",
    "cron(0 23 ? * 6L *)",
    "cron(0 1 1 JAN,JUL ? *)",
    "cron(0 1 1 1-6 ? 2025-2030)",
    "cron(5 8-17 ? * 2-6 *)",
  ])("accepts %s", (expression) => {
    expect(RULES.backup_schedule.test(expression)).toBe(true);
  });

  it.each([
    ["five fields", "cron(0 1 * * ?)"],
    ["seven fields", "cron(0 0 1 * * ? *)"],
    ["both day fields '?'", "cron(0 1 ? * ? *)"],
    ["neither day field '?'", "cron(0 1 * * * *)"],
    ["day-of-month and day-of-week both set", "cron(0 1 1 * MON *)"],
    ["minute '*'", "cron(* 1 * * ? *)"],
    ["minute '*/5'", "cron(*/5 * * * ? *)"],
    ["minute '0/15'", "cron(0/15 * * * ? *)"],
    ["minute list", "cron(0,30 * * * ? *)"],
    ["minute 60", "cron(60 1 * * ? *)"],
    ["hour 24", "cron(0 24 * * ? *)"],
    ["day 32", "cron(0 1 32 * ? *)"],
    ["month 13", "cron(0 1 1 13 ? *)"],
    ["weekday 8", "cron(0 1 ? * 8 *)"],
    ["sixth Monday", "cron(0 1 ? * 2#6 *)"],
    ["rate expression", "rate(1 day)"],
    ["no wrapper", "0 1 * * ? *"],
    ["upper-case CRON", "CRON(0 1 * * ? *)"],
    ["trailing space", "cron(0 1 * * ? *) "],
    ["double space", "cron(0  1 * * ? *)"],
    ["garbage", "every day"],
    ["empty", ""],
  ])("rejects %s: %s", (_what, expression) => {
    expect(RULES.backup_schedule.test(expression)).toBe(false);
  });
});

describe("RULES.backup_validation_schedule", () => {
  it.each([
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(12 hours)",
    "rate(1 day)",
    "rate(7 days)",
    "cron(0 6 * * ? *)",
    "cron(0/15 * * * ? *)",
    "cron(*/5 * * * ? *)",
    "cron(0,30 8-18 ? * MON-FRI *)",
  ])("accepts %s", (expression) => {
    expect(RULES.backup_validation_schedule.test(expression)).toBe(true);
  });

  it.each([
    ["zero", "rate(0 minutes)"],
    ["plural unit missing", "rate(2 hour)"],
    ["weeks", "rate(1 week)"],
    ["fraction", "rate(1.5 hours)"],
    ["leading zero", "rate(01 hours)"],
    ["space inside", "rate( 1 day)"],
    ["five-field cron", "cron(0 6 * * ?)"],
    ["both day fields '?'", "cron(0 6 ? * ? *)"],
    ["garbage", "daily"],
    ["empty", ""],
  ])("rejects %s: %s", (_what, expression) => {
    expect(RULES.backup_validation_schedule.test(expression)).toBe(false);
  });
});

describe("every regular expression is read alike by JavaScript and Terraform (RE2)", () => {
  /** The patterns each rule hands to Terraform's regex(), decoded from the HCL string literal. */
  const hclPatterns = Object.entries(RULES).flatMap(([name, rule]) =>
    [...rule.hcl("var.x").matchAll(/regex\(("(?:[^"\\]|\\.)*"),/g)].map((m) => [name, JSON.parse(m[1]) as string] as const),
  );

  it("covers the string rules", () => {
    expect(hclPatterns.map(([name]) => name)).toEqual(
      expect.arrayContaining(["project_name", "backup_vault_name", "backup_plan_name", "backup_schedule", "backup_validation_schedule", "notification_email", "replica_region", "rds_identifier", "rds_arn"]),
    );
    expect(hclPatterns.map(([, p]) => p)).toEqual(expect.arrayContaining([BACKUP_CRON_PATTERN, SCHEDULE_EXPRESSION_PATTERN]));
  });

  it.each([...hclPatterns, ["BACKUP_CRON_PATTERN", BACKUP_CRON_PATTERN] as const, ["SCHEDULE_EXPRESSION_PATTERN", SCHEDULE_EXPRESSION_PATTERN] as const])(
    "%s has no backslash and no look-around, and is anchored",
    (_name, pattern) => {
      expect(pattern).not.toContain("\\");
      expect(pattern).not.toContain("(?");
      expect(pattern.startsWith("^")).toBe(true);
      expect(pattern.endsWith("$")).toBe(true);
      expect(() => new RegExp(pattern, "u")).not.toThrow();
    },
  );

  it("the HCL condition and the synth check use the same pattern", () => {
    expect(RULES.backup_schedule.hcl("var.s")).toBe(`can(regex(${JSON.stringify(BACKUP_CRON_PATTERN)}, var.s))`);
    expect(RULES.backup_validation_schedule.hcl("var.s")).toBe(`can(regex(${JSON.stringify(SCHEDULE_EXPRESSION_PATTERN)}, var.s))`);
  });
});
