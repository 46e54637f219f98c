import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Fn, Testing, Token } from "cdktf";
import { describe, expect, it } from "vitest";
import { arrakisStackProps } from "../lib/arrakis-app";
import { ARRAKIS_ORGANIZATIONAL_UNITS, arrakisOrganizationStackProps } from "../lib/arrakis-organization-app";
import { ENVIRONMENTS, Environment } from "../lib/config";
import { BackupConfigErrors } from "../lib/errors";
import { OrganizationStack, OrganizationStackProps, type OrganizationStackValidatorOptions } from "../lib/organization-stack";
import { renderBackupPolicy } from "../lib/organization/backup-policy";
import { OrganizationEnvironment } from "../lib/organization/environment";
import { MAX_BACKUP_POLICY_CHARACTERS } from "../lib/organization/policy-validation";
import { POLICY_BLOCK, productionPolicy, withOrganizationPolicy } from "../lib/organization/readme";
import { IAM_PERMISSIONS } from "../validator/src/contract";
import { ORGANIZATION_MEMBER_ROLE_NAME, memberRoleActions } from "../lib/organization/member-role";
import { MEMBER_ROLE_ACTIONS } from "../validator/src/organization/contract";
import { TerraformJson, resourcesOf } from "./synth";

const environment = (env: Environment, overrides: Partial<OrganizationEnvironment> = {}): OrganizationEnvironment => ({
  backup: arrakisStackProps(env, []).backup,
  targetIds: [ARRAKIS_ORGANIZATIONAL_UNITS[env]],
  regions: ["us-west-2"],
  ...overrides,
});

const policyOf = (env: Environment, overrides: Partial<OrganizationEnvironment> = {}) => {
  const plans = renderBackupPolicy(environment(env, overrides)).plans;
  return plans[`arrakis-backup-plan-${env}`] as Record<string, any>;
};

function synthOrganization(props: OrganizationStackProps = arrakisOrganizationStackProps()): TerraformJson {
  return JSON.parse(Testing.synth(new OrganizationStack(Testing.app(), "org", props), true)) as TerraformJson;
}

/** The errors an organization stack with these props is rejected with (none: it synthesizes). */
function rejections(props: OrganizationStackProps): { input: string; value: unknown; rule: string }[] {
  try {
    new OrganizationStack(Testing.app(), "org", props);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BackupConfigErrors);
    return (error as BackupConfigErrors).errors.map(({ input, value, rule }) => ({ input, value, rule }));
  }
}

const withEnvironments = (environments: OrganizationEnvironment[]): OrganizationStackProps => ({ ...arrakisOrganizationStackProps(), environments });

