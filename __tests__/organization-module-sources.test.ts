import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ADDITIONAL_RULES_TYPE } from "../lib/additional-rules";
import { ENVIRONMENTS } from "../lib/config";
import { ENVIRONMENT_DEFAULTS, MODULE_DEFAULTS } from "../lib/environment-defaults";
import { MAX_BACKUP_POLICY_CHARACTERS, POLICY_TARGET_PATTERN } from "../lib/organization/policy-validation";
import { MIN_DAYS_IN_COLD_STORAGE, RULES } from "../lib/rules";
import { DEFAULT_MEMBER_ROLE_NAME } from "../validator/src/organization/contract";

/*
 * The organization submodule (module/modules/organization) is hand-written HCL. Where terraform
 * is installed, organization-terraform.test.ts compares what it renders with the constructs; this
 * test needs no terraform: every value the submodule writes down that lib/ defines (patterns,
 * defaults, limits, names) is read from its source and held equal to lib/'s definition.
 */

const DIR = join(__dirname, "..", "module", "modules", "organization");
const read = (file: string) => readFileSync(join(DIR, file), "utf8");
const variables = read("variables.tf");
const locals = read("locals.tf");
const oneSpaced = (text: string) => text.replace(/\s+/g, " ").trim();

/** The regex literals the file passes to `regex(...)`, JSON-unescaped. */
function regexesIn(text: string): string[] {
  return [...text.matchAll(/regex\(("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]) as string);
}

describe("the organization submodule's values are lib/'s", () => {
  it("validates names, regions and targets with the account module's patterns", () => {
    const patterns = regexesIn(variables);
    const pattern = (rule: { hcl: (ref: string) => string }) => JSON.parse(/regex\(("(?:[^"\\]|\\.)*")/.exec(rule.hcl("x"))![1]) as string;
    for (const rule of [RULES.project_name, RULES.replica_region, RULES.backup_vault_name, RULES.backup_plan_name]) {
      expect(patterns).toContain(pattern(rule));
    }
    expect(patterns).toContain(POLICY_TARGET_PATTERN.source);
  });

  it("types additional_backup_rules as the account module does", () => {
    expect(oneSpaced(variables)).toContain(`additional_backup_rules = optional(${oneSpaced(ADDITIONAL_RULES_TYPE)}, [])`);
  });

  it("defaults the fixed inputs as the account module does", () => {
    const defaults = oneSpaced(variables);
    expect(defaults).toContain(`weekly_backup_schedule = optional(string, "${MODULE_DEFAULTS.weeklyBackupSchedule}")`);
    expect(defaults).toContain(`monthly_backup_schedule = optional(string, "${MODULE_DEFAULTS.monthlyBackupSchedule}")`);
    expect(defaults).toContain(`long_term_retention_days = optional(number, ${MODULE_DEFAULTS.longTermRetentionDays})`);
    expect(defaults).toContain(`archival_retention_days = optional(number, ${MODULE_DEFAULTS.archivalRetentionDays})`);
    expect(defaults).toContain(`replica_region = optional(string, "${MODULE_DEFAULTS.replicaRegion}")`);
    expect(defaults).toContain(`backup_efs_enabled = optional(bool, ${MODULE_DEFAULTS.backupEfsEnabled})`);
    expect(defaults).toContain(`enable_intelligent_tiering = optional(bool, ${MODULE_DEFAULTS.enableIntelligentTiering})`);
  });

  it.each(ENVIRONMENTS)("holds the %s environment's defaults", (environment) => {
    const d = ENVIRONMENT_DEFAULTS[environment];
    const hcl = (v: string | number | boolean | null) => (v === null ? "null" : typeof v === "string" ? `"${v}"` : String(v));
    expect(oneSpaced(locals)).toContain(
      `${environment} = { backup_schedule = ${hcl(d.backupSchedule)}, delete_after_days = ${hcl(d.deleteAfterDays)}, ` +
        `move_to_cold_storage_after_days = ${hcl(d.moveToColdStorageAfterDays)}, cross_region_backup = ${hcl(d.crossRegionBackup)} }`,
    );
  });

  it("holds AWS's limits and the member role's name", () => {
    expect(locals).toContain(`min_days_in_cold_storage = ${MIN_DAYS_IN_COLD_STORAGE}`);
    expect(read("main.tf")).toContain(`length(jsonencode(local.policies[each.key])) <= ${MAX_BACKUP_POLICY_CHARACTERS}`);
    expect(read("member-role.tf")).toMatch(new RegExp(`member_role_name\\s*=\\s*"${DEFAULT_MEMBER_ROLE_NAME}"`));
  });
});
