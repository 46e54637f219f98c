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
        StringEquals: { "kms:CallerAccount": account.accountId, "kms:ViaService": `backup.${region}.amazonaws.com` },
      },
    },
  ];
  if (props.servesNotifications) {
    statements.push({
      Sid: "AllowPublishersToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: ["backup.amazonaws.com", "events.amazonaws.com", "cloudwatch.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
  }
  if (props.validatorLogGroupName !== undefined) {
    statements.push({
      Sid: "AllowValidatorLogGroup",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
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
