import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformResource } from "cdktf";
// The validator's contract has no runtime dependencies: lib imports names from it, never validator code.
import { ENV_VARS, IAM_PERMISSIONS, METRIC_NAMES, METRICS_DIMENSION, METRICS_NAMESPACE, type IamPermission, type MetricName } from "../validator/src/contract";
import { AccountContext } from "./account";
import { BackupKey } from "./encryption";
import { BooleanInput } from "./config";
import { NOT_RUN_PERIOD_SECONDS, notRunWindowHours } from "./validator-alarm-window";
import { ValidatorPackage } from "./validator-package";
import { NETWORK_INTERFACE_STATEMENT, ValidatorNetwork, inVpc, lambdaVpcConfigOf } from "./private-networking";
import { NotificationTopic } from "./notifications";
import { PublishGrant, TopicPublisher } from "./topic-publishers";
import { lambdaLogGroupName, logGroupArn, validatorFunctionName, validatorReportObjectsArn } from "./names";
import { Expressions, OptionalResource, asText, policyDocument } from "./values";

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
  /** The backup plan: its selections say what must be protected, its rules which backups are copied. */
  readonly planArn: string;
  /** The backup plan's id (BACKUP_PLAN_ID). */
  readonly planId: string;
  /** The vaults whose recovery points the validator lists (primary and, if any, replica). */
  readonly vaultArns: string[];
  /** The replica vault's name and region: "" without cross-region copies. */
  readonly replicaVaultName: string;
  readonly replicaRegion: string;
  readonly rpoTargetHours: number;
  readonly rtoTargetHours: number;
  /** The backup key's ARN (recovery points must use it; logs are encrypted with it), or "". */
  readonly kmsKeyArn: string;
  /** The module's key, granted to CloudWatch Logs for the function's log group. @default none (a key of the user's) */
  readonly key?: BackupKey;
  /** Whether the backup key exists (encryption on): it then also encrypts the function's environment. */
  readonly encrypted: BooleanInput;
  /** The backup key's ARN (null at plan time without one), or undefined without encryption. */
  readonly environmentKeyArn?: string;
  /** The notification topic the validator publishes its report to and its alarms go to. @default none (give the deprecated topic props) */
  readonly topic?: NotificationTopic;
  /** Whether the topic is encrypted with the backup key. @deprecated pass {@link topic} @default false */
  readonly topicEncrypted?: BooleanInput;
  /** The notification topic's ARN, or "". @deprecated pass {@link topic} @default "" */
  readonly topicArn?: string;
  /** Whether the notification topic exists. @deprecated pass {@link topic} @default false */
  readonly topicExists?: BooleanInput;
  /** The notification topic, as a list of zero or one ARN, for the alarms. @deprecated pass {@link topic} @default [] */
  readonly topicArns?: string[];
  readonly logRetentionDays: number;
  /** Reserved concurrency, or null for none. */
  readonly reservedConcurrency: number | null;
  /** Private subnets and security groups of the function. @default outside any VPC */
  readonly network?: ValidatorNetwork;
  /** Restore proof, reports and the replica's lock (issue 11): extra environment and the permissions it needs. */
  readonly recovery?: ValidatorRecoveryWiring;
  /** The logically air-gapped vault the rules copy to, named to the validator while it exists. @default none: no variable */
  readonly airGappedVault?: { readonly enabled: BooleanInput; readonly arn: string };
  readonly tags: Record<string, string>;
}

/** What the validator reads and may write for restore proof, reports and the replica's lock. */
export interface ValidatorRecoveryWiring {
  /** Environment variables of the validator's contract, "" where the feature is off. */
  readonly environment: Record<string, string>;
  readonly restoreTesting: BooleanInput;
  readonly reports: BooleanInput;
  /** Reports on and the report key set: the validator writes SSE-KMS. */
  readonly reportsEncrypted: BooleanInput;
  readonly reportBucketName: string;
  readonly reportKeyArn: string;
  /** Cross-region copies into a locked replica vault: the validator checks the lock. */
  readonly replicaLock: BooleanInput;
  readonly replicaVaultArn: string;
}

/**
 * The scheduled backup validator: a Lambda function with a least-privilege role, an encrypted log
 * group, the schedule rule, a dead-letter queue (asynchronous runs are not retried: a retry would
 * re-run everything and mail twice), and alarms on its errors, on a day without a successful run,
 * on a run that could not check everything (RunIncomplete) and on a failed delivery (PublishFailures).
 */
