/**
 * `terraform validate` on the organization stack of main.ts, and `validate`/`test` on the module's
 * organization submodule (module/modules/organization, hand-written HCL), against the AWS provider
 * schema from the local mirror (see provider-mirror.ts). The submodule's policies and member-role
 * template are held equal to the TypeScript rendering here: Terraform compares them in a generated
 * test. Skipped where there is no terraform binary or no mirror.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { addArrakisOrganizationStack, arrakisOrganizationStackProps } from "../lib/arrakis-organization-app";
import { BackupModuleConfig } from "../lib/config";
import { snakeCase } from "../lib/settings";
import { policyContent, renderBackupPolicy } from "../lib/organization/backup-policy";
import { OrganizationEnvironment } from "../lib/organization/environment";
import { memberRoleTemplate } from "../lib/organization/member-role";
import { awsVersion, copyLowered, hasTerraform, lowerStackJson, scratch, terraform } from "./provider-mirror";

const ROOT = resolve(__dirname, "..");
const SUBMODULE = join(ROOT, "module", "modules", "organization");
const TIMEOUT = 180_000;

/** Settings the submodule's `environments` take, by TypeScript name; the others do not reach a policy. */
const POLICY_INPUTS: readonly (keyof BackupModuleConfig)[] = [
  "backupVaultName", "backupPlanName", "backupSchedule", "weeklyBackupSchedule", "monthlyBackupSchedule", "deleteAfterDays",
  "moveToColdStorageAfterDays", "longTermRetentionDays", "archivalRetentionDays", "replicaRegion", "enableCrossRegionBackup",
  "backupEfsEnabled", "enableIntelligentTiering", "backupCostAllocationTags", "additionalBackupRules",
];
const NOT_IN_POLICY = new Set(["projectName", "environment", "notificationEmail", "enableBackupNotifications", "rdsInstances", "tags"]);

const snakeKeys = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(snakeKeys) : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCase(k), snakeKeys(v)])) : value;

/** One environment as the submodule's `environments` entry. */
function asSubmoduleEntry(environment: OrganizationEnvironment): Record<string, unknown> {
  const unsupported = Object.keys(environment.backup).filter((k) => !POLICY_INPUTS.includes(k as keyof BackupModuleConfig) && !NOT_IN_POLICY.has(k));
  expect(unsupported, "inputs the submodule does not take").toEqual([]);
  // Tag maps keep their keys; the rules' fields take Terraform names.
  const settings = Object.fromEntries(
    POLICY_INPUTS.filter((k) => environment.backup[k] !== undefined).map((k) => [snakeCase(k), k === "additionalBackupRules" ? snakeKeys(environment.backup[k]) : environment.backup[k]]),
  );
  return { target_ids: environment.targetIds, regions: environment.regions, ...settings };
}

/** An HCL expression of plain data (HCL reads JSON object and tuple syntax as is). */
const hcl = (value: unknown) => JSON.stringify(value);

/** The input sets: the app's three environments, and a production with every policy input set. */
const INPUT_SETS: Record<string, OrganizationEnvironment[]> = {
  arrakis_app: [...arrakisOrganizationStackProps().environments],
  customized: [
    {
      ...arrakisOrganizationStackProps().environments[2],
      regions: ["us-west-2", "eu-west-1"],
      backup: {
        ...arrakisOrganizationStackProps().environments[2].backup,
        deleteAfterDays: 200,
        moveToColdStorageAfterDays: 60,
        longTermRetentionDays: 150,
        archivalRetentionDays: 3650,
        backupSchedule: "cron(30 4 * * ? *)",
        backupEfsEnabled: true,
        enableIntelligentTiering: true,
        backupCostAllocationTags: { CostCenter: "platform" },
        additionalBackupRules: [
          { name: "hourly", schedule: "cron(0 * * * ? *)", deleteAfterDays: 2 },
          { name: "pitr", schedule: "cron(0 2 * * ? *)", deleteAfterDays: 35, enableContinuousBackup: true, copyToReplica: true, completionWindowMinutes: 720 },
        ],
      },
    },
  ],
};

function equalityTest(): string {
  // The submodule has no validator of its own: the worker of one deployed elsewhere.
  const trusted = ["arn:aws:iam::111122223333:role/arrakis-backup-org-worker"];
  const runs = Object.entries(INPUT_SETS).map(([name, environments]) => {
    const entries = Object.fromEntries(environments.map((e) => [e.backup.environment, asSubmoduleEntry(e)]));
    const asserts = environments.map((e) => {
      const expected = policyContent(renderBackupPolicy(e));
      return `  assert {\n    condition     = jsondecode(aws_organizations_policy.this[${hcl(e.backup.environment)}].content) == jsondecode(${hcl(expected)})\n    error_message = "the ${e.backup.environment} policy differs from lib/organization/backup-policy.ts's"\n  }`;
    });
    return `run ${hcl(name)} {\n  command = plan\n  variables {\n    environments = ${hcl(entries)}\n  }\n${asserts.join("\n")}\n}`;
  });
  const template = JSON.stringify(memberRoleTemplate(trusted));
  return `mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws", dns_suffix = "amazonaws.com" }
  }
}

variables {
  project_name                        = "arrakis"
  member_role_trusted_role_arns       = ${hcl(trusted)}
  member_role_organizational_unit_ids = ["ou-arks-production"]
}

${runs.join("\n\n")}

run "member_role_template" {
  command = plan
  variables {
    environments = ${hcl({ production: asSubmoduleEntry(INPUT_SETS.arrakis_app[2]) })}
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack_set.member_role.template_body) == jsondecode(${hcl(template)})
    error_message = "the member role template differs from lib/organization/member-role.ts's"
  }
}
`;
}

describe.skipIf(!hasTerraform || awsVersion === undefined)(`organization with the AWS provider ${awsVersion ?? "(none mirrored)"}`, () => {
  it("validates the synthesized backup-organization stack", () => {
    const { dir, env } = scratch();
    const json = JSON.parse(Testing.synth(addArrakisOrganizationStack(Testing.app()), true));
    const cwd = join(dir, "backup-organization");
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, "cdk.tf.json"), JSON.stringify(lowerStackJson(json)));
    terraform(["init", "-backend=false", "-input=false"], cwd, env);
    expect(terraform(["validate"], cwd, env)).toContain("The configuration is valid");
  }, TIMEOUT);

  it("validates module/modules/organization, passes its tests, and renders the same policies and member role as the constructs", () => {
    const { dir, env } = scratch();
    const cwd = join(dir, "organization");
    copyLowered(SUBMODULE, cwd);
    writeFileSync(join(cwd, "tests", "equal-to-constructs.tftest.hcl"), equalityTest());
    terraform(["init", "-backend=false", "-input=false"], cwd, env);
    expect(terraform(["validate"], cwd, env)).toContain("The configuration is valid");
    const test = terraform(["test"], cwd, env);
    expect(test).toMatch(/Success! 8 passed, 0 failed/);
  }, TIMEOUT);
});
