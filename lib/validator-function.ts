import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Fn, TerraformResource, Token } from "cdktf";
import { AccountContext } from "./account";
import { BooleanInput } from "./config";
import { NOT_RUN_PERIOD_SECONDS, notRunWindowHours } from "./validator-alarm-window";
import { ValidatorPackage } from "./validator-package";
import { Expressions, OptionalResource, isKnown, policyDocument } from "./values";

/** The account-wide listings the validator reads (IAM cannot scope these to a resource). */
export const VALIDATOR_LIST_ACTIONS = ["backup:ListBackupJobs", "backup:ListCopyJobs", "backup:ListRestoreJobs", "backup:ListProtectedResources"];

/** The Lambda runtime: Node.js 22 (20 is deprecated), on Graviton. */
export const VALIDATOR_RUNTIME = { runtime: "nodejs22.x", architecture: "arm64" } as const;

/** Properties of {@link BackupValidatorFunction}. */
export interface BackupValidatorFunctionProps {
  readonly enabled: BooleanInput;
  /** Create the validator's alarms (validation and monitoring on). */
  readonly alarms: BooleanInput;
  readonly projectName: string;
  readonly environment: string;
  readonly account: AccountContext;
  readonly package: ValidatorPackage;
  readonly schedule: string;
  readonly vaultName: string;
  /** The backup plan, read to learn which rules copy to the replica vault. */
  readonly planArn: string;
  /** The vaults whose recovery points the validator lists (primary and, if any, replica). */
  readonly vaultArns: string[];
  /** The replica vault's name and region: "" without cross-region copies. */
  readonly replicaVaultName: string;
  readonly replicaRegion: string;
  readonly rpoTargetHours: number;
  readonly rtoTargetHours: number;
  /** Resources that must have recent recovery points (the RDS instances). */
  readonly expectedResourceArns: string[];
  /** The backup key's ARN (recovery points must use it; logs are encrypted with it), or "". */
  readonly kmsKeyArn: string;
  /** Whether the backup key exists (encryption on): it then also encrypts the function's environment. */
  readonly encrypted: BooleanInput;
  /** The backup key's ARN (null at plan time without one), or undefined without encryption. */
  readonly environmentKeyArn?: string;
  /** Whether the topic is encrypted with the backup key (encryption and notifications on). */
  readonly topicEncrypted: BooleanInput;
  /** The notification topic's ARN, or "". */
  readonly topicArn: string;
  /** Whether the notification topic exists. */
  readonly topicExists: BooleanInput;
  /** The notification topic, as a list of zero or one ARN, for the alarms. */
  readonly topicArns: string[];
  readonly logRetentionDays: number;
  /** Reserved concurrency, or null for none. */
  readonly reservedConcurrency: number | null;
  readonly tags: Record<string, string>;
}

/**
 * The scheduled backup validator: a Lambda function with a least-privilege role, an encrypted log
 * group, the schedule rule, a dead-letter queue, and alarms on its errors and on a day without a
 * successful run.
 */
export class BackupValidatorFunction extends Construct {
  readonly role: OptionalResource<IamRole>;
  readonly logGroup: OptionalResource<CloudwatchLogGroup>;
  readonly deadLetterQueue: OptionalResource<SqsQueue>;
  readonly function: OptionalResource<LambdaFunction>;
  readonly schedule: OptionalResource<CloudwatchEventRule>;
  readonly alarms: OptionalResource<CloudwatchMetricAlarm>[];

