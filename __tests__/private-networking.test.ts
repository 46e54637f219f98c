import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { IAM_PERMISSIONS } from "../validator/src/contract";
import { BackupConfigErrors } from "../lib/errors";
import {
  NETWORK_INTERFACE_STATEMENT,
  NETWORK_TOGETHER_RULE,
  checkValidatorNetwork,
  lambdaVpcConfig,
} from "../lib/private-networking";
import {
  ENDPOINT_OF_ACTION_PREFIX, ENDPOINTS_NOT_NEEDED, ValidatorEndpoints, ValidatorEndpointsProps, endpointPolicy, endpointsFor,
} from "../lib/validator-endpoints";
import { TerraformJson, expandForEach } from "./synth";

const SUBNETS = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"];
const GROUPS = ["sg-0123456789abcdef0"];

describe("validator network inputs", () => {
  it("accepts both lists empty (no VPC) or both set; vpc_config follows", () => {
    expect(checkValidatorNetwork({ subnetIds: [], securityGroupIds: [] })).toEqual([]);
    expect(lambdaVpcConfig({ subnetIds: [], securityGroupIds: [] })).toBeUndefined();
    expect(checkValidatorNetwork({ subnetIds: SUBNETS, securityGroupIds: GROUPS })).toEqual([]);
    expect(lambdaVpcConfig({ subnetIds: SUBNETS, securityGroupIds: GROUPS })).toEqual({ subnetIds: SUBNETS, securityGroupIds: GROUPS });
    // Old 8-digit ids are still valid.
    expect(checkValidatorNetwork({ subnetIds: ["subnet-12345678"], securityGroupIds: ["sg-12345678"] })).toEqual([]);
  });

  it("rejects one list without the other, naming the missing one", () => {
    const [onlySubnets] = checkValidatorNetwork({ subnetIds: SUBNETS, securityGroupIds: [] });
    expect(onlySubnets.input).toBe("validator_security_group_ids");
    expect(onlySubnets.rule).toBe(NETWORK_TOGETHER_RULE);
    const [onlyGroups] = checkValidatorNetwork({ subnetIds: [], securityGroupIds: GROUPS });
    expect(onlyGroups.input).toBe("validator_subnet_ids");
    expect(onlyGroups.message).toBe(`Invalid validatorSubnetIds (validator_subnet_ids) = []: ${NETWORK_TOGETHER_RULE}`);
  });

  it.each([
    [{ subnetIds: ["subnet-XYZ"], securityGroupIds: GROUPS }, "validator_subnet_ids", "subnet id such as subnet-0123456789abcdef0"],
    [{ subnetIds: ["sg-0123456789abcdef0"], securityGroupIds: GROUPS }, "validator_subnet_ids", "subnet id"],
    [{ subnetIds: [SUBNETS[0], SUBNETS[0]], securityGroupIds: GROUPS }, "validator_subnet_ids", "distinct"],
    [{ subnetIds: SUBNETS, securityGroupIds: ["sg-123"] }, "validator_security_group_ids", "security group id such as"],
    [{ subnetIds: SUBNETS, securityGroupIds: Array.from({ length: 6 }, (_, i) => `sg-0000000${i}`) }, "validator_security_group_ids", "at most 5"],
  ])("rejects %j", (network, input, rule) => {
    const errors = checkValidatorNetwork(network);
    expect(errors.map((e) => e.input)).toEqual([input]);
    expect(errors[0].rule).toContain(rule);
    expect(errors[0].value).toEqual(input === "validator_subnet_ids" ? network.subnetIds : network.securityGroupIds);
  });

  it("leaves plan-time lists to Terraform", () => {
    const stack = new TerraformStack(Testing.app(), "vars");
    const subnets = new TerraformVariable(stack, "subnets", { type: "list(string)" }).listValue;
    expect(checkValidatorNetwork({ subnetIds: subnets, securityGroupIds: [] })).toEqual([]);
    expect(lambdaVpcConfig({ subnetIds: subnets, securityGroupIds: GROUPS })).toEqual({ subnetIds: subnets, securityGroupIds: GROUPS });
  });

  it("grants the network interface actions of AWSLambdaVPCAccessExecutionRole", () => {
    expect([...NETWORK_INTERFACE_STATEMENT.Action].sort()).toEqual([
      "ec2:AssignPrivateIpAddresses",
      "ec2:CreateNetworkInterface",
      "ec2:DeleteNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:UnassignPrivateIpAddresses",
    ]);
  });
});

