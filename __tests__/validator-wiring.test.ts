import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { afterAll, describe, expect, it } from "vitest";
import { arrakisStackProps } from "../lib/arrakis-app";
import { BackupModule } from "../lib/backup-module";
import { BackupStack } from "../lib/backup-stack";
import { BUILT_VALIDATOR_ZIP } from "../lib/validator-package";
import { ENV_VAR_NAMES, ENV_VARS, IAM_PERMISSIONS, METRIC_NAMES, METRICS_NAMESPACE, REQUIRED_IAM_ACTIONS } from "../validator/src/contract";
import { TerraformJson, baseConfig, resourceOf, resourcesOf, synthBackup } from "./synth";

const outdir = mkdtempSync(join(tmpdir(), "validator-wiring-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Synthesizes a stack to disk (assets included) and reads its JSON. */
function synthToDisk(environment: "development" | "production"): TerraformJson {
  const app = new App({ outdir });
  new BackupStack(app, `wiring-${environment}`, arrakisStackProps(environment));
  app.synth();
  return JSON.parse(readFileSync(join(outdir, "stacks", `wiring-${environment}`, "cdk.tf.json"), "utf8"));
}

const production = synthToDisk("production");
const development = synthToDisk("development");
const fn = resourceOf(production, "aws_lambda_function");
const ref = (json: TerraformJson, type: string, part = "") => {
  const [name] = Object.entries(resourcesOf(json, type)).find(([n]) => n.includes(part)) ?? [];
  return (attribute: string) => `\${${type}.${name}.${attribute}}`;
};

describe("the validator function", () => {
  it("runs index.handler on Node.js 22 (arm64), traced, with no reserved concurrency by default", () => {
    expect(fn).toMatchObject({
      function_name: "arrakis-backup-validator-production",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      tracing_config: { mode: "Active" },
    });
    // Issue 7: reserving any concurrency fails in accounts with under 100 unreserved (new accounts).
    expect(fn.reserved_concurrent_executions).toBeUndefined();
  });

  it("reserves concurrency only when asked (validatorReservedConcurrency, or the deprecated option)", () => {
    const reserved = (config: object, options?: object) =>
      resourceOf(synthBackup(baseConfig("development", config), options), "aws_lambda_function").reserved_concurrent_executions;
    expect(reserved({ validatorReservedConcurrency: 1 })).toBe(1);
    expect(reserved({ validatorReservedConcurrency: 0 })).toBe(0);
    expect(reserved({ validatorReservedConcurrency: null })).toBeUndefined();
    expect(reserved({}, { validatorReservedConcurrency: 2 })).toBe(2);
    expect(reserved({ validatorReservedConcurrency: 3 }, { validatorReservedConcurrency: 2 })).toBe(3);
  });

  it("encrypts the function's environment with the backup key, which its role may decrypt (CKV_AWS_173)", () => {
    const key = ref(production, "aws_kms_key", "backup_kms")("arn");
    expect(fn.kms_key_arn).toBe(key);
    const policy = JSON.parse(resourceOf(production, "aws_iam_role_policy", "validator").policy);
    expect(policy.Statement.find((s: { Sid: string }) => s.Sid === "DecryptEnvironment")).toMatchObject({ Action: ["kms:Decrypt"], Resource: [key] });
    const plain = synthBackup(baseConfig("development", { enableBackupEncryption: false }));
    expect(resourceOf(plain, "aws_lambda_function").kms_key_arn).toBeUndefined();
    const plainPolicy = JSON.parse(resourceOf(plain, "aws_iam_role_policy", "validator").policy);
    expect(plainPolicy.Statement.some((s: { Sid: string }) => s.Sid === "DecryptEnvironment")).toBe(false);
  });

  it("deploys the built zip as an asset whose source_code_hash is the zip's base64 SHA-256", () => {
    const deployed = join(outdir, "stacks", "wiring-production", fn.filename);
    expect(existsSync(deployed)).toBe(true);
    const bytes = readFileSync(deployed);
    expect(bytes.equals(readFileSync(BUILT_VALIDATOR_ZIP))).toBe(true);
    expect(fn.source_code_hash).toBe(createHash("sha256").update(bytes).digest("base64"));
    expect(fn.source_code_hash).toBe(readFileSync(`${BUILT_VALIDATOR_ZIP}.sha256`, "utf8").trim());
  });

  it("sets only environment variables of the validator's contract, from the module's config", () => {
    const vars = fn.environment.variables as Record<string, string>;
    expect(Object.keys(vars).filter((k) => !(ENV_VAR_NAMES as readonly string[]).includes(k))).toEqual([]);
    expect(vars).toMatchObject({
      BACKUP_VAULT_NAMES: ref(production, "aws_backup_vault", "backup_vault_")("name"),
      REPLICA_REGION: "us-east-1",
      REPLICA_VAULT_NAME: ref(production, "aws_backup_vault", "replica")("name"),
      RPO_TARGET_HOURS: "24",
      RTO_TARGET_HOURS: "4",
      EXPECTED_KMS_KEY_ARN: ref(production, "aws_kms_key", "backup_kms")("arn"),
      SNS_TOPIC_ARN: ref(production, "aws_sns_topic")("arn"),
    });
    const devVars = resourceOf(development, "aws_lambda_function").environment.variables;
    expect(devVars).toMatchObject({ REPLICA_REGION: "", REPLICA_VAULT_NAME: "" });
  });

  // Issue 8: coverage comes from the plan's selections, not from every RDS ARN in the 4 KB environment.
  it("passes the plan id instead of the RDS ARNs, so the environment stays small with a thousand databases", () => {
    expect(fn.environment.variables[ENV_VARS.BACKUP_PLAN_ID]).toBe(ref(production, "aws_backup_plan")("id"));
    expect(fn.environment.variables).not.toHaveProperty(ENV_VARS.EXPECTED_RESOURCE_ARNS);
    const rdsInstances = Array.from({ length: 1000 }, (_, i) => ({
      identifier: `db-${i}`, arn: `arn:aws:rds:us-west-2:123456789012:db:db-${i}`, engine: "postgres" }));
    const many = resourceOf(synthBackup(baseConfig("production", { rdsInstances } as never)), "aws_lambda_function").environment.variables;
    expect(Buffer.byteLength(Object.entries(many).map(([k, v]) => `${k}${v}`).join(""))).toBeLessThan(4096);
  });

  it("has a least-privilege role: the contract's actions, recovery points and the plan scoped to this module's resources", () => {
    const policy = JSON.parse(resourceOf(production, "aws_iam_role_policy", "validator").policy);
    const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(REQUIRED_IAM_ACTIONS.filter((a) => !actions.includes(a))).toEqual([]);
    expect(actions.some((a: string) => a.endsWith("*") && !a.startsWith("kms:GenerateDataKey"))).toBe(false);
    const byAction = (action: string) => policy.Statement.find((s: { Action: string[] }) => s.Action.includes(action));
    expect(byAction("backup:ListRecoveryPointsByBackupVault").Resource).toEqual([
      ref(production, "aws_backup_vault", "backup_vault_")("arn"),
      ref(production, "aws_backup_vault", "replica")("arn"),
    ]);
    expect(byAction("backup:GetBackupPlan").Resource).toEqual([ref(production, "aws_backup_plan")("arn")]);
    // Issue 8: the selections are read on the plan only; the Tagging API has no resource-level permission.
    for (const action of ["backup:ListBackupSelections", "backup:GetBackupSelection"]) expect(byAction(action).Resource).toEqual([ref(production, "aws_backup_plan")("arn")]);
    expect(byAction("tag:GetResources").Resource).toBe("*");
    // ListRestoreJobs runs in the replica region too: "*" carries no region.
    expect(byAction("backup:ListRestoreJobs").Resource).toBe("*");
    expect(byAction("sns:Publish").Resource).toEqual([ref(production, "aws_sns_topic")("arn")]);
    expect(byAction("sqs:SendMessage").Resource).toEqual([ref(production, "aws_sqs_queue")("arn")]);
    expect(byAction("logs:PutLogEvents").Resource[0]).toMatch(/:log-group:\/aws\/lambda\/arrakis-backup-validator-production:\*$/);
  });

  it("builds its statements from the validator contract's permissions", () => {
    const policy = JSON.parse(resourceOf(production, "aws_iam_role_policy", "validator").policy);
    // Production has every feature of the contract (issue 11: reports bucket, restore testing, a locked replica).
    for (const p of IAM_PERMISSIONS) {
      const statement = policy.Statement.find((s: { Sid: string }) => s.Sid === p.sid);
      expect(statement?.Action, p.sid).toEqual(p.actions);
    }
    // Development has none of issue 11's: no report, restore testing or lock statements.
    const devSids = JSON.parse(resourceOf(development, "aws_iam_role_policy", "validator").policy).Statement.map((s: { Sid: string }) => s.Sid);
    for (const sid of ["StoreReport", "UseReportKey", "ReadRestoreTesting", "DescribeReplicaVault"]) expect(devSids).not.toContain(sid);
  });

  // Issue 11: the report goes to the module's bucket, under the validator's prefix only; the lock is read on the replica vault only.
  it("scopes the report write to backup-validation/ of the reports bucket and DescribeBackupVault to the replica vault", () => {
    const policy = JSON.parse(resourceOf(production, "aws_iam_role_policy", "validator").policy);
    const bySid = (sid: string) => policy.Statement.find((s: { Sid: string }) => s.Sid === sid);
    // The bucket's name carries the account id.
    expect(bySid("StoreReport").Resource).toEqual([expect.stringMatching(/^arn:\$\{data\.aws_partition\.[^}]+\.partition\}:s3:::arrakis-backup-reports-production-\$\{data\.aws_caller_identity\.[^}]+\.account_id\}\/backup-validation\/\*$/)]);
    expect(bySid("DescribeReplicaVault").Resource).toEqual([ref(production, "aws_backup_vault", "replica")("arn")]);
    const vars = fn.environment.variables;
    expect(vars).toMatchObject({ RESTORE_TESTING_PLAN_NAMES: "arrakis_rtest_production", RESTORE_TEST_MAX_AGE_DAYS: "8",
      REPLICA_VAULT_LOCK_MIN_DAYS: "30", REPLICA_VAULT_LOCK_MAX_DAYS: "36500", REPORT_KMS_KEY_ARN: ref(production, "aws_kms_key", "backup_kms")("arn") });
    expect(vars.REPORT_BUCKET).toMatch(/^arrakis-backup-reports-production-\$\{data\.aws_caller_identity\.[^}]+\.account_id\}$/);
    expect(resourceOf(development, "aws_lambda_function").environment.variables).toMatchObject({ RESTORE_TESTING_PLAN_NAMES: "", REPORT_BUCKET: "", REPLICA_VAULT_LOCK_MIN_DAYS: "" });
  });

  it("lets the role use the key only via Lambda (environment), SNS (topic) and S3 (report), from the partition's DNS suffix", () => {
    const policy = JSON.parse(resourceOf(production, "aws_iam_role_policy", "validator").policy);
    const kms = policy.Statement.filter((s: { Action: string[] }) => s.Action.some((a) => a.startsWith("kms:")));
    const via = (service: string) => new RegExp(`^${service}\\.\\$\\{data\\.aws_region\\.[^}]+\\.region\\}\\.\\$\\{data\\.aws_partition\\.[^}]+\\.dns_suffix\\}$`);
    expect(kms.map((s: { Sid: string; Action: string[]; Condition: { StringEquals: Record<string, string> } }) => [s.Sid, s.Action, s.Condition.StringEquals["kms:ViaService"]]).sort()).toEqual([
      ["DecryptEnvironment", ["kms:Decrypt"], expect.stringMatching(via("lambda"))],
      // Issue 11: the JSON report in the reports bucket, SSE-KMS through S3 only.
      ["UseReportKey", ["kms:GenerateDataKey"], expect.stringMatching(via("s3"))],
      ["UseTopicKey", ["kms:Decrypt", "kms:GenerateDataKey*"], expect.stringMatching(via("sns"))],
    ]);
  });

  // Issue 8: an asynchronous retry re-runs everything and mails twice.
  it("does not retry asynchronous runs and sends their failures to the dead-letter queue", () => {
    const config = resourceOf(production, "aws_lambda_function_event_invoke_config");
    expect(config).toMatchObject({
      function_name: ref(production, "aws_lambda_function")("function_name"),
      maximum_retry_attempts: 0,
      destination_config: { on_failure: { destination: ref(production, "aws_sqs_queue")("arn") } },
    });
  });

  it("logs to /aws/lambda/<function>, encrypted with the backup key, which lets CloudWatch Logs use it for that group only", () => {
    const logs = resourceOf(production, "aws_cloudwatch_log_group");
    // Issue 7: a year in production (CKV_AWS_338).
    expect(logs).toMatchObject({ name: "/aws/lambda/arrakis-backup-validator-production", retention_in_days: 365 });
    expect(logs.kms_key_id).toBe(ref(production, "aws_kms_key", "backup_kms")("arn"));
    const keyPolicy = JSON.parse(resourceOf(production, "aws_kms_key", "backup_kms").policy);
    const logsStatement = keyPolicy.Statement.find((s: { Sid: string }) => s.Sid === "AllowValidatorLogGroup");
    expect(logsStatement.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toMatch(/log-group:\/aws\/lambda\/arrakis-backup-validator-production$/);
    expect(resourceOf(development, "aws_cloudwatch_log_group").retention_in_days).toBe(30);
    const configured = synthBackup(baseConfig("production", { validatorLogRetentionDays: 731 }));
    expect(resourceOf(configured, "aws_cloudwatch_log_group").retention_in_days).toBe(731);
  });

  it("runs on backup_validation_schedule, invoked only by its own rule", () => {
    const rule = resourceOf(production, "aws_cloudwatch_event_rule", "validator_schedule");
    expect(rule.schedule_expression).toBe("cron(0 6 * * ? *)");
    const target = resourceOf(production, "aws_cloudwatch_event_target", "validator_schedule");
    expect(target).toMatchObject({ arn: ref(production, "aws_lambda_function")("arn"), input: "{}" });
    const permission = resourceOf(production, "aws_lambda_permission");
    expect(permission).toMatchObject({
      action: "lambda:InvokeFunction",
      principal: "events.amazonaws.com",
      source_arn: ref(production, "aws_cloudwatch_event_rule", "validator_schedule")("arn"),
    });
  });

  it("sends failed asynchronous runs to an encrypted dead-letter queue", () => {
    expect(fn.dead_letter_config.target_arn).toBe(ref(production, "aws_sqs_queue")("arn"));
    expect(resourceOf(production, "aws_sqs_queue")).toMatchObject({ sqs_managed_sse_enabled: true, name: "arrakis-backup-validator-production-dlq" });
  });

  it("alarms to the topic on errors and on a day without a successful run", () => {
    const errors = resourceOf(production, "aws_cloudwatch_metric_alarm", "validator_errors");
    expect(errors).toMatchObject({ namespace: "AWS/Lambda", metric_name: "Errors", dimensions: { FunctionName: fn.function_name } });
    const notRun = resourceOf(production, "aws_cloudwatch_metric_alarm", "no_successful_run");
    expect(notRun).toMatchObject({ comparison_operator: "LessThanThreshold", threshold: 1, treat_missing_data: "breaching" });
    expect(notRun.metric_query.find((q: { id: string }) => q.id === "successes").expression).toBe("FILL(invocations, 0) - FILL(errors, 0)");
    for (const alarm of [errors, notRun]) expect(alarm.alarm_actions).toEqual([ref(production, "aws_sns_topic")("arn")]);
    expect(notRun.ok_actions).toEqual([ref(production, "aws_sns_topic")("arn")]);
  });

  // Issue 7: a 24 h period against a run every 24 h flaps; the window must outlast the schedule's gap.
  it("alarms on a missed run only after a window one hour longer than the schedule's gap, in hourly points", () => {
    const notRun = resourceOf(production, "aws_cloudwatch_metric_alarm", "no_successful_run");
    expect(notRun).toMatchObject({ evaluation_periods: 25, datapoints_to_alarm: 25 });
    const periods = notRun.metric_query.filter((q: { metric?: { period: number } }) => q.metric).map((q: { metric: { period: number } }) => q.metric.period);
    expect(periods).toEqual([3600, 3600]);
    const window = (schedule: string) =>
      resourceOf(synthBackup(baseConfig("development", { backupValidationSchedule: schedule })), "aws_cloudwatch_metric_alarm", "no_successful_run").evaluation_periods;
    expect(window("rate(12 hours)")).toBe(13);
    expect(window("rate(2 days)")).toBe(49);
    expect(window("cron(0 6 ? * MON *)")).toBe(168); // a weekly gap: capped at CloudWatch's 7 days
    expect(window("cron(0/30 * * * ? *)")).toBe(2);
  });
});

