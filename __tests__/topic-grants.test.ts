import { TerraformLocal, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { AccountContext } from "../lib/account";
import { BackupKey, BackupKeyProps } from "../lib/encryption";
import { BackupNotifications } from "../lib/notifications";
import { regionalArn } from "../lib/names";
import { BackupTopic } from "../lib/topic";
import { TopicPublisher } from "../lib/topic-publishers";
import { BackupValidatorFunction } from "../lib/validator-function";
import { baseConfig, resourceOf, resourcesOf, standaloneValidatorProps, synthBackup } from "./synth";

/* The topic policy is made of grants, aws-cdk style: each publisher asks the topic, which asks the key. */

type Statement = { Sid: string; [key: string]: unknown };
const BASE_KEY_SIDS = ["KeepAccountInControl", "AllowAwsBackupInThisAccount"];
const KEY_ARN = "arn:aws:kms:us-west-2:123456789012:key/k";

/** A stack with an account, the module's key and a topic (encrypted with that key unless `encrypted` is false). */
function topicStack(options: { encrypted?: boolean; keyProps?: Partial<BackupKeyProps> } = {}) {
  const stack = new TerraformStack(Testing.app(), "topic");
  const account = new AccountContext(stack, "account", { region: "us-west-2", accountId: "123456789012" });
  const key = new BackupKey(stack, "kms", {
    enabled: true,
    aliasName: "alias/arrakis-backup-test",
    description: "test",
    account,
    deletionWindowInDays: 30,
    preventDestroy: false,
    tags: {},
    ...options.keyProps,
  });
  const encrypted = options.encrypted ?? true;
  const topic = new BackupTopic(stack, {
    enabled: true,
    name: "arrakis-backup-notifications-test",
    account,
    kmsKeyArn: encrypted ? KEY_ARN : null,
    key: encrypted ? key : undefined,
    encrypted,
    tags: {},
  });
  const synth = () => {
    const json = JSON.parse(Testing.synth(stack));
    const policy = (type: string) => JSON.parse(Object.values(json.resource[type] as Record<string, { policy: string }>)[0].policy).Statement as Statement[];
    return { topic: policy("aws_sns_topic_policy"), key: policy("aws_kms_key"), locals: (json.locals ?? {}) as Record<string, string> };
  };
  return { stack, account, key, topic, synth };
}

const PUBLISHERS = [
  ["vault notifications", (a: AccountContext) => TopicPublisher.backupVaultNotifications(a), "AwsBackupVaultNotifications", "AllowBackupVaultNotificationsToEncryptedTopic"],
  ["EventBridge rules", (a: AccountContext) => TopicPublisher.eventRules(a), "EventBridgeJobRules", "AllowEventRulesToEncryptedTopic"],
  ["CloudWatch alarms", (a: AccountContext) => TopicPublisher.cloudWatchAlarms(a), "CloudWatchAlarms", "AllowAlarmsToEncryptedTopic"],
] as const;

describe("topic grants", () => {
  it("a topic nobody granted lets only the account manage it, and asks nothing of its key", () => {
    const { topic, key } = topicStack().synth();
    expect(topic.map((s) => s.Sid)).toEqual(["AccountManagesTopic"]);
    expect(key.map((s) => s.Sid)).toEqual(BASE_KEY_SIDS);
  });

  it.each(PUBLISHERS)("granting %s adds exactly its statement to the topic and to the key", (_name, publisher, topicSid, keySid) => {
    const t = topicStack();
    t.topic.grantPublish(publisher(t.account));
    t.topic.grantPublish(publisher(t.account));
    const { topic, key } = t.synth();
    expect(topic.map((s) => s.Sid)).toEqual(["AccountManagesTopic", topicSid]);
    expect(key.map((s) => s.Sid)).toEqual([...BASE_KEY_SIDS, keySid]);
    expect(topic[1]).toMatchObject({ Effect: "Allow", Action: "SNS:Publish", Condition: { StringEquals: { "aws:SourceAccount": expect.stringMatching(/account_id\}$/) } } });
    expect(key[2]).toMatchObject({ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" });
  });

  it.each(PUBLISHERS)("granting %s on an unencrypted topic adds no key statement", (_name, publisher, topicSid) => {
    const t = topicStack({ encrypted: false });
    t.topic.grantPublish(publisher(t.account));
    const { topic, key } = t.synth();
    expect(topic.map((s) => s.Sid)).toEqual(["AccountManagesTopic", topicSid]);
    expect(key.map((s) => s.Sid)).toEqual(BASE_KEY_SIDS);
  });

  it("keeps every confused-deputy condition: source account everywhere, source ARN for rules and alarms, none for EventBridge on the key", () => {
    const t = topicStack();
    for (const [, publisher] of PUBLISHERS) t.topic.grantPublish(publisher(t.account));
    const { topic, key } = t.synth();
    const bySid = (statements: Statement[], sid: string) => statements.find((s) => s.Sid === sid) as any;
    expect(bySid(topic, "AwsBackupVaultNotifications").Condition.ArnLike).toBeUndefined();
    expect(bySid(topic, "EventBridgeJobRules").Condition.ArnLike["aws:SourceArn"]).toMatch(/:events:\$\{data\.aws_region\.\w+\.region\}:\$\{data\.aws_caller_identity\.\w+\.account_id\}:rule\/\*$/);
    expect(bySid(topic, "CloudWatchAlarms").Condition.ArnLike["aws:SourceArn"]).toMatch(/:cloudwatch:.*:alarm:\*$/);
    expect(bySid(key, "AllowBackupVaultNotificationsToEncryptedTopic").Condition).toEqual(bySid(topic, "AwsBackupVaultNotifications").Condition);
    expect(bySid(key, "AllowAlarmsToEncryptedTopic").Condition).toEqual(bySid(topic, "CloudWatchAlarms").Condition);
    // AWS documents that EventBridge's delivery to an encrypted topic carries no source to KMS.
    expect(bySid(key, "AllowEventRulesToEncryptedTopic").Condition).toBeUndefined();
    expect(bySid(key, "AllowEventRulesToEncryptedTopic").Principal.Service).toMatch(/^events\./);
  });

  it("an IAM identity of the account adds nothing to either policy and reads what its own policy must allow", () => {
    const t = topicStack();
    const grant = t.topic.grantPublish(TopicPublisher.accountIdentity());
    expect(grant).toMatchObject({ keyArn: KEY_ARN, keyNeeded: true, topicExists: true });
    new TerraformLocal(t.stack, "granted_topic", grant.topicArn);
    const { topic, key, locals } = t.synth();
    expect(locals.granted_topic).toMatch(/^\$\{aws_sns_topic\.topic\.arn\}$/);
    expect(topic.map((s) => s.Sid)).toEqual(["AccountManagesTopic"]);
    expect(key.map((s) => s.Sid)).toEqual(BASE_KEY_SIDS);
  });

  it("the same statement id granted with other contents is refused (two alarm regions on one key)", () => {
    const t = topicStack();
    t.key.grantGenerateDataKeyDecrypt(TopicPublisher.cloudWatchAlarms(t.account).keyGrantee!);
    expect(() => t.key.grantGenerateDataKeyDecrypt(TopicPublisher.cloudWatchAlarms(t.account, "us-east-1").keyGrantee!)).toThrow(/AllowAlarmsToEncryptedTopic granted twice/);
  });
});

/** The key statements the key wrote for its topic publishers before grants (v0.1.0's `topicPublisherStatements`). */
function previousTopicPublisherStatements(account: AccountContext): object[] {
  const sourceAccount = { "aws:SourceAccount": account.accountId };
  const topicKeyActions = ["kms:Decrypt", "kms:GenerateDataKey*"];
  return [
    { Sid: "AllowBackupVaultNotificationsToEncryptedTopic", Effect: "Allow", Principal: { Service: account.servicePrincipal("backup") }, Action: topicKeyActions, Resource: "*", Condition: { StringEquals: sourceAccount } },
    {
      Sid: "AllowAlarmsToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: account.servicePrincipal("cloudwatch") },
      Action: topicKeyActions,
      Resource: "*",
      Condition: { StringEquals: sourceAccount, ArnLike: { "aws:SourceArn": regionalArn(account.partition, "cloudwatch", account.region, account.accountId, "alarm:*") } },
    },
    { Sid: "AllowEventRulesToEncryptedTopic", Effect: "Allow", Principal: { Service: account.servicePrincipal("events") }, Action: topicKeyActions, Resource: "*" },
  ];
}

describe("deprecated paths write the policies they wrote before", () => {
  /** Synthesizes the stack with the previous statements beside it, their tokens resolved alike (a local). */
  const synthWithPrevious = (t: ReturnType<typeof topicStack>) => {
    new TerraformLocal(t.stack, "previous", JSON.stringify(previousTopicPublisherStatements(t.account)));
    const { key, locals } = t.synth();
    return { key, previous: JSON.parse(locals.previous) };
  };

  it("servesNotifications: the three publisher statements, in their previous order and contents", () => {
    const t = topicStack({ encrypted: false, keyProps: { servesNotifications: true } });
    const { key, previous } = synthWithPrevious(t);
    expect(key.slice(0, 2).map((s) => s.Sid)).toEqual(BASE_KEY_SIDS);
    expect(key.slice(2)).toEqual(previous);
  });

  it("grantTopicPublishers(), then the topic's own grants: the previous statements once each, in the previous order", () => {
    const t = topicStack();
    t.key.grantTopicPublishers();
    for (const [, publisher] of PUBLISHERS) t.topic.grantPublish(publisher(t.account));
    const { key, previous } = synthWithPrevious(t);
    expect(key.slice(2)).toEqual(previous);
  });

  it("the standalone notifications construct lets its publishers and this account's alarms publish, as its fixed policy did, even for alarms wired by topicArn", () => {
    const stack = new TerraformStack(Testing.app(), "standalone");
    const account = new AccountContext(stack, "account", { region: "us-west-2", accountId: "123456789012" });
    const common = { projectName: "arrakis", environment: "staging", account, email: "", level: "all", vaultName: "v", tags: {} };
    const notifications = new BackupNotifications(stack, "notifications", { ...common, enabled: true, kmsKeyArn: KEY_ARN });
    expect(notifications.topicArn).toMatch(/^\$\{TfToken/); // an alarm of the user's would name the topic by this ARN; alarmActions is never read
    const json = JSON.parse(Testing.synth(stack));
    const policy = JSON.parse(Object.values(json.resource.aws_sns_topic_policy as Record<string, { policy: string }>)[0].policy);
    expect(policy.Statement.map((s: Statement) => s.Sid)).toEqual(["AccountManagesTopic", "AwsBackupVaultNotifications", "EventBridgeJobRules", "CloudWatchAlarms"]);
  });
});

describe("the module's grants", () => {
  const production = synthBackup(baseConfig("production"));
  const sids = (resource: { policy: string }) => (JSON.parse(resource.policy).Statement as Statement[]).map((s) => s.Sid);

  it("the topic policy keeps its statements and order: the account, then vault notifications, EventBridge rules and alarms", () => {
    expect(sids(resourceOf(production, "aws_sns_topic_policy"))).toEqual(["AccountManagesTopic", "AwsBackupVaultNotifications", "EventBridgeJobRules", "CloudWatchAlarms"]);
  });

  it("without notifications the key still grants the topic's publishers, whatever the switch (its policy depends on no plan-time switch)", () => {
    const quiet = synthBackup(baseConfig("production", { enableBackupNotifications: false }));
    expect(sids(resourceOf(quiet, "aws_kms_key", "backup_kms"))).toEqual(sids(resourceOf(production, "aws_kms_key", "backup_kms")));
  });
});

describe("the validator publishes through the topic's grant", () => {
  it("its role may use the topic's key through SNS, even when the topic's key is not the recovery points' key", () => {
    const stack = new TerraformStack(Testing.app(), "validator");
    const account = new AccountContext(stack, "account", { region: "us-west-2", accountId: "123456789012" });
    const common = { projectName: "arrakis", environment: "staging", account, tags: {} };
    const topic = new BackupNotifications(stack, "notifications", { ...common, enabled: true, kmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/topic", email: "", level: "all", vaultName: "v" });
    new BackupValidatorFunction(stack, "validator", { ...standaloneValidatorProps(account), topic, kmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/recovery-points" });
    const json = JSON.parse(Testing.synth(stack));
    const policy = JSON.parse(Object.values(json.resource.aws_iam_role_policy as Record<string, { policy: string }>)[0].policy);
    const bySid = (sid: string) => policy.Statement.find((s: Statement) => s.Sid === sid);
    expect(bySid("UseTopicKey").Resource).toEqual(["arn:aws:kms:us-west-2:123456789012:key/topic"]);
    expect(bySid("UseTopicKey").Condition.StringEquals["kms:ViaService"]).toMatch(/^sns\./);
    expect(bySid("PublishReport").Resource).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.notifications_topic_\w+\.arn\}$/)]);
  });
});

describe("the job rules are one rule and one target resource, an instance per rule", () => {
  /** The instance keys of the notifications' job rules (or targets), with each instance's name. */
  const instances = (json: ReturnType<typeof synthBackup>, type: string) =>
    Object.entries(resourcesOf(json, type))
      .filter(([address]) => address.includes("_job_rule"))
      .map(([address, r]) => [/\["(\w+)"\]$/.exec(address)?.[1], r.name ?? r.rule]);

  it("errors_only has the three failure rules, all adds the completed-with-issues rule, each named as before", () => {
    const errorsOnly = synthBackup(baseConfig("production", { notificationLevel: "errors_only" }));
    expect(instances(errorsOnly, "aws_cloudwatch_event_rule")).toEqual([
      ["backup_job_failed", "arrakis-backup-job-failed-production"],
      ["copy_job_failed", "arrakis-copy-job-failed-production"],
      ["restore_job_failed", "arrakis-restore-job-failed-production"],
    ]);
    const all = synthBackup(baseConfig("production", { notificationLevel: "all" }));
    expect(instances(all, "aws_cloudwatch_event_rule").map(([key]) => key)).toEqual(["backup_job_failed", "backup_job_issues", "copy_job_failed", "restore_job_failed"]);
    expect(instances(all, "aws_cloudwatch_event_target")).toEqual(
      ["backup_job_failed", "backup_job_issues", "copy_job_failed", "restore_job_failed"].map((key) => [key, expect.stringMatching(new RegExp(`^\\$\\{aws_cloudwatch_event_rule\\.backup_notifications_job_rules_\\w+\\["${key}"\\]\\.name\\}$`))]),
    );
  });

  it("without notifications there are none", () => {
    const quiet = synthBackup(baseConfig("production", { enableBackupNotifications: false }));
    expect(instances(quiet, "aws_cloudwatch_event_rule")).toEqual([]);
    expect(instances(quiet, "aws_cloudwatch_event_target")).toEqual([]);
  });

  it("the deprecated eventRules still read each rule: the instance's attributes, null-safe when decided at plan time", () => {
    const stack = new TerraformStack(Testing.app(), "rules");
    const account = new AccountContext(stack, "account", { region: "us-west-2", accountId: "123456789012" });
    const common = { projectName: "arrakis", environment: "staging", account, email: "", vaultName: "v", tags: {}, kmsKeyArn: null };
    const literal = new BackupNotifications(stack, "literal", { ...common, enabled: true, level: "errors_only" });
    new TerraformLocal(stack, "literal_arns", literal.eventRules.map((r) => r.attribute("arn")));
    const level = new TerraformVariable(stack, "level", { type: "string" }).stringValue;
    const planTime = new BackupNotifications(stack, "plan_time", { ...common, enabled: true, level });
    const issues = planTime.eventRules[1];
    expect(issues.counted).toBe(true);
    expect(planTime.eventRules[0].counted).toBe(false);
    new TerraformLocal(stack, "plan_time_arn", issues.attribute("arn"));
    const locals = JSON.parse(Testing.synth(stack)).locals;
    expect(locals.literal_arns).toEqual(
      ["backup_job_failed", "copy_job_failed", "restore_job_failed"].map((key) => expect.stringMatching(new RegExp(`^\\$\\{aws_cloudwatch_event_rule\\.literal_job_rules_\\w+\\["${key}"\\]\\.arn\\}$`))),
    );
    expect(locals.plan_time_arn).toMatch(/^\$\{try\(aws_cloudwatch_event_rule\.plan_time_job_rules_\w+\["backup_job_issues"\]\.arn, null\)\}$/);
  });
});