export class BackupValidatorFunction extends Construct {
  readonly role: OptionalResource<IamRole>;
  readonly logGroup: OptionalResource<CloudwatchLogGroup>;
  readonly deadLetterQueue: OptionalResource<SqsQueue>;
  readonly function: OptionalResource<LambdaFunction>;
  /** No retries for asynchronous invocations; failures go to the dead-letter queue. */
  readonly invokeConfig: OptionalResource<LambdaFunctionEventInvokeConfig>;
  readonly schedule: OptionalResource<CloudwatchEventRule>;
  readonly alarms: OptionalResource<CloudwatchMetricAlarm>[];

  constructor(scope: Construct, id: string, props: BackupValidatorFunctionProps) {
    super(scope, id);
    const when = <T extends TerraformResource>(factory: (count: number | undefined) => T) =>
      OptionalResource.when(props.enabled, factory);
    const { projectName: project, environment: env } = props;
    const functionName = validatorFunctionName(project, env);
    const logGroupName = lambdaLogGroupName(functionName);
    const topic = topicOf(props);
    // The report goes to the topic: the role's own policy allows what the grant names (the contract's PublishReport, UseTopicKey).
    const publish = publishGrantOf(topic, props.kmsKeyArn);
    props.key?.grantLogGroup(logGroupName);

    this.logGroup = when(
      (count) =>
        new CloudwatchLogGroup(this, "logs", {
          count,
          name: logGroupName,
          retentionInDays: props.logRetentionDays,
          kmsKeyId: props.environmentKeyArn,
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
          policy: validatorPolicy(new Expressions(this), props, publish, logGroupName, dlqArn),
        }),
    );

    // Coverage comes from the plan's selections (BACKUP_PLAN_ID), not from a list of ARNs: all
    // variables together are limited to 4 KB, which about 40 RDS ARNs would exceed.
    const environmentVariables: Record<string, string> = {
      [ENV_VARS.BACKUP_VAULT_NAMES]: props.vaultName,
      [ENV_VARS.BACKUP_PLAN_ID]: props.planId,
      [ENV_VARS.REPLICA_REGION]: props.replicaRegion,
      [ENV_VARS.REPLICA_VAULT_NAME]: props.replicaVaultName,
      [ENV_VARS.RPO_TARGET_HOURS]: asText(props.rpoTargetHours),
      [ENV_VARS.RTO_TARGET_HOURS]: asText(props.rtoTargetHours),
      [ENV_VARS.LOOKBACK_HOURS]: "24",
      [ENV_VARS.EXPECTED_KMS_KEY_ARN]: props.kmsKeyArn,
      [ENV_VARS.SNS_TOPIC_ARN]: topic.topicArnOrEmpty,
      ...props.recovery?.environment,
    };
    const vpcConfig = props.network ? lambdaVpcConfigOf(props.network) : {};
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
          environment: { variables: withAirGappedVault(this, environmentVariables, props.airGappedVault) },
          loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.attribute("name") },
          vpcConfig: vpcConfig.block,
          tags: props.tags,
        }),
    );
    // Subnets known at plan time only (the module's variable): a dynamic block.
    if (vpcConfig.dynamic) this.function.resource?.addOverride("dynamic.vpc_config", vpcConfig.dynamic);
    const functionArn = this.function.attribute("arn");
    this.invokeConfig = when(
      (count) =>
        new LambdaFunctionEventInvokeConfig(this, "invoke_config", {
          count,
          functionName: this.function.attribute("function_name"),
          maximumRetryAttempts: 0,
          destinationConfig: { onFailure: { destination: dlqArn } },
        }),
    );

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

    const alarmActions = topic.alarmActions;
    const alarm = <T extends TerraformResource>(factory: (count: number | undefined) => T) => OptionalResource.when(props.alarms, factory);
    const window = notRunWindowHours(props.schedule);
    /** An alarm on any non-zero value of a metric the function's runs produce. */
    const anyAlarm = (id: string, suffix: string, description: string, metric: { namespace: string; metricName: string; statistic: string }) =>
      alarm(
        (count) =>
          new CloudwatchMetricAlarm(this, id, {
            count,
            alarmName: `${functionName}-${suffix}`,
            alarmDescription: description,
            ...metric,
            dimensions: { [METRICS_DIMENSION]: functionName },
            period: 300,
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            // No data between runs is not a problem: the not-run alarm covers a validator that stopped.
            treatMissingData: "notBreaching",
            alarmActions,
            tags: props.tags,
          }),
      );
    const validatorMetric = (name: MetricName) => ({ namespace: METRICS_NAMESPACE, metricName: METRIC_NAMES[name], statistic: "Maximum" });
    this.alarms = [
      anyAlarm("errors_alarm", "errors", `The backup validator ${functionName} failed`, { namespace: "AWS/Lambda", metricName: "Errors", statistic: "Sum" }),
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
      anyAlarm("run_incomplete_alarm", "run-incomplete",
        `The backup validator ${functionName} could not check everything (access, credentials, endpoint or deadline): the backups were not verified; see summary.errors in its report`,
        validatorMetric("RunIncomplete")),
      anyAlarm("publish_failures_alarm", "publish-failures",
        `The backup validator ${functionName} could not deliver its report (SNS publish or S3 put failed); the full report is in its log`,
        validatorMetric("PublishFailures")),
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

/** The topic, from the object or from the deprecated props. */
function topicOf(props: BackupValidatorFunctionProps): NotificationTopic {
  return props.topic ?? {
    enabled: props.topicExists ?? false,
    encrypted: props.topicEncrypted ?? false,
    topicArnOrEmpty: props.topicArn ?? "",
    alarmActions: props.topicArns ?? [],
  };
}

/** What the validator's role needs to publish: the topic's grant, or the topic's fields and the validator's key for a topic without grants. */
function publishGrantOf(topic: NotificationTopic, kmsKeyArn: string): PublishGrant {
  return (
    topic.grantPublish?.(TopicPublisher.accountIdentity()) ?? {
      topicArn: topic.topicArnOrEmpty,
      topicExists: topic.enabled,
      keyArn: kmsKeyArn,
      keyNeeded: topic.encrypted,
    }
  );
}

/**
 * The role's policy: the validator contract's permissions (the module sets no report bucket, so
 * those are left out), each scoped to this module's resources, then the function's own needs.
 */
function validatorPolicy(expressions: Expressions, props: BackupValidatorFunctionProps, publish: PublishGrant, logGroupName: string, dlqArn: string): string {
  const { account } = props;
  const logGroup = logGroupArn(account.partition, account.region, account.accountId, logGroupName);
  const resources: Partial<Record<IamPermission["resource"], string | string[]>> = {
    all: "*",
    backupPlan: [props.planArn],
    backupVaults: props.vaultArns,
    snsTopic: [publish.topicArn],
    topicKey: [publish.keyArn],
    ...(props.recovery && {
      reportObjects: [validatorReportObjectsArn(account.partition, props.recovery.reportBucketName)],
      reportKey: [props.recovery.reportKeyArn],
      replicaVault: [props.recovery.replicaVaultArn],
    }),
  };
  const when: Partial<Record<IamPermission["when"], BooleanInput>> = {
    always: true,
    BACKUP_PLAN_ID: true,
    SNS_TOPIC_ARN: publish.topicExists,
    encryptedTopic: publish.keyNeeded,
    ...(props.recovery && {
      RESTORE_TESTING_PLAN_NAMES: props.recovery.restoreTesting,
      REPORT_BUCKET: props.recovery.reports,
      REPORT_KMS_KEY_ARN: props.recovery.reportsEncrypted,
      replicaVaultLock: props.recovery.replicaLock,
    }),
  };
  const contract = IAM_PERMISSIONS.filter((p) => when[p.when] !== undefined && resources[p.resource] !== undefined).map((p) => ({
    when: when[p.when]!,
    statement: {
      Sid: p.sid,
      Effect: "Allow",
      Action: [...p.actions],
      Resource: resources[p.resource],
      // The key is usable only through the service the validator calls.
      ...(p.viaService && { Condition: { StringEquals: { "kms:ViaService": account.regionalService(p.viaService) } } }),
    },
  }));
  const statements: object[] = [
    ...contract.filter((c) => c.when === true).map((c) => c.statement),
    { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroup}:*`] },
    { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
    // Failed asynchronous runs go to the queue (dead-letter config and on-failure destination).
    { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlqArn] },
  ];
  return policyDocument(expressions, "policy_statements", statements, [
    // Lambda decrypts the environment with the role's permissions, through the Lambda service only.
    { when: props.encrypted, statement: { Sid: "DecryptEnvironment", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [props.kmsKeyArn],
      Condition: { StringEquals: { "kms:ViaService": account.regionalService("lambda") } } } },
    ...contract.filter((c) => c.when !== true),
    // In private subnets Lambda manages the function's network interfaces with the role.
    ...(props.network ? [{ when: inVpc(props.network), statement: NETWORK_INTERFACE_STATEMENT }] : []),
  ]);
}

/** The variables, plus the air-gapped vault's ARN when the vault exists. */
function withAirGappedVault(scope: Construct, variables: Record<string, string>, air: BackupValidatorFunctionProps["airGappedVault"]): Record<string, string> {
  if (air === undefined) return variables;
  return OptionalResource.mergeWhen(scope, "environment_variables", variables, air.enabled, { [ENV_VARS.AIR_GAPPED_VAULT_ARN]: air.arn });
}
