import type { Context } from "aws-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { errorMessage } from "../aws/backup";
import { clientConfig, createClients, DEFAULT_TIMEOUTS, MAX_ATTEMPTS, type Clients, type Credentials } from "../aws/clients";
import { ACCOUNT_ID, configFromEnv, REGION } from "../config";
import { accountFromArn } from "../records";
import { InputError } from "../errors";
import { createLogger, type Logger } from "../log";
import type { Report } from "../report";
import { runValidation } from "../validate";
import { runDeadline } from "../handler";
import { organizationConfigFromEnv, type OrganizationConfig } from "./config";
import { resultKeyOf, type OrganizationItem, type WorkerOutcome } from "./contract";
import { sliceListings, type JobSlice } from "./jobs";
import { existingVaults, findPlanId } from "./plan";
import { getJson, putJson, type Store } from "./store";

/** One account × region's stored outcome: the verdict, and the validator's report when it ran. */
export interface StoredOutcome extends WorkerOutcome {
  accountName?: string;
  /** Why the account could not be checked (UNCHECKED). */
  reason?: string;
  report?: Report;
}

/** Dependencies a test may replace. */
export interface WorkerDeps {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Clients in the member account. */
  clients?: (region: string, credentials: Credentials) => Clients;
  sts?: (region: string) => STSClient;
  s3?: () => S3Client;
}

/** Checks the item the distributed map hands the worker. */
export function parseItem(event: unknown): OrganizationItem {
  const e = (typeof event === "object" && event !== null ? event : {}) as Record<string, unknown>;
  const str = (k: string, pattern?: RegExp, rule?: string) => {
    const v = e[k];
    if (typeof v !== "string" || (pattern && !pattern.test(v))) throw new InputError(`item.${k}`, v, rule ?? "must be a string");
    return v;
  };
  const evaluatedAt = str("evaluatedAt");
  if (Number.isNaN(Date.parse(evaluatedAt))) throw new InputError("item.evaluatedAt", evaluatedAt, "must be an ISO 8601 time");
  return {
    runId: str("runId", /^[\w-]{1,80}$/, "must be a run id (letters, digits, '-' and '_')"),
    accountId: str("accountId", ACCOUNT_ID, "must be a 12-digit AWS account id"),
    ...(typeof e.accountName === "string" && { accountName: e.accountName }),
    region: str("region", REGION, "must be an AWS region such as us-west-2"),
    evaluatedAt,
    ...(e.jobsKey !== undefined && { jobsKey: str("jobsKey"), jobsRange: range(e.jobsRange) }),
    ...(e.listJobs === true && { listJobs: true }),
  };
}

/** Checks a byte range `[first, last]`. */
function range(v: unknown): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((n) => Number.isInteger(n) && n >= 0) || v[0] > v[1]) {
    throw new InputError("item.jobsRange", v, "must be [first byte, last byte] with first <= last");
  }
  return [v[0], v[1]];
}

/** The partition of the function's own ARN (`aws`, `aws-cn`, `aws-us-gov`). */
const partitionOf = (arn: string | undefined) => arn?.split(":")[1] || "aws";

/** Role session names are at most 64 characters of `[\w+=,.@-]`. */
const sessionName = (runId: string) => `arrakis-backup-validator-${runId}`.slice(0, 64);

/**
 * The worker: the validator for one account × region. It assumes the member role for the
 * member's view (recovery points, vault lock, plan selections, tags), reads the jobs the
 * coordinator listed for the account instead of listing them again, stores its outcome in S3 and
 * returns a small verdict. An account whose role cannot be assumed is UNCHECKED, not an error:
 * the merged report shows it as partial. Other failures throw, so the state machine retries.
 */
export function createWorker(deps: WorkerDeps = {}) {
  return async (event: unknown, context?: Partial<Pick<Context, "getRemainingTimeInMillis" | "invokedFunctionArn">>): Promise<WorkerOutcome> => {
    const logger = deps.logger ?? createLogger();
    const env = deps.env ?? process.env;
    const item = parseItem(event);
    const org: OrganizationConfig = organizationConfigFromEnv(env);
    const config = configFromEnv({ ...env, AWS_REGION: item.region });
    const s3 = (deps.s3 ?? (() => createClients(env.AWS_REGION).s3()))();
    const store: Store = { client: s3, bucket: org.bucket, expectedOwner: accountFromArn(context?.invokedFunctionArn), kmsKeyArn: org.kmsKeyArn };
    const resultKey = resultKeyOf(item.runId, item.accountId, item.region);
    const finish = async (outcome: StoredOutcome): Promise<WorkerOutcome> => {
      await putJson(store, resultKey, outcome);
      logger.info("account checked", { accountId: item.accountId, region: item.region, status: outcome.status, ...(outcome.reason && { reason: outcome.reason }) });
      return { accountId: item.accountId, region: item.region, status: outcome.status, resultKey };
    };
    const base = { accountId: item.accountId, region: item.region, resultKey, ...(item.accountName && { accountName: item.accountName }) };

    const roleArn = `arn:${partitionOf(context?.invokedFunctionArn)}:iam::${item.accountId}:role/${org.memberRoleName}`;
    let credentials: Credentials;
    try {
      // STS in the function's own region: the item's region may be an opt-in region the administrator account has not enabled.
      const sts = (deps.sts ?? ((region) => new STSClient(clientConfig(region))))(env.AWS_REGION ?? item.region);
      const out = await sts.send(new AssumeRoleCommand({
        RoleArn: roleArn, RoleSessionName: sessionName(item.runId), DurationSeconds: 900, ...(org.externalId && { ExternalId: org.externalId }),
      }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("AssumeRole returned no credentials");
      credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    } catch (err) {
      return finish({ ...base, status: "UNCHECKED", reason: `could not assume ${roleArn}: ${errorMessage(err)}` });
    }

    const clients = (deps.clients ?? ((region, creds) => createClients(region, MAX_ATTEMPTS, DEFAULT_TIMEOUTS, creds)))(item.region, credentials);
    const deadline = runDeadline(context?.getRemainingTimeInMillis?.());
    const notes: string[] = [];
    let planId = config.planId;
    if (!planId && org.planNames.length > 0) {
      try {
        planId = await findPlanId(clients.backup(item.region), org.planNames, deadline);
        if (!planId) notes.push(`no backup plan named ${org.planNames.join(" or ")}: coverage comes only from EXPECTED_RESOURCE_ARNS`);
      } catch (err) {
        notes.push(`backup plans not listed (${errorMessage(err)}): coverage comes only from EXPECTED_RESOURCE_ARNS`);
      }
    }
    const vaultNames = config.vaultNames.length > 1 ? await existingVaults(clients.backup(item.region), config.vaultNames, deadline) : config.vaultNames;
    const slice = item.listJobs ? undefined : item.jobsKey ? await getJson<JobSlice>(store, item.jobsKey, item.jobsRange) : { backupJobs: [], copyJobs: [], restoreJobs: [] };
    if (!item.listJobs && !slice) throw new Error(`jobs of ${item.accountId} in ${item.region} missing at s3://${org.bucket}/${item.jobsKey}`);
    const report = await runValidation({
      config: { ...config, planId, vaultNames },
      clients,
      deadline,
      now: new Date(item.evaluatedAt),
      logger,
      ...(slice && { jobs: sliceListings(item.region, slice) }),
    });
    report.summary.notes.push(...notes);
    return finish({ ...base, status: report.status, report });
  };
}

/** The worker's Lambda entry point (`index.organizationWorker`). */
export const organizationWorker = createWorker();
