import { Testing } from "cdktf";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BackupModuleOptions } from "../lib/backup-module";
import { BackupStack } from "../lib/backup-stack";
import { BackupModuleConfig, ENVIRONMENTS, Environment } from "../lib/config";
import { ADDRESS_CHANGE_HELP, RESOURCE_ADDRESSES_FIXTURE, appStackProps } from "./app-stacks";
import { TerraformJson, expandForEach, resourceAddresses, resourcesOf } from "./synth";

/*
 * Data safety: nothing that holds recovery points or keys may be replaced or destroyed by an
 * unrelated change.
 */

const MODULE_DIR = join(__dirname, "..", "module");

function synthApp(environment: Environment, overrides: Partial<BackupModuleConfig> = {}, options?: BackupModuleOptions): TerraformJson {
  const props = appStackProps(environment);
  const stack = new BackupStack(Testing.app(), `backup-${environment}`, { ...props, backup: { ...props.backup, ...overrides }, options });
  return expandForEach(JSON.parse(Testing.synth(stack, true)) as TerraformJson);
}

/** A resource instance's address without its instance key: `TYPE.NAME`. */
const resourceOfAddress = (address: string) => address.replace(/\[[^\]]*\]$/, "");

/**
 * Where a `moved` chain starting at `address` ends, following instance moves (`X[0]` or `X`
 * to `Y["key"]`) and whole-resource moves (`X` to `Y`, which carry `X[0]` to `Y[0]`).
 */
function movedTo(address: string, moves: ReadonlyMap<string, string>): string | undefined {
  let at = address;
  for (let step = 0; step < 10; step++) {
    const key = /\[[^\]]*\]$/.exec(at)?.[0] ?? "";
    const next = moves.get(at) ?? (key === "" ? moves.get(`${at}[0]`) : undefined) ?? (moves.has(resourceOfAddress(at)) ? `${moves.get(resourceOfAddress(at))}${key}` : undefined);
    if (next === undefined) return step === 0 ? undefined : at;
    at = next;
  }
  return undefined;
}

const appStacks = Object.fromEntries(ENVIRONMENTS.map((env) => [`backup-${env}`, synthApp(env)]));

describe("resource addresses of the app's stacks", () => {
  const fixturePath = join(__dirname, RESOURCE_ADDRESSES_FIXTURE);
  const current = Object.fromEntries(Object.entries(appStacks).map(([name, json]) => [name, resourceAddresses(json)]));
  const moves = Object.fromEntries(
    Object.entries(appStacks).map(([name, json]) => [name, new Map(((json as { moved?: { from: string; to: string }[] }).moved ?? []).map((m) => [m.from, m.to]))]),
  );

  if (process.env.UPDATE_RESOURCE_ADDRESSES === "1") {
    // Additions only: an address that moved stays in the fixture, and the test below keeps its move.
    const previous = existsSync(fixturePath) ? (JSON.parse(readFileSync(fixturePath, "utf8")) as Record<string, string[]>) : {};
    const merged = Object.fromEntries(Object.entries(current).map(([name, addresses]) => [name, [...new Set([...(previous[name] ?? []), ...addresses])].sort()]));
    mkdirSync(dirname(fixturePath), { recursive: true });
    writeFileSync(fixturePath, `${JSON.stringify(merged, null, 2)}\n`);
  }

  it("the fixture exists", () => {
    expect(existsSync(fixturePath), `${fixturePath} is missing. ${ADDRESS_CHANGE_HELP}`).toBe(true);
  });

  it.each(ENVIRONMENTS.map((env) => `backup-${env}`))("%s keeps every address of the committed fixture, or moves it to one that exists", (stack) => {
    const fixture = JSON.parse(readFileSync(fixturePath, "utf8")) as Record<string, string[]>;
    const lost = fixture[stack].filter((a) => !current[stack].includes(a) && !current[stack].includes(movedTo(a, moves[stack]) ?? ""));
    const added = current[stack].filter((a) => !fixture[stack].includes(a));
    expect({ lost, added }, ADDRESS_CHANGE_HELP).toEqual({ lost: [], added: [] });
  });

  it("moves reach the stacks' instances through cdktf's move support (moveTo)", () => {
    const production = moves["backup-production"];
    const tamper = [...production].filter(([from]) => from.startsWith("aws_cloudwatch_event_rule.") && from.includes("tamper_alerts"));
    expect(tamper.map(([, to]) => /\["(\w+)"\]$/.exec(to)?.[1]).sort()).toEqual(["jobs", "keys", "plan", "vault"]);
    const keysOf = (part: string) => [...production].filter(([from]) => from.includes(part)).map(([, to]) => /\["(\w+)"\]$/.exec(to)?.[1]);
    expect(keysOf("replica_monitoring_forward_")).toEqual(["jobs", "alarms", "jobs", "alarms"]);
    expect(keysOf("capacity_alarms_recovery_points_")).toEqual(["partial", "expired"]);
    for (const [, to] of production) expect(current["backup-production"], to).toContain(to);
  });

  it("the fixture covers the stacks that hold data: vaults, locks and keys", () => {
    const fixture = JSON.parse(readFileSync(fixturePath, "utf8")) as Record<string, string[]>;
    expect(Object.keys(fixture).sort()).toEqual(ENVIRONMENTS.map((env) => `backup-${env}`).sort());
    expect(fixture["backup-production"].filter((a) => /^aws_(backup_vault|backup_vault_lock_configuration|kms_key)\./.test(a))).toHaveLength(6);
  });
});

