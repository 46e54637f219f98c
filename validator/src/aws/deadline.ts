/**
 * When listing must stop so the report still goes out before the Lambda is killed. Listings ask
 * it before every page; each request also carries an abort signal that fires at the deadline.
 */
export class Deadline {
  private hit = false;

  /** @param stopAt epoch ms after which no new page is requested */
  constructor(private readonly stopAt: number, private readonly clock: () => number = Date.now) {}

  /**
   * A deadline from the Lambda context: stop `reserveMs` before the function would time out,
   * leaving that time for publishing.
   */
  static fromRemaining(remainingMs: number, reserveMs: number, clock: () => number = Date.now): Deadline {
    return new Deadline(clock() + Math.max(0, remainingMs - reserveMs), clock);
  }

  /** No deadline (CLI). */
  static none(): Deadline {
    return new Deadline(Number.POSITIVE_INFINITY);
  }

  /** True once the deadline has passed; remembers that it was reached. */
  expired(): boolean {
    if (this.clock() >= this.stopAt) this.hit = true;
    return this.hit;
  }

  /** Whether any listing stopped early because of the deadline. */
  get reached(): boolean {
    return this.hit;
  }

  /** Marks the deadline as reached (a request was aborted by it). */
  markReached(): void {
    this.hit = true;
  }

  /** Abort signal firing at the deadline, for one request; undefined without a deadline. */
  signal(): AbortSignal | undefined {
    if (!Number.isFinite(this.stopAt)) return undefined;
    return AbortSignal.timeout(Math.max(1, this.stopAt - this.clock()));
  }
}
