import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Fn, TerraformLocal, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupModule } from "../lib/backup-module";
import { BackupModuleConfig, ENVIRONMENTS, Environment } from "../lib/config";
import { VAULT_EVENTS_BY_LEVEL } from "../lib/notifications";
import { RESOURCE_ADDRESSES_FIXTURE } from "./app-stacks";
import { TerraformJson, expandForEach, planRules, resourceAddresses, resourceOf, resourcesOf, synthBackup, specProductionConfig, synthWithWarnings } from "./synth";
import { countedReferenceViolations, readsFrom, undefinedOperands, unresolvedReferences } from "./terraform-refs";

/* The spec's README examples, written as TypeScript construct configurations. */

const oms = { identifier: "arrakis-oms-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-oms-production" };
const user = { identifier: "arrakis-user-production", arn: "arn:aws:rds:us-west-2:123456789012:db:arrakis-user-production" };

const rdsSelection = (json: TerraformJson) => Object.values(resourcesOf(json, "aws_backup_selection")).find((s) => s.name === "arrakis-rds-production");
const emailSubscription = (json: TerraformJson) => Object.values(resourcesOf(json, "aws_sns_topic_subscription"));

describe("Quick Start", () => {
  const quickStart: BackupModuleConfig = {
    projectName: "arrakis",
    environment: "production",
    backupVaultName: "arrakis-backup-vault-production",
    backupPlanName: "arrakis-backup-plan-production",
    rdsInstances: [oms],
    notificationEmail: "ops@company.com",
    tags: { Environment: "production", Project: "arrakis" },
  };
  const { json, warnings } = synthWithWarnings(quickStart);

  it("backs up the listed database with the backup role", () => {
    const selection = rdsSelection(json);
    expect(selection?.resources).toEqual([oms.arn]);
    expect(selection?.iam_role_arn).toMatch(/^\$\{aws_iam_role\.backup_selection_role_\w+\.arn\}$/);
    expect(selection?.plan_id).toMatch(/^\$\{aws_backup_plan\.\w+\.id\}$/);
  });

  it("subscribes the email address to the notification topic", () => {
    const [subscription, ...others] = emailSubscription(json);
    expect(others).toEqual([]);
    expect(subscription).toMatchObject({ protocol: "email", endpoint: "ops@company.com" });
    expect(subscription.topic_arn).toMatch(/^\$\{aws_sns_topic\.\w+\.arn\}$/);
  });

  it("uses the named vault and plan, with production's defaults", () => {
    expect(resourceOf(json, "aws_backup_vault", "backup_vault_").name).toBe("arrakis-backup-vault-production");
    expect(resourceOf(json, "aws_backup_plan", "backup_plan_").name).toBe("arrakis-backup-plan-production");
    expect(planRules(json).daily).toMatchObject({ schedule: "cron(0 1 * * ? *)", lifecycle: { delete_after: 90 } });
    expect(Object.values(resourcesOf(json, "aws_backup_vault_lock_configuration"))).toHaveLength(2);
    expect(warnings).toEqual([]);
  });

  it("tags every taggable resource with the given tags", () => {
    for (const type of ["aws_backup_vault", "aws_backup_plan", "aws_kms_key", "aws_sns_topic", "aws_iam_role"]) {
      for (const resource of Object.values(resourcesOf(json, type))) expect(resource.tags, type).toEqual({ Environment: "production", Project: "arrakis" });
    }
  });
});

