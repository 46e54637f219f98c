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

/** Age of an event at `now`, never negative (clock skew makes future timestamps age 0). */
export function ageMs(time: number, now: number): number {
  return Math.max(0, now - time);
}

/** Hours with one decimal, for messages. */
export function hours(ms: number): string {
  return `${(ms / HOUR_MS).toFixed(1)} h`;
}

/**
 * Whether a job is judged in this window: it was created or ended inside it, or it is still
 * open. A job with neither time is kept (the service already filtered the listing).
 */
export function jobInWindow(job: { createdAt?: number; completedAt?: number }, open: boolean, window: Window): boolean {
  if (open || (job.createdAt === undefined && job.completedAt === undefined)) return true;
  return (job.createdAt !== undefined && job.createdAt >= window.start) || (job.completedAt !== undefined && job.completedAt >= window.start);
}
