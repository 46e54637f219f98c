import type { Context } from "aws-lambda";
import type { BackupClient } from "@aws-sdk/client-backup";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import { clientConfig, createClients } from "../aws/clients";
import { Deadline } from "../aws/deadline";
import { publishSummary, type DeliveryResult } from "../aws/publish";
import { lookbackWindow } from "../checks/window";
import { InputError } from "../errors";
import { createLogger, type Logger } from "../log";
import { accountFromArn, regionFromArn } from "../records";
import { isActive, listAccounts, type AccountRecord } from "./accounts";
import { organizationConfigFromEnv, type OrganizationConfig } from "./config";
import { itemsKeyOf, jobsKeyOf, organizationReportKeyOf, resultKeyOf, runIdOf, type OrganizationItem, type PlanOutput } from "./contract";
import { listOrganizationJobs, type RegionListing } from "./jobs";
import { OrganizationMerge, organizationMetricsDocument, organizationSubject, organizationSummaryText, type OrganizationReport } from "./merge";
import { getJson, mapLimit, putJson, putText, type Store } from "./store";
import type { StoredOutcome } from "./worker";

/** Dependencies a test may replace. */
export interface CoordinatorDeps {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  now?: () => Date;
  backup?: (region: string) => BackupClient;
  organizations?: () => OrganizationsClient;
  s3?: () => S3Client;
  sns?: (region: string | undefined) => SNSClient;
}

/** The clients of one run: those a test gave, else the validator's (retries, timeouts, unreachable-endpoint guard). */
export type CoordinatorClients = Required<Pick<CoordinatorDeps, "backup" | "organizations" | "s3" | "sns">>;

function coordinatorClients(deps: CoordinatorDeps, env: NodeJS.ProcessEnv): CoordinatorClients {
  const own = createClients(env.AWS_REGION);
  return {
    backup: deps.backup ?? ((region) => own.backup(region)),
    organizations: deps.organizations ?? (() => new OrganizationsClient(clientConfig())),
    s3: deps.s3 ?? (() => own.s3()),
    sns: deps.sns ?? ((region) => own.sns(region)),
  };
}

/** S3 requests in flight at once while writing slices or reading results. */
export const S3_CONCURRENCY = 32;

/** What the plan step found, besides its output: the figures the bench and the log report. */
export interface PlanFigures {
  accountsListed: number;
  accountsActive: number;
  listings: RegionListing["listings"];
  jobs: number;
  slicesWritten: number;
  itemsBytes: number;
}

/** The merge step's input: the plan, and the distributed map's error when it stopped. */
export interface MergeInput {
  action: "merge";
  plan: PlanOutput;
  mapError?: { Error?: string; Cause?: string };
}

/** The merge step's output (small: the report is in S3). */
export interface MergeOutput {
  status: OrganizationReport["status"];
  partial: boolean;
  accounts: number;
  reportKey: string;
  reportBytes: number;
  sns: DeliveryResult;
}

type Ctx = Partial<Pick<Context, "getRemainingTimeInMillis" | "invokedFunctionArn" | "functionName">>;

/** Accepts `{}`, a scheduled event or `{ "action": "plan" }` (plan), or a {@link MergeInput}. */
export function parseCoordinatorEvent(event: unknown): { action: "plan" } | MergeInput {
  const e = (typeof event === "object" && event !== null ? event : {}) as Record<string, unknown>;
  if (e.action === undefined || e.action === "plan") return { action: "plan" };
  if (e.action !== "merge") throw new InputError("event.action", e.action, 'must be "plan" or "merge"');
  const plan = e.plan as Partial<PlanOutput> | undefined;
  if (!plan || typeof plan.runId !== "string" || typeof plan.itemsKey !== "string" || typeof plan.evaluatedAt !== "string") {
    throw new InputError("event.plan", plan, "must be the plan step's output (runId, itemsKey, evaluatedAt)");
  }
  // The state machine passes `{}` when the map succeeded, its error (Error, Cause) when it stopped.
  const mapError = e.mapError as MergeInput["mapError"] | undefined;
  return { action: "merge", plan: plan as PlanOutput, ...(typeof mapError?.Error === "string" && { mapError }) };
}

