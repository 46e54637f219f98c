import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { AccountContext } from "./account";
import { BooleanInput } from "./config";
import { BackupKey } from "./encryption";
import { PublishGrant, TopicPublisher } from "./topic-publishers";
import { OptionalResource } from "./values";

/** Properties of {@link BackupTopic}. */
export interface BackupTopicProps {
  /** Create the topic at all. */
  readonly enabled: BooleanInput;
  readonly name: string;
  readonly account: AccountContext;
  /** The key that encrypts the topic, or null for an unencrypted topic. */
  readonly kmsKeyArn: string | null;
  /**
   * The module's key when it is {@link kmsKeyArn}: each publisher granted gets its key statement.
   * Granted whatever the plan-time switches, so the key policy never depends on them.
   * @default none (unencrypted, or a key of the user's, whose policy is the user's)
   */
  readonly key?: BackupKey;
  /** Whether the topic is encrypted (its publishers then need the key). */
  readonly encrypted: BooleanInput;
  readonly tags: Record<string, string>;
}

/**
 * An SNS topic and its policy, made of grants: the account manages the topic, and each publisher
 * that asks ({@link grantPublish}) gets its statement, in the order asked. Not a construct of its
 * own: the topic and policy were created in the notifications construct before it existed, and
 * stay there so that their Terraform addresses do not change.
 */
export class BackupTopic {
  readonly topic: OptionalResource<SnsTopic>;
  readonly policy: OptionalResource<SnsTopicPolicy>;
  private readonly statements: object[] = [];
  private readonly grantedSids = new Set<string>();

  constructor(
    scope: Construct,
    private readonly props: BackupTopicProps,
  ) {
    const { enabled } = props;
    this.topic = OptionalResource.when(
      enabled,
      (count) => new SnsTopic(scope, "topic", { count, name: props.name, kmsMasterKeyId: props.kmsKeyArn ?? undefined, tags: props.tags }),
    );
    const arn = this.topic.attribute("arn");
    this.statements.push(accountStatement(props.account, arn));
    this.policy = OptionalResource.when(
      enabled,
      (count) =>
        new SnsTopicPolicy(scope, "topic_policy", {
          count,
          arn,
          // Written at synth, once every publisher has asked for its grant.
          policy: Lazy.stringValue({ produce: () => JSON.stringify({ Version: "2012-10-17", Statement: this.statements }) }),
        }),
    );
  }

  /**
   * Lets `publisher` publish: a service gets its topic policy statement and, with the module's
   * key, its key policy statement; an IAM identity of this account gets neither and reads from the
   * grant what its own policy must allow. Asking twice grants once.
   */
  grantPublish(publisher: TopicPublisher): PublishGrant {
    const statement = publisher.topicStatement(this.topic.attribute("arn"));
    if (statement && !this.grantedSids.has(statement.Sid)) {
      this.grantedSids.add(statement.Sid);
      this.statements.push(statement);
    }
    const keyGrantee = publisher.keyGrantee;
    if (keyGrantee) this.props.key?.grantGenerateDataKeyDecrypt(keyGrantee);
    return {
      topicArn: this.topic.attributeOrEmpty("arn"),
      topicExists: this.props.enabled,
      keyArn: this.props.kmsKeyArn ?? "",
      keyNeeded: this.props.encrypted,
    };
  }
}

/** The account manages the topic (and its IAM identities may publish: SNS:Publish). */
function accountStatement(account: AccountContext, topicArn: string): object {
  return {
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
  };
}
