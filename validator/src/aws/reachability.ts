/**
 * Fails fast when an AWS endpoint cannot be reached. In private subnets without a VPC endpoint or
 * NAT gateway for an API, every connection to it times out; with six attempts per request and
 * dozens of requests, a run would spend its whole time budget waiting. After a few consecutive
 * connection failures to a host, every further request to it in the same run fails at once with
 * {@link EndpointUnreachableError}, which the SDK does not retry, so the listings record the
 * cause and the report (partial, status INCOMPLETE) goes out long before the deadline.
 */

/** Connection failures in a row after which a host counts as unreachable for the rest of the run. */
export const UNREACHABLE_AFTER_FAILURES = 2;

/** Network error codes of a connection that could not be made or was cut (Node.js and the SDK's HTTP handler). */
const CONNECTION_ERROR_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EPIPE"]);

/** Whether an error means the endpoint was not reached (as opposed to an AWS error response, or our own abort). */
export function isConnectionFailure(err: unknown): boolean {
  if (!(err instanceof Error) || err.name === "AbortError") return false;
  if (answered(err)) return false;
  const code = (err as { code?: string }).code;
  // The SDK's HTTP handler names its connection and request timeouts TimeoutError.
  return err.name === "TimeoutError" || (code !== undefined && CONNECTION_ERROR_CODES.has(code));
}

/** Whether the error is an AWS response (any HTTP status): the endpoint was reached. */
function answered(err: unknown): boolean {
  return (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode !== undefined;
}

/** Thrown instead of sending a request to a host that could not be reached. Not retried by the SDK. */
export class EndpointUnreachableError extends Error {
  constructor(readonly host: string, cause: string) {
    super(
      `${host} is unreachable (${cause}); requests to it were stopped for this run. ` +
        "In private subnets the validator needs a VPC endpoint or a NAT gateway for this API (see Private networking in the README).",
    );
    this.name = "EndpointUnreachable";
  }
}

/** Consecutive connection failures per host, shared by every client of one run. */
export class EndpointReachability {
  private readonly failures = new Map<string, { count: number; cause: string }>();

  constructor(private readonly threshold = UNREACHABLE_AFTER_FAILURES) {}

  /** Throws when the host already counts as unreachable. */
  check(host: string): void {
    const state = this.failures.get(host);
    if (state && state.count >= this.threshold) throw new EndpointUnreachableError(host, state.cause);
  }

  /** Records the outcome of one attempt: a response resets the host's count, a connection failure adds to it. */
  record(host: string, err?: unknown): void {
    if (err === undefined || answered(err)) {
      this.failures.delete(host);
      return;
    }
    if (!isConnectionFailure(err)) return;
    const e = err as Error & { code?: string };
    const previous = this.failures.get(host)?.count ?? 0;
    this.failures.set(host, { count: previous + 1, cause: `${e.code ?? e.name}: ${e.message}` });
  }

  /** Hosts that count as unreachable. */
  unreachableHosts(): string[] {
    return [...this.failures].filter(([, s]) => s.count >= this.threshold).map(([host]) => host);
  }

  /**
   * Adds the check to a client, inside its retry loop so that it sees every attempt: a client
   * whose host is unreachable fails its next attempt at once instead of waiting for a timeout.
   */
  guard<C extends { middlewareStack: { add: (...args: never[]) => unknown } }>(client: C): C {
    const middleware = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      const request = (args as { request?: { hostname?: string; port?: number } }).request;
      const host = `${request?.hostname ?? ""}${request?.port ? `:${request.port}` : ""}`;
      this.check(host);
      try {
        const out = await next(args);
        this.record(host);
        return out;
      } catch (err) {
        this.record(host, err);
        throw err;
      }
    };
    const add = client.middlewareStack.add as unknown as (m: typeof middleware, o: object) => void;
    add.call(client.middlewareStack, middleware, { step: "finalizeRequest", priority: "low", name: "endpointReachability" });
    return client;
  }
}
