import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BackupStack } from "../lib/backup-stack";
import { BackupModuleConfig, ENVIRONMENTS, Environment, NOTIFICATION_LEVELS, RdsInstance } from "../lib/config";
import { ENVIRONMENT_DEFAULTS } from "../lib/environment-defaults";
import { BackupConfigErrors } from "../lib/errors";
import { Testing } from "cdktf";
import { TerraformJson, baseConfig, expandForEach, resourcesOf, synthBackup } from "./synth";
import { countedReferenceViolations, dependsOnViolations, interpolations, references, undefinedOperands, unresolvedReferences } from "./terraform-refs";

/*
 * AWS's rules, checked over many generated configurations rather than the three examples. Each
 * configuration is either rejected (and then the test works out independently which inputs are
 * wrong and expects exactly those to be named) or its synthesized JSON must satisfy AWS's rules.
 */

const VALID_CRONS = [
  "cron(0 1 * * ? *)",
  "cron(0 3 * * ? *)",
  "cron(30 0,12 * * ? *)",
  "cron(0 */6 * * ? *)",
  "cron(15 * * * ? *)",
  "cron(0 5 ? * MON-FRI *)",
  "cron(0 1 ? * SUN *)",
  "cron(0 1 1 * ? *)",
  "cron(0 1 L * ? *)",
  "cron(0 1 ? * 2#1 *)",
  "cron(0 2 15W * ? *)",
  "cron(0 23 ? * 6L *)",
];

/** The region of every generated stack. */
const STACK_REGION = "us-west-2";

const RDS_POOL: RdsInstance[] = [
  { identifier: "arrakis-oms-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-oms-production" },
  { identifier: "arrakis-user-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-user-production" },
  { identifier: "aurora-main", arn: "arn:aws:rds:us-west-2:123456789012:cluster:aurora-main" },
  { identifier: "Reports2", arn: "arn:aws:rds:eu-west-1:210987654321:db:Reports2" },
];

/** Mostly unset (the module's default applies), sometimes the generated value. */
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: arb, weight: 1 });

const retentionDays = fc.oneof(
  fc.integer({ min: 1, max: 400 }),
  // Around the 90-day cold-storage boundary, the lock defaults and the limits, plus invalid values.
  fc.constantFrom(0, -5, 1.5, 29, 30, 89, 90, 91, 96, 97, 98, 119, 120, 121, 180, 365, 2555, 36500, 36501),
);

