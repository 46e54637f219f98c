/**
 * Checks that need a real terraform binary and no provider: the HCL form of every input rule is
 * evaluated by Terraform itself (RE2 regexes, null handling) and compared with the TypeScript
 * form, and the generated module and examples pass `terraform fmt -check`. Skipped, and said so,
 * where no terraform binary exists.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { COMPLIANCE_MODES, ENVIRONMENTS } from "../lib/config";
import { BACKUP_CRON_PATTERN, RDS_INSTANCE_LIST_RULES, RULES, Rule, SCHEDULE_EXPRESSION_PATTERN, oneOf } from "../lib/rules";
import { PATTERN_LOCALS } from "../lib/terraform-module/patterns";
import { ADDITIONAL_RULES_LIST_RULES, ADDITIONAL_RULE_ENTRY_RULES, AdditionalBackupRule } from "../lib/additional-rules";
import { BackupModuleConfig } from "../lib/config";
import { BackupSettings, resolveSettings } from "../lib/settings";
import { renderValue } from "../lib/terraform-module/hcl";
import { baseConfig } from "./synth";
import { NETWORK_INPUT_RULES } from "../lib/private-networking";
import { JOBS_IN_FLIGHT_THRESHOLD } from "../lib/capacity-alarms";
import { DURATION_ALARM_PERCENT } from "../lib/duration-alarm";

/** A plain value as an HCL literal. */
const hclLiteral = (value: unknown): string => renderValue(value as Parameters<typeof renderValue>[0]);

const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
const ROOT = resolve(__dirname, "..");

/**
 * Evaluates HCL expressions with `terraform console`, in an empty configuration or beside the
 * given files (no provider may be needed).
 */