describe("Production Environment", () => {
  const production = specProductionConfig;
  const { json, warnings } = synthWithWarnings(production([oms, user]));

  it("selects both databases", () => {
    expect(rdsSelection(json)?.resources).toEqual([oms.arn, user.arn]);
  });

  it("locks both vaults in COMPLIANCE mode, changeable for 3 days", () => {
    const locks = Object.values(resourcesOf(json, "aws_backup_vault_lock_configuration"));
    expect(locks).toHaveLength(2);
    for (const lock of locks) expect(lock).toMatchObject({ changeable_for_days: 3, min_retention_days: 30, max_retention_days: 36500 });
    expect(locks.map((l) => l.region ?? "primary").sort()).toEqual(["primary", "us-east-1"]);
  });

  it("warns once, about the COMPLIANCE lock; rpo 24 against a daily schedule is met", () => {
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^COMPLIANCE MODE VAULT LOCK on arrakis-backup-vault-production/);
  });

  it("opts the rules that reach cold storage into the archive tier", () => {
    const rules = planRules(json);
    expect(rules.weekly.lifecycle).toMatchObject({ cold_storage_after: 90, opt_in_to_archive_for_supported_resources: true });
    expect(rules.monthly.lifecycle).toMatchObject({ cold_storage_after: 30, opt_in_to_archive_for_supported_resources: true });
    // Daily: 90 days leaves no room for 90 days in cold, so no cold storage and no archive tier.
    expect(rules.daily.lifecycle).toEqual({ delete_after: 90, opt_in_to_archive_for_supported_resources: false });
  });

  it("copies every rule, monthly included, to us-east-1 with an independent key", () => {
    const replica = resourceOf(json, "aws_backup_vault", "replica");
    expect(replica.region).toBe("us-east-1");
    const replicaKey = resourceOf(json, "aws_kms_key", "replica");
    expect(replicaKey.region).toBe("us-east-1");
    expect(replica.kms_key_arn).toMatch(/^\$\{aws_kms_key\.backup_replica_kms_key_\w+\.arn\}$/);
    for (const rule of Object.values(planRules(json))) expect(rule.copy_action).toHaveLength(1);
  });

  it("merges the spec's tags with Project and Environment on every resource and tags recovery points", () => {
    for (const type of ["aws_backup_vault", "aws_kms_key", "aws_backup_plan", "aws_sns_topic"]) {
      for (const resource of Object.values(resourcesOf(json, type))) expect(resource.tags, type).toEqual(specProductionConfig([]).tags);
    }
    expect(planRules(json).daily.recovery_point_tags).toEqual({ Project: "arrakis", Environment: "production", BackupRule: "daily" });
  });

  it("accepts ARNs known only at plan time (module.databases... in the spec)", () => {
    const stack = new TerraformStack(Testing.app(), "plan-time-arns");
    new AwsProvider(stack, "aws", { region: "us-west-2" });
    const omsArn = new TerraformVariable(stack, "oms_db_arn", { type: "string" });
    const userArn = new TerraformVariable(stack, "user_db_arn", { type: "string" });
    new BackupModule(stack, "backup", production([
      { identifier: "arrakis-oms-production", arn: omsArn.stringValue },
      { identifier: "arrakis-user-production", arn: userArn.stringValue },
    ]));
    const planTime = JSON.parse(Testing.synth(stack, true)) as TerraformJson;
    expect(rdsSelection(planTime)?.resources).toEqual(["${var.oms_db_arn}", "${var.user_db_arn}"]);
    expect(unresolvedReferences(planTime).map((r) => r.address)).toEqual([]);
    expect(countedReferenceViolations(planTime).map((r) => r.expression)).toEqual([]);
    expect(undefinedOperands(planTime)).toEqual([]);
    // The ARNs are checked when Terraform knows them.
    const plan = Object.values(resourcesOf(planTime, "aws_backup_plan"))[0];
    const messages = ((plan.lifecycle?.precondition ?? []) as { error_message: string }[]).map((p) => p.error_message);
    expect(messages.some((m) => m.startsWith("Invalid rds_instances"))).toBe(true);
  });

  // A plan-time ARN does not stop the literal identifier beside it from being checked at synth.
  it("still rejects a bad literal identifier next to a plan-time ARN at synth", () => {
    const stack = new TerraformStack(Testing.app(), "bad-identifier");
    const arn = new TerraformVariable(stack, "db_arn", { type: "string" });
    expect(configErrorsOfModule(stack, production([{ identifier: "oms_db", arn: arn.stringValue }]))).toContain("rds_instances[0].identifier");
  });
});