const configArb: fc.Arbitrary<BackupModuleConfig> = fc.record(
  {
    projectName: fc.constantFrom("arrakis", "a", "x".repeat(32), "dune-2"),
    environment: fc.constantFrom(...ENVIRONMENTS),
    // Up to 42 characters: the replica vault appends "-replica" (a longer name is a known gap,
    // see input-validation.test.ts).
    backupVaultName: fc.stringMatching(/^[a-zA-Z0-9_-]{2,42}$/),
    backupPlanName: fc.stringMatching(/^[a-zA-Z0-9_.-]{1,50}$/),
    backupSchedule: maybe(fc.constantFrom(...VALID_CRONS)),
    weeklyBackupSchedule: maybe(fc.constantFrom(...VALID_CRONS)),
    monthlyBackupSchedule: maybe(fc.constantFrom(...VALID_CRONS)),
    deleteAfterDays: maybe(retentionDays),
    moveToColdStorageAfterDays: maybe(fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constantFrom(0, 7, 30, 90))),
    longTermRetentionDays: maybe(fc.constantFrom(30, 100, 179, 180, 181, 365, 3650, 36500, 0)),
    archivalRetentionDays: maybe(fc.constantFrom(90, 120, 2555, 36500, 36501)),
    enableBackupEncryption: maybe(fc.boolean()),
    complianceMode: maybe(fc.constantFrom("GOVERNANCE", "COMPLIANCE")),
    backupVaultLockEnabled: maybe(fc.boolean()),
    minRetentionDays: maybe(fc.constantFrom(1, 7, 30, 90)),
    maxRetentionDays: maybe(fc.constantFrom(90, 365, 3650, 36500)),
    vaultLockChangeableForDays: maybe(fc.constantFrom(3, 7, 30)),
    blockRecoveryPointDeletion: maybe(fc.boolean()),
    enableBackupNotifications: maybe(fc.boolean()),
    notificationEmail: maybe(fc.constantFrom("", "ops@company.com")),
    notificationLevel: maybe(fc.constantFrom(...NOTIFICATION_LEVELS)),
    enableBackupMonitoring: maybe(fc.boolean()),
    enableBackupValidation: maybe(fc.boolean()),
    backupValidationSchedule: maybe(fc.constantFrom("rate(1 day)", "rate(12 hours)", "cron(0/30 * * * ? *)")),
    rdsInstances: maybe(fc.subarray(RDS_POOL, { maxLength: 3 })),
    backupEfsEnabled: maybe(fc.boolean()),
    replicaRegion: maybe(fc.constantFrom<string | null>("us-east-1", "eu-west-1", null)),
    enableCrossRegionBackup: maybe(fc.boolean()),
    enableIntelligentTiering: maybe(fc.boolean()),
    tags: maybe(fc.constant({ Team: "platform", CostCenter: "infra" })),
  },
  { requiredKeys: ["projectName", "environment", "backupVaultName", "backupPlanName"] },
) as fc.Arbitrary<BackupModuleConfig>;

// ── The oracle: what AWS and the spec imply, computed without the library ─────────────────────

const wholeDays = (n: number) => Number.isInteger(n) && n >= 1 && n <= 36500;

interface Expected {
  readonly env: Environment;
  readonly daily: { delete: number; cold?: number };
  readonly weekly: { delete: number; cold?: number };
  readonly monthly: { delete: number; cold?: number };
  readonly lock: boolean;
  readonly min: number;
  readonly max: number;
  readonly crossRegion: boolean;
  readonly replicaRegion: string | null;
  readonly encryption: boolean;
  readonly notifications: boolean;
  readonly compliance: boolean;
  readonly changeableForDays: number;
}

function expectationsOf(c: BackupModuleConfig): Expected {
  const env = c.environment as Environment;
  const table = ENVIRONMENT_DEFAULTS[env];
  const d = c.deleteAfterDays ?? table.deleteAfterDays;
  const w = c.longTermRetentionDays ?? 365;
  const m = c.archivalRetentionDays ?? 2555;
  const fits = (del: number, cold: number | null) => (cold !== null && del - cold >= 90 ? cold : undefined);
  const replicaRegion = c.replicaRegion === undefined ? "us-east-1" : c.replicaRegion;
  return {
    env,
    daily: { delete: d, cold: c.moveToColdStorageAfterDays ?? fits(d, table.moveToColdStorageAfterDays) },
    weekly: { delete: w, cold: fits(w, 90) },
    monthly: { delete: m, cold: fits(m, 30) },
    lock: (c.backupVaultLockEnabled as boolean | undefined) ?? env === "production",
    min: c.minRetentionDays ?? 30,
    max: c.maxRetentionDays ?? 36500,
    crossRegion: ((c.enableCrossRegionBackup as boolean | undefined) ?? env !== "development") && replicaRegion !== null,
    replicaRegion,
    encryption: (c.enableBackupEncryption as boolean | undefined) ?? true,
    notifications: (c.enableBackupNotifications as boolean | undefined) ?? true,
    compliance: c.complianceMode === "COMPLIANCE",
    changeableForDays: c.vaultLockChangeableForDays ?? 3,
  };
}