/** What forces replacement of a vault or key: its address, name, key and region. */
function replacementIdentity(json: TerraformJson): Record<string, unknown> {
  const vaults = Object.entries(resourcesOf(json, "aws_backup_vault")).map(([name, v]) => [
    `aws_backup_vault.${name}`,
    { name: v.name, kms_key_arn: v.kms_key_arn, region: v.region },
  ]);
  const keys = Object.entries(resourcesOf(json, "aws_kms_key")).map(([name, k]) => [
    `aws_kms_key.${name}`,
    { region: k.region, key_usage: k.key_usage, customer_master_key_spec: k.customer_master_key_spec, multi_region: k.multi_region },
  ]);
  const locks = Object.entries(resourcesOf(json, "aws_backup_vault_lock_configuration")).map(([name, l]) => [
    `aws_backup_vault_lock_configuration.${name}`,
    { backup_vault_name: l.backup_vault_name, region: l.region },
  ]);
  return Object.fromEntries([...vaults, ...keys, ...locks]);
}

describe("unrelated settings never replace a vault, lock or key", () => {
  const changes: [string, Partial<BackupModuleConfig>][] = [
    ["no notification email", { notificationEmail: "" }],
    ["another notification email", { notificationEmail: "oncall@company.com" }],
    ["longer retention", { deleteAfterDays: 120, longTermRetentionDays: 400, archivalRetentionDays: 3650 }],
    ["explicit cold storage", { deleteAfterDays: 200, moveToColdStorageAfterDays: 30 }],
    ["other schedules", { backupSchedule: "cron(0 4 * * ? *)", weeklyBackupSchedule: "cron(0 2 ? * SAT *)", monthlyBackupSchedule: "cron(0 2 L * ? *)" }],
    ["another notification level", { notificationLevel: "all" }],
    ["another tag value", { tags: { Environment: "x", Project: "arrakis", ManagedBy: "terraform" } }],
    ["another RDS list", { rdsInstances: [{ identifier: "other-db", arn: "arn:aws:rds:us-west-2:123456789012:db:other-db" }] }],
    ["monitoring, EFS, tiering and RPO switches", { enableBackupMonitoring: false, backupEfsEnabled: true, enableIntelligentTiering: true, rpoTargetHours: 48 }],
  ];

  it.each(ENVIRONMENTS)("%s", (env) => {
    const before = replacementIdentity(appStacks[`backup-${env}`]);
    expect(Object.keys(before).length).toBeGreaterThan(1);
    for (const [what, overrides] of changes) {
      expect(replacementIdentity(synthApp(env, overrides)), `${env}: ${what}`).toEqual(before);
    }
  });
});