describe("which endpoints the validator needs", () => {
  it("maps every action prefix of the validator's contract to an endpoint or to none", () => {
    const prefixes = new Set(IAM_PERMISSIONS.flatMap((p) => p.actions.map((a) => a.split(":")[0])));
    for (const prefix of prefixes) expect(Object.keys(ENDPOINT_OF_ACTION_PREFIX), prefix).toContain(prefix);
    // KMS is used only through SNS and S3 on the validator's behalf.
    expect(IAM_PERMISSIONS.filter((p) => p.actions.some((a) => a.startsWith("kms:"))).every((p) => p.viaService !== undefined)).toBe(true);
  });

  it("decides every endpoint once: created from the contract, or not needed with a reason", () => {
    const created = new Set(Object.values(ENDPOINT_OF_ACTION_PREFIX).filter((s) => s !== null));
    for (const service of Object.keys(ENDPOINTS_NOT_NEEDED)) expect(created.has(service as never), service).toBe(false);
    // The six, CloudWatch metrics and S3: each is decided.
    for (const service of ["backup", "sns", "logs", "kms", "sts", "tagging", "monitoring", "s3"]) {
      expect(created.has(service as never) || service in ENDPOINTS_NOT_NEEDED, service).toBe(true);
    }
  });

  it("has a README row for every endpoint decided, saying whether it is created", () => {
    const section = readFileSync(join(__dirname, "..", "README.md"), "utf8").split("### Private networking")[1].split("\n## ")[0];
    const rows = Object.fromEntries([...section.matchAll(/^\| `([a-z0-9]+)`[^|]*\| ([^|]+) \|/gm)].map((m) => [m[1], m[2]]));
    const created = [...new Set(Object.values(ENDPOINT_OF_ACTION_PREFIX).filter((s) => s !== null))];
    expect(Object.keys(rows).sort()).toEqual([...created, ...Object.keys(ENDPOINTS_NOT_NEEDED)].sort());
    for (const service of created) expect(rows[service], service).not.toBe("no");
    for (const service of Object.keys(ENDPOINTS_NOT_NEEDED)) expect(rows[service], service).toBe("no");
  });

  it("derives the endpoints from the settings in use", () => {
    expect(endpointsFor({})).toEqual({ backup: true });
    expect(endpointsFor({ BACKUP_PLAN_ID: true, SNS_TOPIC_ARN: true, encryptedTopic: true })).toEqual({ backup: true, tagging: true, sns: true });
    expect(endpointsFor({ REPORT_BUCKET: true, REPORT_KMS_KEY_ARN: true })).toEqual({ backup: true, s3: true });
    expect(endpointsFor({ SNS_TOPIC_ARN: false })).toEqual({ backup: true });
  });
});

const endpointProps: ValidatorEndpointsProps = {
  projectName: "arrakis",
  environment: "production",
  vpcId: "vpc-0123456789abcdef0",
  serviceNamePrefix: "com.amazonaws.us-west-2",
  subnetIds: SUBNETS,
  functionSecurityGroupIds: GROUPS,
  services: endpointsFor({ BACKUP_PLAN_ID: true, SNS_TOPIC_ARN: true }),
  tags: { Environment: "production" },
};

function synth(props: ValidatorEndpointsProps): TerraformJson {
  const stack = new TerraformStack(Testing.app(), "endpoints");
  new ValidatorEndpoints(stack, "endpoints", props);
  return expandForEach(JSON.parse(Testing.synth(stack)) as TerraformJson);
}

