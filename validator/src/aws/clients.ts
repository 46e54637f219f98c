import { BackupClient, type BackupClientConfig } from "@aws-sdk/client-backup";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { EndpointReachability } from "./reachability";

/** Attempts per request, first one included. Throttled requests back off exponentially with jitter. */
export const MAX_ATTEMPTS = 6;

/** The clients one run needs, one per region; undefined means the default region. Tests substitute their own. */
export interface Clients {
  backup(region?: string): BackupClient;
  tagging(region?: string): ResourceGroupsTaggingAPIClient;
  /** SNS client for the topic's region (a topic ARN names its region). */
  sns(region?: string): SNSClient;
  /** S3 client; it follows a bucket's region redirect, since a bucket name does not say its region. */
  s3(): S3Client;
}

/** Static or provided credentials, as every client accepts them. */
export type Credentials = NonNullable<BackupClientConfig["credentials"]>;

/** HTTP timeouts in milliseconds. Without them a hung connection would hold the run past its deadline. */
export interface Timeouts {
  connectionTimeout: number;
  requestTimeout: number;
}

/** A 5 s connect and a 30 s request timeout. */
export const DEFAULT_TIMEOUTS: Timeouts = { connectionTimeout: 5_000, requestTimeout: 30_000 };

/** One client per region, created on first use. */
function perRegion<T>(create: (region: string | undefined) => T, defaultRegion: string | undefined): (region?: string) => T {
  const clients = new Map<string, T>();
  return (region = defaultRegion) => {
    let c = clients.get(region ?? "");
    if (!c) clients.set(region ?? "", (c = create(region)));
    return c;
  };
}

/**
 * The configuration every SDK client of the validator gets: bounded retries with back-off, HTTP
 * timeouts, and the credentials when given. For clients beyond {@link Clients} (STS, Organizations).
 */
export function clientConfig(region?: string, maxAttempts = MAX_ATTEMPTS, timeouts: Timeouts = DEFAULT_TIMEOUTS, credentials?: Credentials) {
  // Without throwOnRequestTimeout the SDK's HTTP handler only logs a warning when the request
  // timeout passes, and a connection that never answers holds the listing until the deadline.
  return {
    retryMode: "standard",
    maxAttempts,
    requestHandler: { ...timeouts, throwOnRequestTimeout: true },
    ...(credentials && { credentials }),
    ...(region && { region }),
  };
}

/**
 * Creates SDK clients with bounded retries and timeouts, one per region, reused across calls. All
 * of them share one {@link EndpointReachability}: a host that refused or timed out connections
 * twice in a row fails the run's further requests to it at once.
 * @param maxAttempts attempts per request, first included (tests lower it to keep retries quick)
 * @param timeouts HTTP timeouts (tests lower them)
 * @param credentials credentials of every client (an assumed member role); @default the SDK's default chain
 */
export function createClients(defaultRegion?: string, maxAttempts = MAX_ATTEMPTS, timeouts: Timeouts = DEFAULT_TIMEOUTS, credentials?: Credentials): Clients {
  const withRegion = (region: string | undefined) => clientConfig(region, maxAttempts, timeouts, credentials);
  const reachability = new EndpointReachability();
  let s3: S3Client | undefined;
  return {
    backup: perRegion((r) => reachability.guard(new BackupClient(withRegion(r))), defaultRegion),
    tagging: perRegion((r) => reachability.guard(new ResourceGroupsTaggingAPIClient(withRegion(r))), defaultRegion),
    sns: perRegion((r) => reachability.guard(new SNSClient(withRegion(r))), defaultRegion),
    s3: () => (s3 ??= reachability.guard(new S3Client({ ...withRegion(defaultRegion), followRegionRedirects: true }))),
  };
}