describe("destroy protection", () => {
  const protectedTypes = ["aws_backup_vault", "aws_backup_vault_lock_configuration", "aws_kms_key"];
  const protectedResources = (json: TerraformJson) => protectedTypes.flatMap((type) => Object.entries(resourcesOf(json, type)).map(([name, r]) => [`${type}.${name}`, r] as const));
  const preventDestroy = (json: TerraformJson) => Object.fromEntries(protectedResources(json).map(([address, r]) => [address, r.lifecycle?.prevent_destroy === true]));

  it.each(ENVIRONMENTS)("every %s vault has force_destroy false", (env) => {
    const vaults = Object.values(resourcesOf(appStacks[`backup-${env}`], "aws_backup_vault"));
    expect(vaults.length).toBeGreaterThan(0);
    for (const vault of vaults) expect(vault.force_destroy).toBe(false);
  });

  it("production vaults, vault locks and keys have prevent_destroy", () => {
    const flags = preventDestroy(appStacks["backup-production"]);
    expect(Object.keys(flags).filter((a) => a.startsWith("aws_backup_vault_lock_configuration."))).toHaveLength(2);
    expect(Object.values(flags).every(Boolean), JSON.stringify(flags)).toBe(true);
  });

  it.each(["development", "staging"] as const)("%s vaults and keys do not", (env) => {
    const flags = preventDestroy(appStacks[`backup-${env}`]);
    expect(Object.keys(flags).length).toBeGreaterThan(0);
    expect(Object.values(flags).some(Boolean), JSON.stringify(flags)).toBe(false);
  });

  it("options.preventDestroy overrides the environment either way", () => {
    const devProtected = preventDestroy(synthApp("development", { backupVaultLockEnabled: true, deleteAfterDays: 30 }, { preventDestroy: true }));
    expect(Object.keys(devProtected).some((a) => a.startsWith("aws_backup_vault_lock_configuration."))).toBe(true);
    expect(Object.values(devProtected).every(Boolean), JSON.stringify(devProtected)).toBe(true);
    const prodUnprotected = preventDestroy(synthApp("production", {}, { preventDestroy: false }));
    expect(Object.keys(prodUnprotected).length).toBeGreaterThan(4);
    expect(Object.values(prodUnprotected).some(Boolean), JSON.stringify(prodUnprotected)).toBe(false);
  });

  it("force_destroy stays false even when destroy protection is off", () => {
    for (const vault of Object.values(resourcesOf(synthApp("production", {}, { preventDestroy: false }), "aws_backup_vault"))) {
      expect(vault.force_destroy).toBe(false);
    }
  });
});

describe("upgrading the module destroys nothing", () => {
  const previous = JSON.parse(readFileSync(join(__dirname, "fixtures", "module-addresses-0.1.0.json"), "utf8")) as { addresses: string[] };
  const moduleText = readdirSync(MODULE_DIR)
    .filter((f) => f.endsWith(".tf"))
    .map((f) => readFileSync(join(MODULE_DIR, f), "utf8"))
    .join("\n");
  const current = new Set(
    [...moduleText.matchAll(/^(resource|data) "([a-z0-9_]+)" "([a-z0-9_]+)"/gm)].map(([, kind, type, name]) => `${kind === "data" ? "data." : ""}${type}.${name}`),
  );
  const moved = new Map([...moduleText.matchAll(/moved \{\s*from\s*=\s*(\S+)\s*to\s*=\s*(\S+)\s*\}/g)].map(([, from, to]) => [from, to]));
  const reaches = (address: string) => current.has(resourceOfAddress(movedTo(address, moved) ?? ""));

  it("every resource address of the previous module still exists or is the `from` of a moved block to one that does", () => {
    const lost = previous.addresses
      // Data sources hold nothing: Terraform reads them again on every plan, under any name.
      .filter((address) => !address.startsWith("data."))
      .filter((address) => !current.has(address) && !reaches(address));
    expect(previous.addresses.length).toBeGreaterThan(50);
    expect(lost).toEqual([]);
  });

  it("moved blocks point from a name that no longer exists to one that does", () => {
    expect(moved.size).toBeGreaterThan(0);
    for (const [from, to] of moved) {
      expect(current.has(resourceOfAddress(from)), from).toBe(false);
      // A whole-resource move may lead on to an instance move (X to Y, then Y[0] to Z["key"]).
      expect(current.has(resourceOfAddress(to)) || reaches(from), to).toBe(true);
    }
  });

  it("the vaults, locks and keys keep their place under idiomatic names", () => {
    expect(moved.get("aws_backup_vault.vault_vault")).toBe("aws_backup_vault.this");
    expect(moved.get("aws_backup_vault.replica_vault_vault")).toBe("aws_backup_vault.replica");
    expect(moved.get("aws_backup_vault_lock_configuration.vault_lock")).toBe("aws_backup_vault_lock_configuration.this");
    expect(moved.get("aws_kms_key.kms_key")).toBe("aws_kms_key.this");
    expect(moved.get("aws_kms_key.replica_kms_key")).toBe("aws_kms_key.replica");
  });
});