describe("backup policy document (the account module's rules, in the policy syntax)", () => {
  it("production: daily/weekly/monthly with the environment's schedule and retention, every rule copied to the replica vault of each account", () => {
    const plan = policyOf("production");
    expect(plan.regions).toEqual({ "@@assign": ["us-west-2"] });
    expect(Object.keys(plan.rules)).toEqual(["daily", "weekly", "monthly"]);
    const daily = plan.rules.daily;
    expect(daily.schedule_expression).toEqual({ "@@assign": "cron(0 1 * * ? *)" });
    expect(daily.target_backup_vault_name).toEqual({ "@@assign": "arrakis-backup-vault-production" });
    // 90 days with cold storage after 30 would leave 60 in cold storage: AWS needs 90, so none.
    expect(daily.lifecycle).toEqual({ delete_after_days: { "@@assign": "90" } });
    expect(plan.rules.monthly.lifecycle).toEqual({ move_to_cold_storage_after_days: { "@@assign": "30" }, delete_after_days: { "@@assign": "2555" } });
    const replica = "arn:aws:backup:us-east-1:$account:backup-vault:arrakis-backup-vault-production-replica";
    for (const rule of ["daily", "weekly", "monthly"]) {
      expect(Object.keys(plan.rules[rule].copy_actions ?? {}), rule).toEqual([replica]);
      expect(plan.rules[rule].copy_actions[replica].lifecycle).toEqual(plan.rules[rule].lifecycle);
    }
    expect(plan.rules.weekly.recovery_point_tags.BackupRule).toEqual({ tag_key: { "@@assign": "BackupRule" }, tag_value: { "@@assign": "weekly" } });
  });

  it("staging copies daily and weekly but not monthly (production only); development copies nothing", () => {
    const staging = policyOf("staging");
    expect(["daily", "weekly", "monthly"].map((r) => staging.rules[r].copy_actions !== undefined)).toEqual([true, true, false]);
    const development = policyOf("development");
    expect(["daily", "weekly", "monthly"].map((r) => development.rules[r].copy_actions !== undefined)).toEqual([false, false, false]);
    expect(development.rules.daily.lifecycle).toEqual({ delete_after_days: { "@@assign": "7" } });
  });

  it("selects by the spec's tags with the account's own role: EBS (both tags, not temporary volumes), databases by project and environment", () => {
    const selections = policyOf("production").selections.resources;
    const role = { "@@assign": "arn:aws:iam::$account:role/arrakis-backup-role-production" };
    const ebs = selections["arrakis-ebs-production"];
    expect(ebs.iam_role_arn).toEqual(role);
    expect(ebs.resource_types).toEqual({ "@@assign": ["arn:aws:ec2:*:*:volume/*"] });
    expect(Object.values(ebs.conditions.string_equals).map((c: any) => [c.condition_key["@@assign"], c.condition_value["@@assign"]])).toEqual([
      ["aws:ResourceTag/KubernetesCluster", "arrakis-production"],
      ["aws:ResourceTag/Environment", "production"],
    ]);
    expect(ebs.conditions.string_not_equals.VolumeType.condition_value).toEqual({ "@@assign": "temporary" });
    expect(selections["arrakis-rds-production"].iam_role_arn).toEqual(role);
    expect(Object.keys(selections)).not.toContain("arrakis-efs-production");
    const withEfs = policyOf("production", { backup: { ...arrakisStackProps("production", []).backup, backupEfsEnabled: true } });
    expect(Object.keys(withEfs.selections.resources)).toContain("arrakis-efs-production");
  });

  it("additional rules and user values come through the same resolution as the account module", () => {
    const backup = {
      ...arrakisStackProps("production", []).backup,
      deleteAfterDays: 200,
      moveToColdStorageAfterDays: 60,
      additionalBackupRules: [{ name: "hourly", schedule: "cron(0 * * * ? *)", deleteAfterDays: 2, copyToReplica: false }],
    };
    const plan = policyOf("production", { backup });
    expect(Object.keys(plan.rules)).toEqual(["daily", "weekly", "monthly", "hourly"]);
    expect(plan.rules.daily.lifecycle).toEqual({ move_to_cold_storage_after_days: { "@@assign": "60" }, delete_after_days: { "@@assign": "200" } });
    expect(plan.rules.hourly.copy_actions).toBeUndefined();
    expect(plan.rules.hourly.complete_backup_window_minutes).toEqual({ "@@assign": "10080" });
  });
});

