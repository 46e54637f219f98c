/** Issue 12, item 3: the OrganizationValidator construct, its least-privilege roles and its state machine. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import aslValidator from "asl-validator";
import { App, TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { AccountContext } from "../lib/account";
import * as api from "../lib/index";
import { arrakisOrganizationStackProps } from "../lib/arrakis-organization-app";
import { OrganizationStack, type OrganizationStackProps } from "../lib/organization-stack";
import { OrganizationValidator, type OrganizationValidatorProps } from "../lib/organization/organization-validator";
import { ENV_VAR_NAMES } from "../validator/src/contract";
import { MEMBER_ROLE_ACTIONS, ORGANIZATION_ENV_VARS } from "../validator/src/organization/contract";
import { resourceOf, resourcesOf, type TerraformJson } from "./synth";

const PACKAGE = { filename: "assets/validator/backup-validator.zip", sourceCodeHash: "abc=" };

function synth(over: Partial<OrganizationValidatorProps> = {}): TerraformJson {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, "organization");
  new AwsProvider(stack, "aws", { region: "us-west-2" });
  const account = new AccountContext(stack, "account", { region: "us-west-2" });
  new OrganizationValidator(stack, "validator", {
    projectName: "arrakis", account, package: PACKAGE, regions: ["us-west-2", "us-east-1"], vaultNames: ["arrakis-backup-vault-production"],
    planNames: ["arrakis-backup-plan-production"], reportBucketName: "arrakis-backup-organization-reports", organizationId: "o-abc123", ...over,
  });
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

type Doc = { Statement: { Sid?: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown; Effect: string }[] };
const policy = (json: TerraformJson, part: string) => JSON.parse(resourceOf(json, "aws_iam_role_policy", part).policy) as Doc;
const actions = (d: Doc) => d.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe("OrganizationValidator", () => {
  const json = synth();

  it("deploys two functions from the validator's zip with their handlers", () => {
    const coordinator = resourceOf(json, "aws_lambda_function", "coordinator");
    const worker = resourceOf(json, "aws_lambda_function", "worker");
    expect(coordinator).toMatchObject({ handler: "index.organizationCoordinator", filename: PACKAGE.filename, source_code_hash: PACKAGE.sourceCodeHash, runtime: "nodejs22.x" });
    expect(worker).toMatchObject({ handler: "index.organizationWorker", filename: PACKAGE.filename });
    expect(worker.environment.variables).toMatchObject({
      ORGANIZATION_REGIONS: "us-west-2,us-east-1", MEMBER_ROLE_NAME: "arrakis-backup-validator-member", BACKUP_VAULT_NAMES: "arrakis-backup-vault-production",
      ORGANIZATION_PLAN_NAME: "arrakis-backup-plan-production", ORGANIZATION_REPORT_BUCKET: "arrakis-backup-organization-reports",
    });
    const known = [...ENV_VAR_NAMES, ...Object.values(ORGANIZATION_ENV_VARS)] as string[];
    for (const fn of [coordinator, worker]) expect(Object.keys(fn.environment.variables).filter((k) => !known.includes(k))).toEqual([]);
    // All environment variables together must stay under Lambda's 4 KB.
    expect(JSON.stringify(worker.environment.variables).length).toBeLessThan(4096);
  });

  it("has a valid state machine definition invoking the two functions", () => {
    const sm = resourceOf(json, "aws_sfn_state_machine", "");
    const definition = JSON.parse(sm.definition);
    expect(aslValidator(definition, { checkArn: false }).isValid).toBe(true);
    expect(definition.States.Plan.Parameters.FunctionName).toMatch(/^\$\{aws_lambda_function\.validator_coordinator_\w+\.arn\}$/);
    expect(definition.States.CheckAccounts.ItemProcessor.States.ValidateAccount.Parameters.FunctionName).toMatch(/^\$\{aws_lambda_function\.validator_worker_\w+\.arn\}$/);
    expect(definition.States.CheckAccounts.MaxConcurrency).toBe(40);
    // The service integrations are in the provider's partition (aws-cn, aws-us-gov), not always aws.
    expect(definition.States.Plan.Resource).toMatch(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:states:::lambda:invoke$/);
    expect(definition.States.CheckAccounts.ItemReader.Resource).toMatch(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:states:::s3:getObject$/);
    expect(sm.definition).not.toContain("arn:aws:");
  });

  it("lets the worker assume only the member role, only in accounts of the organization", () => {
    const p = policy(json, "worker_permissions");
    const assume = p.Statement.find((s) => s.Sid === "AssumeMemberRole")!;
    expect(assume).toEqual({ Sid: "AssumeMemberRole", Effect: "Allow", Action: "sts:AssumeRole",
      Resource: expect.stringMatching(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:iam::\*:role\/arrakis-backup-validator-member$/),
      Condition: { StringEquals: { "aws:ResourceOrgID": "o-abc123" } } });
    expect(actions(p).filter((a) => a.startsWith("backup:") || a.startsWith("organizations:"))).toEqual([]);
    expect(p.Statement.find((s) => s.Sid === "WriteResult")!.Resource).toMatch(/:s3:::arrakis-backup-organization-reports\/runs\/\*\/results\/\*$/);
    expect(p.Statement.find((s) => s.Sid === "ReadJobs")!.Resource).toMatch(/:s3:::arrakis-backup-organization-reports\/runs\/\*\/jobs\/\*$/);
  });

  it("gives the coordinator the organization-wide listings, its bucket prefixes and the topic, nothing more", () => {
    const p = policy(json, "coordinator_permissions");
    expect(actions(p).sort()).toEqual(["backup:ListBackupJobs", "backup:ListCopyJobs", "backup:ListRestoreJobs", "logs:CreateLogStream", "logs:PutLogEvents",
      "organizations:ListAccounts", "s3:GetObject", "s3:PutObject", "s3:PutObject", "sns:Publish", "xray:PutTelemetryRecords", "xray:PutTraceSegments"].sort());
    const s3 = p.Statement.filter((s) => actions({ Statement: [s] } as Doc).some((a) => a.startsWith("s3:"))).map((s) => s.Resource);
    expect(s3).toEqual([expect.stringMatching(/arrakis-backup-organization-reports\/runs\/\*$/), expect.stringMatching(/arrakis-backup-organization-reports\/organization-reports\/\*$/)]);
    expect(actions(p)).not.toContain("sts:AssumeRole");
  });

  it("lets the state machine invoke the two functions only, start its own child executions and use its bucket prefix", () => {
    const p = policy(json, "state_machine_permissions");
    const invoke = p.Statement.find((s) => s.Sid === "InvokeFunctions")!;
    expect(invoke.Resource).toEqual([expect.stringMatching(/validator_coordinator_\w+\.arn/), expect.stringMatching(/validator_worker_\w+\.arn/)]);
    expect(p.Statement.find((s) => s.Sid === "StartChildExecutions")!.Resource).toMatch(/:stateMachine:arrakis-backup-organization$/);
    expect(p.Statement.find((s) => s.Sid === "ManageChildExecutions")!.Resource).toEqual([
      expect.stringMatching(/:execution:arrakis-backup-organization:\*$/), expect.stringMatching(/:execution:arrakis-backup-organization\/\*$/)]);
    expect(p.Statement.find((s) => s.Sid === "ReadItems")!.Resource).toMatch(/arrakis-backup-organization-reports\/runs\/\*\/items\.json$/);
    expect(p.Statement.find((s) => s.Sid === "WriteMapResults")!.Resource).toMatch(/arrakis-backup-organization-reports\/runs\/map-results\/\*$/);
    expect(p.Statement.every((s) => s.Resource !== "*" || s.Sid === "Tracing")).toBe(true);
  });

  it("keeps reports in an encrypted, versioned, private bucket, run files for two weeks", () => {
    expect(resourceOf(json, "aws_s3_bucket_versioning", "").versioning_configuration).toEqual({ status: "Enabled" });
    expect(resourceOf(json, "aws_s3_bucket_public_access_block", "")).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    expect(resourceOf(json, "aws_s3_bucket_server_side_encryption_configuration", "").rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("AES256");
    const rules = resourceOf(json, "aws_s3_bucket_lifecycle_configuration", "").rule;
    expect(rules.map((r: { filter: { prefix: string }[]; expiration: { days: number }[] }) => [r.filter[0]!.prefix, r.expiration[0]!.days])).toEqual([["runs/", 14], ["organization-reports/", 400]]);
  });

  it("runs daily and alarms on failed or timed-out executions and on a failing organization", () => {
    expect(resourceOf(json, "aws_cloudwatch_event_rule", "").schedule_expression).toBe("cron(0 7 * * ? *)");
    expect(resourceOf(json, "aws_cloudwatch_event_target", "").arn).toMatch(/aws_sfn_state_machine\.\w+\.arn/);
    const alarms = Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm"));
    expect(alarms.map((a) => [a.namespace, a.metric_name])).toEqual([["AWS/States", "ExecutionsFailed"], ["AWS/States", "ExecutionsTimedOut"], ["ArrakisBackup/Validator", "OrganizationValidationFailed"]]);
    expect(alarms.every((a) => a.alarm_actions.length === 1)).toBe(true);
  });

  it("uses a given topic instead of creating one, and the key for bucket, logs and topic", () => {
    const j = synth({ topicArn: "arn:aws:sns:us-west-2:123456789012:platform-alerts", kmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/k" });
    expect(resourcesOf(j, "aws_sns_topic")).toEqual({});
    expect(resourceOf(j, "aws_lambda_function", "coordinator").environment.variables.SNS_TOPIC_ARN).toBe("arn:aws:sns:us-west-2:123456789012:platform-alerts");
    expect(resourceOf(j, "aws_s3_bucket_server_side_encryption_configuration", "").rule[0]).toMatchObject({ bucket_key_enabled: true,
      apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:us-west-2:123456789012:key/k" } });
    expect(policy(j, "worker_permissions").Statement.find((s) => s.Sid === "UseBucketKey")).toBeDefined();
  });

  it("names its roles as the member role's trust expects", () => {
    const roles = Object.values(resourcesOf(json, "aws_iam_role")).map((r) => r.name);
    expect(roles).toEqual(expect.arrayContaining(["arrakis-backup-org-coordinator", "arrakis-backup-org-worker"]));
  });

  it("deploys the built validator zip as an asset when no package is given", () => {
    const j = synth({ package: undefined });
    expect(resourceOf(j, "aws_lambda_function", "worker").filename).toMatch(/^assets\/validator_validator_package_\w+\/[A-F0-9]+\/backup-validator\.zip$/);
  });

  it("uses an existing bucket when told to, creating none", () => {
    const j = synth({ existingReportBucket: true, reportBucketName: "arrakis-backup-org-reports-111122223333" });
    expect(resourcesOf(j, "aws_s3_bucket")).toEqual({});
    expect(policy(j, "worker_permissions").Statement.find((s) => s.Sid === "WriteResult")!.Resource).toMatch(/:s3:::arrakis-backup-org-reports-111122223333\/runs\/\*\/results\/\*$/);
  });

  it("refuses bad numbers and empty lists, naming the property", () => {
    expect(() => synth({ maxConcurrency: 0 })).toThrow(/maxConcurrency is 0/);
    expect(() => synth({ regions: [] })).toThrow(/regions is empty/);
  });

  it("is exported from the package root", () => {
    expect(api.OrganizationValidator).toBe(OrganizationValidator);
    expect(api).toHaveProperty("organizationStateMachineDefinition");
  });

  it("publishes the member role's actions for the StackSet to grant", () => {
    expect(MEMBER_ROLE_ACTIONS).toContain("backup:ListRecoveryPointsByBackupVault");
    expect(MEMBER_ROLE_ACTIONS.every((a) => /^(backup|tag):(List|Get|Describe)/.test(a))).toBe(true);
  });
});

describe("OrganizationStack with the organization validator", () => {
  const synthStack = (over: Partial<OrganizationStackProps> = {}) => {
    const app: App = Testing.app();
    const stack = new OrganizationStack(app, "organization", { ...arrakisOrganizationStackProps(), ...over });
    return { stack, json: JSON.parse(Testing.synth(stack, true)) as TerraformJson };
  };

  it("deploys the validator over every environment's regions, vaults and plans", () => {
    const { stack, json } = synthStack();
    expect(resourcesOf(json, "aws_sfn_state_machine")).not.toEqual({});
    const worker = resourceOf(json, "aws_lambda_function", "worker");
    expect(worker.environment.variables).toMatchObject({
      BACKUP_VAULT_NAMES: "arrakis-backup-vault-development,arrakis-backup-vault-staging,arrakis-backup-vault-production",
      ORGANIZATION_PLAN_NAME: "arrakis-backup-plan-development,arrakis-backup-plan-staging,arrakis-backup-plan-production",
      ORGANIZATION_REGIONS: "us-west-2",
    });
    expect(resourceOf(json, "aws_s3_bucket", "validator").bucket).toMatch(/^arrakis-backup-org-reports-\$\{data\.aws_caller_identity\.\w+\.account_id\}$/);
    expect(json.output?.validator_worker_role_arn).toBeDefined();
    expect(stack.validator?.workerRole).toBeDefined();
  });

  it("leaves the validator out with validator: false", () => {
    const elsewhere = "arn:aws:iam::444455556666:role/arrakis-backup-org-worker";
    const memberRole = { ...arrakisOrganizationStackProps().memberRole, trustedRoleArns: [elsewhere] };
    const { json } = synthStack({ validator: false, memberRole });
    expect(resourcesOf(json, "aws_sfn_state_machine")).toEqual({});
    expect(resourcesOf(json, "aws_lambda_function")).toEqual({});
    const [stackSet] = Object.values(resourcesOf(json, "aws_cloudformation_stack_set"));
    expect(JSON.parse(stackSet.template_body).Resources.ValidatorMemberRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ AWS: [elsewhere] });
  });
});
