import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { describe, expect, it } from "vitest";
import { BackupModule, BackupModuleOptions } from "../lib/backup-module";
import { BackupModuleConfig, ENVIRONMENTS } from "../lib/config";
import { ENVIRONMENT_DEFAULTS } from "../lib/environment-defaults";
import { RULES, oneOf } from "../lib/rules";
import { TerraformJson, resourcesOf } from "./synth";
import { countedReferenceViolations, countedResources, unresolvedReferences } from "./terraform-refs";

/*
 * The same construct with Terraform variables in place of literals (the generated module's path):
 * decisions become locals, conditionals and `count`; the input rules become preconditions.
 */

const staticInputs = { projectName: "arrakis", backupVaultName: "arrakis-vault", backupPlanName: "arrakis-plan" };

function variableStack(): TerraformJson {
  const stack = new TerraformStack(Testing.app(), "variables");
  new AwsProvider(stack, "aws", { region: "us-west-2" });
  const environment = new TerraformVariable(stack, "environment", { type: "string" });
  const deleteAfterDays = new TerraformVariable(stack, "delete_after_days", { type: "number", nullable: true });
  deleteAfterDays.addOverride("default", null);
  const replicaRegion = new TerraformVariable(stack, "replica_region", { type: "string", default: "us-east-1" });
  const encryption = new TerraformVariable(stack, "enable_backup_encryption", { type: "bool", default: true });
  const rdsInstances = new TerraformVariable(stack, "rds_instances", { type: "list(object({ identifier = string, arn = string }))", default: [] });
  new BackupModule(stack, "backup", {
    ...staticInputs,
    environment: environment.stringValue,
    deleteAfterDays: deleteAfterDays.numberValue,
    replicaRegion: replicaRegion.stringValue,
    enableBackupEncryption: encryption.booleanValue,
    rdsInstances: Token.asAny(rdsInstances.value),
  });
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

function literalStack(config: Partial<BackupModuleConfig> = {}, options: BackupModuleOptions = { region: "us-west-2", accountId: "123456789012" }): TerraformJson {
  const stack = new TerraformStack(Testing.app(), "literals");
  new AwsProvider(stack, "aws", { region: "us-west-2" });
  new BackupModule(stack, "backup", { ...staticInputs, environment: "production", replicaRegion: "us-east-1", ...config }, options);
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

const json = variableStack();
const locals = json.locals as Record<string, unknown>;
const [planName, plan] = Object.entries(resourcesOf(json, "aws_backup_plan"))[0];

/**
 * A local's value as data: JSON as is, or an HCL object/tuple literal (`${{ k = v, ... }}`, which
 * the construct writes for tables holding nulls) converted to JSON.
 */
function localValue(value: unknown): unknown {
  if (typeof value !== "string" || !/^\$\{[{[]/.test(value)) return value;
  const hcl = value.slice(2, -1);
  // Outside string literals: `key =` → `"key":`, `"key" =` → `"key":`.
  const json = hcl
    .split(/("(?:[^"\\]|\\.)*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/([A-Za-z_][\w-]*)\s*=/g, '"$1":').replace(/\s*=/g, ":")))
    .join("");
  return JSON.parse(json);
}

/** `${local.NAME}` → NAME. */
const localOf = (expression: unknown) => /^\$\{local\.([\w-]+)\}$/.exec(String(expression))?.[1];
/** The name of the local holding the environment table. */
const tableName = Object.entries(locals).find(([, v]) => {
  const data = localValue(v);
  return typeof data === "object" && data !== null && "production" in data && "staging" in data && "development" in data;
})?.[0];

/** The name of the local holding the current environment's row, looked up by var.environment. */
const rowName = Object.entries(locals).find(
  ([, v]) => v === `\${lookup(local.${tableName}, var.environment, local.${tableName}.development)}`,
)?.[0];

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe("the environment table as a local", () => {
  it("holds all three environments with the table's values under snake_case keys", () => {
    expect(tableName).toBeDefined();
    const expected = Object.fromEntries(
      ENVIRONMENTS.map((env) => [env, Object.fromEntries(Object.entries(ENVIRONMENT_DEFAULTS[env]).map(([k, v]) => [snake(k), v]))]),
    );
    expect(localValue(locals[tableName!])).toEqual(expected);
    expect(Object.keys((localValue(locals[tableName!]) as any).production)).toContain("move_to_cold_storage_after_days");
  });

  it("is read by var.environment for the daily schedule", () => {
    const daily = (plan.rule as any[])[0];
    expect(daily.rule_name).toBe("daily");
    const schedule = localOf(daily.schedule);
    expect(schedule, `daily schedule ${daily.schedule}`).toBeDefined();
    expect(rowName, "a local looks up var.environment's row, falling back to development").toBeDefined();
    expect(locals[schedule!]).toBe(`\${local.${rowName}.backup_schedule}`);
  });

  it("is read by var.environment for the daily retention, unless delete_after_days is set", () => {
    const daily = (plan.rule as any[])[0];
    const retention = localOf(daily.lifecycle.delete_after);
    expect(retention).toBeDefined();
    const expression = String(locals[retention!]);
    expect(expression).toBe(`\${coalesce(var.delete_after_days, local.${rowName}.delete_after_days)}`);
    // Cold storage: the environment's figure only where the retention leaves 90 days in cold.
    const coldLocal = String(locals[localOf(daily.lifecycle.cold_storage_after)!]);
    // delete_after_days is a literal-free variable here, so the environment's figure is the default.
    const cold = String(locals[localOf(`\${${/local\.[\w]+/.exec(coldLocal)![0]}}`)!] ?? coldLocal);
    expect(cold).toContain(`local.${rowName}.move_to_cold_storage_after_days`);
    expect(cold).toContain(">= 90");
  });

  it("decides vault lock and notification level from the table too", () => {
    const values = Object.values(locals).map(String);
    for (const key of ["vault_lock", "notification_level", "cross_region_backup", "block_recovery_point_deletion"]) {
      expect(values.join("\n"), key).toContain(`local.${rowName}.${key}`);
    }
  });
});

describe("the replica region decided at plan time", () => {
  const vaults = resourcesOf(json, "aws_backup_vault");
  const replicaVault = Object.entries(vaults).find(([, v]) => String(v.name).endsWith("-replica"));
  const replicaKey = Object.entries(resourcesOf(json, "aws_kms_key")).find(([name]) => name.includes("replica"));

  it("puts the replica vault and its key in var.replica_region, each with count", () => {
    expect(replicaVault).toBeDefined();
    expect(replicaKey).toBeDefined();
    for (const [, resource] of [replicaVault!, replicaKey!]) {
      expect(resource.region).toBe("${var.replica_region}");
      expect(resource.count).toMatch(/^\$\{.+ \? 1 : 0\}$/);
    }
    // The key also depends on var.enable_backup_encryption (through the create_kms_keys decision).
    expect(replicaKey![1].count).toMatch(/create_kms_keys/);
  });

  it("writes each copy action as a dynamic block over one(replica vault ARN)", () => {
    const replicaRef = `one(aws_backup_vault.${replicaVault![0]}[*].arn)`;
    for (const rule of plan.rule as any[]) {
      expect(rule.copy_action, `${rule.rule_name}: no static copy action`).toBeUndefined();
      const dynamic = rule.dynamic?.copy_action;
      expect(dynamic, rule.rule_name).toBeDefined();
      expect(dynamic.for_each).toContain(replicaRef);
      expect(dynamic.for_each).toMatch(/\? \[.+\] : \[\]\}$/);
      expect(dynamic.content.destination_vault_arn).toBe("${copy_action.value}");
      expect(dynamic.content.lifecycle).toEqual(rule.lifecycle);
    }
    // Monthly copies: production only.
    const monthly = (plan.rule as any[])[2].dynamic.copy_action.for_each;
    const monthlyCondition = localOf(`\${${/^\$\{(local\.[\w-]+) \?/.exec(monthly)?.[1]}}`);
    expect(String(locals[monthlyCondition!])).toContain('var.environment == "production"');
  });

  it("reads every counted resource through one(...[*]) or [0], and every reference resolves", () => {
    expect(countedResources(json).length).toBeGreaterThan(3);
    expect(countedReferenceViolations(json).map((r) => `${r.path}: ${r.expression}`)).toEqual([]);
    expect(unresolvedReferences(json).map((r) => `${r.path}: ${r.address}`)).toEqual([]);
    expect(JSON.stringify(json)).not.toContain("$${");
  });
});

describe("input rules as preconditions on the plan", () => {
  const preconditions = (plan.lifecycle?.precondition ?? []) as { condition: string; error_message: string }[];
  const messages = preconditions.map((p) => p.error_message);

  it("carries the synth-time rule text as each precondition's error message", () => {
    expect(messages).toContain(`Invalid environment: ${oneOf(ENVIRONMENTS).description}.`);
    expect(messages).toContain(`Invalid replica_region: ${RULES.replica_region.description}.`);
    expect(messages).toContain(`Invalid delete_after_days: ${RULES.retention_days.description}.`);
    // Defaults meet the rules: inputs left unset (backup_schedule, notification_level) are not checked.
    expect(messages.some((m) => m.startsWith("Invalid notification_level"))).toBe(false);
    expect(messages.some((m) => m.startsWith("Invalid rds_instances: ") && m.includes(RULES.rds_arn.description))).toBe(true);
    expect(messages.some((m) => m.startsWith("Invalid delete_after_days: the locked vault rejects"))).toBe(true);
  });

  it("writes each condition with the rule's own HCL (the same pattern as the synth check)", () => {
    const environment = preconditions.find((p) => p.error_message.startsWith("Invalid environment"))!;
    expect(environment.condition).toContain('contains(["development","staging","production"]');
    const region = preconditions.find((p) => p.error_message.startsWith("Invalid replica_region"))!;
    expect(region.condition).toContain(JSON.stringify("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$"));
    for (const p of preconditions) {
      expect(p.condition).toMatch(/^\$\{.*\}$/s);
      expect(p.condition, "RE2 has no look-arounds").not.toContain("(?");
    }
  });

  it("checks only inputs that are unknown at synth (project_name and vault name were literals)", () => {
    expect(messages.some((m) => m.startsWith("Invalid project_name"))).toBe(false);
    expect(messages.some((m) => m.startsWith("Invalid backup_vault_name"))).toBe(false);
  });

  it("names the plan that holds them", () => {
    expect(planName).toMatch(/^backup_plan_/);
  });
});

describe("the same construct with literal inputs", () => {
  const literal = literalStack({ deleteAfterDays: 120, rdsInstances: [{ identifier: "db-1", arn: "arn:aws:rds:us-west-2:123456789012:db:db-1" }] });
  const literalPlan = Object.values(resourcesOf(literal, "aws_backup_plan"))[0];

  it("has no locals, no preconditions, no count and no dynamic blocks", () => {
    expect(literal.locals).toBeUndefined();
    expect(literalPlan.lifecycle?.precondition).toBeUndefined();
    expect(countedResources(literal)).toEqual([]);
    expect(JSON.stringify(literalPlan)).not.toContain('"dynamic"');
  });

  it("without a known account and region, checks only those at plan time: the RDS ARN's account and region, the replica region", () => {
    const json = literalStack({ rdsInstances: [{ identifier: "db-1", arn: "arn:aws:rds:us-west-2:123456789012:db:db-1" }] }, {});
    const plan = Object.values(resourcesOf(json, "aws_backup_plan"))[0];
    const messages = (plan.lifecycle?.precondition ?? []).map((p: { error_message: string }) => p.error_message);
    expect(messages).toEqual([
      "Invalid rds_instances[0].arn: must be in the provider's region: AWS Backup backs up only resources of its own account and region, and would silently skip this one.",
      "Invalid rds_instances[0].arn: must be in the deploying account: AWS Backup backs up only resources of its own account and region, and would silently skip this one.",
    ]);
    const replica = Object.values(resourcesOf(json, "aws_backup_vault")).find((v) => v.name.endsWith("-replica"));
    expect(replica.lifecycle.precondition.map((p: { error_message: string }) => p.error_message)).toEqual([
      "Invalid replica_region: must differ from the provider's region, or the copies would not leave the primary region.",
    ]);
  });

  it("writes the real values a reviewer can read", () => {
    const daily = literalPlan.rule[0];
    expect(daily).toMatchObject({ schedule: "cron(0 1 * * ? *)", lifecycle: { delete_after: 120, cold_storage_after: 30 } });
    const replica = Object.values(resourcesOf(literal, "aws_backup_vault")).find((v) => v.name.endsWith("-replica"));
    expect(replica.region).toBe("us-east-1");
  });
});
