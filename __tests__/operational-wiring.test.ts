/** Issue 13's inputs through the TypeScript door: what each one adds to the module, and its errors. */
import { describe, expect, it } from "vitest";
import { BackupConfigErrors } from "../lib/errors";
import { baseConfig, resourcesOf, synthBackup, synthWithWarnings } from "./synth";

const SUBNETS = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"];
const GROUPS = ["sg-0123456789abcdef0"];
const ROUTE_TABLES = ["rtb-0123456789abcdef0", "rtb-0fedcba9876543210"];

const names = (json: ReturnType<typeof synthBackup>, type: string) => Object.values(resourcesOf(json, type)).map((r: any) => r.name ?? r.alarm_name);
const tamperRules = (json: ReturnType<typeof synthBackup>) => names(json, "aws_cloudwatch_event_rule").filter((n) => n.includes("-tamper-"));

describe("tamper alerts in the module", () => {
  it("are on in production only by default, and follow enable_tamper_alerts", () => {
    expect(tamperRules(synthBackup(baseConfig("production"))).sort()).toEqual([
      "arrakis-tamper-jobs-production", "arrakis-tamper-keys-production", "arrakis-tamper-plan-production", "arrakis-tamper-vault-production",
    ]);
    expect(tamperRules(synthBackup(baseConfig("staging")))).toEqual([]);
    expect(tamperRules(synthBackup(baseConfig("development", { enableTamperAlerts: true })))).toHaveLength(4);
    expect(tamperRules(synthBackup(baseConfig("production", { enableTamperAlerts: false })))).toEqual([]);
  });

  it("need the topic, and watch the key only with encryption", () => {
    expect(tamperRules(synthBackup(baseConfig("production", { enableBackupNotifications: false })))).toEqual([]);
    expect(tamperRules(synthBackup(baseConfig("production", { enableBackupEncryption: false }))).sort()).toEqual([
      "arrakis-tamper-jobs-production", "arrakis-tamper-plan-production", "arrakis-tamper-vault-production",
    ]);
  });

  it("scope the vault rule to the module's vault and target the topic", () => {
    const json = synthBackup(baseConfig("production"));
    const rule = Object.values(resourcesOf(json, "aws_cloudwatch_event_rule")).find((r: any) => r.name === "arrakis-tamper-vault-production");
    expect(JSON.parse(rule.event_pattern).detail.requestParameters.backupVaultName).toEqual([expect.stringMatching(/^\$\{aws_backup_vault\..+\.name\}$/)]);
    const targets = Object.values(resourcesOf(json, "aws_cloudwatch_event_target")).filter((t: any) => t.input_transformer);
    expect(targets).toHaveLength(4);
    for (const t of targets) expect(t.arn).toMatch(/^\$\{aws_sns_topic\..+\.arn\}$/);
  });
});