describe("the validator's own alarms (issue 8)", () => {
  it("are each in the root README's alarm table", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    const names = Object.values(resourcesOf(production, "aws_cloudwatch_metric_alarm"))
      .map((a) => String((a as { alarm_name: string }).alarm_name))
      .filter((n) => n.startsWith(fn.function_name));
    // errors, not-run, run-incomplete, publish-failures, and the backup-duration alarm (issue 13) on its metric.
    expect(names).toHaveLength(5);
    for (const n of names) expect(readme).toContain(`| \`<function>${n.slice(fn.function_name.length)}\` |`);
  });

  it.each([
    ["run_incomplete", METRIC_NAMES.RunIncomplete, "run-incomplete"],
    ["publish_failures", METRIC_NAMES.PublishFailures, "publish-failures"],
  ])("alarms on %s: %s > 0 in the validator's namespace, to the topic", (part, metric, suffix) => {
    const alarm = resourceOf(production, "aws_cloudwatch_metric_alarm", part);
    expect(alarm).toMatchObject({
      alarm_name: `arrakis-backup-validator-production-${suffix}`,
      namespace: METRICS_NAMESPACE,
      metric_name: metric,
      dimensions: { FunctionName: fn.function_name },
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      treat_missing_data: "notBreaching",
      alarm_actions: [ref(production, "aws_sns_topic")("arn")],
    });
  });
});

