/**
 * The construct and the module are one design: for the same inputs, a synthesized stack and the
 * Terraform module plan the same resources with the same arguments. Terraform decides, not us:
 * every input set is planned twice in one `terraform test` run (mocked AWS provider, from the
 * local mirror), once as a stack (a child module holding the stack's JSON) and once through
 * module/, and the plans' resource changes are compared address by address. Skipped where there
 * is no terraform binary or no mirror.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { TerraformResource, Testing } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { BackupStack } from "../lib/backup-stack";
import { BackupModuleConfig } from "../lib/config";
import { INPUTS } from "../lib/inputs";
import { renderValue } from "../lib/terraform-module/hcl";
import { MODULE_NAMES, constructPath, pathName } from "../lib/terraform-module/module-stack";
import { awsVersion, copyLowered, hasTerraform, lowerStackJson, scratch, terraform } from "./provider-mirror";
import { specProductionConfig } from "./synth";

const ROOT = resolve(__dirname, "..");
const ACCOUNT = "123456789012";
const db = (name: string) => ({ identifier: name, arn: `arn:aws:rds:us-west-2:${ACCOUNT}:db:${name}` });

/** The input sets: the spec's examples, the defaults, every switch off, custom rules, bring your own. */
const INPUT_SETS: Record<string, BackupModuleConfig> = {
  spec_production: specProductionConfig([db("arrakis-oms-production"), db("arrakis-user-production")]),
  multi_environment_staging: {
    projectName: "arrakis",
    environment: "staging",
    backupVaultName: "arrakis-backup-vault-staging",
    backupPlanName: "arrakis-backup-plan-staging",
    backupSchedule: "cron(0 2 * * ? *)",
    deleteAfterDays: 30,
    replicaRegion: "us-east-1",
    notificationEmail: "ops@company.com",
    enableBackupNotifications: true,
    tags: { ManagedBy: "terraform", Environment: "staging" },
  },
  multi_environment_development: {
    projectName: "arrakis",
    environment: "development",
    backupVaultName: "arrakis-backup-vault-development",
    backupPlanName: "arrakis-backup-plan-development",
    backupSchedule: "cron(0 3 * * ? *)",
    deleteAfterDays: 7,
    replicaRegion: null,
    notificationEmail: "ops@company.com",
    enableBackupNotifications: true,
    tags: { ManagedBy: "terraform", Environment: "development" },
  },
  defaults_only: { projectName: "arrakis", environment: "development", backupVaultName: "arrakis-vault", backupPlanName: "arrakis-plan" },
  every_switch_off: {
    projectName: "arrakis",
    environment: "production",
    backupVaultName: "arrakis-vault",
    backupPlanName: "arrakis-plan",
    enableBackupEncryption: false,
    enableBackupNotifications: false,
    enableBackupMonitoring: false,
    enableBackupValidation: false,
    enableCrossRegionBackup: false,
    backupVaultLockEnabled: false,
    blockRecoveryPointDeletion: false,
    backupEfsEnabled: false,
    enableIntelligentTiering: false,
  },
  custom_rules: {
    projectName: "arrakis",
    environment: "production",
    backupVaultName: "arrakis-vault",
    backupPlanName: "arrakis-plan",
    backupEfsEnabled: true,
    enableIntelligentTiering: true,
    additionalBackupRules: [
      { name: "point-in-time", schedule: "cron(0 * * * ? *)", deleteAfterDays: 35, enableContinuousBackup: true },
      { name: "yearly", schedule: "cron(0 2 1 1 ? *)", deleteAfterDays: 3650, coldStorageAfterDays: 90, copyToReplica: true, startWindowMinutes: 120, completionWindowMinutes: 2880 },
    ],
  },
  bring_your_own: {
    projectName: "arrakis",
    environment: "staging",
    backupVaultName: "arrakis-vault",
    backupPlanName: "arrakis-plan",
    existingKmsKeyArn: `arn:aws:kms:us-west-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    existingBackupRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-roles/platform-backup`,
    rdsInstances: [db("arrakis-oms-staging")],
    notificationEmail: "ops@company.com",
  },
  // Issue 12: every rule also copies to a logically air-gapped vault shared with a recovery account.
  air_gapped: {
    ...specProductionConfig([db("arrakis-oms-production")]),
    enableAirGappedVault: true,
    airGappedVaultMinRetentionDays: 30,
    airGappedVaultMaxRetentionDays: 3650,
    airGappedRecoveryAccountId: "444455556666",
  },
};

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** A config value as the module's variable takes it: object fields in snake_case (maps of tags as they are). */
const asVariable = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(asVariable)
    : value && typeof value === "object"
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), asVariable(v)]))
      : value;

