import { Construct } from "constructs";
import { BackupVaultNotifications } from "@cdktf/provider-aws/lib/backup-vault-notifications";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { AccountContext } from "./account";
import { BackupKey } from "./encryption";
import { BooleanInput, NotificationLevel } from "./config";
import { notificationDecisions } from "./decisions";
import { ResourceSet, eachAttribute } from "./for-each";
import { BackupTopic } from "./topic";
import { PublishGrant, TopicPublisher } from "./topic-publishers";
import { Expressions, OptionalResource, attributesOfExisting } from "./values";

/**
 * Vault events by notification level: only events AWS Backup delivers (PutBackupVaultNotifications
 * lists BACKUP_JOB_STARTED/COMPLETED, COPY_JOB_STARTED/SUCCESSFUL/FAILED, RESTORE_JOB_STARTED/COMPLETED,
 * RECOVERY_POINT_MODIFIED and S3_BACKUP/RESTORE_OBJECT_FAILED as supported). The deprecated
 * BACKUP_JOB_FAILED, BACKUP_JOB_SUCCESSFUL, BACKUP_JOB_EXPIRED and RESTORE_JOB_SUCCESSFUL/FAILED are
 * accepted by the API but never sent, so backup and restore failures come from the EventBridge rules
 * below. COPY_JOB_FAILED is delivered, so it is wanted at every level.
 */
export const VAULT_EVENTS_BY_LEVEL: Readonly<Record<NotificationLevel, readonly string[]>> = {
  errors_only: ["COPY_JOB_FAILED", "S3_BACKUP_OBJECT_FAILED", "S3_RESTORE_OBJECT_FAILED"],
  warnings_and_errors: ["COPY_JOB_FAILED", "S3_BACKUP_OBJECT_FAILED", "S3_RESTORE_OBJECT_FAILED", "RECOVERY_POINT_MODIFIED"],
  all: [
    "COPY_JOB_FAILED",
    "S3_BACKUP_OBJECT_FAILED",
    "S3_RESTORE_OBJECT_FAILED",
    "RECOVERY_POINT_MODIFIED",
    "BACKUP_JOB_STARTED",
    "BACKUP_JOB_COMPLETED",
    "COPY_JOB_STARTED",
    "COPY_JOB_SUCCESSFUL",
    "RESTORE_JOB_STARTED",
    "RESTORE_JOB_COMPLETED",
  ],
};

/** An EventBridge rule that forwards AWS Backup job events to the topic. */
export interface JobEventRule {
  /** Name suffix, `<project>-<suffix>-<env>`; with `_` for `-`, the rule's instance key (`backup_job_failed`). */
  readonly suffix: string;
  readonly description: string;
  readonly detailType: string;
  /** The `detail` part of the event pattern. */
  readonly detail: Record<string, unknown>;
  /** True when the rule is wanted at every level; false for warnings_and_errors and all only. */
  readonly everyLevel: boolean;
}

