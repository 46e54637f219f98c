/**
 * Least-privilege policies of the organization validator's roles, as plain documents (pure, so
 * tests read them): each grant is scoped to the functions, the state machine, the bucket prefix
 * or the member role it needs.
 */
import { COORDINATOR_LIST_ACTIONS, ORGANIZATION_REPORTS_PREFIX, RUNS_PREFIX } from "../../validator/src/organization/contract";
import { regionalArn } from "../names";
import { MAP_RESULTS_PREFIX } from "./state-machine";

/** What the policies refer to (values may be Terraform references). */
export interface OrganizationValidatorGrants {
  partition: string;
  /** S3's endpoint in the region (`s3.<region>.<DNS suffix>`, `AccountContext.regionalService("s3")`), for kms:ViaService. */
  s3ViaService: string;
  region: string;
  accountId: string;
  bucketArn: string;
  coordinatorArn: string;
  workerArn: string;
  stateMachineName: string;
  memberRoleName: string;
  /** The organization id every assumed member role must belong to (aws:ResourceOrgID). */
  organizationId: string;
  topicArn: string;
  /** Log group ARN of each function. */
  coordinatorLogGroupArn: string;
  workerLogGroupArn: string;
  /** Key of the bucket (SSE-KMS) and, if the same, of the topic; undefined: none. */
  kmsKeyArn?: string;
}

type Statement = Record<string, unknown>;

const document = (statements: Statement[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** The state machine's ARN, built from its name so roles need not wait for it. */
export const stateMachineArn = (g: Pick<OrganizationValidatorGrants, "partition" | "region" | "accountId" | "stateMachineName">) =>
  regionalArn(g.partition, "states", g.region, g.accountId, `stateMachine:${g.stateMachineName}`);

/** Active tracing (X-Ray supports no resource-level permission). */
const TRACING: Statement = { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" };

const logs = (logGroupArn: string): Statement => ({ Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` });

/** S3 objects through the key: the key only via S3 in this region. */
const bucketKey = (g: OrganizationValidatorGrants, actions: string[]): Statement[] => (g.kmsKeyArn
  ? [{ Sid: "UseBucketKey", Effect: "Allow", Action: actions, Resource: g.kmsKeyArn, Condition: { StringEquals: { "kms:ViaService": g.s3ViaService } } }]
  : []);

/** The coordinator: organization-wide listings, its run files and reports, the summary. */
export function coordinatorPolicy(g: OrganizationValidatorGrants): string {
  return document([
    // ListAccounts and the job listings support no resource-level permission.
    { Sid: "ListOrganization", Effect: "Allow", Action: [...COORDINATOR_LIST_ACTIONS], Resource: "*" },
    { Sid: "WriteRunFiles", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: `${g.bucketArn}/${RUNS_PREFIX}*` },
    { Sid: "WriteReports", Effect: "Allow", Action: "s3:PutObject", Resource: `${g.bucketArn}/${ORGANIZATION_REPORTS_PREFIX}*` },
    { Sid: "PublishSummary", Effect: "Allow", Action: "sns:Publish", Resource: g.topicArn },
    ...bucketKey(g, ["kms:GenerateDataKey", "kms:Decrypt"]),
    logs(g.coordinatorLogGroupArn),
    TRACING,
  ]);
}

/** The worker: the member role of accounts in the organization only, its slice and its result. */
export function workerPolicy(g: OrganizationValidatorGrants): string {
  return document([
    {
      Sid: "AssumeMemberRole",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: `arn:${g.partition}:iam::*:role/${g.memberRoleName}`,
      // The role assumed must belong to an account of this organization.
      Condition: { StringEquals: { "aws:ResourceOrgID": g.organizationId } },
    },
    { Sid: "ReadJobs", Effect: "Allow", Action: "s3:GetObject", Resource: `${g.bucketArn}/${RUNS_PREFIX}*/jobs/*` },
    { Sid: "WriteResult", Effect: "Allow", Action: "s3:PutObject", Resource: `${g.bucketArn}/${RUNS_PREFIX}*/results/*` },
    ...bucketKey(g, ["kms:GenerateDataKey", "kms:Decrypt"]),
    logs(g.workerLogGroupArn),
    TRACING,
  ]);
}

/** The state machine: the two functions, its own child executions, the items and the map's results. */
export function stateMachinePolicy(g: OrganizationValidatorGrants): string {
  const arn = stateMachineArn(g);
  const executions = regionalArn(g.partition, "states", g.region, g.accountId, `execution:${g.stateMachineName}`);
  return document([
    { Sid: "InvokeFunctions", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [g.coordinatorArn, g.workerArn] },
    // A distributed map starts its child workflow executions on this state machine.
    { Sid: "StartChildExecutions", Effect: "Allow", Action: "states:StartExecution", Resource: arn },
    { Sid: "ManageChildExecutions", Effect: "Allow", Action: ["states:DescribeExecution", "states:StopExecution"], Resource: [`${executions}:*`, `${executions}/*`] },
    { Sid: "ReadItems", Effect: "Allow", Action: "s3:GetObject", Resource: `${g.bucketArn}/${RUNS_PREFIX}*/items.json` },
    {
      Sid: "WriteMapResults",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"],
      Resource: `${g.bucketArn}/${MAP_RESULTS_PREFIX}/*`,
    },
    ...bucketKey(g, ["kms:GenerateDataKey", "kms:Decrypt"]),
    { ...TRACING, Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"] },
  ]);
}

/** The schedule's role: start this state machine, nothing else. */
export function schedulePolicy(g: OrganizationValidatorGrants): string {
  return document([{ Sid: "StartValidation", Effect: "Allow", Action: "states:StartExecution", Resource: stateMachineArn(g) }]);
}

/** Trust of a service principal; limited to this account (confused deputy) when `accountId` is given. */
export function serviceTrust(servicePrincipal: string, accountId?: string): string {
  return document([{
    Effect: "Allow",
    Principal: { Service: servicePrincipal },
    Action: "sts:AssumeRole",
    ...(accountId && { Condition: { StringEquals: { "aws:SourceAccount": accountId } } }),
  }]);
}