  constructor(scope: Construct, id: string, props: BackupValidatorFunctionProps) {
    super(scope, id);
    const when = <T extends TerraformResource>(factory: (count: number | undefined) => T) =>
      OptionalResource.when(props.enabled, factory);
    const { projectName: project, environment: env } = props;
    const functionName = `${project}-backup-validator-${env}`;
    const logGroupName = `/aws/lambda/${functionName}`;

    this.logGroup = when(
      (count) =>
        new CloudwatchLogGroup(this, "logs", {
          count,
          name: logGroupName,
          retentionInDays: props.logRetentionDays,
          kmsKeyId: props.kmsKeyArn === "" ? undefined : props.kmsKeyArn,
          tags: props.tags,
        }),
    );
    this.deadLetterQueue = when(
      (count) =>
        new SqsQueue(this, "dead_letters", {
          count,
          name: `${functionName}-dlq`,
          messageRetentionSeconds: 14 * 24 * 3600,
          sqsManagedSseEnabled: true,
          tags: props.tags,
        }),
    );
    const dlqArn = this.deadLetterQueue.attribute("arn");

    this.role = when(
      (count) =>
        new IamRole(this, "role", {
          count,
          name: functionName,
          description: `Runs the ${project} ${env} backup validator`,
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
          }),
          tags: props.tags,
        }),
    );
    const roleName = this.role.attribute("name");
    const permissions = when(
      (count) =>
        new IamRolePolicy(this, "permissions", {
          count,
          name: "backup-validation",
          role: roleName,
          policy: validatorPolicy(new Expressions(this), props, logGroupName, dlqArn),
        }),
    );

    const environmentVariables: Record<string, string> = {
      BACKUP_VAULT_NAMES: props.vaultName,
      REPLICA_REGION: props.replicaRegion,
      REPLICA_VAULT_NAME: props.replicaVaultName,
      RPO_TARGET_HOURS: asText(props.rpoTargetHours),
      RTO_TARGET_HOURS: asText(props.rtoTargetHours),
      LOOKBACK_HOURS: "24",
      EXPECTED_RESOURCE_ARNS: isKnown(props.expectedResourceArns) ? props.expectedResourceArns.join(",") : Fn.join(",", props.expectedResourceArns),
      EXPECTED_KMS_KEY_ARN: props.kmsKeyArn,
      SNS_TOPIC_ARN: props.topicArn,
    };
    this.function = when(
      (count) =>
        new LambdaFunction(this, "function", {
          count,
          functionName,
          description: `Checks that ${project} ${env} backups meet their RPO and RTO`,
          role: this.role.attribute("arn"),
          runtime: VALIDATOR_RUNTIME.runtime,
          architectures: [VALIDATOR_RUNTIME.architecture],
          handler: "index.handler",
          filename: props.package.filename,
          sourceCodeHash: props.package.sourceCodeHash,
          memorySize: 256,
          timeout: 300,
          reservedConcurrentExecutions: props.reservedConcurrency ?? undefined,
          // The environment names vaults, the topic and the key: encrypted with the module's key (CKV_AWS_173).
          kmsKeyArn: props.environmentKeyArn,
          tracingConfig: { mode: "Active" },
          // Lambda checks at creation that the role may write to the dead-letter queue.
          dependsOn: permissions.resource ? [permissions.resource] : undefined,
          deadLetterConfig: { targetArn: dlqArn },
          environment: { variables: environmentVariables },
          loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.attribute("name") },
          tags: props.tags,
        }),
    );
    const functionArn = this.function.attribute("arn");

    this.schedule = when(
      (count) =>
        new CloudwatchEventRule(this, "schedule", {
          count,
          name: `${project}-backup-validation-${env}`,
          description: `Runs ${functionName}`,
          scheduleExpression: props.schedule,
          tags: props.tags,
        }),
    );
    when((count) => new CloudwatchEventTarget(this, "schedule_target", { count, rule: this.schedule.attribute("name"), arn: functionArn, input: "{}" }));
    when(
      (count) =>
        new LambdaPermission(this, "schedule_permission", {
          count,
          statementId: "AllowValidationSchedule",
          action: "lambda:InvokeFunction",
          functionName: this.function.attribute("function_name"),
          principal: "events.amazonaws.com",
          sourceArn: this.schedule.attribute("arn"),
        }),
    );

    const alarmActions = props.topicArns;
    const alarm = <T extends TerraformResource>(factory: (count: number | undefined) => T) => OptionalResource.when(props.alarms, factory);
    const window = notRunWindowHours(props.schedule);
    this.alarms = [
      alarm(
        (count) =>
          new CloudwatchMetricAlarm(this, "errors_alarm", {
            count,
            alarmName: `${functionName}-errors`,
            alarmDescription: `The backup validator ${functionName} failed`,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: functionName },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            alarmActions,
            tags: props.tags,
          }),
      ),
      alarm(
        (count) =>
          new CloudwatchMetricAlarm(this, "no_successful_run_alarm", {
            count,
            alarmName: `${functionName}-not-run`,
            alarmDescription:
              `The backup validator ${functionName} has not completed a run in ${window} hours ` +
              "(after a fresh deployment: until its first scheduled run)",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            // Hourly points over a window one hour longer than the schedule's longest gap, all of
            // which must lack a successful run: a run a few minutes late does not alarm, a skipped
            // one does. CloudWatch allows up to 7 days of hourly evaluation.
            evaluationPeriods: window,
            datapointsToAlarm: window,
            // An empty window is the alarm's case (the validator stopped running), and after a fresh
            // deployment it looks the same: the alarm starts in ALARM until the first run, and the
            // OK action says so. Treating missing data as not breaching would hide a validator that
            // never runs.
            treatMissingData: "breaching",
            metricQuery: [
              { id: "successes", expression: "FILL(invocations, 0) - FILL(errors, 0)", label: "Successful runs", returnData: true },
              lambdaMetric("invocations", "Invocations", functionName),
              lambdaMetric("errors", "Errors", functionName),
            ],
            alarmActions,
            okActions: alarmActions,
            tags: props.tags,
          }),
      ),
    ];
  }
}

function lambdaMetric(id: string, metricName: string, functionName: string) {
  return {
    id,
    returnData: false,
    metric: { namespace: "AWS/Lambda", metricName, dimensions: { FunctionName: functionName }, period: NOT_RUN_PERIOD_SECONDS, stat: "Sum" },
  };
}

function asText(value: number): string {
  return isKnown(value) ? String(value) : Token.asString(value);
}

function validatorPolicy(expressions: Expressions, props: BackupValidatorFunctionProps, logGroupName: string, dlqArn: string): string {
  const { account } = props;
  const logGroupArn = `arn:${account.partition}:logs:${account.region}:${account.accountId}:log-group:${logGroupName}`;
  const statements: object[] = [
    { Sid: "ListBackupActivity", Effect: "Allow", Action: VALIDATOR_LIST_ACTIONS, Resource: "*" },
    { Sid: "ListRecoveryPoints", Effect: "Allow", Action: ["backup:ListRecoveryPointsByBackupVault"], Resource: props.vaultArns },
    { Sid: "ReadBackupPlan", Effect: "Allow", Action: ["backup:GetBackupPlan"], Resource: [props.planArn] },
    { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroupArn}:*`] },
    { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
    { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlqArn] },
  ];
  return policyDocument(expressions, "policy_statements", statements, [
    // Lambda decrypts the environment with the role's permissions.
    { when: props.encrypted, statement: { Sid: "DecryptEnvironment", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [props.kmsKeyArn] } },
    { when: props.topicExists, statement: { Sid: "PublishReport", Effect: "Allow", Action: ["sns:Publish"], Resource: [props.topicArn] } },
    // Publishing to the encrypted topic needs the key.
    { when: props.topicEncrypted, statement: { Sid: "UseTopicKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: [props.kmsKeyArn] } },
  ]);
}
