import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { ENV_VARS, METRICS_NAMESPACE } from "../../validator/src/contract";
import {
  DEFAULT_MEMBER_ROLE_NAME, ORGANIZATION_ENV_VARS, ORGANIZATION_METRIC_NAMES, ORGANIZATION_METRICS_DIMENSION,
} from "../../validator/src/organization/contract";
import { AccountContext } from "../account";
import { lambdaLogGroupName, s3BucketArn } from "../names";
import { VALIDATOR_RUNTIME } from "../validator-function";
import { ValidatorPackage, validatorPackageAsset } from "../validator-package";
import { OrganizationValidatorBucket } from "./organization-validator-bucket";
import { coordinatorPolicy, schedulePolicy, serviceTrust, stateMachinePolicy, workerPolicy, type OrganizationValidatorGrants } from "./organization-validator-iam";
import { checkStateMachineProps, checkedStateMachineDefinition } from "./state-machine";

/** Properties of {@link OrganizationValidator}. */
export interface OrganizationValidatorProps {
  /** Prefix of every name. */
  readonly projectName: string;
  readonly account: AccountContext;
  /** The validator's Lambda package (the same zip as the account validator's). @default the built zip, as an asset of this construct */
  readonly package?: ValidatorPackage;
  /** Regions every member account is checked in. */
  readonly regions: string[];
  /** The organization policies' backup vault names (one per environment); a member account is checked on those it has. */
  readonly vaultNames: string[];
  /** The organization policies' backup plan names: the first a member account has says, by its selections, what must be protected. @default coverage from recovery points only */
  readonly planNames?: string[];
  /** The read-only role in every member account. @default "arrakis-backup-validator-member" */
  readonly memberRoleName?: string;
  /** External id the member role's trust requires. @default none */
  readonly memberRoleExternalId?: string;
  /** The organization's id (o-...), for the aws:ResourceOrgID condition. @default read with the aws_organizations_organization data source */
  readonly organizationId?: string;
  /** Account ids not to check (e.g. a recovery account). @default none */
  readonly excludedAccountIds?: string[];
  /** Bucket of run files and merged reports; must be globally unique. */
  readonly reportBucketName: string;
  /**
   * Use an existing bucket of that name (e.g. the organization stack's report bucket) instead of
   * creating one; its own encryption and lifecycle then apply. @default false: the bucket is created
   */
  readonly existingReportBucket?: boolean;
  /** Days merged reports are kept. @default 400 */
  readonly reportRetentionDays?: number;
  /** Days a run's working files are kept. @default 14 */
  readonly runRetentionDays?: number;
  /** KMS key ARN for the bucket, the logs and a created topic. @default S3-managed and unencrypted logs */
  readonly kmsKeyArn?: string;
  /** SNS topic for the summary and the alarms. @default a topic `<project>-backup-organization` is created */
  readonly topicArn?: string;
  /** EventBridge schedule. @default "cron(0 7 * * ? *)" (daily 07:00 UTC) */
  readonly schedule?: string;
  /** Workers running at once. @default 40 */
  readonly maxConcurrency?: number;
  /** Share of account × region items that may fail after retries before the map fails (the merge runs either way). @default 5 */
  readonly toleratedFailurePercentage?: number;
  /** Recovery point objective, hours. @default 24 */
  readonly rpoTargetHours?: number;
  /** Recovery time objective, hours. @default 4 */
  readonly rtoTargetHours?: number;
  /** Days of Lambda logs. @default 90 */
  readonly logRetentionDays?: number;
  readonly tags?: Record<string, string>;
}

/** Defaults of {@link OrganizationValidatorProps}. */
export const ORGANIZATION_VALIDATOR_DEFAULTS = {
  schedule: "cron(0 7 * * ? *)",
  maxConcurrency: 40,
  toleratedFailurePercentage: 5,
  reportRetentionDays: 400,
  runRetentionDays: 14,
  logRetentionDays: 90,
  rpoTargetHours: 24,
  rtoTargetHours: 4,
} as const;

/**
 * The validator's organization mode, deployed in the management or delegated-administrator
 * account: a coordinator and a worker function (the validator's zip), a Step Functions state
 * machine with a distributed map over every account × region, the run and report bucket, a
 * daily schedule, the summary topic and alarms on failed or timed-out executions and on a
 * failing organization verdict.
 */