/** The inputs that are really wrong in a generated configuration. */
function violations(c: BackupModuleConfig): Set<string> {
  const e = expectationsOf(c);
  const wrong = new Set<string>();
  const retention = [
    ["delete_after_days", e.daily.delete],
    ["long_term_retention_days", e.weekly.delete],
    ["archival_retention_days", e.monthly.delete],
  ] as const;
  for (const [input, days] of retention) {
    if (!wholeDays(days)) wrong.add(input);
    if (e.lock && (days < e.min || days > e.max)) wrong.add(input);
  }
  const cold = c.moveToColdStorageAfterDays;
  if (cold !== undefined && (!wholeDays(cold) || e.daily.delete - cold < 90)) wrong.add("move_to_cold_storage_after_days");
  if (e.max < e.min) wrong.add("max_retention_days");
  // AWS Backup backs up only its own region's databases; the stack's region (us-west-2) is known at synth.
  ((c.rdsInstances as RdsInstance[] | undefined) ?? []).forEach((instance, i) => {
    if (instance.arn.split(":")[3] !== STACK_REGION) wrong.add(`rds_instances[${i}].arn`);
  });
  return wrong;
}

// ── Reading the synthesized JSON ──────────────────────────────────────────────────────────────

/** A service principal as the module must write it: `<service>.` and the partition's DNS suffix. */
const principalOf = (service: string) => new RegExp(`^${service}\\.\\$\\{data\\.aws_partition\\.\\w+\\.dns_suffix\\}$`);
const hasPrincipal = (statement: any, service: string) => [statement.Principal?.Service].flat().some((p: unknown) => principalOf(service).test(String(p)));

/**
 * Statements letting a service principal use the key or publish to the topic are scoped to this
 * account (confused deputy); the documented exceptions: EventBridge's KMS use (AWS sends no
 * aws:Source* keys to KMS for it) and CloudWatch Logs (scoped by the log group ARN in its
 * encryption context).
 */
function unscopedServiceStatements(statements: any[]): string[] {
  return statements
    .filter((s) => s.Principal?.Service !== undefined)
    .filter((s) => s.Sid !== "AllowEventRulesToEncryptedTopic" && s.Sid !== "AllowValidatorLogGroup")
    .filter((s) => s.Condition?.StringEquals?.["aws:SourceAccount"] === undefined)
    .map((s) => String(s.Sid));
}

/** AWS Backup's supported vault events (BackupVaultEvents; the others are deprecated and never sent). */
const SUPPORTED_VAULT_EVENTS = [
  "BACKUP_JOB_STARTED",
  "BACKUP_JOB_COMPLETED",
  "COPY_JOB_STARTED",
  "COPY_JOB_SUCCESSFUL",
  "COPY_JOB_FAILED",
  "RESTORE_JOB_STARTED",
  "RESTORE_JOB_COMPLETED",
  "RECOVERY_POINT_MODIFIED",
  "S3_BACKUP_OBJECT_FAILED",
  "S3_RESTORE_OBJECT_FAILED",
];

const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;
const RULE_NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;
/** AWS cron shape: cron(six fields), exactly one of day-of-month / day-of-week is "?". */
function isAwsCron(schedule: string): boolean {
  const m = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(schedule);
  return m !== null && (m[3] === "?") !== (m[5] === "?") && /^[0-9]{1,2}$/.test(m[1]);
}

/** `${aws_backup_vault.NAME.ATTR}` → NAME. */
function vaultRef(expression: unknown, attribute: string): string | undefined {
  const m = new RegExp(`^\\$\\{aws_backup_vault\\.([\\w-]+)\\.${attribute}\\}$`).exec(String(expression));
  return m?.[1];
}

interface Lifecycle {
  delete_after: number;
  cold_storage_after?: number;
  opt_in_to_archive_for_supported_resources?: boolean;
}