describe("what AWS validates, judged at synth", () => {
  it("a policy over 10,000 characters is rejected, naming the environment's policy and the limit", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `extra-rule-${i}`, schedule: "cron(0 5 * * ? *)", deleteAfterDays: 30, copyToReplica: true }));
    const errors = rejections(withEnvironments([environment("production", { backup: { ...arrakisStackProps("production", []).backup, additionalBackupRules: many } })]));
    expect(errors).toEqual([expect.objectContaining({ input: "production.backup_policy", rule: expect.stringContaining(`at most ${MAX_BACKUP_POLICY_CHARACTERS} characters`) })]);
    expect(String(errors[0].value)).toMatch(/^\d{5,} characters$/);
  });

  it("rejects bad and duplicate regions, and a replica region the policy also backs up", () => {
    const errors = rejections(withEnvironments([environment("production", { regions: ["us-west-2", "US-East", "us-west-2", "us-east-1"] })]));
    expect(errors.map((e) => [e.input, e.value])).toEqual([
      ["production.regions[1]", "US-East"],
      ["production.regions[2]", "us-west-2"],
      ["production.replica_region", "us-east-1"],
    ]);
    expect(rejections(withEnvironments([environment("staging", { regions: [] })])).map((e) => e.input)).toEqual(["staging.regions"]);
  });

  it("rejects targets that are not a root, OU or account, and a target shared by two environments", () => {
    const errors = rejections(
      withEnvironments([environment("staging", { targetIds: ["ou-arks-production", "production-ou"] }), environment("production")]),
    );
    expect(errors.map((e) => [e.input, e.value])).toEqual([
      ["staging.target_ids[1]", "production-ou"],
      ["production.target_ids[0]", "ou-arks-production"],
    ]);
  });

  it("applies the account module's rules (lifecycle, names), prefixed with the environment", () => {
    const backup = { ...arrakisStackProps("production", []).backup, deleteAfterDays: 100, moveToColdStorageAfterDays: 30, backupVaultName: "bad vault" };
    const errors = rejections(withEnvironments([environment("production", { backup })]));
    expect(errors.map((e) => e.input)).toEqual(expect.arrayContaining(["production.backup_vault_name", "production.move_to_cold_storage_after_days"]));
    expect(errors.find((e) => e.input === "production.move_to_cold_storage_after_days")?.rule).toMatch(/90/);
  });

  it("rejects plan-time values (the policy is rendered at synth), naming them", () => {
    const backup = { ...arrakisStackProps("production", []).backup, deleteAfterDays: Token.asNumber(Fn.abs(-90)) };
    const errors = rejections(withEnvironments([environment("production", { backup })]));
    expect(errors.map((e) => [e.input, e.rule])).toEqual([["production.delete_after_days", expect.stringContaining("must be known at synth")]]);
  });

  it("a rejected configuration leaves no stack in the app", () => {
    const app = Testing.app();
    expect(() => new OrganizationStack(app, "org", withEnvironments([environment("production", { regions: ["nowhere"] })]))).toThrow(/production\.regions\[0\].*"nowhere"/);
    expect(app.node.tryFindChild("org")).toBeUndefined();
  });
});

describe("the organization stack of the three-environment app", () => {
  const json = synthOrganization();

  it("one BACKUP_POLICY per environment, with the rendered document, attached to the environment's OU", () => {
    const policies = Object.values(resourcesOf(json, "aws_organizations_policy"));
    expect(policies.map((p) => [p.name, p.type]).sort()).toEqual(ENVIRONMENTS.map((env) => [`arrakis-backup-${env}`, "BACKUP_POLICY"]).sort());
    const production = policies.find((p) => p.name === "arrakis-backup-production");
    expect(JSON.parse(production.content)).toEqual(renderBackupPolicy(environment("production")));
    const attachments = Object.values(resourcesOf(json, "aws_organizations_policy_attachment"));
    expect(attachments.map((a) => a.target_id).sort()).toEqual(ENVIRONMENTS.map((env) => ARRAKIS_ORGANIZATIONAL_UNITS[env]).sort());
    expect(attachments.every((a) => /^\$\{aws_organizations_policy\.\w+\.id\}$/.test(a.policy_id))).toBe(true);
  });

  it("delegates AWS Backup to the administrator account and enables cross-account backup", () => {
    const [admin] = Object.values(resourcesOf(json, "aws_organizations_delegated_administrator"));
    expect(admin).toMatchObject({ account_id: "111122223333", service_principal: "backup.amazonaws.com" });
    const [settings] = Object.values(resourcesOf(json, "aws_backup_global_settings"));
    expect(settings.global_settings).toEqual({ isCrossAccountBackupEnabled: "true", isDelegatedAdministratorEnabled: "true" });
  });

  it("a service-managed StackSet deploys the read-only member role to every environment's OU, trusting only the stack's own worker", () => {
    const [stackSet] = Object.values(resourcesOf(json, "aws_cloudformation_stack_set"));
    expect(stackSet).toMatchObject({ permission_model: "SERVICE_MANAGED", capabilities: ["CAPABILITY_NAMED_IAM"], auto_deployment: { enabled: true } });
    // Terraform would read a CloudFormation `${AWS::...}` as its own interpolation.
    expect(stackSet.template_body).not.toContain("${AWS::");
    const [workerRole] = Object.entries(resourcesOf(json, "aws_iam_role")).filter(([, role]) => role.name === "arrakis-backup-org-worker");
    expect(workerRole).toBeDefined();
    const template = JSON.parse(stackSet.template_body);
    const role = template.Resources.ValidatorMemberRole.Properties;
    expect(role.RoleName).toBe(ORGANIZATION_MEMBER_ROLE_NAME);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: "Allow",
        // By reference: the worker's account is the stack's, whichever that is.
        Principal: { AWS: [`\${aws_iam_role.${workerRole[0]}.arn}`] },
        Action: "sts:AssumeRole",
      },
    ]);
    const [instance] = Object.values(resourcesOf(json, "aws_cloudformation_stack_set_instance"));
    expect(instance.deployment_targets.organizational_unit_ids).toEqual(ENVIRONMENTS.map((env) => ARRAKIS_ORGANIZATIONAL_UNITS[env]));
  });

});

