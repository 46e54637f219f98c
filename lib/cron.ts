/**
 * Reads AWS six-field cron expressions well enough to tell how far apart their runs can be, which
 * is what an RPO check needs. Only called on expressions that already match
 * {@link BACKUP_CRON_PATTERN}/{@link SCHEDULE_EXPRESSION_PATTERN}.
 */

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

function toNumber(token: string, names: readonly string[], firstName: number): number {
  const named = names.indexOf(token);
  return named >= 0 ? named + firstName : Number(token);
}

/** The values a `*`, list, range or step field selects within [min, max]. */
function expand(field: string, min: number, max: number, names: readonly string[] = [], firstName = min): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    let [from, to] = [min, max];
    if (range !== "*") {
      const [a, b] = range.split("-");
      from = toNumber(a, names, firstName);
      to = b === undefined ? (stepText === undefined ? from : max) : toNumber(b, names, firstName);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** A parsed cron: a predicate over days and the hours and minute it fires at on matching days. */
interface ParsedCron {
  readonly minute: number;
  readonly hours: readonly number[];
  readonly matchesDay: (date: Date) => boolean;
}

function daysInMonth(date: Date): number {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

function dayOfMonthMatcher(field: string): (date: Date) => boolean {
  if (field === "?") return () => true;
  if (field === "L") return (d) => d.getUTCDate() === daysInMonth(d);
  if (field.endsWith("W")) {
    const day = Number(field.slice(0, -1));
    return (d) => d.getUTCDate() === Math.min(day, daysInMonth(d));
  }
  const days = expand(field, 1, 31);
  return (d) => days.has(d.getUTCDate());
}

function weekdayMatcher(field: string): (date: Date) => boolean {
  if (field === "?") return () => true;
  const weekdayOf = (token: string) => toNumber(token, WEEKDAYS, 1) - 1;
  if (field.includes("#")) {
    const [day, nth] = field.split("#");
    return (d) => d.getUTCDay() === weekdayOf(day) && Math.ceil(d.getUTCDate() / 7) === Number(nth);
  }
  if (field.endsWith("L")) {
    const day = weekdayOf(field.slice(0, -1));
    return (d) => d.getUTCDay() === day && d.getUTCDate() + 7 > daysInMonth(d);
  }
  const days = new Set([...expand(field, 1, 7, WEEKDAYS, 1)].map((v) => v - 1));
  return (d) => days.has(d.getUTCDay());
}

function parse(expression: string): ParsedCron {
  const fields = expression.slice("cron(".length, -1).trim().split(/\s+/);
  const [minute, hour, dayOfMonth, month, weekday, year] = fields;
  const months = expand(month, 1, 12, MONTHS, 1);
  const years = expand(year, 1970, 2199);
  const domMatches = dayOfMonthMatcher(dayOfMonth);
  const weekdayMatches = weekdayMatcher(weekday);
  return {
    minute: Math.min(...expand(minute, 0, 59)),
    hours: [...expand(hour, 0, 23)].sort((a, b) => a - b),
    matchesDay: (d) => years.has(d.getUTCFullYear()) && months.has(d.getUTCMonth() + 1) && domMatches(d) && weekdayMatches(d),
  };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The longest time, in hours, between two consecutive runs of an AWS cron expression over two
 * years (which covers every month length and weekday pattern); Infinity when it runs at most once.
 */
export function longestIntervalHours(expression: string): number {
  // Pure, and asked for the same few schedules by the checks, the alarms and every stack of an app.
  const known = longestIntervals.get(expression);
  if (known !== undefined) return known;
  const hours = computeLongestInterval(expression);
  longestIntervals.set(expression, hours);
  return hours;
}

const longestIntervals = new Map<string, number>();

function computeLongestInterval(expression: string): number {
  const cron = parse(expression);
  const start = Date.UTC(2027, 0, 1);
  let previous: number | undefined;
  let longest = 0;
  for (let day = 0; day < 731; day++) {
    const date = new Date(start + day * DAY_MS);
    if (!cron.matchesDay(date)) continue;
    for (const hour of cron.hours) {
      const run = start + day * DAY_MS + hour * HOUR_MS + cron.minute * 60_000;
      if (previous !== undefined) longest = Math.max(longest, run - previous);
      previous = run;
    }
  }
  return longest === 0 ? Infinity : longest / HOUR_MS;
}
