import { AnnotationMetadataEntryType, App, Testing } from "cdktf";
import { IConstruct } from "constructs";
import type { AccountContext } from "../lib/account";
import { BackupModuleOptions } from "../lib/backup-module";
import { BackupStack } from "../lib/backup-stack";
import { BackupModuleConfig, Environment } from "../lib/config";
import { BackupConfigError, BackupConfigErrors } from "../lib/errors";

/** Synthesized Terraform JSON of one stack. */
export interface TerraformJson {
  resource: Record<string, Record<string, Record<string, any>>>;
  data?: Record<string, Record<string, Record<string, any>>>;
  output?: Record<string, { value: unknown }>;
  locals?: Record<string, unknown>;
  variable?: Record<string, Record<string, unknown>>;
  terraform?: Record<string, unknown>;
}

/** A minimal valid configuration for an environment, as the spec's examples name things. */
export function baseConfig(environment: Environment, overrides: Partial<BackupModuleConfig> = {}): BackupModuleConfig {
  return {
    projectName: "arrakis",
    environment,
    backupVaultName: `arrakis-backup-vault-${environment}`,
    backupPlanName: `arrakis-backup-plan-${environment}`,
    ...overrides,
  };
}

/** Synthesizes a {@link BackupStack} (with cdktf's validations) and parses the JSON, `for_each` expanded. */
export function synthBackup(config: BackupModuleConfig, options?: BackupModuleOptions): TerraformJson {
  const app: App = Testing.app();
  const stack = new BackupStack(app, "test", { region: "us-west-2", backup: config, options });
  return expandForEach(JSON.parse(Testing.synth(stack, true)) as TerraformJson);
}

/** A string with `each.key` and `each.value.NAME` of one instance resolved, as Terraform would. */
function resolveEach(text: string, key: string, values: Record<string, unknown>): unknown {
  const whole = /^\$\{each\.value\.([a-z_]+)\}$/.exec(text);
  if (whole) return values[whole[1]];
  return text
    .replace(/\[each\.key\]/g, `[${JSON.stringify(key)}]`)
    .replace(/\$\{each\.key\}/g, key)
    .replace(/\$\{each\.value\.([a-z_]+)\}/g, (_, name: string) => String(values[name]));
}

function resolveTree(value: unknown, key: string, values: Record<string, unknown>): unknown {
  if (typeof value === "string") return resolveEach(value, key, values);
  if (Array.isArray(value)) return value.map((v) => resolveTree(v, key, values));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTree(v, key, values)]));
  return value;
}

/**
 * The JSON with every resource whose `for_each` is a literal map replaced by its instances,
 * `NAME["key"]`, each with `each.key` and `each.value.*` resolved: what Terraform plans, for
 * tests that read resources one by one. `for_each` over plan-time expressions stays.
 */
export function expandForEach<T extends TerraformJson>(json: T): T {
  if (!json.resource) return json;
  const resource: TerraformJson["resource"] = {};
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    resource[type] = {};
    for (const [name, body] of Object.entries(byName)) {
      const { for_each: forEach, ...rest } = body;
      if (!forEach || typeof forEach !== "object") {
        resource[type][name] = body;
        continue;
      }
      for (const [key, values] of Object.entries(forEach as Record<string, Record<string, unknown>>)) {
        resource[type][`${name}[${JSON.stringify(key)}]`] = resolveTree(rest, key, values) as Record<string, any>;
      }
    }
  }
  return { ...json, resource };
}

/** All resources of one type, keyed by their Terraform name. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, any> {
  return json.resource[type] ?? {};
}

/** The single resource of a type whose name contains `part` (fails loudly when not exactly one). */
export function resourceOf(json: TerraformJson, type: string, part = ""): any {
  const matches = Object.entries(resourcesOf(json, type)).filter(([name]) => name.includes(part));
  if (matches.length !== 1) {
    throw new Error(`expected one ${type} matching "${part}", found ${matches.map(([n]) => n).join(", ") || "none"}`);
  }
  return matches[0][1];
}

/** The plan's rules by rule name. */
export function planRules(json: TerraformJson): Record<string, any> {
  const plan = resourceOf(json, "aws_backup_plan", "backup_plan_");
  return Object.fromEntries((plan.rule as any[]).map((rule) => [rule.rule_name, rule]));
}

/** Every resource address (`type.name`) of a synthesized stack, sorted. */
export function resourceAddresses(json: TerraformJson): string[] {
  return Object.entries(json.resource)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/**
 * The typed errors a configuration is rejected with (constructing the stack must throw
 * `BackupConfigErrors`); fails the test when the configuration is accepted or throws anything else.
 */
export function configErrors(config: BackupModuleConfig): BackupConfigError[] {
  try {
    new BackupStack(Testing.app(), "test", { region: "us-west-2", backup: config });
  } catch (error) {
    if (!(error instanceof BackupConfigErrors)) throw error;
    return [...error.errors];
  }
  throw new Error(`expected BackupConfigErrors for ${JSON.stringify(config)}, but the configuration was accepted`);
}

/** The synth-time warnings (cdktf `Annotations`, type `@cdktf/warn`) anywhere in a stack. */
export function warningsOf(construct: IConstruct): string[] {
  return construct.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((entry) => entry.type === AnnotationMetadataEntryType.WARN)
    .map((entry) => String(entry.data));
}

/** Synthesizes a stack like {@link synthBackup}, also returning its synth-time warnings. */
export function synthWithWarnings(config: BackupModuleConfig): { json: TerraformJson; warnings: string[] } {
  const stack = new BackupStack(Testing.app(), "test", { region: "us-west-2", backup: config });
  const json = expandForEach(JSON.parse(Testing.synth(stack, true)) as TerraformJson);
  return { json, warnings: warningsOf(stack) };
}

/** The spec's Production Environment example as a construct configuration. */
export function specProductionConfig(rdsInstances: BackupModuleConfig["rdsInstances"]): BackupModuleConfig {
  return {
    projectName: "arrakis",
    environment: "production",
    backupVaultName: "arrakis-backup-vault-production",
    backupPlanName: "arrakis-backup-plan-production",
    rdsInstances,
    complianceMode: "COMPLIANCE",
    enableBackupEncryption: true,
    enableBackupNotifications: true,
    notificationEmail: "ops@company.com",
    enableBackupMonitoring: true,
    enableBackupValidation: true,
    enableIntelligentTiering: true,
    enableBackupDeduplication: true,
    backupCompressionEnabled: true,
    replicaRegion: "us-east-1",
    rpoTargetHours: 24,
    rtoTargetHours: 4,
    tags: { Environment: "production", Project: "arrakis", BusinessUnit: "platform", CostCenter: "infrastructure", SecurityLevel: "high", ComplianceReq: "soc2,gdpr" },
  };
}

/** A standalone validator's props in account 123456789012 (us-west-2), but for its topic wiring and key. */
export function standaloneValidatorProps(account: AccountContext) {
  return {
    projectName: "arrakis",
    environment: "staging",
    account,
    tags: {},
    enabled: true,
    alarms: true,
    package: { filename: "v.zip", sourceCodeHash: "h" },
    schedule: "cron(0 6 * * ? *)",
    vaultName: "v",
    planArn: "arn:aws:backup:us-west-2:123456789012:backup-plan:p",
    planId: "p",
    vaultArns: ["arn:aws:backup:us-west-2:123456789012:backup-vault:v"],
    replicaVaultName: "",
    replicaRegion: "",
    rpoTargetHours: 24,
    rtoTargetHours: 4,
    encrypted: true,
    logRetentionDays: 30,
    reservedConcurrency: null,
  };
}