describe("member role permissions", () => {
  const actions = memberRoleActions();

  it("are the read-only subset of the validator's contract, and the plan listing of the organization worker: nothing that writes", () => {
    const contract = IAM_PERMISSIONS.flatMap((p) => p.actions);
    expect(actions.filter((a) => !contract.includes(a))).toEqual(["backup:ListBackupPlans"]);
    expect(contract.filter((a) => /:(List|Get|Describe)/.test(a) && !actions.includes(a))).toEqual([]);
    expect(actions.filter((a) => !/:(List|Get|Describe)/.test(a))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(["backup:ListBackupJobs", "backup:ListRecoveryPointsByBackupVault", "backup:GetBackupPlan", "tag:GetResources", "backup:DescribeBackupVault"]));
    expect(actions).not.toEqual(expect.arrayContaining(["sns:Publish"]));
    expect(actions.some((a) => a.startsWith("s3:") || a.startsWith("kms:"))).toBe(false);
  });

  it("without its own validator the stack needs the roles to trust, named as an error", () => {
    const props = arrakisOrganizationStackProps();
    const errors = rejections({ ...props, validator: false });
    expect(errors.map((e) => [e.input, e.rule])).toEqual([["member_role.trusted_role_arns", expect.stringContaining("at least one role")]]);
  });

  it("allow every action the organization worker calls in a member account", () => {
    expect(MEMBER_ROLE_ACTIONS.filter((a) => !actions.includes(a))).toEqual([]);
  });

  it("rejects trusted principals that are not exact role ARNs", () => {
    const props = arrakisOrganizationStackProps();
    const errors = rejections({ ...props, memberRole: { ...props.memberRole, trustedRoleArns: ["arn:aws:iam::111122223333:root", "*"] } });
    expect(errors.map((e) => e.input)).toEqual(["member_role.trusted_role_arns[0]", "member_role.trusted_role_arns[1]"]);
  });

  it("targets only organizational units or the root: an account ID is named as an error", () => {
    const props = arrakisOrganizationStackProps();
    const organizationalUnitIds = ["r-ab12", "ou-ab12-abcdefgh", "123456789012", "ou-x"];
    const errors = rejections({ ...props, memberRole: { ...props.memberRole, organizationalUnitIds } });
    expect(errors.map((e) => [e.input, e.value])).toEqual([
      ["member_role.organizational_unit_ids[2]", "123456789012"],
      ["member_role.organizational_unit_ids[3]", "ou-x"],
    ]);
  });
});