/** The inputs a BackupModule in `stack` is rejected for ([] when accepted). */
function configErrorsOfModule(stack: TerraformStack, config: BackupModuleConfig): string[] {
  try {
    new BackupModule(stack, "backup", config);
    return [];
  } catch (error) {
    return ((error as { errors?: { input: string }[] }).errors ?? []).map((e) => e.input);
  }
}

describe("Multi-Environment Setup", () => {
  const environments = {
    development: { backupSchedule: "cron(0 3 * * ? *)", retentionDays: 7, enableCrossRegion: false, notificationLevel: "errors_only" },
    staging: { backupSchedule: "cron(0 2 * * ? *)", retentionDays: 30, enableCrossRegion: true, notificationLevel: "warnings_and_errors" },
    production: { backupSchedule: "cron(0 1 * * ? *)", retentionDays: 90, enableCrossRegion: true, notificationLevel: "all" },
  } as const;
  const commonTags = { Project: "arrakis", Team: "platform" };
  const configFor = (environment: Environment): BackupModuleConfig => ({
    projectName: "arrakis",
    environment,
    backupVaultName: `arrakis-backup-vault-${environment}`,
    backupPlanName: `arrakis-backup-plan-${environment}`,
    backupSchedule: environments[environment].backupSchedule,
    deleteAfterDays: environments[environment].retentionDays,
    replicaRegion: environments[environment].enableCrossRegion ? "us-east-1" : null,
    notificationEmail: "ops@company.com",
    enableBackupNotifications: true,
    tags: { ...commonTags, Environment: environment },
  });

  it.each(ENVIRONMENTS)("%s: schedule, retention, replica and notification level as the example says", (env) => {
    const json = synthBackup(configFor(env));
    const settings = environments[env];
    const rules = planRules(json);
    expect(rules.daily.schedule).toBe(settings.backupSchedule);
    expect(rules.daily.lifecycle.delete_after).toBe(settings.retentionDays);
    const replicas = Object.values(resourcesOf(json, "aws_backup_vault")).filter((v) => v.region === "us-east-1");
    expect(replicas).toHaveLength(settings.enableCrossRegion ? 1 : 0);
    const copies = [rules.daily, rules.weekly, rules.monthly].map((r) => (r.copy_action ?? []).length);
    expect(copies).toEqual(settings.enableCrossRegion ? [1, 1, env === "production" ? 1 : 0] : [0, 0, 0]);
    // The example's notification_level column is what each environment's default level sends.
    expect(resourceOf(json, "aws_backup_vault_notifications").backup_vault_events).toEqual(VAULT_EVENTS_BY_LEVEL[settings.notificationLevel]);
    expect(resourceOf(json, "aws_backup_vault", "backup_vault_").tags).toEqual({ Project: "arrakis", Team: "platform", Environment: env });
  });

  it("the same example with var.environment and the locals table, as the HCL writes it", () => {
    const stack = new TerraformStack(Testing.app(), "multi-env");
    new AwsProvider(stack, "aws", { region: "us-west-2" });
    const environment = new TerraformVariable(stack, "environment", { type: "string" });
    const email = new TerraformVariable(stack, "notification_email", { type: "string", default: "" });
    const table = new TerraformLocal(stack, "environments", {
      development: { backup_schedule: "cron(0 3 * * ? *)", retention_days: 7, enable_cross_region: false },
      staging: { backup_schedule: "cron(0 2 * * ? *)", retention_days: 30, enable_cross_region: true },
      production: { backup_schedule: "cron(0 1 * * ? *)", retention_days: 90, enable_cross_region: true },
    });
    const setting = (key: string) => Fn.lookupNested(table.expression, [environment.stringValue, key]);
    new BackupModule(stack, "backup", {
      projectName: "arrakis",
      environment: environment.stringValue,
      backupVaultName: `arrakis-backup-vault-${environment.stringValue}`,
      backupPlanName: `arrakis-backup-plan-${environment.stringValue}`,
      backupSchedule: setting("backup_schedule") as string,
      deleteAfterDays: setting("retention_days") as number,
      replicaRegion: Fn.conditional(setting("enable_cross_region"), "us-east-1", null) as string,
      notificationEmail: email.stringValue,
      enableBackupNotifications: true,
      tags: { ...commonTags, Environment: environment.stringValue },
    });
    const json = JSON.parse(Testing.synth(stack, true)) as TerraformJson;
    expect(unresolvedReferences(json).map((r) => `${r.path}: ${r.address}`)).toEqual([]);
    expect(countedReferenceViolations(json).map((r) => `${r.path}: ${r.expression}`)).toEqual([]);
    expect(JSON.stringify(json)).not.toContain("$${");
    const vault = resourceOf(json, "aws_backup_vault", "backup_vault_");
    expect(vault.name).toBe("arrakis-backup-vault-${var.environment}");
    const replica = resourceOf(json, "aws_backup_vault", "replica");
    expect(replica.count).toMatch(/\? 1 : 0\}$/);
    const [localsTable] = Object.keys(json.locals ?? {}).filter((name) => name.startsWith("environments"));
    expect(readsFrom(json, replica.region, `local.${localsTable}`), "replica region from the example's table").toBe(true);
    expect(readsFrom(json, replica.count, "var.environment"), "replica exists by environment").toBe(true);
    expect(readsFrom(json, planRules(json).daily.schedule, "var.environment")).toBe(true);
    const subscription = Object.values(resourcesOf(json, "aws_sns_topic_subscription"))[0];
    expect(readsFrom(json, subscription.endpoint, "var.notification_email")).toBe(true);
    expect(readsFrom(json, subscription.count, "var.notification_email"), "no subscription when the email is empty").toBe(true);
  });
});