/** The module call's arguments for a config, through the registry. */
function moduleArguments(config: BackupModuleConfig): string {
  return INPUTS.filter((input) => config[input.key] !== undefined)
    .map((input) => {
      const value = input.type.startsWith("map(") ? config[input.key] : asVariable(config[input.key]);
      return `  ${input.name} = ${renderValue(value as never, "  ")}`;
    })
    .join("\n");
}

/** Stack address (type.name) → the module's name for the same construct. */
function addressMap(stack: BackupStack): Map<string, string> {
  return new Map(
    stack.node
      .findAll()
      .filter((c): c is TerraformResource => c instanceof TerraformResource)
      .map((r) => {
        const path = constructPath(r.node);
        return [`${r.terraformResourceType}.${r.friendlyUniqueId}`, `${r.terraformResourceType}.${MODULE_NAMES[path.join("/")] ?? pathName(path)}`];
      }),
  );
}

type Change = { address: string; mode: string; change: { actions: string[]; after: unknown; after_unknown: unknown } };

/** A value compared by meaning: JSON documents parsed, sets of blocks in a stable order. */
function canonical(value: unknown): unknown {
  if (typeof value === "string" && /^\s*[{[]/.test(value)) {
    try {
      return canonical(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.every((item) => item && typeof item === "object") ? items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : items;
  }
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  return value;
}

/** Whether an after_unknown value marks something unknown at any depth. */
const hasUnknown = (marks: unknown): boolean =>
  marks === true || (Array.isArray(marks) ? marks.some(hasUnknown) : !!marks && typeof marks === "object" && Object.values(marks).some(hasUnknown));

/**
 * One side's attributes with the values both sides leave to apply time taken out. An attribute
 * unknown as a whole on one side (the module's `compact([...])` over an optional topic) and
 * holding unknown elements on the other (the stack's `[topic ARN]`) is unknown on both: no
 * argument compared there can differ at plan time.
 */
function settled(change: Change["change"], other: Change["change"]): { after: Record<string, unknown>; unknown: Record<string, unknown> } {
  const after = { ...(change.after as Record<string, unknown>) };
  const unknown = { ...(change.after_unknown as Record<string, unknown>) };
  const otherUnknown = other.after_unknown as Record<string, unknown>;
  for (const key of Object.keys({ ...unknown, ...otherUnknown })) {
    const mine = unknown[key];
    const theirs = otherUnknown[key];
    if ((mine === true && hasUnknown(theirs)) || (theirs === true && hasUnknown(mine))) {
      delete after[key];
      unknown[key] = "unknown";
    }
  }
  return { after, unknown };
}

/** Arguments that differ by design: where each form finds the validator zip. */
function comparable(type: string, after: Record<string, unknown>): Record<string, unknown> {
  const { filename: _filename, ...rest } = after;
  return type === "aws_lambda_function" ? rest : after;
}

const MOCKS = `mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws", dns_suffix = "amazonaws.com" }
  }
  mock_data "aws_region" {
    defaults = { name = "us-west-2", region = "us-west-2" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "${ACCOUNT}", arn = "arn:aws:sts::${ACCOUNT}:assumed-role/terraform/session" }
  }
  mock_data "aws_iam_session_context" {
    defaults = { issuer_arn = "arn:aws:iam::${ACCOUNT}:role/terraform" }
  }
}

run "plan" {
  command = plan
}
`;

describe.skipIf(!hasTerraform || awsVersion === undefined)("the stack and the module plan alike (terraform test with a mocked provider)", () => {
  const sets = Object.keys(INPUT_SETS);
  let plans: Map<string, Change[]> | undefined;
  const maps = new Map<string, Map<string, string>>();

  beforeAll(() => {
    plans = planAll();
  }, 600_000);

  function planAll(): Map<string, Change[]> {
    const { dir, env } = scratch();
    copyLowered(join(ROOT, "module"), join(dir, "module"));
    const calls: string[] = [];
    for (const [name, config] of Object.entries(INPUT_SETS)) {
      const stack = new BackupStack(Testing.app(), name, { region: "us-west-2", backup: config });
      maps.set(name, addressMap(stack));
      const json = lowerStackJson(JSON.parse(Testing.synth(stack)));
      delete json.provider;
      mkdirSync(join(dir, "stacks", name), { recursive: true });
      writeFileSync(join(dir, "stacks", name, "main.tf.json"), JSON.stringify(json));
      calls.push(`module "stack_${name}" {\n  source = "./stacks/${name}"\n}\n`);
      calls.push(`module "module_${name}" {\n  source = "./module"\n${moduleArguments(config)}\n}\n`);
    }
    writeFileSync(join(dir, "main.tf"), calls.join("\n"));
    // The root declares the provider, so that the test's mock_provider configures it for every child.
    writeFileSync(join(dir, "versions.tf"), `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "${awsVersion}" }\n  }\n}\n`);
    mkdirSync(join(dir, "tests"));
    writeFileSync(join(dir, "tests", "equivalence.tftest.hcl"), MOCKS);
    terraform(["init", "-backend=false", "-input=false"], dir, env);
    // The verbose plan of a dozen module instances is far over execFileSync's default 1 MB buffer.
    const output = execFileSync("terraform", ["test", "-json", "-verbose", "-no-color"], { cwd: dir, env, encoding: "utf8", maxBuffer: 1 << 30 });
    const plan = output
      .split("\n")
      .filter((line) => line.includes('"test_plan"'))
      .map((line) => JSON.parse(line).test_plan)[0];
    expect(plan, output.slice(-3000)).toBeDefined();
    const bySet = new Map<string, Change[]>(sets.map((s) => [s, []]));
    for (const change of plan.resource_changes as Change[]) {
      const set = /^module\.(?:stack|module)_(\w+?)\./.exec(change.address)?.[1];
      if (set && change.mode === "managed") bySet.get(set)!.push(change);
    }
    return bySet;
  }

  it.each(sets)("%s: same resources, same arguments", (set) => {
    const changes = plans!.get(set)!;
    const map = maps.get(set)!;
    const side = (prefix: string, rename: (address: string) => string) =>
      new Map(
        changes
          .filter((c) => c.address.startsWith(`module.${prefix}_${set}.`))
          .map((c) => [rename(c.address.slice(`module.${prefix}_${set}.`.length).replace(/\[0\]$/, "")), c] as const),
      );
    // Instances of for_each resources keep their key: TYPE.NAME["key"].
    const fromStack = side("stack", (address) => {
      const [, resource, key] = /^(.*?)(\[".*"\])?$/.exec(address)!;
      return `${map.get(resource) ?? `unmapped ${resource}`}${key ?? ""}`;
    });
    const fromModule = side("module", (address) => address);
    expect(fromStack.size).toBeGreaterThan(5);
    expect([...fromModule.keys()].sort()).toEqual([...fromStack.keys()].sort());
    for (const [address, stackChange] of fromStack) {
      const moduleChange = fromModule.get(address)!;
      const type = address.split(".")[0];
      const view = (mine: Change, theirs: Change) => {
        const { after, unknown } = settled(mine.change, theirs.change);
        return canonical({ actions: mine.change.actions, after: comparable(type, after), unknown });
      };
      expect(view(moduleChange, stackChange), address).toEqual(view(stackChange, moduleChange));
    }
  }, 600_000);
});
