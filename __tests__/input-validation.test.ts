import { App, Testing } from "cdktf";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BackupStack } from "../lib/backup-stack";
import { BackupModuleConfig, COMPLIANCE_MODES, ENVIRONMENTS, Environment, NOTIFICATION_LEVELS } from "../lib/config";
import { BackupConfigError, BackupConfigErrors } from "../lib/errors";
import { RULES, oneOf } from "../lib/rules";
import { baseConfig, configErrors, planRules, resourcesOf, synthBackup, synthWithWarnings } from "./synth";

/** One bad-input case: the configuration, and the error it must produce. */
interface BadInput {
  readonly what: string;
  readonly config: BackupModuleConfig;
  readonly input: string;
  readonly value: unknown;
  /** The rule text, exactly, or a fragment it must contain. */
  readonly rule: string | RegExp;
}

const dev = (overrides: Partial<BackupModuleConfig>) => baseConfig("development", overrides);

/** Asserts the configuration is rejected with exactly one error, the expected one, fully described. */
function expectRejected({ config, input, value, rule }: BadInput): BackupConfigError {
  const errors = configErrors(config);
  expect(errors.map((e) => e.input), `errors: ${errors.map((e) => e.message).join(" | ")}`).toEqual([input]);
  const [error] = errors;
  expect(error).toBeInstanceOf(BackupConfigError);
  expect(error.value).toEqual(value);
  if (typeof rule === "string") expect(error.rule).toBe(rule);
  else expect(error.rule).toMatch(rule);
  expect(error.message).toContain(input);
  expect(error.message).toContain(JSON.stringify(value));
  expect(error.message).toContain(error.rule);
  return error;
}

/** Asserts the configuration synthesizes (no BackupConfigErrors). */
function expectAccepted(config: BackupModuleConfig) {
  return synthBackup(config);
}

const names: BadInput[] = [
  ...["", "-arrakis", "a".repeat(33), "arrakis_prod", "arrakis prod", "arrakis.io"].map((v) => ({
    what: `project_name ${JSON.stringify(v)}`,
    config: dev({ projectName: v }),
    input: "project_name",
    value: v,
    rule: RULES.project_name.description,
  })),
  ...["prod", "Production", "", "qa"].map((v) => ({
    what: `environment ${JSON.stringify(v)}`,
    config: { ...dev({}), environment: v },
    input: "environment",
    value: v,
    rule: oneOf(ENVIRONMENTS).description,
  })),
  ...["a", "a".repeat(51), "vault name", "vault.name", "vault/x", "väult"].map((v) => ({
    what: `backup_vault_name ${JSON.stringify(v)}`,
    config: dev({ backupVaultName: v }),
    input: "backup_vault_name",
    value: v,
    rule: RULES.backup_vault_name.description,
  })),
  ...["", "a".repeat(51), "plan name", "plan/x", "plan:x"].map((v) => ({
    what: `backup_plan_name ${JSON.stringify(v)}`,
    config: dev({ backupPlanName: v }),
    input: "backup_plan_name",
    value: v,
    rule: RULES.backup_plan_name.description,
  })),
];

const BAD_BACKUP_CRONS = [
  ["five fields", "cron(0 1 * * ?)"],
  ["both day fields '?'", "cron(0 1 ? * ? *)"],
  ["neither day field '?'", "cron(0 1 * * * *)"],
  ["minute '*' (every minute)", "cron(* 1 * * ? *)"],
  ["minute '*/5' (more often than hourly)", "cron(*/5 * * * ? *)"],
  ["minute list (more often than hourly)", "cron(0,30 * * * ? *)"],
  ["minute 60", "cron(60 1 * * ? *)"],
  ["hour 24", "cron(0 24 * * ? *)"],
  ["no cron() wrapper", "0 1 * * ? *"],
  ["a rate expression", "rate(1 day)"],
  ["garbage", "daily at 1"],
  ["empty", ""],
] as const;

const scheduleInputs = [
  ["backup_schedule", "backupSchedule"],
  ["weekly_backup_schedule", "weeklyBackupSchedule"],
  ["monthly_backup_schedule", "monthlyBackupSchedule"],
] as const;

