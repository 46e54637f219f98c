import type { AccountContext } from "./account";
import type { BooleanInput } from "./config";
import type { KeyGrantee } from "./encryption";
import { regionalArn } from "./names";

/** A policy statement's `Condition` block. */
export type PolicyCondition = Record<string, Record<string, string>>;

/** An AWS service that publishes to the topic for this account, with what scopes it in each policy. */
interface ServicePublishing {
  readonly account: AccountContext;
  /** The service's name before the partition's DNS suffix, e.g. `backup`. */
  readonly service: string;
  /** The topic policy statement's id and condition (confused deputy: aws:SourceAccount, aws:SourceArn). */
  readonly topicSid: string;
  readonly topicCondition: PolicyCondition;
  /** The key policy statement's id and condition; undefined condition: none (see {@link TopicPublisher.eventRules}). */
  readonly keySid: string;
  readonly keyCondition?: PolicyCondition;
}

/**
 * Who publishes to a notification topic, as it asks the topic for permission
 * (`topic.grantPublish(TopicPublisher.cloudWatchAlarms(account))`), aws-cdk style. A service is
 * let in by the topic policy and, when the topic is encrypted with the module's key, by the key
 * policy; an IAM identity of this account needs neither (both let the account's IAM decide), so
 * its grant only says what its own policy must allow.
 */
export class TopicPublisher {
  /** AWS Backup's vault notifications (`aws_backup_vault_notifications`) of this account. */
  static backupVaultNotifications(account: AccountContext): TopicPublisher {
    const sourceAccount = { StringEquals: { "aws:SourceAccount": account.accountId } };
    return new TopicPublisher({
      account,
      service: "backup",
      topicSid: "AwsBackupVaultNotifications",
      topicCondition: sourceAccount,
      keySid: "AllowBackupVaultNotificationsToEncryptedTopic",
      keyCondition: sourceAccount,
    });
  }

  /** EventBridge rules of this account in its region (job state changes, tamper alerts, forwarded replica events). */
  static eventRules(account: AccountContext): TopicPublisher {
    return new TopicPublisher({
      account,
      service: "events",
      topicSid: "EventBridgeJobRules",
      topicCondition: {
        StringEquals: { "aws:SourceAccount": account.accountId },
        ArnLike: { "aws:SourceArn": regionalArn(account.partition, "events", account.region, account.accountId, "rule/*") },
      },
      // No aws:SourceAccount/aws:SourceArn in the key policy: AWS documents that EventBridge's
      // delivery to an encrypted topic does not carry them to KMS, so such a condition would drop
      // every event. The topic policy scopes EventBridge to this account's rules instead.
      keySid: "AllowEventRulesToEncryptedTopic",
    });
  }

  /** CloudWatch alarms of this account in `region` (the topic's region). @param region default: the account's region */
  static cloudWatchAlarms(account: AccountContext, region: string = account.region): TopicPublisher {
    const condition = {
      StringEquals: { "aws:SourceAccount": account.accountId },
      ArnLike: { "aws:SourceArn": regionalArn(account.partition, "cloudwatch", region, account.accountId, "alarm:*") },
    };
    return new TopicPublisher({ account, service: "cloudwatch", topicSid: "CloudWatchAlarms", topicCondition: condition, keySid: "AllowAlarmsToEncryptedTopic", keyCondition: condition });
  }

  /** An IAM role or user of this account (the validator's role): its own policy carries the grant. */
  static accountIdentity(): TopicPublisher {
    return new TopicPublisher(undefined);
  }

  private constructor(private readonly service: ServicePublishing | undefined) {}

  /** The topic policy statement letting this publisher publish to `topicArn`; undefined for an IAM identity. */
  topicStatement(topicArn: string): { readonly Sid: string } | undefined {
    const s = this.service;
    if (!s) return undefined;
    const statement = { Sid: s.topicSid, Effect: "Allow", Principal: { Service: s.account.servicePrincipal(s.service) }, Action: "SNS:Publish", Resource: topicArn, Condition: s.topicCondition };
    return statement;
  }

  /** Who the topic's key must let in for this publisher; undefined for an IAM identity. */
  get keyGrantee(): KeyGrantee | undefined {
    const s = this.service;
    if (!s) return undefined;
    return { sid: s.keySid, principal: { Service: s.account.servicePrincipal(s.service) }, condition: s.keyCondition };
  }
}

/**
 * What a publish grant names: the topic and, when it is encrypted, its key. An IAM identity's
 * policy allows `sns:Publish` on {@link topicArn} while the topic exists and the key (through SNS)
 * while it is encrypted.
 */
export interface PublishGrant {
  /** The topic's ARN, "" when there is none. */
  readonly topicArn: string;
  /** Whether the topic exists. */
  readonly topicExists: BooleanInput;
  /** The key encrypting the topic, "" when there is none. */
  readonly keyArn: string;
  /** Whether the topic is encrypted (publishers then need the key). */
  readonly keyNeeded: BooleanInput;
}
