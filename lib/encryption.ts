import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AccountContext } from "./account";
import { BooleanInput } from "./config";
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
  /** Let SNS publishers (backup, events, cloudwatch) and the validator's log group use the key. */
  readonly servesNotifications: boolean;
  /** The validator's log group, whose logs this key may encrypt. */
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

  constructor(scope: Construct, id: string, props: BackupKeyProps) {
    super(scope, id);
    this.key = OptionalResource.when(
      props.enabled,
      (count) =>
        new KmsKey(this, "key", {
          count,
          region: props.region,
          description: props.description,
          enableKeyRotation: true,
          deletionWindowInDays: props.deletionWindowInDays,
          policy: JSON.stringify(keyPolicy(props)),
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
}

function keyPolicy(props: BackupKeyProps): object {
  const { account } = props;
  const region = props.region ?? account.region;
  const sourceAccount = { "aws:SourceAccount": account.accountId };
  const statements: object[] = [
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
        StringEquals: { "kms:CallerAccount": account.accountId, "kms:ViaService": account.regionalService("backup", region) },
      },
    },
  ];
  if (props.servesNotifications) {
    const topicKeyActions = ["kms:Decrypt", "kms:GenerateDataKey*"];
    statements.push(
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
          ArnLike: { "aws:SourceArn": `arn:${account.partition}:cloudwatch:${region}:${account.accountId}:alarm:*` },
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
    );
  }
  if (props.validatorLogGroupName !== undefined) {
    statements.push({
      // Scoped by the encryption context CloudWatch Logs sends: this account's validator log group only.
      Sid: "AllowValidatorLogGroup",
      Effect: "Allow",
      Principal: { Service: account.regionalService("logs", region) },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnEquals: {
          "kms:EncryptionContext:aws:logs:arn": `arn:${account.partition}:logs:${region}:${account.accountId}:log-group:${props.validatorLogGroupName}`,
        },
      },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}