const schedules: BadInput[] = scheduleInputs.flatMap(([input, field]) =>
  BAD_BACKUP_CRONS.map(([what, v]) => ({
    what: `${input}: ${what}`,
    config: dev({ [field]: v }),
    input,
    value: v,
    rule: RULES.backup_schedule.description,
  })),
);

const validationSchedules: BadInput[] = ["daily", "rate(0 hours)", "rate(2 day)", "rate(5 weeks)", "rate(1 hour", "cron(0 6 * * ?)", "cron(0 6 ? * ? *)"].map(
  (v) => ({
    what: `backup_validation_schedule ${JSON.stringify(v)}`,
    config: dev({ backupValidationSchedule: v }),
    input: "backup_validation_schedule",
    value: v,
    rule: RULES.backup_validation_schedule.description,
  }),
);

const retentionInputs = [
  ["delete_after_days", "deleteAfterDays"],
  ["long_term_retention_days", "longTermRetentionDays"],
  ["archival_retention_days", "archivalRetentionDays"],
] as const;

const retention: BadInput[] = retentionInputs.flatMap(([input, field]) =>
  [0, -1, 1.5, 36501].map((v) => ({
    what: `${input} ${v}`,
    // Development: no vault lock, so the retention rule is the only one that applies.
    config: dev({ [field]: v }),
    input,
    value: v,
    rule: RULES.retention_days.description,
  })),
);

const others: BadInput[] = [
  ...[6, 31, 7.5, 0].map((v) => ({
    what: `kms_deletion_window ${v}`,
    config: dev({ kmsDeletionWindow: v }),
    input: "kms_deletion_window",
    value: v,
    rule: RULES.kms_deletion_window.description,
  })),
  ...["compliance", "Governance", "WORM", ""].map((v) => ({
    what: `compliance_mode ${JSON.stringify(v)}`,
    config: dev({ complianceMode: v }),
    input: "compliance_mode",
    value: v,
    rule: oneOf(COMPLIANCE_MODES).description,
  })),
  ...[2, 0, 3.5].map((v) => ({
    what: `vault_lock_changeable_for_days ${v}`,
    config: dev({ vaultLockChangeableForDays: v }),
    input: "vault_lock_changeable_for_days",
    value: v,
    rule: RULES.vault_lock_changeable_for_days.description,
  })),
  ...["ops", "ops@company", "ops@@company.com", "ops @company.com", "ops@company.com ", "ops@company.", "@company.com", "ops@company.com,dev@company.com"].map(
    (v) => ({
      what: `notification_email ${JSON.stringify(v)}`,
      config: dev({ notificationEmail: v }),
      input: "notification_email",
      value: v,
      rule: RULES.notification_email.description,
    }),
  ),
  ...["verbose", "ERRORS_ONLY", "errors"].map((v) => ({
    what: `notification_level ${JSON.stringify(v)}`,
    config: dev({ notificationLevel: v }),
    input: "notification_level",
    value: v,
    rule: oneOf(NOTIFICATION_LEVELS).description,
  })),
  ...["US-EAST-1", "useast1", "us-east", "", "us_east_1", "us-east-1 "].map((v) => ({
    what: `replica_region ${JSON.stringify(v)}`,
    config: dev({ replicaRegion: v }),
    input: "replica_region",
    value: v,
    rule: RULES.replica_region.description,
  })),
  ...(
    [
      ["rpo_target_hours", "rpoTargetHours"],
      ["rto_target_hours", "rtoTargetHours"],
    ] as const
  ).flatMap(([input, field]) =>
    [0, -1, 8761].map((v) => ({
      what: `${input} ${v}`,
      config: dev({ [field]: v }),
      input,
      value: v,
      rule: RULES.target_hours.description,
    })),
  ),
  ...([{ "aws:owner": "me" }, { ["k".repeat(129)]: "v" }, { "": "v" }, { Owner: "v".repeat(257) }] as Record<string, string>[]).map((v) => ({
    what: `tags ${JSON.stringify(Object.keys(v)[0]).slice(0, 20)}`,
    config: dev({ tags: v }),
    input: "tags",
    value: v,
    rule: RULES.tags.description,
  })),
  {
    what: "backup_cost_allocation_tags with an aws: key",
    config: dev({ backupCostAllocationTags: { "aws:cost": "x" } }),
    input: "backup_cost_allocation_tags",
    value: { "aws:cost": "x" },
    rule: RULES.tags.description,
  },
  // Issue 7's new inputs.
  ...[-1, 1.5].map((v) => ({
    what: `validator_reserved_concurrency ${v}`,
    config: dev({ validatorReservedConcurrency: v }),
    input: "validator_reserved_concurrency",
    value: v,
    rule: RULES.validator_reserved_concurrency.description,
  })),
  ...[0, 100, 366].map((v) => ({
    what: `validator_log_retention_days ${v}`,
    config: dev({ validatorLogRetentionDays: v }),
    input: "validator_log_retention_days",
    value: v,
    rule: RULES.validator_log_retention_days.description,
  })),
  ...[[], ["terraform"], ["arn:aws:iam::123456789012:group/admins"], ["arn:aws:sts::123456789012:assumed-role/ci/session"]].map((v) => ({
    what: `vault_policy_admin_role_arns ${JSON.stringify(v)}`,
    config: dev({ vaultPolicyAdminRoleArns: v }),
    input: "vault_policy_admin_role_arns",
    value: v,
    rule: RULES.vault_policy_admin_role_arns.description,
  })),
];

