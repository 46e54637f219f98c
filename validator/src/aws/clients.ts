import { BackupClient } from "@aws-sdk/client-backup";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";

/** Attempts per request, first one included. Throttled requests back off exponentially with jitter. */
export const MAX_ATTEMPTS = 6;

/** The clients one run needs. Tests substitute their own. */
export interface Clients {
  /** Backup client for a region; undefined means the default region. */
  backup(region?: string): BackupClient;
  sns(): SNSClient;
  s3(): S3Client;
}

const commonConfig = {
  retryMode: "standard",
  // Without timeouts a hung connection would hold the run past its deadline.
  requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
} as const;

/**
 * Creates SDK clients with bounded retries and timeouts, one per region, reused across calls.
 * @param maxAttempts attempts per request, first included (tests lower it to keep retries quick)
 */
export function createClients(defaultRegion?: string, maxAttempts = MAX_ATTEMPTS): Clients {
  const common = { ...commonConfig, maxAttempts };
  const backups = new Map<string, BackupClient>();
  let sns: SNSClient | undefined;
  let s3: S3Client | undefined;
  return {
    backup(region = defaultRegion) {
      const key = region ?? "";
      let c = backups.get(key);
      if (!c) backups.set(key, (c = new BackupClient({ ...common, ...(region && { region }) })));
      return c;
    },
    sns: () => (sns ??= new SNSClient({ ...common, ...(defaultRegion && { region: defaultRegion }) })),
    s3: () => (s3 ??= new S3Client({ ...common, ...(defaultRegion && { region: defaultRegion }) })),
  };
}
