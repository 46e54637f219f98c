import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AccountContext } from "./account";
import { BooleanInput } from "./config";
import { ResourceSet, eachAttribute } from "./for-each";
import { BackupMonitoring, FAILED_JOB_METRICS } from "./monitoring";
import { JOB_EVENT_RULES } from "./notifications";
import { regionalArn } from "./names";
import { OptionalResource } from "./values";

/** Properties of {@link ReplicaRegionMonitoring}. */
export interface ReplicaRegionMonitoringProps {
  readonly projectName: string;
  readonly environment: string;
  readonly account: AccountContext;
  /**
   * The replica region, "" without cross-region copies: never null, because the forwarding rules'
   * instances (a local when their conditions are decided at plan time) name it in their event
   * patterns, and Terraform evaluates that local whole, instances that do not exist included.
   */
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

/** The kinds of event forwarded to the primary region, in the order of the former `forwardingRules`. */
const FORWARDED = ["jobs", "alarms"] as const;

/** The replica region's failures worth an alarm: copies out of the replica vault and DR restores. */
const REPLICA_METRICS = FAILED_JOB_METRICS.filter((m) => m.id !== "backup_jobs_failed");

/** What differs between the forwarding rules (and their targets), per instance. */
interface ForwardingRule {
  readonly description: string;
  readonly event_pattern: string;
}

/**
 * Watches the replica region, where copies land and disaster-recovery restores run.
 *
 * EventBridge cannot target an SNS topic in another region; it can target an event bus there. So
 * rules in the replica region forward AWS Backup job events, and the state changes of the replica
 * vault's alarms, to the primary region's default event bus (through a role allowed
 * `events:PutEvents` on it). There the primary region's job rules, which match on source and detail
 * rather than region, send the failures to the topic, and one more rule sends the replica alarms'
 * ALARM transitions. The replica alarms therefore have no alarm action of their own.
 *
 * The forwarding rules are one rule and one target resource, each with an instance per kind of
 * event forwarded: `jobs` and `alarms`.
 */
export class ReplicaRegionMonitoring extends Construct {
  /** The role EventBridge uses to put events on the primary region's bus. */
  readonly forwardingRole: OptionalResource<IamRole>;
  /** The rules in the replica region that forward events to the primary region: instances `jobs` and `alarms`; undefined when none can exist. */
  readonly forwardingRule?: CloudwatchEventRule;
  /** The forwarding rules' targets: the primary region's default event bus. */
  readonly forwardingTarget?: CloudwatchEventTarget;
  /** Failed copy and restore job alarms for the replica vault, in the replica region. */
  readonly monitoring: BackupMonitoring;
  /** The primary region's rule that sends the replica alarms' ALARM state to the topic. */
  readonly alarmRule: OptionalResource<CloudwatchEventRule>;
  private readonly forwarding: ResourceSet<ForwardingRule>;

  /**
   * The forwarding rules, job events first, then alarms, as when each was a resource of its own:
   * `attribute(...)` reads that rule's instance (`forwardingRule["jobs"]`), and `resource` is now the
   * one rule resource holding both.
   * @deprecated Use {@link forwardingRule} (one resource, instances `jobs` and `alarms`).
   */
  get forwardingRules(): OptionalResource<CloudwatchEventRule>[] {
    this.forwardingRulesByKind ??= FORWARDED.map((key) => this.forwarding.instance(this.forwardingRule, key));
    return this.forwardingRulesByKind;
  }
  private forwardingRulesByKind?: OptionalResource<CloudwatchEventRule>[];

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

    const jobDetailTypes = [...new Set(JOB_EVENT_RULES.map((rule) => rule.detailType))];
    this.forwarding = new ResourceSet<ForwardingRule>(this, {
      localName: "forwarding_instances",
      instances: [
        {
          key: "jobs",
          enabled: props.forwardEvents,
          values: {
            description: "Forwards AWS Backup job events of the replica region to the primary region's event bus",
            event_pattern: JSON.stringify({ source: ["aws.backup"], "detail-type": jobDetailTypes }),
          },
        },
        {
          key: "alarms",
          enabled: props.routeAlarms,
          values: { description: "Forwards the replica vault's alarms to the primary region's event bus", event_pattern: JSON.stringify(alarmPattern) },
        },
      ],
    });
    // Until issue 9 each kind had a rule and a target of its own (ids `forward_jobs`, `forward_jobs_target`, ...).
    this.forwardingRule = this.forwarding.resource(
      (forEach, each) =>
        new CloudwatchEventRule(this, "forwarding_rules", {
          forEach,
          region: props.replicaRegion,
          name: `${project}-forward-${each.key}-${env}`,
          description: each.string("description"),
          eventPattern: each.string("event_pattern"),
          tags: props.tags,
        }),
      { id: (key) => `forward_${key}` },
    );
    const rule = this.forwardingRule;
    this.forwardingTarget = this.forwarding.resource(
      (forEach) =>
        new CloudwatchEventTarget(this, "forwarding_targets", {
          forEach,
          region: props.replicaRegion,
          rule: eachAttribute(rule!, "name"),
          arn: primaryBusArn,
          roleArn: this.forwardingRole.attribute("arn"),
        }),
      { id: (key) => `forward_${key}_target` },
    );

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