describe("every bad input is rejected with a typed error naming the input, the value and the rule", () => {
  it.each([...names, ...schedules, ...validationSchedules, ...retention, ...others].map((c) => [c.what, c] as const))("%s", (_what, c) => {
    expectRejected(c);
  });
});

describe("the valid forms next to each rule are accepted", () => {
  it.each([
    ["two-character vault name", dev({ backupVaultName: "ab" })],
    ["50-character vault name without a replica", dev({ backupVaultName: "a".repeat(50) })],
    ["plan name with periods and underscores", dev({ backupPlanName: "plan.v1_x-y" })],
    ["32-character project name", dev({ projectName: "a".repeat(32) })],
    ["twice a day", dev({ backupSchedule: "cron(0 0,12 * * ? *)" })],
    ["every two hours", dev({ backupSchedule: "cron(30 */2 * * ? *)" })],
    ["hourly", dev({ backupSchedule: "cron(15 * * * ? *)" })],
    ["weekdays", dev({ weeklyBackupSchedule: "cron(0 5 ? * MON-FRI *)" })],
    ["last day of the month", dev({ monthlyBackupSchedule: "cron(0 1 L * ? *)" })],
    ["first Monday", dev({ monthlyBackupSchedule: "cron(0 1 ? * 2#1 *)" })],
    ["validation rate(1 day)", dev({ backupValidationSchedule: "rate(1 day)" })],
    ["validation rate(6 hours)", dev({ backupValidationSchedule: "rate(6 hours)" })],
    ["validation rate(30 minutes)", dev({ backupValidationSchedule: "rate(30 minutes)" })],
    ["validation every 15 minutes by cron", dev({ backupValidationSchedule: "cron(0/15 * * * ? *)" })],
    ["retention 1 and 36500", dev({ deleteAfterDays: 1, archivalRetentionDays: 36500 })],
    ["kms window 7", dev({ kmsDeletionWindow: 7 })],
    ["kms window 30", dev({ kmsDeletionWindow: 30 })],
    ["COMPLIANCE", dev({ complianceMode: "COMPLIANCE" })],
    ["changeable for 3 days", dev({ vaultLockChangeableForDays: 3 })],
    ["empty email", dev({ notificationEmail: "" })],
    ["email with plus and subdomain", dev({ notificationEmail: "first.last+backup@ops.example.co.uk" })],
    ["replica region eu-central-1", dev({ replicaRegion: "eu-central-1" })],
    ["replica region us-gov-west-1", dev({ replicaRegion: "us-gov-west-1" })],
    ["replica region null", dev({ replicaRegion: null })],
    ["fractional rpo", dev({ rpoTargetHours: 0.5, rtoTargetHours: 8760 })],
    ["128-character tag key, 256-character value", dev({ tags: { ["k".repeat(128)]: "v".repeat(256) } })],
    ["no reserved concurrency, or 0", dev({ validatorReservedConcurrency: 0 })],
    ["log retention of ten years", dev({ validatorLogRetentionDays: 3653 })],
    ["admin roles with a path and a wildcard", dev({ vaultPolicyAdminRoleArns: ["arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*", "arn:aws:iam::123456789012:user/ops"] })],
  ] as const)("%s", (_what, config) => {
    const json = expectAccepted(config);
    expect(Object.keys(resourcesOf(json, "aws_backup_plan"))).toHaveLength(1);
  });
});

