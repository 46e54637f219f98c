/**
 * A run in private subnets without VPC endpoints or NAT: the AWS endpoints cannot be reached.
 * Through the real SDK against loopback addresses only: a closed port (connection refused) and a
 * listener that accepts connections and never answers (every request times out). The run must
 * end with a partial report long before its deadline, naming the unreachable endpoint.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientConfig, createClients } from "../src/aws/clients";
import { EndpointReachability, isConnectionFailure } from "../src/aws/reachability";
import { createHandler } from "../src/handler";
import { silentLogger } from "../src/log";
import { fakeAwsEnv, startFakeAws, type FakeAws } from "./support/fake-aws";

const savedEnv = { ...process.env };
let server: Server | undefined;
let fake: FakeAws | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  process.env = { ...savedEnv };
  await fake?.close();
  fake = undefined;
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Listens on 127.0.0.1; `onConnection` decides what happens to each connection. */
async function listen(onConnection: (s: Socket) => void): Promise<number> {
  server = createServer(onConnection);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

/** A port on 127.0.0.1 nothing listens on. */
async function closedPort(): Promise<number> {
  const port = await listen(() => undefined);
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
  return port;
}

const env = {
  AWS_REGION: "us-west-2",
  BACKUP_VAULT_NAMES: "primary",
  BACKUP_PLAN_ID: "plan-1",
  SNS_TOPIC_ARN: "arn:aws:sns:us-west-2:123456789012:backup-alerts",
};

describe("an unreachable endpoint (private subnets without endpoints or NAT)", () => {
  it("refused connections: a partial INCOMPLETE report at once, every read naming the endpoint", async () => {
    const port = await closedPort();
    Object.assign(process.env, fakeAwsEnv(`http://127.0.0.1:${port}`));
    const handler = createHandler({ env, logger: silentLogger, clients: (c) => createClients(c.region) });
    const started = Date.now();
    const r = await handler({}, { getRemainingTimeInMillis: () => 300_000 });
    // Six attempts with backoff for each of a dozen sequential listings would take tens of seconds.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r).toMatchObject({ status: "INCOMPLETE", partial: true, findings: [] });
    expect(r.summary.errors.length).toBeGreaterThanOrEqual(10);
    const unreachable = r.summary.errors.filter((e) => e.message.startsWith(`EndpointUnreachable: 127.0.0.1:${port} is unreachable (ECONNREFUSED`));
    // Only the first attempts of the concurrent streams waited for the network.
    expect(unreachable.length).toBeGreaterThanOrEqual(r.summary.errors.length - 4);
    expect(r.summary.errors.every((e) => /ECONNREFUSED/.test(e.message))).toBe(true);
    expect(r.delivery.sns).toMatchObject({ status: "FAILED" });
    expect(r.delivery.sns.detail).toMatch(/unreachable.*VPC endpoint or a NAT gateway/);
  });

  it("a listener that never answers: done within the deadline after a few timed-out connections", async () => {
    const port = await listen((s) => sockets.push(s));
    Object.assign(process.env, fakeAwsEnv(`http://127.0.0.1:${port}`));
    const handler = createHandler({
      env,
      logger: silentLogger,
      clients: (c) => createClients(c.region, 6, { connectionTimeout: 200, requestTimeout: 400 }),
    });
    const started = Date.now();
    // Deadline for listings: 20 s - 5 s reserve. Without the fail-fast every listing would wait 6 x 400 ms plus backoff.
    const r = await handler({}, { getRemainingTimeInMillis: () => 20_000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(6_000);
    expect(r).toMatchObject({ status: "INCOMPLETE", partial: true });
    expect(r.summary.partialReasons.join(" ")).not.toMatch(/deadline/);
    expect(r.summary.errors.some((e) => /EndpointUnreachable: 127\.0\.0\.1:\d+ is unreachable \((ETIMEDOUT|TimeoutError)/.test(e.message))).toBe(true);
    // The concurrent streams' first attempts, and at most one retry each, before the endpoint counted as unreachable.
    expect(sockets.length).toBeLessThanOrEqual(8);
  }, 15_000);
});

describe("only S3 unreachable (interface endpoints, no S3 gateway endpoint or NAT)", () => {
  it("reads everything, and the report's S3 delivery fails at once naming the endpoint", async () => {
    fake = await startFakeAws({});
    const { BACKUP_PLAN_ID: _plan, ...withoutPlan } = env;
    const port = await closedPort();
    Object.assign(process.env, fakeAwsEnv(fake.url), { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}` });
    const handler = createHandler({ env: { ...withoutPlan, REPORT_BUCKET: "arrakis-backup-reports" }, logger: silentLogger, clients: (c) => createClients(c.region) });
    const started = Date.now();
    const r = await handler({}, { getRemainingTimeInMillis: () => 300_000 });
    // Six attempts with backoff would take seconds; after two refused connections the third fails at once.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.summary.errors).toEqual([]);
    expect(r.partial).toBe(false);
    expect(r.delivery.sns).toMatchObject({ status: "SENT" });
    expect(r.delivery.s3).toMatchObject({ status: "FAILED" });
    expect(r.delivery.s3.detail).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} is unreachable \\(ECONNREFUSED.*VPC endpoint or a NAT gateway`));
    expect(fake.requests.filter((q) => q.service === "s3")).toEqual([]);
  });
});

describe("EndpointReachability", () => {
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
  const denied = Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } });

  it("counts only connection failures, and a response resets the count", () => {
    const r = new EndpointReachability(2);
    r.record("h", refused);
    r.record("h", denied);
    r.record("h", refused);
    expect(r.unreachableHosts()).toEqual([]);
    r.record("h", refused);
    expect(r.unreachableHosts()).toEqual(["h"]);
    expect(() => r.check("h")).toThrow(/h is unreachable \(ECONNREFUSED: connect ECONNREFUSED/);
    expect(() => r.check("other")).not.toThrow();
  });

  it("does not count our own aborts (the deadline) or AWS error responses", () => {
    expect(isConnectionFailure(Object.assign(new Error("aborted"), { name: "AbortError" }))).toBe(false);
    expect(isConnectionFailure(denied)).toBe(false);
    expect(isConnectionFailure(Object.assign(new Error("timed out"), { name: "TimeoutError" }))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error("no such host"), { code: "ENOTFOUND" }))).toBe(true);
  });
});

describe("clientConfig: what every client gets, the organization mode's STS and Organizations clients included", () => {
  it("bounded retries, timeouts that throw, and the region and credentials only when given", () => {
    const credentials = { accessKeyId: "AKIA", secretAccessKey: "secret" };
    expect(clientConfig("eu-west-1", 3, { connectionTimeout: 1, requestTimeout: 2 }, credentials)).toEqual({
      retryMode: "standard",
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 1, requestTimeout: 2, throwOnRequestTimeout: true },
      credentials,
      region: "eu-west-1",
    });
    expect(clientConfig()).toEqual({
      retryMode: "standard",
      maxAttempts: 6,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
    });
  });
});
