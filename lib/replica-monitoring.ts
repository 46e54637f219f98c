import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AccountContext } from "./account";
import { BooleanInput } from "./config";
import { BackupMonitoring, FAILED_JOB_METRICS } from "./monitoring";
import { JOB_EVENT_RULES } from "./notifications";
import { regionalArn } from "./names";
import { OptionalResource } from "./values";

/** Properties of {@link ReplicaRegionMonitoring}. */
export interface ReplicaRegionMonitoringProps {
  readonly projectName: string;
  readonly environment: string;
  readonly account: AccountContext;
  readonly replicaRegion: string;
  /** The replica vault's name (its alarms' dimension). */
  readonly replicaVaultName: string;
  /** Forward the replica region's job events to the primary region (cross-region and notifications on). */
  readonly forwardEvents: BooleanInput;
  /** Alarm on failed copy and restore jobs of the replica vault (cross-region and monitoring on). */
  readonly alarms: BooleanInput;
  /** Route those alarms to the topic (cross-region, monitoring and notifications on). */
  readonly routeAlarms: BooleanInput;
  /** The notification topic in the primary region. */
  readonly topicArn: string;
  readonly tags: Record<string, string>;
}

/** The replica region's failures worth an alarm: copies out of the replica vault and DR restores. */
const REPLICA_METRICS = FAILED_JOB_METRICS.filter((m) => m.id !== "backup_jobs_failed");

/**
 * Watches the replica region, where copies land and disaster-recovery restores run.
 *
 * EventBridge cannot target an SNS topic in another region; it can target an event bus there. So
 * rules in the replica region forward AWS Backup job events, and the state changes of the replica
 * vault's alarms, to the primary region's default event bus (through a role allowed
 * `events:PutEvents` on it). There the primary region's job rules, which match on source and detail
 * rather than region, send the failures to the topic, and one more rule sends the replica alarms'
 * ALARM transitions. The replica alarms therefore have no alarm action of their own.
 */
export class ReplicaRegionMonitoring extends Construct {
  /** The role EventBridge uses to put events on the primary region's bus. */
  readonly forwardingRole: OptionalResource<IamRole>;
  /** Rules in the replica region that forward events to the primary region. */
  readonly forwardingRules: OptionalResource<CloudwatchEventRule>[];
  /** Failed copy and restore job alarms for the replica vault, in the replica region. */
  readonly monitoring: BackupMonitoring;
  /** The primary region's rule that sends the replica alarms' ALARM state to the topic. */
  readonly alarmRule: OptionalResource<CloudwatchEventRule>;

  constructor(scope: Construct, id: string, props: ReplicaRegionMonitoringProps) {
    super(scope, id);
    const { projectName: project, environment: env, account } = props;
    const primaryBusArn = regionalArn(account.partition, "events", account.region, account.accountId, "event-bus/default");

    this.forwardingRole = OptionalResource.when(
      props.forwardEvents,
      (count) =>
        new IamRole(this, "role", {
          count,
          name: `${project}-backup-events-${env}`,
          description: `Forwards ${project} ${env} AWS Backup events from ${props.replicaRegion} to the primary region`,
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: account.servicePrincipal("events") },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
              },
            ],
          }),
          tags: props.tags,
        }),
    );
    OptionalResource.when(
      props.forwardEvents,
      (count) =>
        new IamRolePolicy(this, "role_policy", {
          count,
          name: "forward-to-primary-region",
          role: this.forwardingRole.attribute("name"),
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "PutEventsOnPrimaryBus", Effect: "Allow", Action: "events:PutEvents", Resource: primaryBusArn }],
          }),
        }),
    );

    this.monitoring = new BackupMonitoring(this, "alarms", {
      enabled: props.alarms,
      projectName: project,
      environment: env,
      vaultName: props.replicaVaultName,
      region: props.replicaRegion,
      metrics: REPLICA_METRICS,
      namePart: "replica-",
      alarmActions: [],
      tags: props.tags,
    });
    const alarmArns = this.monitoring.alarmNames.map(
      (name) => regionalArn(account.partition, "cloudwatch", props.replicaRegion, account.accountId, `alarm:${name}`),
    );
    const alarmPattern = {
      source: ["aws.cloudwatch"],
      "detail-type": ["CloudWatch Alarm State Change"],
      resources: alarmArns,
      detail: { state: { value: ["ALARM"] } },
    };

    const forward = (ruleId: string, when: BooleanInput, description: string, pattern: object) => {
      const rule = OptionalResource.when(
        when,
        (count) =>
          new CloudwatchEventRule(this, ruleId, {
            count,
            region: props.replicaRegion,
            name: `${project}-${ruleId.replace(/_/g, "-")}-${env}`,
            description,
            eventPattern: JSON.stringify(pattern),
            tags: props.tags,
          }),
      );
      OptionalResource.when(
        when,
        (count) =>
          new CloudwatchEventTarget(this, `${ruleId}_target`, {
            count,
            region: props.replicaRegion,
            rule: rule.attribute("name"),
            arn: primaryBusArn,
            roleArn: this.forwardingRole.attribute("arn"),
          }),
      );
      return rule;
    };
    const jobDetailTypes = [...new Set(JOB_EVENT_RULES.map((rule) => rule.detailType))];
    this.forwardingRules = [
      forward("forward_jobs", props.forwardEvents, "Forwards AWS Backup job events of the replica region to the primary region's event bus", {
        source: ["aws.backup"],
        "detail-type": jobDetailTypes,
      }),
      forward("forward_alarms", props.routeAlarms, "Forwards the replica vault's alarms to the primary region's event bus", alarmPattern),
    ];

    this.alarmRule = OptionalResource.when(
      props.routeAlarms,
      (count) =>
        new CloudwatchEventRule(this, "replica_alarms", {
          count,
          name: `${project}-replica-alarms-${env}`,
          description: `Alarms of the ${project} ${env} replica vault in ${props.replicaRegion}`,
          eventPattern: JSON.stringify(alarmPattern),
          tags: props.tags,
        }),
    );
    OptionalResource.when(
      props.routeAlarms,
      (count) => new CloudwatchEventTarget(this, "replica_alarms_target", { count, rule: this.alarmRule.attribute("name"), arn: props.topicArn }),
    );
  }
}