describe("explicit cold storage must leave 90 days in cold before deletion", () => {
  it("rejects 7 days cold with 96 days retention (89 days in cold)", () => {
    const error = expectRejected({
      what: "",
      config: baseConfig("staging", { deleteAfterDays: 96, moveToColdStorageAfterDays: 7 }),
      input: "move_to_cold_storage_after_days",
      value: 7,
      rule: /at least 90 days in cold storage/,
    });
    expect(error.rule).toContain("delete_after_days (96)");
  });

  it("rejects explicit cold storage against the environment's default retention (production 90 days, cold after 1)", () => {
    expectRejected({
      what: "",
      config: baseConfig("production", { moveToColdStorageAfterDays: 1 }),
      input: "move_to_cold_storage_after_days",
      value: 1,
      rule: /delete_after_days \(90\) must be at least move_to_cold_storage_after_days \+ 90/,
    });
  });

  it("accepts exactly 90 days in cold and writes it to the daily rule", () => {
    const rules = planRules(synthBackup(baseConfig("staging", { deleteAfterDays: 97, moveToColdStorageAfterDays: 7 })));
    expect(rules.daily.lifecycle).toMatchObject({ delete_after: 97, cold_storage_after: 7 });
  });

  it("rejects a cold-storage value that is not a whole number of days", () => {
    const errors = configErrors(baseConfig("staging", { deleteAfterDays: 200, moveToColdStorageAfterDays: 0 }));
    expect(errors.map((e) => [e.input, e.rule])).toEqual([["move_to_cold_storage_after_days", RULES.retention_days.description]]);
  });
});

describe("vault lock range", () => {
  const lockRule = /outside \[min_retention_days, max_retention_days\]/;

  it("production locks by default: a daily retention under min_retention_days is rejected", () => {
    expectRejected({ what: "", config: baseConfig("production", { deleteAfterDays: 20 }), input: "delete_after_days", value: 20, rule: lockRule });
  });

  it("an explicit lock in development: a monthly retention above max_retention_days is rejected", () => {
    expectRejected({
      what: "",
      config: dev({ backupVaultLockEnabled: true, minRetentionDays: 7, maxRetentionDays: 3650, archivalRetentionDays: 5000 }),
      input: "archival_retention_days",
      value: 5000,
      rule: lockRule,
    });
  });

  it("a weekly retention under min_retention_days is rejected", () => {
    expectRejected({
      what: "",
      config: baseConfig("production", { minRetentionDays: 90, longTermRetentionDays: 60 }),
      input: "long_term_retention_days",
      value: 60,
      rule: lockRule,
    });
  });

  it("development's default 7-day daily retention is outside an explicit lock's default minimum of 30", () => {
    expectRejected({ what: "", config: dev({ backupVaultLockEnabled: true }), input: "delete_after_days", value: 7, rule: lockRule });
  });

  it("retention exactly at min and max is accepted", () => {
    const json = synthBackup(baseConfig("production", { minRetentionDays: 90, maxRetentionDays: 2555 }));
    const [lock] = Object.values(resourcesOf(json, "aws_backup_vault_lock_configuration"));
    expect(lock).toMatchObject({ min_retention_days: 90, max_retention_days: 2555 });
  });

  it("without a lock the range does not constrain retention", () => {
    const rules = planRules(synthBackup(baseConfig("production", { backupVaultLockEnabled: false, deleteAfterDays: 20 })));
    expect(rules.daily.lifecycle.delete_after).toBe(20);
  });

  it("min_retention_days above max_retention_days is rejected", () => {
    expectRejected({
      what: "",
      config: dev({ minRetentionDays: 100, maxRetentionDays: 50 }),
      input: "max_retention_days",
      value: 50,
      rule: "must be at least min_retention_days",
    });
  });

  it("min and max retention must themselves be valid retention values", () => {
    expectRejected({ what: "", config: dev({ minRetentionDays: 0 }), input: "min_retention_days", value: 0, rule: RULES.retention_days.description });
    expectRejected({ what: "", config: dev({ maxRetentionDays: 40000, minRetentionDays: 30 }), input: "max_retention_days", value: 40000, rule: RULES.retention_days.description });
  });
});

