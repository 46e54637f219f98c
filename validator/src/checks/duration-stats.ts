/** Summary statistics of a set of durations, in seconds. Percentiles are approximate (within 5%). */
export interface DurationSummary {
  count: number;
  minSeconds: number;
  maxSeconds: number;
  meanSeconds: number;
  p50Seconds: number;
  /** The figure the duration alarm compares with the completion window. */
  p90Seconds: number;
  p95Seconds: number;
}

// Log-scale buckets: each bucket is 5% wider than the previous, so memory stays constant however
// many durations are added, and a percentile read from a bucket is within 5% of the true value.
const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);

/** Streaming duration statistics in constant memory. */
export class DurationStats {
  private count = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;
  private readonly buckets = new Map<number, number>();

  /** Records one duration in seconds; negative or non-finite values are ignored. */
  add(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    this.count++;
    this.sum += seconds;
    this.min = Math.min(this.min, seconds);
    this.max = Math.max(this.max, seconds);
    const bucket = seconds < 1 ? 0 : Math.floor(Math.log(seconds) / LOG_GROWTH) + 1;
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + 1);
  }

  /** The summary, or undefined when nothing was recorded. */
  summary(): DurationSummary | undefined {
    if (this.count === 0) return undefined;
    return {
      count: this.count,
      minSeconds: round(this.min),
      maxSeconds: round(this.max),
      meanSeconds: round(this.sum / this.count),
      p50Seconds: round(this.percentile(0.5)),
      p90Seconds: round(this.percentile(0.9)),
      p95Seconds: round(this.percentile(0.95)),
    };
  }

  private percentile(p: number): number {
    const rank = Math.ceil(p * this.count);
    let seen = 0;
    for (const bucket of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(bucket)!;
      if (seen >= rank) {
        const upper = bucket === 0 ? 1 : GROWTH ** bucket;
        return Math.min(Math.max(upper, this.min), this.max);
      }
    }
    return this.max;
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