/**
 * The organization coordinator, run twice per state machine execution: `plan` lists the
 * organization's active accounts and, per region, every account's jobs in one pass
 * (`ByAccountId = "*"`: Σ ceil(jobs / 1000) pages, not one listing per account), stores each
 * account × region's jobs and the item list in S3 and returns where they are; `merge` reads every
 * item's outcome and writes one organization report, one SNS summary and organization metrics.
 */
export function createCoordinator(deps: CoordinatorDeps = {}) {
  const run = async (event: unknown, context?: Ctx): Promise<PlanOutput | MergeOutput> => {
    const logger = deps.logger ?? createLogger();
    const env = deps.env ?? process.env;
    const parsed = parseCoordinatorEvent(event);
    const org = organizationConfigFromEnv(env);
    const aws = coordinatorClients(deps, env);
    const store: Store = { client: aws.s3(), bucket: org.bucket, expectedOwner: accountFromArn(context?.invokedFunctionArn), kmsKeyArn: org.kmsKeyArn };
    const remaining = context?.getRemainingTimeInMillis?.();
    const deadline = remaining === undefined ? Deadline.none() : Deadline.fromRemaining(remaining, Math.min(30_000, remaining / 4));
    if (parsed.action === "plan") {
      const { output, figures } = await planRun(aws, org, store, deadline, (deps.now ?? (() => new Date()))());
      logger.info("organization plan", { ...output, ...figures });
      return output;
    }
    return mergeRun(aws, org, store, parsed, logger, context, (deps.now ?? (() => new Date()))());
  };
  return run;
}

/** Lists accounts and jobs, stores the slices and the items. */
export async function planRun(aws: CoordinatorClients, org: OrganizationConfig, store: Store, deadline: Deadline, now: Date): Promise<{ output: PlanOutput; figures: PlanFigures }> {
  const evaluatedAt = now.toISOString();
  const runId = runIdOf(evaluatedAt);
  const organizations = aws.organizations();
  const all: AccountRecord[] = [];
  for await (const page of listAccounts(organizations, deadline)) all.push(...page);
  if (deadline.reached) throw new Error("ListAccounts stopped at the deadline: the account list is incomplete");
  const accounts = all.filter((a) => isActive(a) && !org.excludedAccountIds.has(a.id));
  const active = new Set(accounts.map((a) => a.id));

  const windowStart = new Date(lookbackWindow(now.getTime(), org.lookbackHours).start);
  const listed = await Promise.all(org.regions.map((region) => listOrganizationJobs(aws.backup(region), region, windowStart, deadline)));

  const items: OrganizationItem[] = [];
  let jobsOfOtherAccounts = 0;
  let jobs = 0;
  const notes: string[] = [];
  for (const region of listed) {
    if (region.error) notes.push(`${region.error.source} failed (${region.error.message}): workers listed ${region.region} jobs themselves`);
    for (const [accountId, slice] of region.slices) {
      const n = slice.backupJobs.length + slice.copyJobs.length + slice.restoreJobs.length;
      jobs += n;
      if (!active.has(accountId)) jobsOfOtherAccounts += n;
    }
  }
  // One object per region: every account's slice, one after the other; a worker reads its own by range.
  const regionObjects = new Map<string, { key: string; ranges: Map<string, [number, number]>; parts: Buffer[] }>();
  for (const region of listed) {
    if (region.error) continue;
    const o = { key: jobsKeyOf(runId, region.region), ranges: new Map<string, [number, number]>(), parts: [] as Buffer[] };
    let offset = 0;
    for (const a of accounts) {
      const slice = region.slices.get(a.id);
      if (!slice) continue;
      const part = Buffer.from(JSON.stringify(slice) + "\n");
      o.ranges.set(a.id, [offset, offset + part.length - 1]);
      o.parts.push(part);
      offset += part.length;
    }
    regionObjects.set(region.region, o);
  }
  for (const a of accounts) {
    for (const region of listed) {
      const item: OrganizationItem = { runId, accountId: a.id, ...(a.name && { accountName: a.name }), region: region.region, evaluatedAt };
      const o = regionObjects.get(region.region);
      const range = o?.ranges.get(a.id);
      if (region.error) item.listJobs = true;
      else if (o && range) {
        item.jobsKey = o.key;
        item.jobsRange = range;
      }
      items.push(item);
    }
  }
  // The jobs are written before the items: a worker never finds its object missing.
  const objects = [...regionObjects.values()].filter((o) => o.parts.length > 0);
  await mapLimit(objects, S3_CONCURRENCY, (o) => putText(store, o.key, Buffer.concat(o.parts)));
  const slicesWritten = objects.length;
  const itemsKey = itemsKeyOf(runId);
  const itemsBytes = await putJson(store, itemsKey, items);
  return {
    output: { runId, bucket: store.bucket, itemsKey, evaluatedAt, accounts: accounts.length, items: items.length, jobsOfOtherAccounts, notes },
    figures: { accountsListed: all.length, accountsActive: accounts.length, listings: listed.flatMap((l) => l.listings), jobs, slicesWritten, itemsBytes },
  };
}