describe("ValidatorEndpoints", () => {
  it("creates an interface endpoint per API with private DNS, reachable on HTTPS from the function only", () => {
    const json = synth(endpointProps);
    const endpoints = Object.values(json.resource.aws_vpc_endpoint);
    expect(endpoints.map((e) => e.service_name).sort()).toEqual([
      "com.amazonaws.us-west-2.backup",
      "com.amazonaws.us-west-2.sns",
      "com.amazonaws.us-west-2.tagging",
    ]);
    for (const e of endpoints) {
      expect(e).toMatchObject({ vpc_id: "vpc-0123456789abcdef0", vpc_endpoint_type: "Interface", private_dns_enabled: true, subnet_ids: SUBNETS });
      expect(e.security_group_ids).toEqual([`${"$"}{aws_security_group.${Object.keys(json.resource.aws_security_group)[0]}.id}`]);
    }
    const [group] = Object.values(json.resource.aws_security_group);
    expect(group.vpc_id).toBe("vpc-0123456789abcdef0");
    expect(group.ingress).toEqual([expect.objectContaining({ protocol: "tcp", from_port: 443, to_port: 443, security_groups: GROUPS })]);
    expect(group.ingress[0].cidr_blocks ?? []).toEqual([]);
    expect(group.egress).toEqual([]);
  });

  it("adds an S3 gateway endpoint on the route tables when the report goes to a bucket, admitting only the report objects", () => {
    const objects = ["arn:aws:s3:::reports/backup-validation/*"];
    const json = synth({ ...endpointProps, services: endpointsFor({ REPORT_BUCKET: true }), routeTableIds: ["rtb-0123456789abcdef0"], reportObjectArns: objects });
    const s3 = Object.values(json.resource.aws_vpc_endpoint).find((e) => e.service_name.endsWith(".s3"));
    expect(s3).toMatchObject({ vpc_endpoint_type: "Gateway", route_table_ids: ["rtb-0123456789abcdef0"], service_name: "com.amazonaws.us-west-2.s3" });
    expect(s3?.subnet_ids).toBeUndefined();
    expect(JSON.parse(s3!.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "StoreReport", Effect: "Allow", Principal: "*", Action: ["s3:PutObject"], Resource: objects }],
    });
    // The interface endpoints keep AWS's default policy: their security group admits the validator only.
    for (const e of Object.values(json.resource.aws_vpc_endpoint).filter((e) => e !== s3)) expect(e.policy).toBeUndefined();
  });

  it("builds endpoint policies from the contract's actions of that service only", () => {
    const policy = JSON.parse(endpointPolicy("sns", { snsTopic: ["arn:aws:sns:us-west-2:123456789012:t"] }));
    expect(policy.Statement).toEqual([{ Sid: "PublishReport", Effect: "Allow", Principal: "*", Action: ["sns:Publish"], Resource: ["arn:aws:sns:us-west-2:123456789012:t"] }]);
    expect(() => endpointPolicy("s3", {})).toThrow("No reportObjects resources for the s3 endpoint policy (StoreReport)");
  });

  it("creates nothing when disabled", () => {
    expect(synth({ ...endpointProps, enabled: false }).resource).toBeUndefined();
  });

  it("counts endpoints by a plan-time condition", () => {
    const stack = new TerraformStack(Testing.app(), "endpoints");
    const on = new TerraformVariable(stack, "create", { type: "bool" }).booleanValue;
    new ValidatorEndpoints(stack, "endpoints", { ...endpointProps, enabled: on });
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    // One interface endpoint resource, for_each over the services whose condition holds at plan time.
    const [endpoint] = Object.values(json.resource.aws_vpc_endpoint);
    const local = /^\$\{\{ for key, value in local\.(\w+) : key => value if value\.enabled \}\}$/.exec(endpoint.for_each)?.[1];
    expect(json.locals?.[local!]).toEqual({ backup: { enabled: "${var.create}" }, sns: { enabled: "${var.create}" }, tagging: { enabled: "${var.create}" } });
    expect(endpoint.service_name).toBe("com.amazonaws.us-west-2.${each.key}");
    const group = Object.keys(json.resource.aws_security_group)[0];
    expect(json.resource.aws_security_group[group].count).toBe("${var.create ? 1 : 0}");
    expect(endpoint.security_group_ids).toEqual([`${"$"}{one(aws_security_group.${group}[*].id)}`]);
  });

  it.each([
    [{ vpcId: "vpc-nothex!" }, 'vpcId (vpc_id) = "vpc-nothex!": must be a VPC id'],
    [{ subnetIds: [] }, "validatorSubnetIds (validator_subnet_ids) = []: must not be empty with create_vpc_endpoints"],
    [{ functionSecurityGroupIds: ["sg-x"] }, 'validatorSecurityGroupIds (validator_security_group_ids) = ["sg-x"]: must not be empty'],
    [{ services: { s3: true }, reportObjectArns: ["arn:aws:s3:::b/backup-validation/*"] }, "validatorRouteTableIds (validator_route_table_ids) = []: must list the validator subnets' route tables"],
    [{ services: { s3: true }, routeTableIds: ["rtb-0123456789abcdef0"] }, "(report_object_arns) = []: must name the report objects"],
    [{ routeTableIds: ["rtb-0123456789abcdef0", "rtb-0123456789abcdef0"] }, "validatorRouteTableIds (validator_route_table_ids) = [\"rtb-0123456789abcdef0\",\"rtb-0123456789abcdef0\"]: must list at most 16 distinct route table ids"],
    [{ routeTableIds: ["rtb-nothex!"] }, "each of which must be a route table id such as rtb-0123456789abcdef0"],
  ])("rejects %j", (override, message) => {
    expect(() => synth({ ...endpointProps, ...override } as ValidatorEndpointsProps)).toThrow(BackupConfigErrors);
    expect(() => synth({ ...endpointProps, ...override } as ValidatorEndpointsProps)).toThrow(message);
  });
});
