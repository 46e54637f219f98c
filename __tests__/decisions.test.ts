/** Issue 9, item 2: the resolution step names every decision; constructs only read them. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { describe, expect, it } from "vitest";
import { AccountContext } from "../lib/account";
import { BackupNotifications } from "../lib/notifications";
import { BackupValidatorFunction } from "../lib/validator-function";
import { Namer, resolveSettings } from "../lib/settings";
import { baseConfig, standaloneValidatorProps } from "./synth";

const LIB = join(__dirname, "..", "lib");

/** A namer that records the names it is asked for, and keeps every value as it is. */
function recordingNamer(): { name: Namer; names: string[] } {
  const names: string[] = [];
  return { names, name: (local, value) => (names.push(local), value) };
}

/** The decisions' names (the module's locals), as `resolveDecisions` gives them. */
const DECISION_LOCALS = [
  "replica_region_in_use",
  "validator_restore_testing_plans",
  "validator_replica_lock_min_days",
  "validator_replica_lock_max_days",
  "reports_sse_algorithm",
  "reports_bucket_key_enabled",
  "vault_events_by_level",
];

describe("resolveSettings derives every decision the constructs act on", () => {
  it("computes them at synth from literal inputs: production with copies, notifications and an email", () => {
    const s = resolveSettings(baseConfig("production", { replicaRegion: "us-east-1", enableBackupNotifications: true, notificationEmail: "ops@company.com" }));
    expect(s).toMatchObject({
      preventDestroy: true,
      createReplicaKey: true,
      topicEncrypted: true,
      emailSubscription: true,
      forwardReplicaEvents: true,
      replicaAlarms: true,
      routeReplicaAlarms: true,
      validatorAlarms: true,
      validatorMayExist: true,
      encryptionMayBeOn: true,
      replicaRegionInUse: "us-east-1",
      createBackupRole: true,
      existingBackupRoleName: null,
      restoreTestingPlanName: "arrakis_rtest_production",
      auditFrameworkName: "arrakis_backup_production",
      reportsEncryption: { sseAlgorithm: "aws:kms", bucketKeyEnabled: true },
    });
    expect(s.shortestCompletionWindowMinutes).toBe(1440);
  });

  it("turns them off with the switches they depend on", () => {
    const s = resolveSettings(
      baseConfig("development", {
        replicaRegion: "us-east-1",
        enableCrossRegionBackup: false,
        enableBackupEncryption: false,
        enableBackupNotifications: true,
        notificationEmail: "",
        notificationLevel: "errors_only",
        existingBackupRoleArn: "arn:aws:iam::123456789012:role/service/backup",
      }),
    );
    expect(s).toMatchObject({
      preventDestroy: false,
      createReplicaKey: false,
      topicEncrypted: false,
      emailSubscription: false,
      detailedJobAlerts: false,
      forwardReplicaEvents: false,
      replicaRegionInUse: "",
      encryptionMayBeOn: false,
      createBackupRole: false,
      existingBackupRoleName: "backup",
      reportsEncryption: { sseAlgorithm: "AES256", bucketKeyEnabled: undefined },
    });
    expect(s.vaultEvents).toEqual(["COPY_JOB_FAILED", "S3_BACKUP_OBJECT_FAILED", "S3_RESTORE_OBJECT_FAILED"]);
  });

  it("decides each validator VPC endpoint service from the validator's contract", () => {
    const all = resolveSettings(
      baseConfig("production", { enableBackupNotifications: true, enableBackupReports: true, validatorRouteTableIds: ["rtb-0123456789abcdef0"] }),
    );
    expect(all.validatorEndpointServices).toEqual({ backup: true, tagging: true, sns: true, s3: true });
    const plain = resolveSettings(baseConfig("production", { enableBackupNotifications: false, enableBackupReports: true, validatorRouteTableIds: [] }));
    expect(plain.validatorEndpointServices).toEqual({ backup: true, tagging: true });
    const stack = new TerraformStack(Testing.app(), "endpoint-services");
    const notify = new TerraformVariable(stack, "notify", { type: "bool" }).booleanValue;
    const planTime = resolveSettings(baseConfig("production", { enableBackupNotifications: notify, enableBackupReports: false }));
    expect(planTime.validatorEndpointServices.backup).toBe(true);
    expect(Token.isUnresolved(planTime.validatorEndpointServices.sns)).toBe(true);
    expect(planTime.validatorEndpointServices.s3).toBeUndefined();
  });

  it("names no decision that is known at synth", () => {
    const { name, names } = recordingNamer();
    resolveSettings(baseConfig("production", { replicaRegion: "us-east-1", enableBackupNotifications: true }), name);
    expect(names.filter((n) => DECISION_LOCALS.includes(n))).toEqual([]);
  });

  it("names each decision that depends on a plan-time input, and keeps it an expression", () => {
    const stack = new TerraformStack(Testing.app(), "plan-time");
    const flag = (id: string) => new TerraformVariable(stack, id, { type: "bool" }).booleanValue;
    const { name, names } = recordingNamer();
    const s = resolveSettings(
      baseConfig("production", {
        replicaRegion: "us-east-1",
        enableCrossRegionBackup: flag("cross_region"),
        enableBackupEncryption: flag("encryption"),
        enableRestoreTesting: flag("restore_testing"),
        enableBackupReports: flag("reports"),
        notificationLevel: new TerraformVariable(stack, "level", { type: "string" }).stringValue,
      }),
      name,
    );
    expect(names).toEqual(expect.arrayContaining(DECISION_LOCALS));
    for (const decision of [s.createReplicaKey, s.topicEncrypted, s.replicaRegionInUse, s.reportsEncryption.sseAlgorithm]) {
      expect(Token.isUnresolved(decision)).toBe(true);
    }
  });

  it("resolves input the checks will reject without failing (they report it, naming the input)", () => {
    const s = resolveSettings(baseConfig("production", { backupSchedule: "garbage", notificationLevel: "loud" }));
    expect(s.dailyBackupFrequency).toEqual({ unit: "days", value: 1 });
    expect(s.vaultEvents).toContain("BACKUP_JOB_COMPLETED");
  });
});