describe("one member role: the StackSet deploys the role the worker assumes", () => {
  const props = arrakisOrganizationStackProps();
  const deployedAndAssumed = (json: TerraformJson) => {
    const [stackSet] = Object.values(resourcesOf(json, "aws_cloudformation_stack_set"));
    const worker = Object.values(resourcesOf(json, "aws_lambda_function")).find((f) => f.handler === "index.organizationWorker");
    const workerPolicy = Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p) => p.name === "organization-worker");
    const assume = JSON.parse(workerPolicy.policy).Statement.find((s: { Sid: string }) => s.Sid === "AssumeMemberRole");
    return {
      deployed: JSON.parse(stackSet.template_body).Resources.ValidatorMemberRole.Properties,
      variables: worker.environment.variables as Record<string, string>,
      assumable: assume.Resource as string,
    };
  };

  it("a custom memberRole.roleName names both", () => {
    const { deployed, variables, assumable } = deployedAndAssumed(synthOrganization({ ...props, memberRole: { ...props.memberRole, roleName: "acme-backup-reader" } }));
    expect(deployed.RoleName).toBe("acme-backup-reader");
    expect(variables.MEMBER_ROLE_NAME).toBe("acme-backup-reader");
    expect(assumable).toMatch(/:iam::\*:role\/acme-backup-reader$/);
  });

  it("the validator options cannot name another role, nor an external id the StackSet's role does not require", () => {
    // @ts-expect-error the name is memberRole.roleName; the StackSet's trust has no sts:ExternalId condition
    const validator: OrganizationStackValidatorOptions = { memberRoleName: "elsewhere", memberRoleExternalId: "abc123" };
    const { deployed, variables, assumable } = deployedAndAssumed(synthOrganization({ ...props, validator }));
    expect(deployed.RoleName).toBe(ORGANIZATION_MEMBER_ROLE_NAME);
    expect(deployed.AssumeRolePolicyDocument.Statement[0].Condition).toBeUndefined();
    expect(variables.MEMBER_ROLE_NAME).toBe(ORGANIZATION_MEMBER_ROLE_NAME);
    expect(variables).not.toHaveProperty("MEMBER_ROLE_EXTERNAL_ID");
    expect(assumable).toMatch(new RegExp(`:role/${ORGANIZATION_MEMBER_ROLE_NAME}$`));
  });

  it("rejects a name IAM rejects", () => {
    const errors = rejections({ ...props, memberRole: { ...props.memberRole, roleName: "no spaces allowed" } });
    expect(errors).toEqual([{ input: "member_role.role_name", value: "no spaces allowed", rule: "must be an IAM role name: 1 to 64 letters, digits and +=,.@_-" }]);
  });
});

describe("README: Running across an organization", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Running across an organization"), readme.indexOf("## Changing a vault lock"));

  it("shows the production policy exactly as the construct renders it (npm run render:organization-policy)", () => {
    expect(withOrganizationPolicy(readme)).toBe(readme);
    const block = section.slice(section.indexOf(POLICY_BLOCK.start), section.indexOf(POLICY_BLOCK.end));
    const json = /```json\n([\s\S]*?)\n```/.exec(block)?.[1];
    expect(JSON.parse(json ?? "null")).toEqual(productionPolicy());
    // And it is the policy the organization stack deploys.
    const deployed = Object.values(resourcesOf(synthOrganization(), "aws_organizations_policy")).find((p) => p.name === "arrakis-backup-production");
    expect(JSON.parse(json ?? "null")).toEqual(JSON.parse(deployed.content));
  });

  it("has a diagram, what AWS validates, how to roll out, and a place for the organization validator", () => {
    expect(section).toContain("```mermaid");
    for (const heading of ["### What AWS validates", "### Rolling out", "### The organization validator"]) expect(section).toContain(heading);
    expect(section).toContain(String(MAX_BACKUP_POLICY_CHARACTERS).replace(/(\d)(\d{3})$/, "$1,$2"));
  });
});
