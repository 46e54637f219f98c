/** The lookback window the job checks look at. Times are epoch milliseconds. */
export interface Window {
  start: number;
  end: number;
}

/** Builds the window ending at `now`. */
export function lookbackWindow(now: number, lookbackHours: number): Window {
  return { start: now - lookbackHours * HOUR_MS, end: now };
}

export const HOUR_MS = 3_600_000;

/**
 * Whether an event time belongs to the window. The start is inclusive. Times after the end
 * are kept: they come from clocks slightly ahead of ours, not from the future. A missing time
 * counts as inside, since the service already filtered the listing by creation time.
 */
export function inWindow(time: number | undefined, window: Window): boolean {
  return time === undefined || time >= window.start;
}

/** Age of an event at `now`, never negative (clock skew makes future timestamps age 0). */
export function ageMs(time: number, now: number): number {
  return Math.max(0, now - time);
}

/** Hours with one decimal, for messages. */
export function hours(ms: number): string {
  return `${(ms / HOUR_MS).toFixed(1)} h`;
}
