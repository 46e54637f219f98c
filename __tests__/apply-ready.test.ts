/**
 * Issue 7: fixes from an AWS review of the generated plan (notifications, policies, switches,
 * the replica region). Items with their own home are tested there: reserved concurrency, the
 * not-run alarm, the Lambda key and log retention in validator-wiring.test.ts; RDS ARNs and the
 * new inputs' rules in input-validation.test.ts; service principals and aws:SourceAccount over
 * generated configurations in aws-invariants.test.ts; plan-time checks in module/tests.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { BackupModule } from "../lib/backup-module";
import { BackupStack } from "../lib/backup-stack";
import { NOTIFICATION_LEVELS } from "../lib/config";
import { BackupConfigErrors } from "../lib/errors";
import { JOB_EVENT_RULES, VAULT_EVENTS_BY_LEVEL } from "../lib/notifications";
import { TerraformJson, baseConfig, expandForEach, configErrors, resourceOf, resourcesOf, synthBackup, synthWithWarnings } from "./synth";

const production = synthBackup(baseConfig("production"));
const policyOf = (resource: { policy: string }) => JSON.parse(resource.policy) as { Statement: any[] };
const statement = (resource: { policy: string }, sid: string) => policyOf(resource).Statement.find((s) => s.Sid === sid);

describe("vault notifications (item 3)", () => {
  it.each(NOTIFICATION_LEVELS)("%s includes COPY_JOB_FAILED, which AWS Backup delivers", (level) => {
    expect(VAULT_EVENTS_BY_LEVEL[level]).toContain("COPY_JOB_FAILED");
    const json = synthBackup(baseConfig("development", { notificationLevel: level }));
    expect(resourceOf(json, "aws_backup_vault_notifications").backup_vault_events).toContain("COPY_JOB_FAILED");
  });

  it("never subscribes the deprecated events that AWS accepts but never sends", () => {
    const deprecated = ["BACKUP_JOB_FAILED", "BACKUP_JOB_SUCCESSFUL", "BACKUP_JOB_EXPIRED", "RESTORE_JOB_SUCCESSFUL", "RESTORE_JOB_FAILED"];
    for (const events of Object.values(VAULT_EVENTS_BY_LEVEL)) expect(events.filter((e) => deprecated.includes(e))).toEqual([]);
  });
});

describe('the "completed with issues" rule (item 4)', () => {
  it("matches only a present, non-empty statusMessage (not exists:true, which also matches \"\")", () => {
    const rule = JOB_EVENT_RULES.find((r) => r.suffix === "backup-job-issues")!;
    expect(rule.detail.statusMessage).toEqual([{ "anything-but": "" }]);
    const pattern = JSON.parse(resourceOf(production, "aws_cloudwatch_event_rule", "backup_job_issues").event_pattern);
    expect(pattern.detail).toEqual({ state: ["COMPLETED"], statusMessage: [{ "anything-but": "" }] });
  });
});

describe("the replica region (items 5 and 11)", () => {
  it("equal to the stack's region is refused at synth, naming replica_region", () => {
    const errors = configErrors(baseConfig("staging", { replicaRegion: "us-west-2" }));
    expect(errors.map((e) => [e.input, e.value])).toEqual([["replica_region", "us-west-2"]]);
    expect(errors[0].rule).toContain("must differ from the provider's region (us-west-2)");
  });

  it("equal to the primary region is fine without cross-region copies", () => {
    expect(() => synthBackup(baseConfig("development", { replicaRegion: "us-west-2" }))).not.toThrow();
  });

  it("a vault name too long for its replica is checked on the replica vault, which is planned before the plan", () => {
    const stack = new TerraformStack(Testing.app(), "names");
    new AwsProvider(stack, "aws", { region: "us-west-2" });
    const vaultName = new TerraformVariable(stack, "backup_vault_name", { type: "string" });
    new BackupModule(stack, "backup", { ...baseConfig("staging"), backupVaultName: vaultName.stringValue });
    const json = expandForEach(JSON.parse(Testing.synth(stack)) as TerraformJson);
    const replica = Object.values(resourcesOf(json, "aws_backup_vault")).find((v) => String(v.name).endsWith("-replica"));
    const onReplica = (replica.lifecycle.precondition as { error_message: string }[]).map((p) => p.error_message);
    expect(onReplica.some((m) => m.startsWith("Invalid backup_vault_name: must be at most 42 characters"))).toBe(true);
    const plan = Object.values(resourcesOf(json, "aws_backup_plan"))[0];
    const onPlan = ((plan.lifecycle?.precondition ?? []) as { error_message: string }[]).map((p) => p.error_message);
    expect(onPlan.some((m) => m.startsWith("Invalid backup_vault_name: must be at most 42 characters"))).toBe(false);
  });
});

describe("monitoring of the replica region (item 6)", () => {
  const staging = synthBackup(baseConfig("staging"));
  const rules = resourcesOf(staging, "aws_cloudwatch_event_rule");
  const replicaRules = Object.entries(rules).filter(([, r]) => r.region === "us-east-1");

  it("forwards the replica region's job events and alarm states to the primary region's default bus, with a role", () => {
    expect(replicaRules.map(([, r]) => JSON.parse(r.event_pattern).source[0]).sort()).toEqual(["aws.backup", "aws.cloudwatch"]);
    const jobs = JSON.parse(replicaRules.find(([, r]) => r.event_pattern.includes("aws.backup"))![1].event_pattern);
    expect(jobs["detail-type"].sort()).toEqual(["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"]);
    const targets = Object.values(resourcesOf(staging, "aws_cloudwatch_event_target")).filter((t) => t.region === "us-east-1");
    expect(targets).toHaveLength(2);
    for (const target of targets) {
      expect(target.arn).toMatch(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:events:\$\{data\.aws_region\.\w+\.region\}:\$\{data\.aws_caller_identity\.\w+\.account_id\}:event-bus\/default$/);
      expect(target.role_arn).toBe(`\${aws_iam_role.${Object.keys(resourcesOf(staging, "aws_iam_role")).find((n) => n.includes("replica_monitoring"))}.arn}`);
    }
    const role = resourceOf(staging, "aws_iam_role", "replica_monitoring");
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition).toEqual({ StringEquals: { "aws:SourceAccount": expect.stringContaining("account_id") } });
    const permissions = policyOf(resourceOf(staging, "aws_iam_role_policy", "replica_monitoring"));
    expect(permissions.Statement).toEqual([expect.objectContaining({ Action: "events:PutEvents", Resource: targets[0].arn })]);
  });

  it("alarms on the replica vault's failed copy and restore jobs in the replica region, routed to the topic by a primary rule", () => {
    const alarms = Object.values(resourcesOf(staging, "aws_cloudwatch_metric_alarm")).filter((a) => a.region === "us-east-1");
    expect(alarms.map((a) => a.metric_name).sort()).toEqual(["NumberOfCopyJobsFailed", "NumberOfRestoreJobsFailed"]);
    const replicaVault = Object.entries(resourcesOf(staging, "aws_backup_vault")).find(([, v]) => String(v.name).endsWith("-replica"))![0];
    for (const alarm of alarms) expect(alarm.dimensions.BackupVaultName).toBe(`\${aws_backup_vault.${replicaVault}.name}`);
    const [primaryName, primary] = Object.entries(rules).find(([, r]) => r.region === undefined && r.event_pattern.includes("aws.cloudwatch"))!;
    const pattern = JSON.parse(primary.event_pattern);
    expect(pattern.resources).toEqual(alarms.map((a) => expect.stringMatching(new RegExp(`:cloudwatch:us-east-1:.*:alarm:${a.alarm_name}$`))));
    const target = Object.values(resourcesOf(staging, "aws_cloudwatch_event_target")).find((t) => t.rule === `\${aws_cloudwatch_event_rule.${primaryName}.name}`);
    expect(target.arn).toBe(`\${aws_sns_topic.${Object.keys(resourcesOf(staging, "aws_sns_topic"))[0]}.arn}`);
  });

  it("exists only with cross-region copies; without notifications the alarms stay but nothing is forwarded", () => {
    const development = synthBackup(baseConfig("development"));
    expect(Object.values(resourcesOf(development, "aws_cloudwatch_event_rule")).filter((r) => r.region !== undefined)).toEqual([]);
    expect(Object.values(resourcesOf(development, "aws_cloudwatch_metric_alarm")).filter((a) => a.region !== undefined)).toEqual([]);
    const quiet = synthBackup(baseConfig("staging", { enableBackupNotifications: false }));
    expect(Object.values(resourcesOf(quiet, "aws_cloudwatch_event_rule")).filter((r) => r.region !== undefined)).toEqual([]);
    expect(Object.values(resourcesOf(quiet, "aws_cloudwatch_metric_alarm")).filter((a) => a.region !== undefined)).toHaveLength(2);
  });
});

describe("the vault access policy (item 7)", () => {
  const policy = (json: TerraformJson) => statement(resourceOf(json, "aws_backup_vault_policy", "backup_vault_access"), "DenyManualRecoveryPointDeletion");

  it("denies deleting recovery points, changing their lifecycle and replacing or deleting the policy", () => {
    expect(policy(production)).toMatchObject({
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy"],
    });
  });

  it("exempts the role running Terraform by default (the session's issuer), so Terraform can still update the policy", () => {
    const session = Object.keys(production.data?.aws_iam_session_context ?? {})[0];
    expect(session).toBeDefined();
    expect(production.data!.aws_iam_session_context[session].arn).toMatch(/^\$\{data\.aws_caller_identity\.\w+\.arn\}$/);
    expect(policy(production).Condition).toEqual({ ArnNotLike: { "aws:PrincipalArn": [`\${data.aws_iam_session_context.${session}.issuer_arn}`] } });
  });

  it("exempts exactly the given admins instead, on both vaults, without reading the session", () => {
    const admins = ["arn:aws:iam::123456789012:role/backup-admin", "arn:aws:iam::123456789012:role/terraform-*"];
    const json = synthBackup(baseConfig("production", { vaultPolicyAdminRoleArns: admins }));
    const policies = Object.values(resourcesOf(json, "aws_backup_vault_policy"));
    expect(policies).toHaveLength(2);
    for (const p of policies) expect(statement(p, "DenyManualRecoveryPointDeletion").Condition).toEqual({ ArnNotLike: { "aws:PrincipalArn": admins } });
    expect(json.data?.aws_iam_session_context).toBeUndefined();
  });
});

describe("confused-deputy conditions and partition-built principals (item 8)", () => {
  const key = resourceOf(production, "aws_kms_key", "backup_kms");
  const topicPolicy = resourceOf(production, "aws_sns_topic_policy");

  it("lets CloudWatch publish only for this account's alarms, EventBridge only for its rules", () => {
    expect(statement(topicPolicy, "CloudWatchAlarms").Condition).toEqual({
      StringEquals: { "aws:SourceAccount": expect.stringMatching(/account_id\}$/) },
      ArnLike: { "aws:SourceArn": expect.stringMatching(/:cloudwatch:\$\{data\.aws_region\.\w+\.region\}:\$\{data\.aws_caller_identity\.\w+\.account_id\}:alarm:\*$/) },
    });
    expect(statement(topicPolicy, "EventBridgeJobRules").Condition.ArnLike["aws:SourceArn"]).toMatch(/:events:.*:rule\/\*$/);
    expect(statement(topicPolicy, "AwsBackupVaultNotifications").Condition).toEqual({ StringEquals: { "aws:SourceAccount": expect.stringMatching(/account_id\}$/) } });
    expect(statement(key, "AllowAlarmsToEncryptedTopic").Condition.ArnLike["aws:SourceArn"]).toMatch(/:alarm:\*$/);
  });

  it("builds kms:ViaService and the logs principal from the partition's DNS suffix", () => {
    const viaService = statement(key, "AllowAwsBackupInThisAccount").Condition.StringEquals["kms:ViaService"];
    expect(viaService).toMatch(/^backup\.\$\{data\.aws_region\.\w+\.region\}\.\$\{data\.aws_partition\.\w+\.dns_suffix\}$/);
    expect(statement(key, "AllowValidatorLogGroup").Principal.Service).toMatch(/^logs\.\$\{data\.aws_region\.\w+\.region\}\.\$\{data\.aws_partition\.\w+\.dns_suffix\}$/);
    expect(key.policy).not.toContain("amazonaws.com");
    expect(topicPolicy.policy).not.toContain("amazonaws.com");
  });
});

describe("switches switch off completely (item 9)", () => {
  it("notifications off with monitoring on warns that nobody will be told", () => {
    const { warnings } = synthWithWarnings(baseConfig("development", { enableBackupNotifications: false }));
    expect(warnings.some((w) => w.startsWith("enable_backup_notifications = false") && w.includes("nobody will be told"))).toBe(true);
    const quiet = synthWithWarnings(baseConfig("development", { enableBackupNotifications: false, enableBackupMonitoring: false }));
    expect(quiet.warnings).toEqual([]);
  });

  it("a notification email with notifications off warns that it is ignored", () => {
    const { warnings } = synthWithWarnings(baseConfig("development", { enableBackupNotifications: false, enableBackupMonitoring: false, notificationEmail: "ops@company.com" }));
    expect(warnings).toEqual(['notification_email = "ops@company.com" is ignored: enable_backup_notifications = false creates no topic to subscribe it to.']);
  });

  it("encryption off warns in production only", () => {
    expect(synthWithWarnings(baseConfig("production", { enableBackupEncryption: false })).warnings.some((w) => w.startsWith("enable_backup_encryption = false in production"))).toBe(true);
    expect(synthWithWarnings(baseConfig("staging", { enableBackupEncryption: false })).warnings).toEqual([]);
  });

  it("a known account in the stack is used for the synth-time checks only, not in resources", () => {
    const stack = new BackupStack(Testing.app(), "acct", { region: "us-west-2", accountId: "123456789012", backup: baseConfig("production") });
    expect(JSON.stringify(JSON.parse(Testing.synth(stack)).resource)).not.toContain("123456789012");
    expect(() => new BackupStack(Testing.app(), "bad", { region: "us-west-2", backup: baseConfig("staging", { replicaRegion: "us-west-2" }) })).toThrow(BackupConfigErrors);
  });
});