describe("rds_instances", () => {
  const arn = (name: string) => `arn:aws:rds:us-west-2:123456789012:db:${name}`;
  const good = { identifier: "arrakis-oms-production", arn: arn("arrakis-oms-production") };

  it("rejects an invalid identifier, naming its index", () => {
    const errors = configErrors(baseConfig("production", { rdsInstances: [good, { identifier: "oms_db", arn: arn("oms-db") }] }));
    expect(new Set(errors.map((e) => e.input))).toEqual(new Set(["rds_instances[1].identifier"]));
    const ruleError = errors.find((e) => e.rule === RULES.rds_identifier.description);
    expect(ruleError?.value).toBe("oms_db");
    expect(ruleError?.message).toContain('rdsInstances[1].identifier (rds_instances[1].identifier) = "oms_db"');
  });

  it("rejects an ARN that is not an RDS instance or cluster ARN", () => {
    expectRejected({
      what: "",
      config: baseConfig("production", { rdsInstances: [good, { identifier: "bucket", arn: "arn:aws:s3:::bucket" }] }),
      input: "rds_instances[1].arn",
      value: "arn:aws:s3:::bucket",
      rule: RULES.rds_arn.description,
    });
  });

  it("rejects an identifier that differs from its ARN's name", () => {
    expectRejected({
      what: "",
      config: baseConfig("production", { rdsInstances: [{ identifier: "arrakis-user-production", arn: good.arn }] }),
      input: "rds_instances[0].identifier",
      value: "arrakis-user-production",
      rule: 'must match the name in its arn ("arrakis-oms-production")',
    });
  });

  it("rejects a duplicate ARN at its second position", () => {
    expectRejected({
      what: "",
      config: baseConfig("production", { rdsInstances: [good, { ...good }] }),
      input: "rds_instances[1].arn",
      value: good.arn,
      rule: "is listed twice in rds_instances",
    });
  });

  it("accepts cluster ARNs, and other partitions in a stack of that partition's region", () => {
    const json = synthBackup(baseConfig("production", { rdsInstances: [{ identifier: "aurora-main", arn: "arn:aws:rds:us-west-2:123456789012:cluster:aurora-main" }] }));
    const rds = Object.values(resourcesOf(json, "aws_backup_selection")).find((s) => s.name === "arrakis-rds-production");
    expect(rds?.resources).toEqual(["arn:aws:rds:us-west-2:123456789012:cluster:aurora-main"]);
    const gov = new BackupStack(Testing.app(), "gov", {
      region: "us-gov-west-1",
      backup: baseConfig("production", { replicaRegion: "us-gov-east-1", rdsInstances: [{ identifier: "gov-db", arn: "arn:aws-us-gov:rds:us-gov-west-1:123456789012:db:gov-db" }] }),
    });
    expect(Object.values(resourcesOf(JSON.parse(Testing.synth(gov, true)), "aws_backup_selection")).some((s) => s.name === "arrakis-rds-production")).toBe(true);
  });

  // Issue 7: a selection of another account's or region's databases silently backs up nothing.
  it("rejects an ARN of another region at synth when the stack's region is known, naming the region", () => {
    expectRejected({
      what: "",
      config: baseConfig("production", { rdsInstances: [good, { identifier: "eu-db", arn: "arn:aws:rds:eu-west-1:123456789012:db:eu-db" }] }),
      input: "rds_instances[1].arn",
      value: "arn:aws:rds:eu-west-1:123456789012:db:eu-db",
      rule: "must be in the provider's region (us-west-2): AWS Backup backs up only resources of its own account and region, and would silently skip this one",
    });
  });

  it("rejects an ARN of another account at synth when the stack's account is known", () => {
    const stack = () =>
      new BackupStack(Testing.app(), "acct", { region: "us-west-2", accountId: "210987654321", backup: baseConfig("production", { rdsInstances: [good] }) });
    expect(stack).toThrow(BackupConfigErrors);
    try {
      stack();
    } catch (error) {
      const [e] = (error as BackupConfigErrors).errors;
      expect(e).toMatchObject({ input: "rds_instances[0].arn", value: good.arn });
      expect(e.rule).toContain("must be in the deploying account (210987654321)");
    }
  });

  it("checks the account at plan time when only the provider knows it: a precondition on the plan", () => {
    const json = synthBackup(baseConfig("production", { rdsInstances: [good] }));
    const plan = Object.values(resourcesOf(json, "aws_backup_plan"))[0];
    const check = (plan.lifecycle?.precondition ?? []).find((p: { error_message: string }) => p.error_message.startsWith("Invalid rds_instances[0].arn: must be in the deploying account"));
    // The ARN's account is read at synth; the condition reads the data source itself: no alias local in between.
    expect(check?.condition).toMatch(/^\$\{"123456789012" == data\.aws_caller_identity\.\w+\.account_id\}$/);
    expect(Object.keys(json.locals ?? {}).filter((name) => name.includes("input_"))).toEqual([]);
  });

  it("checks many databases with one precondition per account their ARNs name, listing which ones", () => {
    const arn = (account: string, i: number) => `arn:aws:rds:us-west-2:${account}:db:db-${i}`;
    const databases = Array.from({ length: 8 }, (_, i) => ({ identifier: `db-${i}`, arn: arn(i === 6 ? "210987654321" : "123456789012", i) }));
    const json = synthBackup(baseConfig("production", { rdsInstances: databases }));
    const plan = Object.values(resourcesOf(json, "aws_backup_plan"))[0];
    const accountChecks = (plan.lifecycle?.precondition ?? []).filter((p: { error_message: string }) => p.error_message.includes("deploying account"));
    expect(accountChecks.map((p: { condition: string }) => p.condition.replace(/data\.aws_caller_identity\.\w+/, "caller"))).toEqual([
      '${"123456789012" == caller.account_id}',
      '${"210987654321" == caller.account_id}',
    ]);
    expect(accountChecks[0].error_message).toMatch(/^Invalid rds_instances\[0, 1, 2, 3, 4 and 2 more\]\.arn: .* skip these 7 \(account 123456789012\)\.$/);
    expect(accountChecks[1].error_message).toMatch(/^Invalid rds_instances\[6\]\.arn: .* skip this one\.$/);
  });
});