describe("the validator in private subnets", () => {
  const policyOf = (json: ReturnType<typeof synthBackup>) => JSON.parse(Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p: any) => p.name === "backup-validation").policy);

  it("gets a vpc_config and the network interface permissions only with subnets", () => {
    const inVpc = synthBackup(baseConfig("production", { validatorSubnetIds: SUBNETS, validatorSecurityGroupIds: GROUPS }));
    const [fn] = Object.values(resourcesOf(inVpc, "aws_lambda_function"));
    expect(fn.vpc_config).toEqual({ subnet_ids: SUBNETS, security_group_ids: GROUPS });
    expect(policyOf(inVpc).Statement.map((s: any) => s.Sid)).toContain("ManageNetworkInterfaces");
    expect(resourcesOf(inVpc, "aws_vpc_endpoint")).toEqual({});

    const outside = synthBackup(baseConfig("production"));
    expect(Object.values(resourcesOf(outside, "aws_lambda_function"))[0].vpc_config).toBeUndefined();
    expect(policyOf(outside).Statement.map((s: any) => s.Sid)).not.toContain("ManageNetworkInterfaces");
  });

  it("gets endpoints for backup, tagging and sns in the subnets' VPC with create_vpc_endpoints", () => {
    const json = synthBackup(baseConfig("production", { validatorSubnetIds: SUBNETS, validatorSecurityGroupIds: GROUPS, createVpcEndpoints: true }));
    const endpoints = Object.values(resourcesOf(json, "aws_vpc_endpoint"));
    expect(endpoints.map((e: any) => e.service_name.split(".").pop()).sort()).toEqual(["backup", "sns", "tagging"]);
    for (const e of endpoints) {
      expect(e.vpc_id).toMatch(/^\$\{data\.aws_subnet\..+\.vpc_id\}$/);
      expect(e.service_name).toMatch(/^\$\{data\.aws_partition\..+\.reverse_dns_prefix\}\.\$\{data\.aws_region\..+\}\./);
    }
    expect(Object.values(json.data?.aws_subnet ?? {})[0]).toMatchObject({ id: SUBNETS[0] });
  });

  describe("the S3 gateway endpoint for the validator's report", () => {
    const inVpc = { validatorSubnetIds: SUBNETS, validatorSecurityGroupIds: GROUPS, createVpcEndpoints: true };
    const s3Endpoints = (json: ReturnType<typeof synthBackup>) =>
      Object.values(resourcesOf(json, "aws_vpc_endpoint")).filter((e: any) => e.service_name.endsWith(".s3"));

    it("is placed on validator_route_table_ids with the reports bucket, admitting only the report objects", () => {
      const json = synthBackup(baseConfig("production", { ...inVpc, validatorRouteTableIds: ROUTE_TABLES }));
      const [s3] = s3Endpoints(json);
      expect(s3).toMatchObject({ vpc_endpoint_type: "Gateway", route_table_ids: ROUTE_TABLES });
      expect(s3.vpc_id).toMatch(/^\$\{data\.aws_subnet\..+\.vpc_id\}$/);
      expect(s3.service_name).toMatch(/^\$\{data\.aws_partition\..+\.reverse_dns_prefix\}\.\$\{data\.aws_region\..+\}\.s3$/);
      expect(s3.subnet_ids).toBeUndefined();
      expect(s3.security_group_ids).toBeUndefined();
      const bucket = Object.values(resourcesOf(json, "aws_s3_bucket"))[0].bucket;
      expect(JSON.parse(s3.policy).Statement).toEqual([{
        Sid: "StoreReport", Effect: "Allow", Principal: "*", Action: ["s3:PutObject"],
        Resource: [expect.stringMatching(new RegExp(`^arn:\\$\\{data\\.aws_partition\\..+\\.partition\\}:s3:::${bucket.replace(/[$.{}]/g, "\\$&")}/backup-validation/\\*$`))],
      }]);
      // The same objects the validator's role may write.
      const role = JSON.parse(Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p: any) => p.name === "backup-validation").policy);
      expect(role.Statement.find((st: any) => st.Sid === "StoreReport").Resource).toEqual(JSON.parse(s3.policy).Statement[0].Resource);
    });

    it("is not created without the reports bucket, or without route tables (which warns in production)", () => {
      expect(s3Endpoints(synthBackup(baseConfig("production", { ...inVpc, validatorRouteTableIds: ROUTE_TABLES, enableBackupReports: false })))).toEqual([]);
      expect(s3Endpoints(synthBackup(baseConfig("development", { ...inVpc, validatorRouteTableIds: ROUTE_TABLES })))).toEqual([]);
      const { json, warnings } = synthWithWarnings(baseConfig("production", inVpc));
      expect(s3Endpoints(json)).toEqual([]);
      expect(Object.values(resourcesOf(json, "aws_vpc_endpoint"))).toHaveLength(3);
      expect(warnings.filter((w) => w.startsWith("create_vpc_endpoints without validator_route_table_ids creates no S3 endpoint"))).toHaveLength(1);
      expect(synthWithWarnings(baseConfig("production", { ...inVpc, validatorRouteTableIds: ROUTE_TABLES })).warnings.filter((w) => w.includes("S3 endpoint"))).toEqual([]);
    });
  });

  it.each([
    [{ validatorRouteTableIds: ROUTE_TABLES }, `validatorRouteTableIds (validator_route_table_ids) = ${JSON.stringify(ROUTE_TABLES)}: needs create_vpc_endpoints = true`],
    [{ validatorSubnetIds: SUBNETS, validatorSecurityGroupIds: GROUPS, createVpcEndpoints: true, validatorRouteTableIds: ["rtb-XYZ"] },
      'validatorRouteTableIds (validator_route_table_ids) = ["rtb-XYZ"]: must list at most 16 distinct route table ids, each of which must be a route table id such as rtb-0123456789abcdef0'],
    [{ validatorSubnetIds: SUBNETS, validatorSecurityGroupIds: GROUPS, createVpcEndpoints: true, validatorRouteTableIds: [ROUTE_TABLES[0], ROUTE_TABLES[0]] },
      "validatorRouteTableIds (validator_route_table_ids) = [\"rtb-0123456789abcdef0\",\"rtb-0123456789abcdef0\"]: must list at most 16 distinct"],
    [{ validatorSubnetIds: SUBNETS, validatorSecurityGroupIds: GROUPS, createVpcEndpoints: true, validatorRouteTableIds: ["subnet-0123456789abcdef0"] },
      "validatorRouteTableIds (validator_route_table_ids) = [\"subnet-0123456789abcdef0\"]"],
    [{ validatorSubnetIds: SUBNETS }, "validatorSecurityGroupIds (validator_security_group_ids) = []: validator_subnet_ids and validator_security_group_ids must be given together"],
    [{ validatorSecurityGroupIds: GROUPS }, "validatorSubnetIds (validator_subnet_ids) = []: validator_subnet_ids and validator_security_group_ids must be given together"],
    [{ createVpcEndpoints: true }, "createVpcEndpoints (create_vpc_endpoints) = true: needs validator_subnet_ids"],
    [{ validatorSubnetIds: ["subnet-xyz"], validatorSecurityGroupIds: GROUPS }, 'validatorSubnetIds (validator_subnet_ids) = ["subnet-xyz"]: must list at most 16 distinct subnet ids'],
  ])("rejects %j", (override, message) => {
    const build = () => synthBackup(baseConfig("production", override));
    expect(build).toThrow(BackupConfigErrors);
    expect(build).toThrow(message);
  });
});

describe("capacity and duration alarms in the module", () => {
  it("follow the threshold and percent inputs, and enable_backup_monitoring", () => {
    const json = synthBackup(baseConfig("production", { backupJobsInFlightAlarmThreshold: 120, backupDurationAlarmPercent: 50 }));
    const alarms = Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm"));
    expect(alarms.find((a: any) => a.alarm_name === "arrakis-backup-jobs-in-flight-production")).toMatchObject({ threshold: 120 });
    expect(alarms.find((a: any) => a.alarm_name === "arrakis-backup-validator-production-backup-duration")).toMatchObject({ threshold: 1440 * 60 * 0.5 });
    expect(names(synthBackup(baseConfig("production", { enableBackupMonitoring: false })), "aws_cloudwatch_metric_alarm")).toEqual([]);
  });

  it("use the shortest completion window of the plan's rules", () => {
    const json = synthBackup(baseConfig("staging", {
      additionalBackupRules: [{ name: "hourly", schedule: "cron(0 * * * ? *)", deleteAfterDays: 2, completionWindowMinutes: 180 }],
    }));
    const alarm = Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm")).find((a: any) => a.alarm_name.endsWith("-backup-duration"));
    expect(alarm.threshold).toBe(180 * 60 * 0.8);
  });
});