/** Construct files still deciding for themselves, each with the reason. */
const PENDING: Record<string, string> = {};

describe("constructs read resolved decisions and never test whether a value is known", () => {
  const constructFiles = readdirSync(LIB).filter((f) => f.endsWith(".ts") && /extends Construct\b/.test(readFileSync(join(LIB, f), "utf8")));
  const deciding = /\bisKnown\(|\bequals\(|\band\(|\bor\(|\bnot\(|\bisSet\(|\bisNull\(|expressions\.choose\(|Expressions\(this\)\.choose\(/;

  it.each(constructFiles.filter((f) => !(f in PENDING)))("%s", (file) => {
    const offending = readFileSync(join(LIB, file), "utf8")
      .split("\n")
      .map((line, i) => `${i + 1}: ${line.trim()}`)
      .filter((line) => deciding.test(line));
    expect(offending).toEqual([]);
  });
});

describe("the validator takes the topic object", () => {
  /** A standalone topic and validator, the validator given the topic as an object or as the deprecated props. */
  const synthValidator = (wiring: "object" | "deprecated"): Record<string, unknown> => {
    const stack = new TerraformStack(Testing.app(), "topic");
    const account = new AccountContext(stack, "account", { region: "us-west-2", accountId: "123456789012" });
    const common = { projectName: "arrakis", environment: "staging", account, tags: {} };
    const topic = new BackupNotifications(stack, "notifications", { ...common, enabled: true, kmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/k", email: "", level: "all", vaultName: "v" });
    const topicProps =
      wiring === "object"
        ? { topic }
        : { topicExists: true, topicEncrypted: true, topicArn: topic.topicArnOrEmpty, topicArns: topic.alarmActions };
    new BackupValidatorFunction(stack, "validator", { ...standaloneValidatorProps(account), ...topicProps, kmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/k" });
    return JSON.parse(Testing.synth(stack)).resource;
  };

  it("writes the same validator as the deprecated topic props: the report's topic, its alarms' actions, publish and key permissions", () => {
    const fromObject = synthValidator("object");
    expect(fromObject).toEqual(synthValidator("deprecated"));
    const fn = Object.values(fromObject.aws_lambda_function as Record<string, any>)[0];
    expect(fn.environment.variables.SNS_TOPIC_ARN).toMatch(/^\$\{aws_sns_topic\.notifications_topic_\w+\.arn\}$/);
    const alarms = Object.values(fromObject.aws_cloudwatch_metric_alarm as Record<string, any>);
    expect(alarms.every((alarm) => alarm.alarm_actions[0] === fn.environment.variables.SNS_TOPIC_ARN)).toBe(true);
    const policy = JSON.parse(Object.values(fromObject.aws_iam_role_policy as Record<string, any>)[0].policy);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(expect.arrayContaining(["PublishReport", "UseTopicKey"]));
  });
});

describe("every resource name and ARN pattern is written once", () => {
  /** Name and ARN templates, with the variables' spellings made alike (`${props.projectName}` and `${project}` are one). */
  const templates = readdirSync(LIB)
    .filter((f) => f.endsWith(".ts"))
    .flatMap((file) =>
      [...readFileSync(join(LIB, file), "utf8").matchAll(/`([^`]*\$\{[^`]*)`/g)]
        .map((m) => m[1])
        .filter((t) => /arn:\$\{|\$\{[\w.]*project[\w.]*\}/i.test(t) && !/\s/.test(t))
        .map((t) => ({
          file,
          pattern: t
            .replace(/\$\{[\w.]*project[\w.]*\}/gi, "${project}")
            .replace(/\$\{[\w.]*(environment|env)\}/g, "${env}")
            .replace(/\$\{[\w.]*partition\}/g, "${partition}")
            .replace(/\$\{[\w.]*accountId\}/g, "${account}"),
        })),
    );

  it("finds the patterns (the scan works)", () => {
    expect(templates.map((t) => t.pattern)).toContain("${project}-backup-validator-${env}");
  });

  it("has no pattern twice", () => {
    const byPattern = new Map<string, string[]>();
    for (const { file, pattern } of templates) byPattern.set(pattern, [...(byPattern.get(pattern) ?? []), file]);
    expect([...byPattern].filter(([, files]) => files.length > 1)).toEqual([]);
  });
});
