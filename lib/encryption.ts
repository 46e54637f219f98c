import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AccountContext } from "./account";
import { BooleanInput } from "./config";
import { logGroupArn, regionalArn } from "./names";
import { OptionalResource } from "./values";

/** Properties of {@link BackupKey}. */
export interface BackupKeyProps {
  /** Create the key at all (`enable_backup_encryption`). */
  readonly enabled: BooleanInput;
  /** The alias, e.g. `alias/arrakis-backup-production`. */
  readonly aliasName: string;
  readonly description: string;
  readonly account: AccountContext;
  /** The key's region; undefined for the provider's region. */
  readonly region?: string;
  /** `kms_deletion_window`. */
  readonly deletionWindowInDays: number;
  /**
   * Let SNS publishers (backup, events, cloudwatch) use the key.
   * @deprecated call {@link BackupKey.grantTopicPublishers} (the notifications construct does) @default false
   */
  readonly servesNotifications?: boolean;
  /**
   * The validator's log group, whose logs this key may encrypt.
   * @deprecated call {@link BackupKey.grantLogGroup} (the validator construct does) @default none
   */
  readonly validatorLogGroupName?: string;
  readonly preventDestroy: boolean;
  readonly tags: Record<string, string>;
}

/**
 * A customer-managed KMS key for backups (rotation on) and its alias. The key policy keeps the
 * account in control through IAM and lets each AWS service that must use the key do so, and no more.
 */
export class BackupKey extends Construct {
  /** The key, absent when encryption is off. */
  readonly key: OptionalResource<KmsKey>;
  /** The alias, absent when encryption is off. */
  readonly alias: OptionalResource<KmsAlias>;

  /** The key policy's statements: the base ones, then one set per grant, in the order granted. */
  private readonly statements: object[];
  private readonly props: BackupKeyProps;
  private grantedTopicPublishers = false;
  private readonly grantedLogGroups = new Set<string>();
  private grantedReportDelivery = false;

  constructor(scope: Construct, id: string, props: BackupKeyProps) {
    super(scope, id);
    this.props = props;
    this.statements = baseStatements(props);
    if (props.servesNotifications) this.grantTopicPublishers();
    if (props.validatorLogGroupName !== undefined) this.grantLogGroup(props.validatorLogGroupName);
    this.key = OptionalResource.when(
      props.enabled,
      (count) =>
        new KmsKey(this, "key", {
          count,
          region: props.region,
          description: props.description,
          enableKeyRotation: true,
          deletionWindowInDays: props.deletionWindowInDays,
          // Written at synth, once every consumer has asked for its grant.
          policy: Lazy.stringValue({ produce: () => JSON.stringify({ Version: "2012-10-17", Statement: this.statements }) }),
          tags: props.tags,
          lifecycle: { preventDestroy: props.preventDestroy },
        }),
    );
    this.alias = OptionalResource.when(
      props.enabled,
      (count) =>
        new KmsAlias(this, "alias", { count, region: props.region, name: props.aliasName, targetKeyId: this.key.attribute("key_id") }),
    );
  }

  /** The key ARN, or null when encryption is off. */
  get arn(): string {
    return this.key.attribute("arn");
  }

  /**
   * Lets the services that publish to an SNS topic encrypted with this key (AWS Backup's vault
   * notifications, EventBridge rules, CloudWatch alarms) use it, each scoped to this account.
   */
  grantTopicPublishers(): void {
    if (this.grantedTopicPublishers) return;
    this.grantedTopicPublishers = true;
    this.statements.push(...topicPublisherStatements(this.props));
  }

  /**
   * Lets Backup Audit Manager's service-linked role of this account write its reports into a
   * bucket encrypted with this key (through S3 only).
   */
  grantReportDelivery(): void {
    if (this.grantedReportDelivery) return;
    this.grantedReportDelivery = true;
    const { account } = this.props;
    this.statements.push({
      Sid: "AllowBackupReportDelivery",
      Effect: "Allow",
      Principal: { AWS: backupReportsRoleArn(account) },
      Action: ["kms:GenerateDataKey*", "kms:Encrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": account.regionalService("s3", regionOf(this.props)) } },
    });
  }

  /** Lets CloudWatch Logs encrypt the log group `logGroupName` of this account with this key. */
  grantLogGroup(logGroupName: string): void {
    if (this.grantedLogGroups.has(logGroupName)) return;
    this.grantedLogGroups.add(logGroupName);
    this.statements.push(logGroupStatement(this.props, logGroupName));
  }
}

/** Backup Audit Manager's service-linked role in this account (its path is the service principal's name). */
export function backupReportsRoleArn(account: { partition: string; accountId: string; servicePrincipal(service: string): string }): string {
  return `arn:${account.partition}:iam::${account.accountId}:role/aws-service-role/${account.servicePrincipal("reports.backup")}/AWSServiceRoleForBackupReports`;
}

function regionOf(props: BackupKeyProps): string {
  return props.region ?? props.account.region;
}

/** The account keeps control through IAM; AWS Backup of this account may use the key. */
function baseStatements(props: BackupKeyProps): object[] {
  const { account } = props;
  return [
    {
      Sid: "KeepAccountInControl",
      Effect: "Allow",
      Principal: { AWS: account.rootPrincipal },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "AllowAwsBackupInThisAccount",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": account.accountId, "kms:ViaService": account.regionalService("backup", regionOf(props)) },
      },
    },
  ];
}

function topicPublisherStatements(props: BackupKeyProps): object[] {
  const { account } = props;
  const sourceAccount = { "aws:SourceAccount": account.accountId };
  const topicKeyActions = ["kms:Decrypt", "kms:GenerateDataKey*"];
  return [
    {
      Sid: "AllowBackupVaultNotificationsToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: account.servicePrincipal("backup") },
      Action: topicKeyActions,
      Resource: "*",
      Condition: { StringEquals: sourceAccount },
    },
    {
      Sid: "AllowAlarmsToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: account.servicePrincipal("cloudwatch") },
      Action: topicKeyActions,
      Resource: "*",
      Condition: {
        StringEquals: sourceAccount,
        ArnLike: { "aws:SourceArn": regionalArn(account.partition, "cloudwatch", regionOf(props), account.accountId, "alarm:*") },
      },
    },
    {
      // No aws:SourceAccount/aws:SourceArn here: AWS documents that EventBridge's delivery to an
      // encrypted topic does not carry them to KMS, so such a condition would drop every event.
      // The topic policy scopes EventBridge to this account's rules instead.
      Sid: "AllowEventRulesToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: account.servicePrincipal("events") },
      Action: topicKeyActions,
      Resource: "*",
    },
  ];
}

/** Scoped by the encryption context CloudWatch Logs sends: this account's log group only. */
function logGroupStatement(props: BackupKeyProps, logGroupName: string): object {
  const { account } = props;
  const region = regionOf(props);
  return {
    Sid: "AllowValidatorLogGroup",
    Effect: "Allow",
    Principal: { Service: account.regionalService("logs", region) },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: {
      ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn(account.partition, region, account.accountId, logGroupName) },
    },
  };
}
