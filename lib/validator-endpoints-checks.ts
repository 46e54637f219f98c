import { BackupConfigError } from "./errors";
import { NETWORK_INPUT_RULES, idList, MAX_SECURITY_GROUPS, MAX_SUBNETS, SECURITY_GROUP_ID, SUBNET_ID } from "./private-networking";
import { matches } from "./rules";
import type { ValidatorEndpointsProps } from "./validator-endpoints";
import { isKnown } from "./values";

const VPC_ID = matches("^vpc-[0-9a-f]{8,17}$", "must be a VPC id such as vpc-0123456789abcdef0");

/** Rejected props (known values only), each naming the property, the value and the rule. */
export function checkValidatorEndpointsProps(props: ValidatorEndpointsProps): BackupConfigError[] {
  const errors: BackupConfigError[] = [];
  const check = (input: string, value: unknown, ok: boolean, rule: string) => {
    if (isKnown(value) && !ok) errors.push(new BackupConfigError(input, value, rule));
  };
  check("vpc_id", props.vpcId, VPC_ID.test(props.vpcId), VPC_ID.description);
  const subnets = idList(SUBNET_ID, MAX_SUBNETS, "subnet id");
  check("validator_subnet_ids", props.subnetIds, props.subnetIds.length > 0 && subnets.test(props.subnetIds),
    `must not be empty with create_vpc_endpoints (the endpoints go in the validator's subnets), and ${subnets.description}`);
  const groups = idList(SECURITY_GROUP_ID, MAX_SECURITY_GROUPS, "security group id");
  check("validator_security_group_ids", props.functionSecurityGroupIds, props.functionSecurityGroupIds.length > 0 && groups.test(props.functionSecurityGroupIds),
    `must not be empty with create_vpc_endpoints (only the validator's security groups may reach the endpoints), and ${groups.description}`);
  const tables = props.routeTableIds ?? [];
  const tableRule = NETWORK_INPUT_RULES.validator_route_table_ids;
  check("validator_route_table_ids", tables, tableRule.test(tables), tableRule.description);
  if (isKnown(props.services.s3) && props.services.s3 === true) {
    check("validator_route_table_ids", tables, tables.length > 0,
      "must list the validator subnets' route tables: the S3 gateway endpoint for the validator's report is placed on them");
    check("report_object_arns", props.reportObjectArns ?? [], (props.reportObjectArns ?? []).length > 0,
      "must name the report objects: the S3 gateway endpoint's policy admits only them");
  }
  return errors;
}

