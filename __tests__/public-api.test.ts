import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import * as api from "../lib/index";

/* The redesign's new pieces are reachable from the package root, beside what was there. */

describe("lib/index.ts", () => {
  it("keeps the construct API and exports the registry, the resolution step and the new inputs' types", () => {
    for (const name of ["BackupModule", "BackupStack", "BackupConfigErrors", "MODULE_DEFAULTS", "ENVIRONMENT_DEFAULTS", "BackupTerraformModuleStack", "RULES"]) {
      expect(api, name).toHaveProperty(name);
    }
    for (const name of ["INPUTS", "resolveSettings", "ADDITIONAL_RULE_DEFAULTS", "BackupKey", "BackupSelections"]) expect(api, name).toHaveProperty(name);
  });

  it("exports the topic grants (issue 9)", () => {
    for (const name of ["BackupTopic", "TopicPublisher"]) expect(api, name).toHaveProperty(name);
  });

  it("exports the organization constructs and the air-gapped vault (issue 12)", () => {
    for (const name of ["OrganizationStack", "OrganizationBackupPolicies", "renderBackupPolicy", "BackupDelegation", "MemberRoleStackSet", "ORGANIZATION_MEMBER_ROLE_NAME", "AirGappedVault"]) {
      expect(api, name).toHaveProperty(name);
    }
  });

  it("resolves a configuration without a construct scope: pure, every default filled in", () => {
    const settings = api.resolveSettings({ projectName: "arrakis", environment: "staging", backupVaultName: "v1", backupPlanName: "p1" });
    expect(settings.retention.daily).toEqual({ deleteAfterDays: 30, coldStorageAfterDays: null });
    expect(settings.crossRegion).toBe(true);
    expect(settings.rules.map((r) => r.name)).toEqual(["daily", "weekly", "monthly"]);
    expect(settings.createKmsKeys).toBe(true);
  });

  it("exports the class of every construct BackupModule exposes, so users can name their types", () => {
    const stack = new TerraformStack(Testing.app(), "api");
    const module = new api.BackupModule(stack, "backup", { projectName: "arrakis", environment: "production", backupVaultName: "v1", backupPlanName: "p1" }, { region: "us-west-2" });
    const exposed = Object.values(module).filter((value): value is Construct => value instanceof Construct);
    const classes = [...new Set(exposed.map((construct) => construct.constructor.name))];
    expect(classes.length).toBeGreaterThan(10);
    for (const name of classes) expect(api, name).toHaveProperty(name);
  });
});

