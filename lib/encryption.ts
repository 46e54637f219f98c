import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AccountContext } from "./account";
import { BooleanInput } from "./config";
import { logGroupArn } from "./names";
import { TopicPublisher } from "./topic-publishers";
import { OptionalResource } from "./values";

/** A principal the key lets generate data keys and decrypt, with its statement's id and scope. */
export interface KeyGrantee {
  /** The statement's id: one statement per id. */
  readonly sid: string;
  /** The key policy principal, e.g. `{ Service: "events.amazonaws.com" }`. */
  readonly principal: Record<string, string>;
  /** The statement's condition (aws:SourceAccount, aws:SourceArn). @default none */
  readonly condition?: Record<string, unknown>;
}

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
   * @deprecated the topic grants its publishers (`grantPublish` of the notifications construct) @default false
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
  /** Each granted statement's JSON by id: a grant asked twice adds one statement. */
  private readonly grantedStatements = new Map<string, string>();
  private readonly grantedLogGroups = new Set<string>();

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
   * Lets `grantee` generate data keys and decrypt (`kms:GenerateDataKey*`, `kms:Decrypt`): what a
   * service publishing to an SNS topic encrypted with this key needs. The topic asks for it when a
   * publisher asks the topic (`grantPublish`). One statement per id; the same id granted again with
   * another statement is a programming error.
   */
  grantGenerateDataKeyDecrypt(grantee: KeyGrantee): void {
    this.grant(grantee.sid, {
      Sid: grantee.sid,
      Effect: "Allow",
      Principal: grantee.principal,
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      ...(grantee.condition && { Condition: grantee.condition }),
    });
  }

  /**
   * Lets the services that publish to an SNS topic encrypted with this key (AWS Backup's vault
   * notifications, CloudWatch alarms, EventBridge rules) use it, each scoped to this account.
   * @deprecated each publisher asks the topic (`grantPublish`), which asks the key
   */
  grantTopicPublishers(): void {
    const { account } = this.props;
    for (const publisher of [
      TopicPublisher.backupVaultNotifications(account),
      TopicPublisher.cloudWatchAlarms(account, regionOf(this.props)),
      TopicPublisher.eventRules(account),
    ]) {
      this.grantGenerateDataKeyDecrypt(publisher.keyGrantee!);
    }
  }

  /**
   * Lets Backup Audit Manager's service-linked role of this account write its reports into a
   * bucket encrypted with this key (through S3 only).
   */
  grantReportDelivery(): void {
    const { account } = this.props;
    this.grant("AllowBackupReportDelivery", {
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

  private grant(sid: string, statement: object): void {
    const json = JSON.stringify(statement);
    const granted = this.grantedStatements.get(sid);
    if (granted === json) return;
    if (granted !== undefined) throw new Error(`${this.node.path}: key policy statement ${sid} granted twice with different contents`);
    this.grantedStatements.set(sid, json);
    this.statements.push(statement);
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