export class OrganizationValidator extends Construct {
  /** The bucket created; undefined with {@link OrganizationValidatorProps.existingReportBucket}. */
  readonly bucket?: OrganizationValidatorBucket;
  /** Name of the run and report bucket. */
  readonly reportBucketName: string;
  readonly coordinator: LambdaFunction;
  readonly worker: LambdaFunction;
  readonly coordinatorRole: IamRole;
  /** The role member accounts trust: the member role's trust policy names it. */
  readonly workerRole: IamRole;
  readonly stateMachine: SfnStateMachine;
  readonly stateMachineRole: IamRole;
  readonly schedule: CloudwatchEventRule;
  readonly topicArn: string;
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: OrganizationValidatorProps) {
    super(scope, id);
    const d = { ...ORGANIZATION_VALIDATOR_DEFAULTS, ...definedOnly(props) };
    checkStateMachineProps(d);
    if (props.regions.length === 0) throw new RangeError("regions is empty: list at least one region to check the member accounts in");
    if (props.vaultNames.length === 0) throw new RangeError("vaultNames is empty: list the backup vault every member account writes to");
    const { account } = props;
    const tags = props.tags ?? {};
    const name = `${props.projectName}-backup-organization`;
    const memberRoleName = props.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME;
    const organizationId = props.organizationId ?? new DataAwsOrganizationsOrganization(this, "organization").id;

    if (!props.existingReportBucket) {
      this.bucket = new OrganizationValidatorBucket(this, "reports", {
        bucketName: props.reportBucketName, partition: account.partition, kmsKeyArn: props.kmsKeyArn,
        reportRetentionDays: d.reportRetentionDays, runRetentionDays: d.runRetentionDays, tags,
      });
    }
    this.reportBucketName = props.reportBucketName;
    const bucketArn = s3BucketArn(account.partition, props.reportBucketName);

    if (props.topicArn) this.topicArn = props.topicArn;
    else {
      const topic = new SnsTopic(this, "topic", { name, kmsMasterKeyId: props.kmsKeyArn, tags });
      this.topicArn = topic.arn;
      new SnsTopicPolicy(this, "topic_policy", {
        arn: topic.arn,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{
            Sid: "AllowAlarms", Effect: "Allow", Principal: { Service: account.servicePrincipal("cloudwatch") }, Action: "sns:Publish", Resource: topic.arn,
            Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
          }],
        }),
      });
    }

    // The member role trusts these two role names (`<project>-backup-org-coordinator|worker`).
    const coordinatorName = `${props.projectName}-backup-org-coordinator`;
    const workerName = `${props.projectName}-backup-org-worker`;
    const logGroup = (id: string, fn: string) => new CloudwatchLogGroup(this, id, { name: lambdaLogGroupName(fn), retentionInDays: d.logRetentionDays, kmsKeyId: props.kmsKeyArn, tags });
    const coordinatorLogs = logGroup("coordinator_logs", coordinatorName);
    const workerLogs = logGroup("worker_logs", workerName);
    const lambdaTrust = serviceTrust(account.servicePrincipal("lambda"));
    this.coordinatorRole = new IamRole(this, "coordinator_role", { name: coordinatorName, assumeRolePolicy: lambdaTrust, tags });
    this.workerRole = new IamRole(this, "worker_role", { name: workerName, assumeRolePolicy: lambdaTrust, tags });

    const validatorPackage = props.package ?? validatorPackageAsset(this);
    const common = {
      runtime: VALIDATOR_RUNTIME.runtime,
      architectures: [VALIDATOR_RUNTIME.architecture],
      filename: validatorPackage.filename,
      sourceCodeHash: validatorPackage.sourceCodeHash,
      kmsKeyArn: props.kmsKeyArn,
      tracingConfig: { mode: "Active" },
      tags,
    };
    const organizationEnv: Record<string, string> = {
      [ORGANIZATION_ENV_VARS.ORGANIZATION_REGIONS]: props.regions.join(","),
      [ORGANIZATION_ENV_VARS.ORGANIZATION_REPORT_BUCKET]: props.reportBucketName,
      [ORGANIZATION_ENV_VARS.MEMBER_ROLE_NAME]: memberRoleName,
      [ENV_VARS.LOOKBACK_HOURS]: "24",
      ...(props.excludedAccountIds?.length && { [ORGANIZATION_ENV_VARS.EXCLUDED_ACCOUNT_IDS]: props.excludedAccountIds.join(",") }),
      ...(props.kmsKeyArn && { [ENV_VARS.REPORT_KMS_KEY_ARN]: props.kmsKeyArn }),
    };
    this.coordinator = new LambdaFunction(this, "coordinator", {
      ...common,
      functionName: coordinatorName,
      description: `Lists ${props.projectName} accounts and backup jobs organization-wide, and merges the organization report`,
      role: this.coordinatorRole.arn,
      handler: "index.organizationCoordinator",
      // Holds every account's jobs of the window while splitting them: see the README's scale notes.
      memorySize: 1024,
      timeout: 900,
      environment: { variables: { ...organizationEnv, [ENV_VARS.SNS_TOPIC_ARN]: this.topicArn } },
      loggingConfig: { logFormat: "JSON", logGroup: coordinatorLogs.name },
    });
    this.worker = new LambdaFunction(this, "worker", {
      ...common,
      functionName: workerName,
      description: `Validates one ${props.projectName} member account in one region, through the member role`,
      role: this.workerRole.arn,
      handler: "index.organizationWorker",
      memorySize: 256,
      timeout: 300,
      environment: {
        variables: {
          ...organizationEnv,
          [ENV_VARS.BACKUP_VAULT_NAMES]: props.vaultNames.join(","),
          [ENV_VARS.RPO_TARGET_HOURS]: String(d.rpoTargetHours),
          [ENV_VARS.RTO_TARGET_HOURS]: String(d.rtoTargetHours),
          ...(props.planNames?.length && { [ORGANIZATION_ENV_VARS.ORGANIZATION_PLAN_NAME]: props.planNames.join(",") }),
          ...(props.memberRoleExternalId && { [ORGANIZATION_ENV_VARS.MEMBER_ROLE_EXTERNAL_ID]: props.memberRoleExternalId }),
        },
      },
      loggingConfig: { logFormat: "JSON", logGroup: workerLogs.name },
    });

    const grants: OrganizationValidatorGrants = {
      partition: account.partition, s3ViaService: account.regionalService("s3"), region: account.region, accountId: account.accountId,
      bucketArn, coordinatorArn: this.coordinator.arn, workerArn: this.worker.arn, stateMachineName: name,
      memberRoleName, organizationId, topicArn: this.topicArn,
      coordinatorLogGroupArn: coordinatorLogs.arn, workerLogGroupArn: workerLogs.arn, kmsKeyArn: props.kmsKeyArn,
    };
    new IamRolePolicy(this, "coordinator_permissions", { name: "organization-coordinator", role: this.coordinatorRole.name, policy: coordinatorPolicy(grants) });
    new IamRolePolicy(this, "worker_permissions", { name: "organization-worker", role: this.workerRole.name, policy: workerPolicy(grants) });

    this.stateMachineRole = new IamRole(this, "state_machine_role", { name: `${name}-states`, assumeRolePolicy: serviceTrust(account.servicePrincipal("states"), account.accountId), tags });
    const stateMachinePermissions = new IamRolePolicy(this, "state_machine_permissions", { name: "organization-validation", role: this.stateMachineRole.name, policy: stateMachinePolicy(grants) });
    this.stateMachine = new SfnStateMachine(this, "state_machine", {
      name,
      type: "STANDARD",
      roleArn: this.stateMachineRole.arn,
      // Checked once, above, before any resource.
      definition: JSON.stringify(checkedStateMachineDefinition({
        partition: account.partition, coordinatorArn: this.coordinator.arn, workerArn: this.worker.arn, bucket: props.reportBucketName,
        maxConcurrency: d.maxConcurrency, toleratedFailurePercentage: d.toleratedFailurePercentage,
      })),
      tracingConfiguration: { enabled: true },
      dependsOn: [stateMachinePermissions],
      tags,
    });

    const scheduleRole = new IamRole(this, "schedule_role", { name: `${name}-schedule`, assumeRolePolicy: serviceTrust(account.servicePrincipal("events"), account.accountId), tags });
    new IamRolePolicy(this, "schedule_permissions", { name: "start-organization-validation", role: scheduleRole.name, policy: schedulePolicy(grants) });
    this.schedule = new CloudwatchEventRule(this, "schedule", { name, description: `Runs ${name}`, scheduleExpression: d.schedule, tags });
    new CloudwatchEventTarget(this, "schedule_target", { rule: this.schedule.name, arn: this.stateMachine.arn, roleArn: scheduleRole.arn, input: "{}" });

    const alarm = (id: string, suffix: string, description: string, metric: { namespace: string; metricName: string; dimensions: Record<string, string> }) =>
      new CloudwatchMetricAlarm(this, id, {
        alarmName: `${name}-${suffix}`,
        alarmDescription: description,
        ...metric,
        statistic: "Sum",
        // A day: the validation runs daily; no data between runs is fine.
        period: 86_400,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [this.topicArn],
        tags,
      });
    const sfn = (metricName: string) => ({ namespace: "AWS/States", metricName, dimensions: { StateMachineArn: this.stateMachine.arn } });
    this.alarms = [
      alarm("executions_failed_alarm", "failed", `The organization backup validation ${name} failed: no organization report`, sfn("ExecutionsFailed")),
      alarm("executions_timed_out_alarm", "timed-out", `The organization backup validation ${name} timed out`, sfn("ExecutionsTimedOut")),
      alarm("validation_failed_alarm", "validation-failed", `Backups are failing in some account of the organization (${name})`, {
        namespace: METRICS_NAMESPACE, metricName: ORGANIZATION_METRIC_NAMES.OrganizationValidationFailed, dimensions: { [ORGANIZATION_METRICS_DIMENSION]: coordinatorName },
      }),
    ];
  }
}

/** The props without their undefined entries, so defaults apply. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