describe("the app (main.ts) in a child process", () => {
  const root = mkdtempSync(join(tmpdir(), "backup-app-"));
  const outdir = join(root, "cdktf.out");
  let run: ReturnType<typeof spawnSync>;
  const stackJson = (name: string) =>
    expandForEach(JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as TerraformJson & { provider: any; moved?: { from: string }[] });

  beforeAll(() => {
    // cdktf's App reads its output directory from CDKTF_OUTDIR when none is passed (node_modules/cdktf/lib/app.js).
    const projectRoot = resolve(__dirname, "..");
    run = spawnSync(join(projectRoot, "node_modules", ".bin", "tsx"), ["main.ts"], {
      cwd: projectRoot,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
      timeout: 90_000,
    });
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("synthesizes the three stacks into CDKTF_OUTDIR", () => {
    expect(run.status, String(run.stderr)).toBe(0);
    for (const env of ENVIRONMENTS) expect(existsSync(join(outdir, "stacks", `backup-${env}`, "cdk.tf.json")), env).toBe(true);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(["backup-development", "backup-organization", "backup-production", "backup-staging"]);
  });

  it.each(ENVIRONMENTS)("backup-%s: provider in us-west-2, replica in us-east-1 only where cross-region is on", (env) => {
    const json = stackJson(`backup-${env}`);
    expect(json.provider.aws).toEqual([expect.objectContaining({ region: "us-west-2" })]);
    const replicas = Object.values(resourcesOf(json, "aws_backup_vault")).filter((v) => v.region !== undefined);
    expect(replicas.map((v) => v.region)).toEqual(env === "development" ? [] : ["us-east-1"]);
    const rds = Object.values(resourcesOf(json, "aws_backup_selection")).filter((s) => String(s.name).includes("-rds-"));
    expect(rds.map((s) => s.resources)).toEqual(env === "production" ? [[oms.arn, user.arn]] : []);
  });

  it("produces the addresses of the committed fixture (so data-safety.test.ts's copy of main.ts's inputs is faithful)", () => {
    const fixture = JSON.parse(readFileSync(join(__dirname, RESOURCE_ADDRESSES_FIXTURE), "utf8")) as Record<string, string[]>;
    for (const env of ENVIRONMENTS) {
      const json = stackJson(`backup-${env}`);
      // The fixture keeps the addresses that moved (cdktf `moved` blocks): those are not resources any more.
      const movedFrom = new Set((json.moved ?? []).map((m) => m.from));
      expect(resourceAddresses(json), env).toEqual(fixture[`backup-${env}`].filter((a) => !movedFrom.has(a)));
    }
  });
});