/** The job events that reach the topic. Backup and copy jobs report `state`, restore jobs `status`. */
export const JOB_EVENT_RULES: readonly JobEventRule[] = [
  {
    suffix: "backup-job-failed",
    description: "AWS Backup jobs that failed, were aborted, expired or completed partially",
    detailType: "Backup Job State Change",
    detail: { state: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"] },
    everyLevel: true,
  },
  {
    suffix: "backup-job-issues",
    description: "AWS Backup jobs that completed with issues (a status message)",
    detailType: "Backup Job State Change",
    // "anything-but" matches only a present value other than "" (an absent field matches nothing);
    // `exists: true` would also match an empty message.
    detail: { state: ["COMPLETED"], statusMessage: [{ "anything-but": "" }] },
    everyLevel: false,
  },
  {
    suffix: "copy-job-failed",
    description: "AWS Backup copy jobs that failed or completed partially",
    detailType: "Copy Job State Change",
    detail: { state: ["FAILED", "PARTIAL"] },
    everyLevel: true,
  },
  {
    suffix: "restore-job-failed",
    description: "AWS Backup restore jobs that failed or were aborted",
    detailType: "Restore Job State Change",
    detail: { status: ["FAILED", "ABORTED"] },
    everyLevel: true,
  },
];

/** Properties of {@link BackupNotifications}. */
export interface BackupNotificationsProps {
  readonly enabled: BooleanInput;
  readonly projectName: string;
  readonly environment: string;
  readonly account: AccountContext;
  /** The key that encrypts the topic, or null for an unencrypted topic (encryption off). */
  readonly kmsKeyArn: string | null;
  /** The module's key: each publisher the topic grants gets its key statement. @default none (a key of the user's) */
  readonly key?: BackupKey;
  /** Whether the topic is encrypted (the resolution step's `topicEncrypted`). @default enabled, when kmsKeyArn is not null */
  readonly encrypted?: BooleanInput;
  readonly email: string;
  /** Subscribe {@link email} (the resolution step's `emailSubscription`). @default enabled and email not "" */
  readonly emailSubscription?: BooleanInput;
  readonly level: string;
  /** The vault events sent to the topic (the resolution step's `vaultEvents`). @default those of {@link level} */
  readonly vaultEvents?: string[];
  /** The job rules beyond failures (the resolution step's `detailedJobAlerts`). @default enabled and level above errors_only */
  readonly detailedJobAlerts?: BooleanInput;
  readonly vaultName: string;
  readonly tags: Record<string, string>;
}

/** What differs between the job rules (and their targets), per instance. */
interface JobRuleInstance {
  readonly suffix: string;
  readonly description: string;
  readonly event_pattern: string;
}

/**
 * The notification topic (encrypted with the backup key), an optional email subscription, vault
 * notifications and the EventBridge rules for job events: one rule and one target resource, each
 * with an instance per rule of {@link JOB_EVENT_RULES} (`backup_job_failed`, ...). The topic's
 * policy is made of grants ({@link grantPublish}): the vault notifications and the job rules ask
 * for theirs, this account's CloudWatch alarms always have one (they name the topic by ARN), and
 * other publishers ask through {@link grantPublish}.
 */
export class BackupNotifications extends Construct implements NotificationTopic {
  readonly topic: OptionalResource<SnsTopic>;
  readonly topicPolicy: OptionalResource<SnsTopicPolicy>;
  readonly emailSubscription: OptionalResource<SnsTopicSubscription>;
  readonly vaultNotifications: OptionalResource<BackupVaultNotifications>;
  /** The job rules, one instance per rule of {@link JOB_EVENT_RULES}; undefined when none can exist. */
  readonly jobRule?: CloudwatchEventRule;
  /** The job rules' targets: the topic. */
  readonly jobRuleTarget?: CloudwatchEventTarget;
  /** Whether the topic exists (notifications on). */
  readonly enabled: BooleanInput;
  /** Whether the topic is encrypted with the backup key. */
  readonly encrypted: BooleanInput;
  private readonly backupTopic: BackupTopic;
  private readonly jobRules: ResourceSet<JobRuleInstance>;
  private eventRulesByKey?: OptionalResource<CloudwatchEventRule>[];

  constructor(scope: Construct, id: string, props: BackupNotificationsProps) {
    super(scope, id);
    const { projectName: project, environment: env, enabled, account } = props;
    // The decisions the module resolves; a standalone topic derives them the same way.
    const decided = notificationDecisions(props, new Expressions(this).name);
    this.enabled = enabled;
    this.encrypted = decided.encrypted;
    this.backupTopic = new BackupTopic(this, {
      enabled,
      name: `${project}-backup-notifications-${env}`,
      account,
      kmsKeyArn: props.kmsKeyArn,
      key: props.key,
      encrypted: decided.encrypted,
      tags: props.tags,
    });
    this.topic = this.backupTopic.topic;
    this.topicPolicy = this.backupTopic.policy;
    const topicArn = this.topic.attribute("arn");
    this.emailSubscription = OptionalResource.when(
      decided.emailSubscription,
      (count) => new SnsTopicSubscription(this, "email", { count, topicArn, protocol: "email", endpoint: props.email }),
    );
    this.vaultNotifications = OptionalResource.when(
      enabled,
      (count) =>
        new BackupVaultNotifications(this, "vault_notifications", {
          count,
          backupVaultName: props.vaultName,
          snsTopicArn: topicArn,
          backupVaultEvents: decided.vaultEvents,
        }),
    );
    this.grantPublish(TopicPublisher.backupVaultNotifications(account));

    const set = new ResourceSet<JobRuleInstance>(this, {
      localName: "job_rule_instances",
      instances: JOB_EVENT_RULES.map((rule) => ({
        key: jobRuleKey(rule),
        enabled: rule.everyLevel ? enabled : decided.detailedJobAlerts,
        values: {
          suffix: rule.suffix,
          description: rule.description,
          event_pattern: JSON.stringify({ source: ["aws.backup"], "detail-type": [rule.detailType], detail: rule.detail }),
        },
      })),
    });
    this.jobRules = set;
    // Until issue 9 each rule had a rule and a target resource of its own (ids `backup_job_failed`, `backup_job_failed_target`, ...).
    this.jobRule = set.resource(
      (forEach, each) =>
        new CloudwatchEventRule(this, "job_rules", {
          forEach,
          name: `${project}-${each.string("suffix")}-${env}`,
          description: each.string("description"),
          eventPattern: each.string("event_pattern"),
          tags: props.tags,
        }),
      { id: (key) => key },
    );
    const rule = this.jobRule;
    if (rule) {
      this.jobRuleTarget = set.resource(
        (forEach) => new CloudwatchEventTarget(this, "job_rule_targets", { forEach, rule: eachAttribute(rule, "name"), arn: topicArn }),
        { id: (key) => `${key}_target` },
      );
    }
    this.grantPublish(TopicPublisher.eventRules(account));
    // Alarms name the topic by its ARN, which the topic cannot see them read; as in 0.1.0, this
    // account's CloudWatch alarms may publish to it, whoever wires them.
    this.grantPublish(TopicPublisher.cloudWatchAlarms(account));
  }

  /**
   * The job rules as they were before they became instances of {@link jobRule}, one per rule of
   * {@link JOB_EVENT_RULES} that can exist; their attributes are the instance's.
   * @deprecated read {@link jobRule} (one resource, an instance per rule)
   */
  get eventRules(): OptionalResource<CloudwatchEventRule>[] {
    this.eventRulesByKey ??= this.jobRules.keys.map((key) => this.jobRules.instance(this.jobRule, key));
    return this.eventRulesByKey;
  }

  /**
   * Lets `publisher` publish to the topic: its topic policy statement and, with the module's key,
   * its key policy statement (see {@link BackupTopic.grantPublish}).
   */
  grantPublish(publisher: TopicPublisher): PublishGrant {
    return this.backupTopic.grantPublish(publisher);
  }

  /** The topic's ARN (null when notifications are off). */
  get topicArn(): string {
    return this.topic.attribute("arn");
  }

  /** The topic's ARN, "" when notifications are off (for maps of strings, such as env vars). */
  get topicArnOrEmpty(): string {
    return this.topic.attributeOrEmpty("arn");
  }

  /** Where alarms go: a list of the topic's ARN, empty when notifications are off. */
  get alarmActions(): string[] {
    return attributesOfExisting("arn", this.topic);
  }
}

/** A job rule's instance key: its suffix with `_` for `-` (its construct id before issue 9). */
function jobRuleKey(rule: JobEventRule): string {
  return rule.suffix.replace(/-/g, "_");
}

/**
 * A notification topic as its consumers (alarms, the validator) see it: pass the topic object
 * rather than its ARN and switches.
 */
export interface NotificationTopic {
  /** Whether the topic exists. */
  readonly enabled: BooleanInput;
  /** Whether the topic is encrypted with the backup key (its publishers need the key). */
  readonly encrypted: BooleanInput;
  /** The topic's ARN, "" when there is none. */
  readonly topicArnOrEmpty: string;
  /** A list of the topic's ARN, empty when there is none: alarm actions. */
  readonly alarmActions: string[];
  /**
   * Lets a publisher publish (a topic that manages its own policy, such as {@link BackupNotifications}).
   * @default absent: the topic's policy is its owner's, and an IAM identity's grant is read from the fields above
   */
  grantPublish?(publisher: TopicPublisher): PublishGrant;
}