function checkLifecycle(where: string, lifecycle: Lifecycle): void {
  expect(Number.isInteger(lifecycle.delete_after), where).toBe(true);
  expect(lifecycle.delete_after, where).toBeGreaterThanOrEqual(1);
  expect(lifecycle.delete_after, where).toBeLessThanOrEqual(36500);
  if (lifecycle.cold_storage_after !== undefined) {
    expect(lifecycle.delete_after - lifecycle.cold_storage_after, `${where}: days in cold storage`).toBeGreaterThanOrEqual(90);
  }
  if (lifecycle.opt_in_to_archive_for_supported_resources === true) {
    expect(lifecycle.cold_storage_after, `${where}: the archive tier needs cold storage`).toBeDefined();
  }
}

function checkInvariants(config: BackupModuleConfig, json: TerraformJson): void {
  const e = expectationsOf(config);
  const text = JSON.stringify(json);
  expect(text, "an escaped interpolation `$${` means a reference became literal text").not.toContain("$${");
  expect(references(json).length, "the resolver reads the stack's references").toBeGreaterThan(20);
  expect(unresolvedReferences(json).map((r) => `${r.path}: ${r.address}`)).toEqual([]);
  expect(countedReferenceViolations(json).map((r) => `${r.path}: ${r.expression}`)).toEqual([]);
  expect(dependsOnViolations(json)).toEqual([]);
  expect(undefinedOperands(json)).toEqual([]);

  // Vaults, their names, regions and keys.
  const vaults = resourcesOf(json, "aws_backup_vault");
  const replicaVaults = Object.entries(vaults).filter(([, v]) => v.name.endsWith("-replica"));
  const primaryVaults = Object.entries(vaults).filter(([, v]) => !v.name.endsWith("-replica"));
  expect(primaryVaults.map(([, v]) => v.name)).toEqual([config.backupVaultName]);
  expect(replicaVaults).toHaveLength(e.crossRegion ? 1 : 0);
  for (const [, vault] of Object.entries(vaults)) expect(vault.name).toMatch(VAULT_NAME);
  const keys = resourcesOf(json, "aws_kms_key");
  const aliases = resourcesOf(json, "aws_kms_alias");
  expect(Object.keys(keys)).toHaveLength(e.encryption ? (e.crossRegion ? 2 : 1) : 0);
  for (const [, vault] of replicaVaults) {
    expect(vault.region).toBe(e.replicaRegion);
    if (e.encryption) {
      const key = /^\$\{aws_kms_key\.([\w-]+)\.arn\}$/.exec(vault.kms_key_arn)?.[1];
      expect(keys[key!]?.region, "the replica vault's key lives in the replica region").toBe(e.replicaRegion);
    } else {
      expect(vault.kms_key_arn).toBeUndefined();
    }
  }
  for (const alias of Object.values(aliases).filter((a) => a.name.includes("replica"))) expect(alias.region).toBe(e.replicaRegion);
  for (const [, vault] of primaryVaults) expect(vault.region).toBeUndefined();

  // Vault locks.
  const locks = Object.values(resourcesOf(json, "aws_backup_vault_lock_configuration"));
  expect(locks).toHaveLength(e.lock ? Object.keys(vaults).length : 0);
  const lockOf = new Map<string, any>();
  for (const lock of locks) {
    const vault = vaultRef(lock.backup_vault_name, "name");
    expect(vault, "a lock names a vault of this stack").toBeDefined();
    lockOf.set(vault!, lock);
    expect(lock).toMatchObject({ min_retention_days: e.min, max_retention_days: e.max });
    if (lock.changeable_for_days === undefined) {
      expect(e.compliance, "GOVERNANCE locks have no changeable_for_days").toBe(false);
    } else {
      expect(e.compliance).toBe(true);
      expect(lock.changeable_for_days).toBeGreaterThanOrEqual(3);
      expect(lock.changeable_for_days).toBe(e.changeableForDays);
    }
    expect(lock.region).toBe(vaults[vault!].region);
  }
  const withinLock = (where: string, vault: string | undefined, deleteAfter: number) => {
    const lock = lockOf.get(vault!);
    if (!lock) return;
    expect(deleteAfter, `${where} vs the lock's min`).toBeGreaterThanOrEqual(lock.min_retention_days);
    expect(deleteAfter, `${where} vs the lock's max`).toBeLessThanOrEqual(lock.max_retention_days);
  };

  // The plan: names, schedules, lifecycles, copies.
  const [plan] = Object.values(resourcesOf(json, "aws_backup_plan"));
  expect(plan.name).toBe(config.backupPlanName);
  const rules = plan.rule as any[];
  expect(rules.map((r) => r.rule_name)).toEqual(["daily", "weekly", "monthly"]);
  for (const rule of rules) {
    const where = `rule ${rule.rule_name}`;
    expect(rule.rule_name).toMatch(RULE_NAME);
    expect(isAwsCron(rule.schedule), `${where} schedule ${rule.schedule}`).toBe(true);
    checkLifecycle(where, rule.lifecycle);
    const target = vaultRef(rule.target_vault_name, "name");
    expect(primaryVaults.map(([name]) => name)).toContain(target);
    withinLock(where, target, rule.lifecycle.delete_after);
    const copies = (rule.copy_action ?? []) as any[];
    const copied = e.crossRegion && (rule.rule_name !== "monthly" || e.env === "production");
    expect(copies, `${where} copy actions`).toHaveLength(copied ? 1 : 0);
    for (const copy of copies) {
      const destination = vaultRef(copy.destination_vault_arn, "arn");
      expect(replicaVaults.map(([name]) => name), "copies go to the replica vault").toContain(destination);
      checkLifecycle(`${where} copy`, copy.lifecycle);
      expect(copy.lifecycle, "copies keep the rule's lifecycle").toEqual(rule.lifecycle);
      withinLock(`${where} copy`, destination, copy.lifecycle.delete_after);
    }
  }
  const byName = Object.fromEntries(rules.map((r) => [r.rule_name, r]));
  for (const name of ["daily", "weekly", "monthly"] as const) {
    expect(byName[name].lifecycle.delete_after, `${name} retention`).toBe(e[name].delete);
    expect(byName[name].lifecycle.cold_storage_after, `${name} cold storage`).toBe(e[name].cold);
  }

  // Selections.
  for (const selection of Object.values(resourcesOf(json, "aws_backup_selection"))) expect(selection.name).toMatch(RULE_NAME);
  const rdsSelection = Object.values(resourcesOf(json, "aws_backup_selection")).find((s) => s.name.includes("-rds-"));
  const rdsArns = ((config.rdsInstances as RdsInstance[] | undefined) ?? []).map((i) => i.arn);
  expect(rdsSelection?.resources ?? []).toEqual(rdsArns);

  // Notifications: topic, topic policy and key policy for every publisher.
  const topics = Object.entries(resourcesOf(json, "aws_sns_topic"));
  expect(topics).toHaveLength(e.notifications ? 1 : 0);
  const topicArn = topics.length ? `\${aws_sns_topic.${topics[0][0]}.arn}` : undefined;
  for (const [, topic] of topics) {
    const policy = Object.values(resourcesOf(json, "aws_sns_topic_policy")).find((p) => p.arn === topicArn);
    expect(policy, "the topic has a policy").toBeDefined();
    const statements = JSON.parse(policy.policy).Statement as any[];
    for (const service of ["events", "cloudwatch", "backup"]) {
      const allows = statements.some(
        (s) => s.Effect === "Allow" && hasPrincipal(s, service) && [s.Action].flat().includes("SNS:Publish") && s.Resource === topicArn,
      );
      expect(allows, `topic policy lets ${service} publish`).toBe(true);
    }
    expect(unscopedServiceStatements(statements), "topic policy statements without aws:SourceAccount").toEqual([]);
    if (e.encryption) {
      const key = /^\$\{aws_kms_key\.([\w-]+)\.arn\}$/.exec(topic.kms_master_key_id)?.[1];
      expect(key, "the topic is encrypted with our key").toBeDefined();
      const keyStatements = JSON.parse(keys[key!].policy).Statement as any[];
      for (const service of ["events", "cloudwatch", "backup"]) {
        const allowed = (action: string) =>
          keyStatements.some(
            (s) => s.Effect === "Allow" && hasPrincipal(s, service) && [s.Action].flat().some((a: string) => a === action || (a.endsWith("*") && action.startsWith(a.slice(0, -1)))),
          );
        expect(allowed("kms:GenerateDataKey") && allowed("kms:Decrypt"), `key policy lets ${service} use the topic key`).toBe(true);
      }
      expect(unscopedServiceStatements(keyStatements), "key policy statements without aws:SourceAccount").toEqual([]);
      expect(JSON.stringify(keyStatements), "no hard-coded amazonaws.com").not.toContain("amazonaws.com");
    } else {
      expect(topic.kms_master_key_id).toBeUndefined();
    }
  }

  // Vault notifications: only events AWS Backup still sends (the deprecated BACKUP_JOB_FAILED,
  // *_EXPIRED and the like are accepted by the API but never fire).
  for (const notifications of Object.values(resourcesOf(json, "aws_backup_vault_notifications"))) {
    expect(notifications.sns_topic_arn).toBe(topicArn);
    for (const event of notifications.backup_vault_events as string[]) expect(SUPPORTED_VAULT_EVENTS).toContain(event);
  }

  // Alarms notify the topic only when there is one; the replica region's alarms reach it through
  // EventBridge (a rule forwarding them to the primary region, where a rule targets the topic).
  const eventRules = Object.values(resourcesOf(json, "aws_cloudwatch_event_rule"));
  const targets = Object.values(resourcesOf(json, "aws_cloudwatch_event_target"));
  for (const [name, alarm] of Object.entries(resourcesOf(json, "aws_cloudwatch_metric_alarm"))) {
    const actions = (alarm.alarm_actions ?? []) as string[];
    if (alarm.region === undefined) {
      expect(actions, `${name} alarm_actions`).toEqual(topicArn ? [topicArn] : []);
      continue;
    }
    expect(alarm.region, `${name} watches the replica region`).toBe(e.replicaRegion);
    expect(actions, `${name} has no cross-region action`).toEqual([]);
    const watching = eventRules.filter((r) => r.event_pattern?.includes(`alarm:${alarm.alarm_name}`));
    if (!topicArn) {
      expect(watching, `${name}: no routing without a topic`).toEqual([]);
      continue;
    }
    expect(watching.map((r) => r.region ?? "primary").sort(), `${name} is forwarded, then sent to the topic`).toEqual([e.replicaRegion, "primary"].sort());
    const primaryRule = Object.entries(resourcesOf(json, "aws_cloudwatch_event_rule")).find(([, r]) => r === watching.find((w) => w.region === undefined))![0];
    expect(targets.some((t) => t.rule === `\${aws_cloudwatch_event_rule.${primaryRule}.name}` && t.arn === topicArn)).toBe(true);
  }
  // Cross-region: the replica region's job events are forwarded to the primary region's bus.
  const forwarders = eventRules.filter((r) => r.region !== undefined);
  if (e.crossRegion && e.notifications) {
    expect(forwarders.length).toBeGreaterThan(0);
    for (const rule of forwarders) expect(rule.region).toBe(e.replicaRegion);
    for (const target of targets.filter((t) => t.region !== undefined)) {
      expect(target.arn).toMatch(/:events:\$\{data\.aws_region\.\w+\.region\}:.*:event-bus\/default$/);
      expect(target.role_arn).toMatch(/^\$\{aws_iam_role\.\w+\.arn\}$/);
    }
  } else {
    expect(forwarders).toEqual([]);
  }
}

