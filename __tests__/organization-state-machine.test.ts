/** The organization validator's state machine definition: valid ASL, and the structure the design relies on. */
import aslValidator from "asl-validator";
import { describe, expect, it } from "vitest";
import {
  LAMBDA_RETRY, LAMBDA_SERVICE_ERRORS, MAP_RESULTS_PREFIX, STATES, TASK_RETRY, organizationStateMachineDefinition, type OrganizationStateMachineProps,
} from "../lib/organization/state-machine";

const props: OrganizationStateMachineProps = {
  partition: "aws",
  coordinatorArn: "arn:aws:lambda:us-west-2:123456789012:function:arrakis-backup-organization-coordinator",
  workerArn: "arn:aws:lambda:us-west-2:123456789012:function:arrakis-backup-organization-worker",
  bucket: "arrakis-backup-organization-reports",
  maxConcurrency: 40,
  toleratedFailurePercentage: 10,
};

type State = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const definition = organizationStateMachineDefinition(props) as { StartAt: string; States: Record<string, State> };

describe("organization state machine definition", () => {
  it("is valid Amazon States Language", () => {
    const { isValid, errorsText } = aslValidator(definition as never);
    expect(errorsText("\n")).toBe("");
    expect(isValid).toBe(true);
  });

  it("is rejected by the validator when broken, so the check above can fail", () => {
    const broken = JSON.parse(JSON.stringify(definition)) as typeof definition;
    broken.States[STATES.merge]!.Next = "Nowhere";
    expect(aslValidator(broken as never).isValid).toBe(false);
  });

  it("runs plan, the distributed map, then merge", () => {
    expect(definition.StartAt).toBe(STATES.plan);
    expect(definition.States[STATES.plan]!.Next).toBe(STATES.map);
    expect(definition.States[STATES.map]!.Next).toBe(STATES.mapSucceeded);
    expect(definition.States[STATES.mapSucceeded]!.Next).toBe(STATES.merge);
    expect(definition.States[STATES.merge]!.End).toBe(true);
    expect(definition.States[STATES.plan]!.Parameters).toEqual({ FunctionName: props.coordinatorArn, Payload: { action: "plan" } });
    expect(definition.States[STATES.merge]!.Parameters).toMatchObject({ FunctionName: props.coordinatorArn, Payload: { action: "merge", "plan.$": "$.plan" } });
  });

  it("reads the items from S3 and writes results to S3, never through the state payload", () => {
    const map = definition.States[STATES.map]!;
    expect(map.Type).toBe("Map");
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: "DISTRIBUTED", ExecutionType: "STANDARD" });
    expect(map.ItemReader).toEqual({
      Resource: "arn:aws:states:::s3:getObject",
      ReaderConfig: { InputType: "JSON" },
      Parameters: { "Bucket.$": "$.plan.bucket", "Key.$": "$.plan.itemsKey" },
    });
    expect(map.ItemsPath).toBeUndefined();
    expect(map.ResultWriter).toEqual({ Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: props.bucket, Prefix: MAP_RESULTS_PREFIX } });
    expect(definition.States[STATES.plan]!.ResultSelector).toEqual({ "plan.$": "$.Payload" });
  });

  it("bounds concurrency and tolerates the configured share of failures", () => {
    const map = definition.States[STATES.map]!;
    expect(map.MaxConcurrency).toBe(40);
    expect(map.ToleratedFailurePercentage).toBe(10);
  });

  it("merges even when the map fails, so no account goes silently missing", () => {
    expect(definition.States[STATES.map]!.Catch).toEqual([{ ErrorEquals: ["States.ALL"], ResultPath: "$.mapError", Next: STATES.merge }]);
  });

  it("retries Lambda service errors and throttling with exponential back-off and jitter, on every task", () => {
    const worker = definition.States[STATES.map]!.ItemProcessor.States[STATES.worker];
    for (const task of [definition.States[STATES.plan]!, worker, definition.States[STATES.merge]!]) {
      expect(task.Resource).toBe("arn:aws:states:::lambda:invoke");
      expect(task.Retry).toEqual([LAMBDA_RETRY, TASK_RETRY]);
    }
    expect(LAMBDA_RETRY.ErrorEquals).toContain("Lambda.TooManyRequestsException");
    expect(LAMBDA_SERVICE_ERRORS).toContain("Lambda.ServiceException");
    expect(LAMBDA_RETRY).toMatchObject({ BackoffRate: 2, MaxAttempts: 6, JitterStrategy: "FULL" });
    expect(worker.Parameters).toEqual({ FunctionName: props.workerArn, "Payload.$": "$" });
  });

  it.each(["aws-cn", "aws-us-gov"])("names the service integrations in the %s partition, and stays valid", (partition) => {
    const other = organizationStateMachineDefinition({ ...props, partition }) as typeof definition;
    const { isValid, errorsText } = aslValidator(other as never);
    expect(errorsText("\n")).toBe("");
    expect(isValid).toBe(true);
    const map = other.States[STATES.map]!;
    const tasks = [other.States[STATES.plan]!, map.ItemProcessor.States[STATES.worker], other.States[STATES.merge]!];
    expect(tasks.map((task) => task.Resource)).toEqual(Array(3).fill(`arn:${partition}:states:::lambda:invoke`));
    expect(map.ItemReader.Resource).toBe(`arn:${partition}:states:::s3:getObject`);
    expect(map.ResultWriter.Resource).toBe(`arn:${partition}:states:::s3:putObject`);
    expect(JSON.stringify(other)).not.toContain("arn:aws:states");
  });

  it.each([
    [{ maxConcurrency: 0 }, /maxConcurrency is 0: it must be a whole number from 1 to 10000/],
    [{ maxConcurrency: 2.5 }, /maxConcurrency is 2.5/],
    [{ toleratedFailurePercentage: 101 }, /toleratedFailurePercentage is 101: it must be from 0 to 100/],
  ])("refuses %o with an error naming the property", (over, message) => {
    expect(() => organizationStateMachineDefinition({ ...props, ...over })).toThrow(message);
  });
});
