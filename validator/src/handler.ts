import type { Context } from "aws-lambda";
import { createClients, type Clients } from "./aws/clients";
import { Deadline } from "./aws/deadline";
import { publishSummary, storeReport, type DeliveryResult } from "./aws/publish";
import { configFromEnv, type ValidatorConfig } from "./config";
import { parseEvent } from "./event";
import { subjectFor, summaryText } from "./format";
import { createLogger, type Logger } from "./log";
import { durationMetricsDocuments } from "./duration-metrics";
import { metricsDocument } from "./metrics";
import { accountFromArn, regionFromArn } from "./records";
import type { Report } from "./report";
import { runValidation } from "./validate";

/** What the Lambda returns: the report plus what happened to its deliveries. */
export interface HandlerResult extends Report {
  delivery: { sns: DeliveryResult; s3: DeliveryResult };
}

/** Dependencies a test may replace. */
export interface HandlerDeps {
  env?: NodeJS.ProcessEnv;
  clients?: (config: ValidatorConfig) => Clients;
  logger?: Logger;
  now?: () => Date;
}

/** Time kept back from the Lambda deadline for publishing and logging. */
export const PUBLISH_RESERVE_MS = 20_000;

/** Time kept back from the Lambda deadline after publishing, to log the report and metrics. */
export const LOG_RESERVE_MS = 2_000;

/** When a validation run must stop: PUBLISH_RESERVE_MS (at most a quarter of the time left) before the function's timeout. */
export function runDeadline(remainingMs: number | undefined): Deadline {
  return remainingMs === undefined ? Deadline.none() : Deadline.fromRemaining(remainingMs, Math.min(PUBLISH_RESERVE_MS, remainingMs / 4));
}

/** S3 key of a report: one object per run, sorted by time. */
export function reportKey(generatedAt: string): string {
  return `backup-validation/${generatedAt.slice(0, 10).replace(/-/g, "/")}/${generatedAt.replace(/:/g, "-")}.json`;
}

/** Builds a Lambda handler; {@link handler} is the one with real dependencies. */
export function createHandler(deps: HandlerDeps = {}) {
  return async (event: unknown, context?: Partial<Pick<Context, "getRemainingTimeInMillis" | "functionName" | "invokedFunctionArn">>): Promise<HandlerResult> => {
    const logger = deps.logger ?? createLogger();
    let config: ValidatorConfig;
    let sendFullReport: boolean;
    try {
      ({ sendFullReport } = parseEvent(event));
      config = configFromEnv(deps.env ?? process.env);
    } catch (err) {
      logger.error("invalid input", { error: err instanceof Error ? err.message : String(err) });
      throw err;
    }

    const remaining = context?.getRemainingTimeInMillis?.();
    const deadline = runDeadline(remaining);
    // Publishing has its own, later deadline: the run never outlives the function's timeout.
    const publishDeadline = remaining === undefined
      ? Deadline.none()
      : Deadline.fromRemaining(remaining, Math.min(LOG_RESERVE_MS, remaining / 10));
    const clients = (deps.clients ?? ((c) => createClients(c.region)))(config);
    const report = await runValidation({ config, clients, deadline, now: deps.now?.(), logger });

    // LOW findings (informational, e.g. RDS snapshots keeping their source key) stay in the log,
    // S3 and metrics: mailing them every morning would be noise.
    const actionable = report.summary.severityCounts.HIGH + report.summary.severityCounts.MEDIUM;
    const wantSns = sendFullReport || actionable > 0 || report.status !== "PASS";
    const label = [config.region, context?.functionName].filter(Boolean).join(" ");
    const topicArn = config.snsTopicArn;
    const [sns, s3] = await Promise.all([
      !topicArn
        ? skipped("SNS_TOPIC_ARN not set")
        : !wantSns
          ? skipped("no findings and no full report requested")
          : publishSummary(clients.sns(regionFromArn(topicArn)),
            { topicArn, subject: subjectFor(report, label || undefined), message: summaryText(report), runId: `${context?.functionName ?? ""}${report.generatedAt}` },
            publishDeadline.signal()),
      !config.reportBucket
        ? skipped("REPORT_BUCKET not set")
        : storeReport(clients.s3(), {
          bucket: config.reportBucket,
          key: reportKey(report.generatedAt),
          body: JSON.stringify(report, null, 2),
          expectedOwner: config.reportBucketOwner ?? accountFromArn(context?.invokedFunctionArn),
          kmsKeyArn: config.reportKmsKeyArn,
        }, publishDeadline.signal()),
    ]);
    const result: HandlerResult = { ...report, delivery: { sns, s3 } };
    const failures = [sns, s3].filter((d) => d.status === "FAILED").length;

    // The full report always goes to the log, so a failed delivery loses nothing.
    if (failures > 0) logger.error("report delivery failed", { report: result });
    else logger.info("validation report", { report: result });
    const functionName = context?.functionName ?? "backup-validator";
    logger.raw(metricsDocument(report, functionName, failures));
    for (const doc of durationMetricsDocuments(report, functionName)) logger.raw(doc);
    return result;
  };
}

const skipped = async (detail: string): Promise<DeliveryResult> => ({ status: "SKIPPED", detail });

/** The Lambda entry point (`index.handler`). */
export const handler = createHandler();