describe("enable_backup_validation", () => {
  it("false creates none of the validator's resources", () => {
    const json = synthBackup(baseConfig("production", { enableBackupValidation: false }));
    for (const type of ["aws_lambda_function", "aws_lambda_permission", "aws_sqs_queue", "aws_cloudwatch_log_group", "aws_iam_role_policy", "aws_cloudwatch_metric_alarm"]) {
      const validators = Object.keys(resourcesOf(json, type)).filter((name) => name.includes("validator"));
      expect(validators, type).toEqual([]);
    }
  });
});

describe("enable_backup_monitoring", () => {
  // Issue 7: switching monitoring off used to leave the validator's two alarms behind.
  it("false removes every alarm, the validator's included, and keeps the validator", () => {
    const json = synthBackup(baseConfig("production", { enableBackupMonitoring: false }));
    expect(resourcesOf(json, "aws_cloudwatch_metric_alarm")).toEqual({});
    expect(Object.keys(resourcesOf(json, "aws_lambda_function"))).toHaveLength(1);
  });

  it("as a variable puts count on every validator resource", () => {
    const stack = new TerraformStack(new App({ outdir: mkdtempSync(join(tmpdir(), "wiring-var-")) }), "v");
    new AwsProvider(stack, "aws", { region: "us-west-2" });
    const enabled = new TerraformVariable(stack, "enable_backup_validation", { type: "bool", default: true });
    new BackupModule(stack, "backup", { ...baseConfig("production"), enableBackupValidation: enabled.booleanValue });
    const json = JSON.parse(JSON.stringify((stack as unknown as { toTerraform(): unknown }).toTerraform())) as TerraformJson;
    const validatorResources = Object.entries(json.resource).flatMap(([, byName]) =>
      Object.entries(byName).filter(([name]) => name.startsWith("backup_validator_")),
    );
    expect(validatorResources.length).toBeGreaterThanOrEqual(10);
    // An input with a fixed default is read as it is given: no fallback local.
    expect(Object.keys(json.locals ?? {}).filter((k) => k.includes("validation_enabled"))).toEqual([]);
    for (const [name, resource] of validatorResources) expect(resource.count, name).toBe("${var.enable_backup_validation ? 1 : 0}");
  });
});
