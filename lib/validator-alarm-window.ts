import { longestIntervalHours } from "./cron";
import { RULES } from "./rules";
import { isKnown } from "./values";

/** The "not run" alarm's period: hourly points. */
export const NOT_RUN_PERIOD_SECONDS = 3600;
/** CloudWatch: periods of an hour or more may span at most 7 days of evaluation (168 hourly points). */
export const MAX_NOT_RUN_WINDOW_HOURS = 168;
/** The window for the default daily schedule, and for a schedule known only at plan time. */
export const DAILY_NOT_RUN_WINDOW_HOURS = 25;

const HOURS_PER_UNIT: Record<string, number> = { minute: 1 / 60, minutes: 1 / 60, hour: 1, hours: 1, day: 24, days: 24 };

/** The longest gap, in hours, between two runs of an EventBridge schedule expression. */
export function scheduleGapHours(schedule: string): number {
  const rate = /^rate\((\d+) (\w+)\)$/.exec(schedule);
  if (rate) return Number(rate[1]) * HOURS_PER_UNIT[rate[2]];
  return longestIntervalHours(schedule);
}

/**
 * How many hourly points the "not run" alarm looks at: the schedule's longest gap plus an hour, so
 * a late run does not alarm and a skipped one does; at most 7 days, which CloudWatch allows. A
 * schedule known only at plan time (the module's variable) is taken to be daily or more often.
 */
export function notRunWindowHours(schedule: string): number {
  if (!isKnown(schedule) || !RULES.backup_validation_schedule.test(schedule)) return DAILY_NOT_RUN_WINDOW_HOURS;
  return Math.min(MAX_NOT_RUN_WINDOW_HOURS, Math.ceil(scheduleGapHours(schedule)) + 1);
}