describe("several bad inputs at once", () => {
  it("produce one error listing every one of them", () => {
    const config = baseConfig("development", {
      projectName: "bad project",
      deleteAfterDays: 0,
      kmsDeletionWindow: 6,
      notificationEmail: "ops",
      replicaRegion: "nowhere",
      backupSchedule: "cron(*/5 * * * ? *)",
    });
    let thrown: unknown;
    try {
      new BackupStack(Testing.app(), "many", { region: "us-west-2", backup: config });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BackupConfigErrors);
    const { errors, message } = thrown as BackupConfigErrors;
    expect(errors.map((e) => e.input).sort()).toEqual(
      ["backup_schedule", "delete_after_days", "kms_deletion_window", "notification_email", "project_name", "replica_region"].sort(),
    );
    expect(message).toMatch(/^6 invalid inputs:/);
    for (const error of errors) expect(message).toContain(error.message);
  });
});

describe("a failed synth writes nothing", () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  const badConfig = { ...baseConfig("production"), environment: "prod", deleteAfterDays: -1 };

  function buildBad(): { outdir: string; app: App; error: unknown } {
    const root = mkdtempSync(join(tmpdir(), "backup-failed-synth-"));
    roots.push(root);
    const outdir = join(root, "out");
    const app = new App({ outdir });
    try {
      new BackupStack(app, "bad", { region: "us-west-2", backup: badConfig });
    } catch (error) {
      return { outdir, app, error };
    }
    throw new Error("the bad configuration was accepted");
  }

  const stackFiles = (outdir: string) =>
    existsSync(outdir) ? readdirSync(outdir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json")) : [];

  it("throws before any stack JSON or manifest exists", () => {
    const { outdir, error } = buildBad();
    expect(error).toBeInstanceOf(BackupConfigErrors);
    expect(stackFiles(outdir)).toEqual([]);
  });

  // A stack whose module was rejected leaves the app, so a later app.synth() writes nothing half-built.
  it("an app synthesized after catching the error still writes no half-built stack", () => {
    const { outdir, app } = buildBad();
    app.synth();
    expect(stackFiles(outdir).filter((f) => f.includes("bad"))).toEqual([]);
  });
});

