import { BackupConfigError } from "./errors";
import { LiteralChecks } from "./literal-checks";
import { NETWORK_INPUT_RULES, idList, MAX_SECURITY_GROUPS, MAX_SUBNETS, SECURITY_GROUP_ID, SUBNET_ID } from "./private-networking";
import { matches } from "./rules";
import type { ValidatorEndpointsProps } from "./validator-endpoints";
import { isKnown } from "./values";

const VPC_ID = matches("^vpc-[0-9a-f]{8,17}$", "must be a VPC id such as vpc-0123456789abcdef0");

/** Rejected props (known values only), each naming the property, the value and the rule. */
export function checkValidatorEndpointsProps(props: ValidatorEndpointsProps): BackupConfigError[] {
  const checks = new LiteralChecks();
  checks.check("vpc_id", props.vpcId, (id) => VPC_ID.test(id), VPC_ID.description);
  const subnets = idList(SUBNET_ID, MAX_SUBNETS, "subnet id");
  checks.check("validator_subnet_ids", props.subnetIds, (ids) => ids.length > 0 && subnets.test(ids),
    `must not be empty with create_vpc_endpoints (the endpoints go in the validator's subnets), and ${subnets.description}`);
  const groups = idList(SECURITY_GROUP_ID, MAX_SECURITY_GROUPS, "security group id");
  checks.check("validator_security_group_ids", props.functionSecurityGroupIds, (ids) => ids.length > 0 && groups.test(ids),
    `must not be empty with create_vpc_endpoints (only the validator's security groups may reach the endpoints), and ${groups.description}`);
  const tables = props.routeTableIds ?? [];
  const tableRule = NETWORK_INPUT_RULES.validator_route_table_ids;
  checks.check("validator_route_table_ids", tables, (ids) => tableRule.test(ids), tableRule.description);
  if (isKnown(props.services.s3) && props.services.s3 === true) {
    checks.check("validator_route_table_ids", tables, (ids) => ids.length > 0,
      "must list the validator subnets' route tables: the S3 gateway endpoint for the validator's report is placed on them");
    checks.check("report_object_arns", props.reportObjectArns ?? [], (arns) => arns.length > 0,
      "must name the report objects: the S3 gateway endpoint's policy admits only them");
  }
  return checks.errors;
}
