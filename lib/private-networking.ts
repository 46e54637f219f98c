import { Fn, Op, Token } from "cdktf";
import { BooleanInput } from "./config";
import { BackupConfigError } from "./errors";
import { Rule, matches } from "./rules";
import { isKnown } from "./values";

/**
 * The validator in private subnets: the rules of its network inputs, the Lambda `vpc_config` and
 * the role's network-interface permissions. Used by the validator's construct; the endpoints that
 * make AWS APIs reachable without a NAT gateway are in `validator-endpoints.ts`.
 */

/** A subnet id: `subnet-` and 8 or 17 hexadecimal digits (older and current id formats). */
export const SUBNET_ID = matches("^subnet-[0-9a-f]{8,17}$", "must be a subnet id such as subnet-0123456789abcdef0");

/** A security group id: `sg-` and 8 or 17 hexadecimal digits. */
export const SECURITY_GROUP_ID = matches("^sg-[0-9a-f]{8,17}$", "must be a security group id such as sg-0123456789abcdef0");

/** A route table id: `rtb-` and 8 or 17 hexadecimal digits. */
export const ROUTE_TABLE_ID = matches("^rtb-[0-9a-f]{8,17}$", "must be a route table id such as rtb-0123456789abcdef0");

/** Lambda accepts at most 16 subnets and 5 security groups in a function's `vpc_config`. */
export const MAX_SUBNETS = 16;
export const MAX_SECURITY_GROUPS = 5;
/** Each subnet is associated with exactly one route table: the validator's subnets have at most 16. */
export const MAX_ROUTE_TABLES = MAX_SUBNETS;

/** A list of at most `max` distinct entries, each meeting `entry`; empty is allowed ("not in a VPC"). */
export function idList(entry: Rule<string>, max: number, what: string): Rule<readonly string[]> {
  return {
    description: `must list at most ${max} distinct ${what}s, each of which ${entry.description}`,
    test: (values) => Array.isArray(values) && values.length <= max && new Set(values).size === values.length && values.every((v) => entry.test(v)),
    hcl: (ref) => `length(${ref}) <= ${max} && length(distinct(${ref})) == length(${ref}) && alltrue([for v in ${ref} : ${entry.hcl("v")}])`,
  };
}

/** The rules of the network inputs, keyed by their Terraform names. */
export const NETWORK_INPUT_RULES = {
  validator_subnet_ids: idList(SUBNET_ID, MAX_SUBNETS, "subnet id"),
  validator_security_group_ids: idList(SECURITY_GROUP_ID, MAX_SECURITY_GROUPS, "security group id"),
  validator_route_table_ids: idList(ROUTE_TABLE_ID, MAX_ROUTE_TABLES, "route table id"),
} as const;

/**
 * `validator_route_table_ids` places an S3 gateway endpoint on the route tables, which only
 * `create_vpc_endpoints` creates: given without it, the list would silently do nothing.
 */
export const ROUTE_TABLES_NEED_ENDPOINTS_RULE =
  "needs create_vpc_endpoints = true (and validator_subnet_ids): the route tables receive the S3 gateway endpoint that create_vpc_endpoints creates";

/** Where the validator runs: no subnets means outside any VPC (Lambda's default). */
export interface ValidatorNetwork {
  /** Private subnets, in the same VPC; one per Availability Zone is enough. */
  readonly subnetIds: readonly string[];
  /** The function's security groups: they must allow outbound HTTPS (443) to the endpoints or a NAT gateway. */
  readonly securityGroupIds: readonly string[];
}

/** The two lists must be given together: Lambda rejects a `vpc_config` with only one of them. */
export const NETWORK_TOGETHER_RULE =
  "validator_subnet_ids and validator_security_group_ids must be given together (both empty: the validator runs outside any VPC)";

/** The rejected parts of a network setting (known values only), each naming the input, value and rule. */
export function checkValidatorNetwork(network: ValidatorNetwork): BackupConfigError[] {
  const errors: BackupConfigError[] = [];
  const lists = { validator_subnet_ids: network.subnetIds, validator_security_group_ids: network.securityGroupIds } as const;
  for (const [name, values] of Object.entries(lists) as [keyof typeof lists, readonly string[]][]) {
    const rule = NETWORK_INPUT_RULES[name];
    if (isKnown(values) && !rule.test(values)) errors.push(new BackupConfigError(name, values, rule.description));
  }
  if (isKnown(lists.validator_subnet_ids) && isKnown(lists.validator_security_group_ids)) {
    const [subnets, groups] = [network.subnetIds.length > 0, network.securityGroupIds.length > 0];
    if (subnets !== groups) {
      const [input, value] = subnets ? ["validator_security_group_ids", network.securityGroupIds] : ["validator_subnet_ids", network.subnetIds];
      errors.push(new BackupConfigError(input, value, NETWORK_TOGETHER_RULE));
    }
  }
  return errors;
}

/** Whether the function runs in a VPC: subnets given (a literal, or a Terraform condition). */
export function inVpc(network: ValidatorNetwork): BooleanInput {
  return nonEmpty(network.subnetIds);
}

/** Whether a list has entries: a literal when known at synth, else a Terraform condition. */
export function nonEmpty(values: readonly string[]): BooleanInput {
  // cdktf 0.21 drops a falsy right operand (`x > 0` renders as `x > undefined`): the literal goes on the left.
  return isKnown(values) ? values.length > 0 : Op.lt(0, Fn.lengthOf(values));
}

/** The function's `vpc_config`, or undefined outside a VPC (lists known at synth). */
export function lambdaVpcConfig(network: ValidatorNetwork): { subnetIds: string[]; securityGroupIds: string[] } | undefined {
  if (isKnown(network.subnetIds) && network.subnetIds.length === 0) return undefined;
  return { subnetIds: listOf(network.subnetIds), securityGroupIds: listOf(network.securityGroupIds) };
}

/** The `vpc_config` block's arguments in Terraform's names, for a `dynamic` block's content. */
export function lambdaVpcConfigBlock(network: ValidatorNetwork): { subnet_ids: string[]; security_group_ids: string[] } {
  return { subnet_ids: listOf(network.subnetIds), security_group_ids: listOf(network.securityGroupIds) };
}

/** A copy of a list known at synth, or the plan-time list as it is (a Terraform expression). */
export function listOf(values: readonly string[]): string[] {
  return isKnown(values) && Array.isArray(values) ? [...values] : Token.asList(values);
}

/**
 * What the function's role needs for Lambda to create, describe and delete the function's network
 * interfaces in the subnets: the actions of AWS's managed policy AWSLambdaVPCAccessExecutionRole.
 * They stay on `*` as in that policy: the Describe actions support no resource-level permission,
 * and Lambda checks the role's permissions when the function is created or updated.
 */
export const NETWORK_INTERFACE_STATEMENT = {
  Sid: "ManageNetworkInterfaces",
  Effect: "Allow",
  Action: [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
  ],
  Resource: "*",
} as const;
