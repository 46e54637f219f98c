/**
 * The organization validator's state machine, in Amazon States Language: plan (coordinator),
 * a distributed map over the account × region items in S3 (worker), merge (coordinator). Pure:
 * no cdktf, so tests validate the definition with asl-validator and read its structure.
 */

/** Errors of the Lambda service itself (not of the function), retried with back-off and jitter. */
export const LAMBDA_SERVICE_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
  "Lambda.ClientExecutionTimeoutException",
] as const;

/** Retry of Lambda service errors and throttling: 2, 4, 8, ... s (full jitter, at most 60 s), six attempts. */
export const LAMBDA_RETRY = { ErrorEquals: [...LAMBDA_SERVICE_ERRORS], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 60, JitterStrategy: "FULL" } as const;

/** Retry of the function's own failures (timeouts, S3 errors): twice, 10 then 20 s (full jitter). */
export const TASK_RETRY = { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 10, MaxAttempts: 2, BackoffRate: 2, JitterStrategy: "FULL" } as const;

/** Where the distributed map's ResultWriter writes (under the bucket's `runs/` prefix). */
export const MAP_RESULTS_PREFIX = "runs/map-results";

/** Names of the states, for tests and alarms. */
export const STATES = { plan: "Plan", map: "CheckAccounts", worker: "ValidateAccount", mapSucceeded: "MapSucceeded", merge: "Merge" } as const;

/** Inputs of the definition. Values may be Terraform references (tokens). */
export interface OrganizationStateMachineProps {
  /** `aws`, `aws-cn` or `aws-us-gov`: the partition of the service integrations' ARNs (`arn:<partition>:states:::...`). */
  partition: string;
  coordinatorArn: string;
  workerArn: string;
  /** The bucket holding the items, slices, results and reports. */
  bucket: string;
  /** Child executions running at once (each validates one account × region). */
  maxConcurrency: number;
  /** Share of items that may fail (after retries) before the map fails; the merge runs either way. */
  toleratedFailurePercentage: number;
}

/** A Step Functions service integration's ARN, e.g. `arn:aws:states:::lambda:invoke`. */
const integration = (partition: string, action: string) => `arn:${partition}:states:::${action}`;

const invoke = (partition: string, functionName: string, payload: Record<string, unknown>, extra: Record<string, unknown>) => ({
  Type: "Task",
  Resource: integration(partition, "lambda:invoke"),
  Parameters: { FunctionName: functionName, ...payload },
  Retry: [LAMBDA_RETRY, TASK_RETRY],
  ...extra,
});

/** Checks the numbers a user sets; errors name the property, the value and the rule. */
export function checkStateMachineProps(p: Pick<OrganizationStateMachineProps, "maxConcurrency" | "toleratedFailurePercentage">): void {
  if (!Number.isInteger(p.maxConcurrency) || p.maxConcurrency < 1 || p.maxConcurrency > 10_000) {
    throw new RangeError(`maxConcurrency is ${p.maxConcurrency}: it must be a whole number from 1 to 10000 (the distributed map's limit on concurrent child executions)`);
  }
  if (!(p.toleratedFailurePercentage >= 0 && p.toleratedFailurePercentage <= 100)) {
    throw new RangeError(`toleratedFailurePercentage is ${p.toleratedFailurePercentage}: it must be from 0 to 100`);
  }
}

/**
 * The definition. The map's items come from S3 (ItemReader), never through the state payload
 * (256 KB): 2,000 items of ~200 bytes would not fit. Each state's output stays small: the plan
 * returns where the items are, a worker returns its verdict and where its result is, the map's
 * results go to S3 (ResultWriter). When the map fails (more failures than tolerated) the merge
 * still runs and reports the accounts without a result as partial.
 */
export function organizationStateMachineDefinition(p: OrganizationStateMachineProps): Record<string, unknown> {
  checkStateMachineProps(p);
  return checkedStateMachineDefinition(p);
}

/** {@link organizationStateMachineDefinition} of props already checked by {@link checkStateMachineProps}. */
export function checkedStateMachineDefinition(p: OrganizationStateMachineProps): Record<string, unknown> {
  return {
    Comment: "arrakis-backup organization validation: plan, validate every account x region, merge",
    StartAt: STATES.plan,
    States: {
      [STATES.plan]: invoke(p.partition, p.coordinatorArn, { Payload: { action: "plan" } }, { ResultSelector: { "plan.$": "$.Payload" }, Next: STATES.map }),
      [STATES.map]: {
        Type: "Map",
        Label: STATES.map,
        ItemReader: {
          Resource: integration(p.partition, "s3:getObject"),
          ReaderConfig: { InputType: "JSON" },
          Parameters: { "Bucket.$": "$.plan.bucket", "Key.$": "$.plan.itemsKey" },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
          StartAt: STATES.worker,
          States: {
            [STATES.worker]: invoke(p.partition, p.workerArn, { "Payload.$": "$" }, { OutputPath: "$.Payload", End: true }),
          },
        },
        MaxConcurrency: p.maxConcurrency,
        ToleratedFailurePercentage: p.toleratedFailurePercentage,
        ResultWriter: { Resource: integration(p.partition, "s3:putObject"), Parameters: { Bucket: p.bucket, Prefix: MAP_RESULTS_PREFIX } },
        ResultPath: "$.map",
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.mapError", Next: STATES.merge }],
        Next: STATES.mapSucceeded,
      },
      [STATES.mapSucceeded]: { Type: "Pass", Result: {}, ResultPath: "$.mapError", Next: STATES.merge },
      [STATES.merge]: invoke(p.partition, p.coordinatorArn, { Payload: { action: "merge", "plan.$": "$.plan", "mapError.$": "$.mapError" } }, {
        ResultSelector: { "report.$": "$.Payload" },
        End: true,
      }),
    },
  };
}
