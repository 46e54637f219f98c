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
import { regionalArn } from "./names";
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
  /** Construct id and name suffix: `<project>-<suffix>-<env>`. */
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
  /** The module's key, granted to the services that publish to the topic. @default none (a key of the user's) */
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

/**
 * The notification topic (encrypted with the backup key), its policy for each publishing service,
 * an optional email subscription, vault notifications and the EventBridge rules for job failures.
 */
export class BackupNotifications extends Construct implements NotificationTopic {
  readonly topic: OptionalResource<SnsTopic>;
  readonly topicPolicy: OptionalResource<SnsTopicPolicy>;
  readonly emailSubscription: OptionalResource<SnsTopicSubscription>;
  readonly vaultNotifications: OptionalResource<BackupVaultNotifications>;
  readonly eventRules: OptionalResource<CloudwatchEventRule>[];
  /** Whether the topic exists (notifications on). */
  readonly enabled: BooleanInput;
  /** Whether the topic is encrypted with the backup key. */
  readonly encrypted: BooleanInput;

  constructor(scope: Construct, id: string, props: BackupNotificationsProps) {
    super(scope, id);
    const { projectName: project, environment: env, enabled } = props;
    // The decisions the module resolves; a standalone topic derives them the same way.
    const decided = notificationDecisions(props, new Expressions(this).name);
    this.enabled = enabled;
    this.encrypted = decided.encrypted;
    props.key?.grantTopicPublishers();
    this.topic = OptionalResource.when(
      enabled,
      (count) =>
        new SnsTopic(this, "topic", {
          count,
          name: `${project}-backup-notifications-${env}`,
          kmsMasterKeyId: props.kmsKeyArn ?? undefined,
          tags: props.tags,
        }),
    );
    const topicArn = this.topic.attribute("arn");
    this.topicPolicy = OptionalResource.when(
      enabled,
      (count) => new SnsTopicPolicy(this, "topic_policy", { count, arn: topicArn, policy: JSON.stringify(topicPolicy(props.account, topicArn)) }),
    );
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
    this.eventRules = JOB_EVENT_RULES.map((rule) => {
      const wanted = rule.everyLevel ? enabled : decided.detailedJobAlerts;
      const eventRule = OptionalResource.when(
        wanted,
        (count) =>
          new CloudwatchEventRule(this, rule.suffix.replace(/-/g, "_"), {
            count,
            name: `${project}-${rule.suffix}-${env}`,
            description: rule.description,
            eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": [rule.detailType], detail: rule.detail }),
            tags: props.tags,
          }),
      );
      OptionalResource.when(
        wanted,
        (count) =>
          new CloudwatchEventTarget(this, `${rule.suffix.replace(/-/g, "_")}_target`, {
            count,
            rule: eventRule.attribute("name"),
            arn: topicArn,
          }),
      );
      return eventRule;
    });
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
}

function topicPolicy(account: AccountContext, topicArn: string): object {
  const sourceAccount = { "aws:SourceAccount": account.accountId };
  const publisher = (sid: string, service: string, sourceArn?: string) => ({
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: account.servicePrincipal(service) },
    Action: "SNS:Publish",
    Resource: topicArn,
    Condition: sourceArn === undefined ? { StringEquals: sourceAccount } : { StringEquals: sourceAccount, ArnLike: { "aws:SourceArn": sourceArn } },
  });
  const inThisAccount = (service: string, resource: string) => regionalArn(account.partition, service, account.region, account.accountId, resource);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountManagesTopic",
        Effect: "Allow",
        Principal: { AWS: account.rootPrincipal },
        Action: [
          "SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish",
        ],
        Resource: topicArn,
      },
      publisher("AwsBackupVaultNotifications", "backup"),
      publisher("EventBridgeJobRules", "events", inThisAccount("events", "rule/*")),
      publisher("CloudWatchAlarms", "cloudwatch", inThisAccount("cloudwatch", "alarm:*")),
    ],
  };
}