function synthOrErrors(config: BackupModuleConfig): { json: TerraformJson } | { errors: string[] } {
  let stack: BackupStack;
  try {
    stack = new BackupStack(Testing.app(), "test", { region: STACK_REGION, backup: config });
  } catch (error) {
    if (error instanceof BackupConfigErrors) return { errors: error.errors.map((e) => e.input) };
    throw error;
  }
  return { json: expandForEach(JSON.parse(Testing.synth(stack, true)) as TerraformJson) };
}

describe("AWS invariants over generated configurations", () => {
  it("either names exactly the wrong inputs, or synthesizes JSON that AWS accepts", () => {
    let synthesized = 0;
    let rejected = 0;
    fc.assert(
      fc.property(configArb, (config) => {
        const expectedWrong = violations(config);
        const result = synthOrErrors(config);
        if ("errors" in result) {
          rejected++;
          expect(expectedWrong.size, `rejected a valid configuration: ${result.errors.join(", ")}`).toBeGreaterThan(0);
          expect(new Set(result.errors)).toEqual(expectedWrong);
          return;
        }
        synthesized++;
        expect([...expectedWrong], "accepted a configuration with wrong inputs").toEqual([]);
        checkInvariants(config, result.json);
      }),
      { numRuns: 90, seed: Number(process.env.FC_SEED ?? 20251126) },
    );
    // Both outcomes must be exercised, or the property proves little.
    expect(synthesized).toBeGreaterThan(25);
    expect(rejected).toBeGreaterThan(8);
  });

  it("a random seed also holds (set FC_SEED to reproduce a failure)", () => {
    const seed = Date.now() % 1_000_000;
    fc.assert(
      fc.property(configArb, (config) => {
        const result = synthOrErrors(config);
        if ("errors" in result) expect(new Set(result.errors)).toEqual(violations(config));
        else {
          expect([...violations(config)]).toEqual([]);
          checkInvariants(config, result.json);
        }
      }),
      { numRuns: 20, seed },
    );
  });
});

