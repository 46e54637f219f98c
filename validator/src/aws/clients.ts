import { BackupClient } from "@aws-sdk/client-backup";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";

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

const commonConfig = {
  retryMode: "standard",
  // Without timeouts a hung connection would hold the run past its deadline.
  requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
} as const;

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
 * Creates SDK clients with bounded retries and timeouts, one per region, reused across calls.
 * @param maxAttempts attempts per request, first included (tests lower it to keep retries quick)
 */
export function createClients(defaultRegion?: string, maxAttempts = MAX_ATTEMPTS): Clients {
  const common = { ...commonConfig, maxAttempts };
  const withRegion = (region: string | undefined) => ({ ...common, ...(region && { region }) });
  let s3: S3Client | undefined;
  return {
    backup: perRegion((r) => new BackupClient(withRegion(r)), defaultRegion),
    tagging: perRegion((r) => new ResourceGroupsTaggingAPIClient(withRegion(r)), defaultRegion),
    sns: perRegion((r) => new SNSClient(withRegion(r)), defaultRegion),
    s3: () => (s3 ??= new S3Client({ ...withRegion(defaultRegion), followRegionRedirects: true })),
  };
}