describe("synth-time warnings", () => {
  const warningsFor = (config: BackupModuleConfig) => synthWithWarnings(config).warnings;

  it("the environments' defaults warn about nothing", () => {
    for (const env of ENVIRONMENTS) expect(warningsFor(baseConfig(env as Environment)), env).toEqual([]);
  });

  it("a COMPLIANCE-mode lock warns loudly that it becomes irreversible", () => {
    const warnings = warningsFor(baseConfig("production", { complianceMode: "COMPLIANCE", vaultLockChangeableForDays: 5 }));
    const compliance = warnings.filter((w) => w.includes("COMPLIANCE"));
    expect(compliance).toHaveLength(1);
    expect(compliance[0]).toMatch(/^COMPLIANCE MODE VAULT LOCK/);
    expect(compliance[0]).toContain("arrakis-backup-vault-production");
    expect(compliance[0]).toContain("5 days");
    expect(compliance[0]).toMatch(/can never be removed/);
  });

  it("COMPLIANCE mode without a lock (development) does not warn", () => {
    expect(warningsFor(dev({ complianceMode: "COMPLIANCE" }))).toEqual([]);
  });

  it("rpo_target_hours 12 with a daily schedule warns that the RPO cannot be met", () => {
    const warnings = warningsFor(baseConfig("production", { rpoTargetHours: 12 }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("rpo_target_hours = 12 cannot be met");
    expect(warnings[0]).toContain('"cron(0 1 * * ? *)"');
    expect(warnings[0]).toContain("24 hours");
  });

  it("rpo_target_hours 24 with a daily schedule, or 12 with a twice-daily one, does not warn", () => {
    expect(warningsFor(baseConfig("production", { rpoTargetHours: 24 }))).toEqual([]);
    expect(warningsFor(baseConfig("production", { rpoTargetHours: 12, backupSchedule: "cron(0 0,12 * * ? *)" }))).toEqual([]);
  });

  it("an uneven schedule is judged by its longest gap", () => {
    const warnings = warningsFor(dev({ rpoTargetHours: 12, backupSchedule: "cron(0 1,5 * * ? *)" }));
    expect(warnings).toEqual([expect.stringContaining("up to 20 hours")]);
  });

  it("enable_backup_deduplication = false and backup_compression_enabled = false each warn that they have no effect", () => {
    const warnings = warningsFor(dev({ enableBackupDeduplication: false, backupCompressionEnabled: false }));
    expect(warnings).toHaveLength(2);
    expect(warnings.find((w) => w.startsWith("enable_backup_deduplication = false"))).toMatch(/no effect/);
    expect(warnings.find((w) => w.startsWith("backup_compression_enabled = false"))).toMatch(/no effect/);
    expect(warningsFor(dev({ enableBackupDeduplication: true, backupCompressionEnabled: true }))).toEqual([]);
  });
});

describe("edge cases of names, schedules and tags", () => {
  // The replica vault is "<backup_vault_name>-replica": with cross-region copies the name must leave room for the suffix.
  it("a 45-character vault name with cross-region copies is rejected at synth (replica name would be 53 characters)", () => {
    const errors = configErrors(baseConfig("staging", { backupVaultName: "v".repeat(45) }));
    expect(errors.map((e) => e.input)).toContain("backup_vault_name");
  });

  // EventBridge wants a singular unit for 1 ("rate(1 day)") and a plural one otherwise.
  it('backup_validation_schedule "rate(1 days)" is rejected', () => {
    expect(configErrors(dev({ backupValidationSchedule: "rate(1 days)" })).map((e) => e.input)).toEqual(["backup_validation_schedule"]);
  });

  // AWS reserves the "aws:" tag prefix in any letter case.
  it('a tag key starting "AWS:" is rejected', () => {
    expect(configErrors(dev({ tags: { "AWS:Owner": "me" } })).map((e) => e.input)).toEqual(["tags"]);
  });
});