describe("the invariant checker itself catches broken output", () => {
  const config = baseConfig("production", { deleteAfterDays: 120, enableBackupValidation: false });
  const synthesized = synthBackup(config);
  const fresh = () => structuredClone(synthesized);
  const planOf = (json: TerraformJson) => Object.values(resourcesOf(json, "aws_backup_plan"))[0];

  it("accepts the untouched output", () => {
    expect(() => checkInvariants(config, fresh())).not.toThrow();
  });

  const tampers: [string, (json: TerraformJson) => void][] = [
    ["cold storage under 90 days", (j: TerraformJson) => (planOf(j).rule[0].lifecycle.cold_storage_after = 31)],
    ["a copy lifecycle that differs from its rule", (j: TerraformJson) => (planOf(j).rule[1].copy_action[0].lifecycle.cold_storage_after = 300)],
    ["retention below the lock's minimum", (j: TerraformJson) => (Object.values(resourcesOf(j, "aws_backup_vault_lock_configuration"))[0].min_retention_days = 200)],
    ["a GOVERNANCE lock with changeable_for_days", (j: TerraformJson) => (Object.values(resourcesOf(j, "aws_backup_vault_lock_configuration"))[0].changeable_for_days = 3)],
    ["a copy to the primary vault", (j: TerraformJson) => (planOf(j).rule[0].copy_action[0].destination_vault_arn = planOf(j).rule[0].target_vault_name.replace(".name}", ".arn}"))],
    ["a replica vault in the primary region", (j: TerraformJson) => Object.values(resourcesOf(j, "aws_backup_vault")).forEach((v) => delete v.region)],
    ["a six-field cron with both day fields set", (j: TerraformJson) => (planOf(j).rule[2].schedule = "cron(0 1 1 * MON *)")],
    ["a rule name with a space", (j: TerraformJson) => (planOf(j).rule[2].rule_name = "monthly rule")],
    ["an escaped interpolation", (j: TerraformJson) => (planOf(j).name = "$${var.name}")],
    ["a dangling reference", (j: TerraformJson) => (planOf(j).rule[0].target_vault_name = "${aws_backup_vault.gone.name}")],
    ["a counted resource read by a plain getter", (j: TerraformJson) => (Object.values(resourcesOf(j, "aws_backup_vault"))[1].count = 1)],
    ["a topic policy without CloudWatch", (j: TerraformJson) => {
      const policy = Object.values(resourcesOf(j, "aws_sns_topic_policy"))[0];
      const doc = JSON.parse(policy.policy);
      doc.Statement = doc.Statement.filter((s: any) => !hasPrincipal(s, "cloudwatch"));
      policy.policy = JSON.stringify(doc);
    }],
    ["a key policy without EventBridge", (j: TerraformJson) => {
      for (const key of Object.values(resourcesOf(j, "aws_kms_key"))) {
        const doc = JSON.parse(key.policy);
        doc.Statement = doc.Statement.filter((s: any) => !hasPrincipal(s, "events"));
        key.policy = JSON.stringify(doc);
      }
    }],
    ["a deprecated vault event", (j: TerraformJson) => (Object.values(resourcesOf(j, "aws_backup_vault_notifications"))[0].backup_vault_events = ["BACKUP_JOB_FAILED"])],
    ["an alarm without the topic", (j: TerraformJson) => (Object.values(resourcesOf(j, "aws_cloudwatch_metric_alarm"))[0].alarm_actions = [])],
    ["a topic policy statement for CloudWatch without aws:SourceAccount", (j: TerraformJson) => {
      const policy = Object.values(resourcesOf(j, "aws_sns_topic_policy"))[0];
      const doc = JSON.parse(policy.policy);
      for (const s of doc.Statement.filter((s: any) => hasPrincipal(s, "cloudwatch"))) delete s.Condition;
      policy.policy = JSON.stringify(doc);
    }],
    ["a key policy with a hard-coded service principal", (j: TerraformJson) => {
      for (const key of Object.values(resourcesOf(j, "aws_kms_key"))) key.policy = key.policy.replace(/backup\.\$\{data\.aws_partition\.\w+\.dns_suffix\}/g, "backup.amazonaws.com");
    }],
    ["a replica alarm that is not forwarded", (j: TerraformJson) => {
      for (const rule of Object.values(resourcesOf(j, "aws_cloudwatch_event_rule"))) if (rule.event_pattern.includes("aws.cloudwatch")) rule.event_pattern = "{}";
    }],
  ];
  it.each(tampers)("rejects %s", (_what, tamper) => {
    const json = fresh();
    tamper(json);
    expect(() => checkInvariants(config, json)).toThrow();
  });

  it("reads interpolations with nested braces and quoted strings, and skips escaped ones", () => {
    const json = { a: '${merge({"k" = "}"}, local.x)} and $${not.this} and ${one(aws_a.b[*].arn)}' };
    expect(interpolations(json).map((i) => i.expression)).toEqual(['merge({"k" = "}"}, local.x)', "one(aws_a.b[*].arn)"]);
    expect(references(json).map((r) => r.address)).toEqual(["local.x", "aws_a.b"]);
  });

  it("accepts one(TYPE.NAME[*].ATTR), TYPE.NAME[0] and depends_on for counted resources, and nothing else", () => {
    const json: TerraformJson = {
      resource: {
        aws_x: { counted: { count: 1 }, plain: {} },
        aws_y: {
          ok: { a: "${one(aws_x.counted[*].arn)}", b: "${aws_x.counted[0].id}", depends_on: ["aws_x.counted"], c: "${aws_x.plain.id}" },
          bad: { a: "${aws_x.counted.arn}", b: '${"aws_x.counted.arn" == aws_x.counted[*].arn}' },
        },
      },
    };
    expect(countedReferenceViolations(json).map((r) => r.path)).toEqual(["resource.aws_y.bad.a", "resource.aws_y.bad.b"]);
    expect(unresolvedReferences(json)).toEqual([]);
  });
});