/** Merges the outcomes into the organization report, stores it, mails it and logs the metrics. */
async function mergeRun(aws: CoordinatorClients, org: OrganizationConfig, store: Store, input: MergeInput, logger: Logger, context: Ctx | undefined, now: Date): Promise<MergeOutput> {
  const { plan } = input;
  const items = await getJson<OrganizationItem[]>(store, plan.itemsKey);
  if (!items) throw new Error(`items of run ${plan.runId} missing at s3://${store.bucket}/${plan.itemsKey}`);
  const partialReasons: string[] = [];
  if (input.mapError) partialReasons.push(`the distributed map stopped (${input.mapError.Error ?? "error"}): accounts it did not finish have no result`);
  const merge = new OrganizationMerge({ runId: plan.runId, evaluatedAt: plan.evaluatedAt, regions: org.regions, jobsOfOtherAccounts: plan.jobsOfOtherAccounts ?? 0, partialReasons, notes: plan.notes ?? [], now });
  // Outcomes are read in bounded batches and reduced at once: memory holds one batch of reports.
  const BATCH = S3_CONCURRENCY * 4;
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const outcomes = await mapLimit(batch, S3_CONCURRENCY, (it) => getJson<StoredOutcome>(store, resultKeyOf(it.runId, it.accountId, it.region)));
    batch.forEach((it, j) => merge.add(it, outcomes[j]));
  }
  const report = merge.finish();
  const reportKey = organizationReportKeyOf(plan.evaluatedAt);
  const reportBytes = await putJson(store, reportKey, report);
  const uri = `s3://${store.bucket}/${reportKey}`;
  const sns = org.snsTopicArn
    ? await publishSummary(aws.sns(regionFromArn(org.snsTopicArn)),
      { topicArn: org.snsTopicArn, subject: organizationSubject(report), message: organizationSummaryText(report, uri), runId: `organization${plan.runId}` })
    : { status: "SKIPPED" as const, detail: "SNS_TOPIC_ARN not set" };
  logger.info("organization report", { status: report.status, partial: report.partial, summary: report.summary, reportKey, sns });
  logger.raw(organizationMetricsDocument(report, context?.functionName ?? "backup-validator-organization"));
  return { status: report.status, partial: report.partial, accounts: report.summary.accounts, reportKey, reportBytes, sns };
}

/** The coordinator's Lambda entry point (`index.organizationCoordinator`). */
export const organizationCoordinator = createCoordinator();