function evaluate(expressions: string[], files: Record<string, string> = {}): unknown[] {
  const dir = mkdtempSync(join(tmpdir(), "tf-console-"));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    writeFileSync(join(dir, "console.tf"), `locals {\n  results = [\n${expressions.map((e) => `    ${e},`).join("\n")}\n  ]\n}\n`);
    writeFileSync(join(dir, "cli.tfrc"), "");
    const out = execFileSync("terraform", ["console"], {
      cwd: dir,
      input: "jsonencode(local.results)\n",
      env: { ...process.env, TF_CLI_CONFIG_FILE: join(dir, "cli.tfrc"), CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
    });
    // The console prints the JSON as an HCL string literal.
    return JSON.parse(JSON.parse(out.trim().split("\n").pop()!)) as unknown[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CASES: [string, Rule<any>, unknown[]][] = [
  ["backup_schedule", RULES.backup_schedule, ["cron(0 1 * * ? *)", "cron(0 1 ? * SUN *)", "cron(0 1 1 * ? *)", "cron(30 0,12 * * ? *)", "cron(0 1 L * ? *)", "cron(0 1 ? * 2#1 *)", "cron(0 5 ? * MON-FRI 2027)", "cron(0 1 * * * *)", "cron(0 1 ? * ? *)", "cron(* 1 * * ? *)", "cron(*/5 1 * * ? *)", "cron(0 1 * * ?)", "0 1 * * ? *", "cron(0 24 * * ? *)", ""]],
  ["backup_validation_schedule", RULES.backup_validation_schedule, ["cron(0 6 * * ? *)", "cron(*/15 * * * ? *)", "rate(1 day)", "rate(6 hours)", "rate(1 days)", "rate(0 hours)", "rate(5 weeks)", "daily"]],
  ["project_name", RULES.project_name, ["arrakis", "a", "A-1", "-arrakis", "arrakis_prod", "a".repeat(32), "a".repeat(33), ""]],
  ["backup_vault_name", RULES.backup_vault_name, ["arrakis-backup-vault-production", "ab", "a", "a_b-c", "a b", "v".repeat(50), "v".repeat(51)]],
  ["backup_plan_name", RULES.backup_plan_name, ["plan.v1", "p", "", "plan/1"]],
  ["notification_email", RULES.notification_email, ["ops@company.com", "", "ops@company", "ops company.com", "a@b.c"]],
  ["replica_region", RULES.replica_region, ["us-east-1", "us-gov-west-1", "ap-southeast-2", "US-EAST-1", "useast1", "eu-central-10"]],
  ["rds_arn", RULES.rds_arn, ["arn:aws:rds:us-west-2:123456789012:db:arrakis-oms-production", "arn:aws:rds:us-west-2:123456789012:cluster:c1", "arn:aws-us-gov:rds:us-gov-west-1:123456789012:db:x", "arn:aws:rds:us-west-2:1234:db:x", "arn:aws:ec2:us-west-2:123456789012:volume/v"]],
  ["rds_identifier", RULES.rds_identifier, ["arrakis-oms", "1db", "db_1", "d"]],
  ["retention_days", RULES.retention_days, [1, 7, 36500, 0, -1, 1.5, 36501]],
  ["kms_deletion_window", RULES.kms_deletion_window, [7, 30, 6, 31]],
  ["target_hours", RULES.target_hours, [24, 0.5, 0, -4, 8761]],
  ["tags", RULES.tags, [{ Owner: "platform" }, {}, { "aws:owner": "x" }, { "AWS:Owner": "x" }, { ["k".repeat(129)]: "v" }, { k: "v".repeat(257) }]],
  ["environment", oneOf(ENVIRONMENTS), ["production", "prod", "Production"]],
  ["compliance_mode", oneOf(COMPLIANCE_MODES), ["GOVERNANCE", "COMPLIANCE", "compliance"]],
  ["validator_subnet_ids", NETWORK_INPUT_RULES.validator_subnet_ids, [[], ["subnet-0123456789abcdef0"], ["subnet-12345678"], ["subnet-XYZ"], ["subnet-0123456789abcdef0", "subnet-0123456789abcdef0"], ["sg-0123456789abcdef0"], Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(8, "0")}`)]],
  ["validator_security_group_ids", NETWORK_INPUT_RULES.validator_security_group_ids, [[], ["sg-0123456789abcdef0"], ["sg-123"], Array.from({ length: 6 }, (_, i) => `sg-${String(i).padStart(8, "0")}`)]],
  ["validator_route_table_ids", NETWORK_INPUT_RULES.validator_route_table_ids, [[], ["rtb-0123456789abcdef0", "rtb-12345678"], ["rtb-0123456789ABCDEF0"], ["rtb-0123456789abcdef0", "rtb-0123456789abcdef0"], ["subnet-0123456789abcdef0"], Array.from({ length: 17 }, (_, i) => `rtb-${String(i).padStart(8, "0")}`)]],
  ["backup_jobs_in_flight_alarm_threshold", JOBS_IN_FLIGHT_THRESHOLD, [1, 50, 10_000, 0, 10_001, 2.5]],
  ["backup_duration_alarm_percent", DURATION_ALARM_PERCENT, [1, 80, 100, 0, 101, 50.5]],
];

describe.skipIf(!hasTerraform)("input rules evaluated by terraform (needs a terraform binary)", () => {
  it("every rule's HCL form agrees with its TypeScript form on accepted and rejected values", () => {
    const expressions = CASES.flatMap(([, rule, values]) => values.map((v) => rule.hcl(hclLiteral(v))));
    const results = evaluate(expressions);
    const expected = CASES.flatMap(([, rule, values]) => values.map((v) => rule.test(v as never)));
    const labels = CASES.flatMap(([name, , values]) => values.map((v) => `${name} ${JSON.stringify(v)}`));
    const disagreements = labels.filter((_, i) => results[i] !== expected[i]).map((label, i) => `${label}: terraform ${results[i]}`);
    expect(disagreements).toEqual([]);
    // Both accepted and rejected values were exercised.
    expect(expected.filter(Boolean).length).toBeGreaterThan(20);
    expect(expected.filter((v) => !v).length).toBeGreaterThan(20);
  }, 60_000);

  it("the plan-time rds_instances rules reject what the synth-time checks reject", () => {
    const db = (name: string, arnName = name) => ({ identifier: name, arn: `arn:aws:rds:us-west-2:123456789012:db:${arnName}` });
    const lists = [[db("oms"), db("users")], [db("oms"), db("oms")], [db("oms", "other")], [{ identifier: "oms", arn: "nonsense" }], []];
    const results = evaluate(lists.flatMap((list) => RDS_INSTANCE_LIST_RULES.map((rule) => rule.hcl(hclLiteral(list)))));
    const byList = lists.map((_, i) => results.slice(i * RDS_INSTANCE_LIST_RULES.length, (i + 1) * RDS_INSTANCE_LIST_RULES.length));
    // [entries valid, no duplicate arn, identifiers match their arns]
    expect(byList).toEqual([
      [true, true, true],
      [true, false, true],
      [true, true, false],
      [false, true, false],
      [true, true, true],
    ]);
  }, 60_000);

  it("the additional_backup_rules validations accept and reject what the synth-time checks do", () => {
    const rule: Required<AdditionalBackupRule> = { name: "yearly", schedule: "cron(0 2 1 1 ? *)", deleteAfterDays: 3650, coldStorageAfterDays: null, copyToReplica: false, enableContinuousBackup: false, startWindowMinutes: 60, completionWindowMinutes: 10080 };
    const entries = [
      rule,
      { ...rule, name: "daily" },
      { ...rule, name: "bad name" },
      { ...rule, coldStorageAfterDays: 3600 },
      { ...rule, coldStorageAfterDays: 30 },
      { ...rule, enableContinuousBackup: true },
      { ...rule, enableContinuousBackup: true, deleteAfterDays: 35 },
      { ...rule, startWindowMinutes: 30 },
      { ...rule, startWindowMinutes: 120, completionWindowMinutes: 150 },
      { ...rule, schedule: "cron(*/5 * * * ? *)" },
    ];
    const snake = (entry: Required<AdditionalBackupRule>) => Object.fromEntries(Object.entries(entry).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
    const hcl = entries.flatMap((entry) => ADDITIONAL_RULE_ENTRY_RULES.map((check) => check.hcl(`(${hclLiteral(snake(entry))})`)));
    const results = evaluate(hcl);
    const expected = entries.flatMap((entry) => ADDITIONAL_RULE_ENTRY_RULES.map((check) => check.test(entry)));
    expect(results).toEqual(expected);
    expect(expected.filter((ok) => !ok).length).toBe(7);
    const [unique, duplicate] = evaluate([`length(distinct([for r in ${hclLiteral([{ name: "a" }, { name: "b" }])} : r.name])) == 2`, ADDITIONAL_RULES_LIST_RULES.at(-1)!.hcl(hclLiteral([snake(rule), snake(rule)]))]);
    expect([unique, duplicate]).toEqual([true, false]);
  }, 60_000);

  it("the module's named patterns are the TypeScript patterns, character for character", () => {
    const [cron, schedule] = evaluate(["local.backup_cron_pattern", "local.schedule_expression_pattern"], { "patterns.tf": PATTERN_LOCALS });
    expect([cron, schedule]).toEqual([BACKUP_CRON_PATTERN, SCHEDULE_EXPRESSION_PATTERN]);
    for (const line of PATTERN_LOCALS.split("\n")) expect(line.length, line).toBeLessThanOrEqual(160);
  }, 60_000);

  it("a null optional input passes the guarded condition even where the rule itself would fail on null", () => {
    const [numberRule, regexRule] = evaluate([
      `null == null ? true : (${RULES.retention_days.hcl("null")})`,
      `null == null ? true : (${RULES.replica_region.hcl("null")})`,
    ]);
    expect([numberRule, regexRule]).toEqual([true, true]);
  }, 60_000);

  it("the generated module and the examples are formatted as `terraform fmt` formats them", () => {
    for (const dir of ["module", "examples"]) {
      const result = spawnSync("terraform", ["fmt", "-check", "-recursive", "-diff", dir], {
        cwd: ROOT,
        env: { ...process.env, CHECKPOINT_DISABLE: "1" },
        encoding: "utf8",
      });
      expect(result.stdout, `${dir} is not terraform fmt clean`).toBe("");
      expect(result.status).toBe(0);
    }
  }, 60_000);
});

/** The decisions both paths make, as module locals and as the construct's literal settings. */
const DECISIONS: [string, (s: BackupSettings) => unknown][] = [
  ["backup_schedule", (s) => s.schedules.daily],
  ["delete_after_days", (s) => s.retention.daily.deleteAfterDays],
  ["cold_storage_after_days", (s) => s.retention.daily.coldStorageAfterDays],
  ["weekly_cold_storage_after_days", (s) => s.retention.weekly.coldStorageAfterDays],
  ["monthly_cold_storage_after_days", (s) => s.retention.monthly.coldStorageAfterDays],
  ["cross_region", (s) => s.crossRegion],
  ["monthly_cross_region", (s) => s.monthlyCrossRegion],
  ["vault_lock_enabled", (s) => s.vaultLock],
  ["block_recovery_point_deletion", (s) => s.blockRecoveryPointDeletion],
  ["notification_level", (s) => s.notificationLevel],
];

/** Scenarios as (environment, construct overrides, the same as module variables). */
const SCENARIOS: [string, Partial<BackupModuleConfig>, Record<string, unknown>][] = [
  ["development", {}, {}],
  ["staging", {}, {}],
  ["production", {}, {}],
  ["production", { deleteAfterDays: 120 }, { delete_after_days: 120 }],
  ["staging", { deleteAfterDays: 97, moveToColdStorageAfterDays: 7 }, { delete_after_days: 97, move_to_cold_storage_after_days: 7 }],
  ["staging", { replicaRegion: null }, { replica_region: null }],
  ["production", { enableCrossRegionBackup: false, backupVaultLockEnabled: false }, { enable_cross_region_backup: false, backup_vault_lock_enabled: false }],
  ["development", { longTermRetentionDays: 100, notificationLevel: "all" }, { long_term_retention_days: 100, notification_level: "all" }],
];

describe.skipIf(!hasTerraform)("the module's locals decide as the construct does (needs a terraform binary)", () => {
  const moduleFiles = {
    "variables.tf": readFileSync(join(ROOT, "module", "variables.tf"), "utf8"),
    "locals.tf": readFileSync(join(ROOT, "module", "locals.tf"), "utf8"),
  };

  it.each(SCENARIOS.map((s, i) => [i, ...s] as const))("scenario %i: %s %j", (_, environment, overrides, variables) => {
    const config = baseConfig(environment as never, overrides);
    const settings = resolveSettings(config);
    const tfvars = Object.entries({ project_name: config.projectName, environment, backup_vault_name: config.backupVaultName, backup_plan_name: config.backupPlanName, ...variables })
      .map(([name, value]) => `${name} = ${hclLiteral(value)}`)
      .join("\n");
    const results = evaluate(DECISIONS.map(([name]) => `local.${name}`), { ...moduleFiles, "terraform.tfvars": tfvars });
    expect(Object.fromEntries(DECISIONS.map(([name], i) => [name, results[i]]))).toEqual(
      Object.fromEntries(DECISIONS.map(([name, read]) => [name, read(settings)])),
    );
  }, 60_000);
});
