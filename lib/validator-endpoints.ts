import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { IResolvable, Op } from "cdktf";
import { IAM_PERMISSIONS, type IamResourceScope, type IamWhen } from "../validator/src/contract";
import { BooleanInput } from "./config";
import { BackupConfigError, BackupConfigErrors } from "./errors";
import { NETWORK_INPUT_RULES, idList, listOf, MAX_SECURITY_GROUPS, MAX_SUBNETS, SECURITY_GROUP_ID, SUBNET_ID } from "./private-networking";
import { matches } from "./rules";
import { ResourceSet } from "./for-each";
import { OptionalResource, and, isKnown, mergeMaps } from "./values";

/** The AWS APIs the validator calls, by endpoint service name. */
export type EndpointService = "backup" | "tagging" | "sns" | "s3";

/**
 * The endpoint service each IAM action prefix of the validator's contract is called through, or
 * null when the validator makes no call of its own: its KMS permissions are used by SNS and S3
 * on its behalf (`kms:ViaService`). A prefix missing here fails a test, so a new API in the
 * validator forces a decision about its endpoint.
 */
export const ENDPOINT_OF_ACTION_PREFIX: Readonly<Record<string, EndpointService | null>> = {
  backup: "backup",
  tag: "tagging",
  sns: "sns",
  s3: "s3",
  kms: null,
};

/**
 * Endpoints a function in a VPC is often given that the validator does not need, and why: no
 * call to them leaves the function's network. The README's table lists these beside the ones
 * above (a test checks it).
 */
export const ENDPOINTS_NOT_NEEDED: Readonly<Record<string, string>> = {
  logs: "Lambda's own service delivers the function's log output to CloudWatch Logs, outside the function's network",
  monitoring: "the validator calls no CloudWatch API: its metrics are log lines in embedded metric format, extracted by CloudWatch Logs",
  kms: "the validator calls no KMS API: SNS and S3 use the key on its behalf (kms:ViaService), and Lambda decrypts environment variables before the code starts",
  sts: "the validator calls no STS API: the SDK reads the role's credentials from the environment Lambda sets up",
};
/** S3 is reached through a gateway endpoint (free, via route tables); the others through interface endpoints. */
export const GATEWAY_SERVICES: readonly EndpointService[] = ["s3"];

/**
 * Which endpoints a validator needs, from its contract's permissions: each service is wanted when
 * any permission that calls it is (`conditions` says which optional settings are in use; a
 * condition left out is off).
 */
export function endpointsFor(conditions: Partial<Record<IamWhen, BooleanInput>>): Partial<Record<EndpointService, BooleanInput>> {
  const wanted: Partial<Record<EndpointService, BooleanInput[]>> = {};
  for (const permission of IAM_PERMISSIONS) {
    const condition = permission.when === "always" ? true : conditions[permission.when];
    if (condition === undefined || condition === false) continue;
    for (const action of permission.actions) {
      const service = endpointOf(action);
      if (service !== null) (wanted[service] ??= []).push(condition);
    }
  }
  const result: Partial<Record<EndpointService, BooleanInput>> = {};
  for (const [service, list] of Object.entries(wanted) as [EndpointService, BooleanInput[]][]) result[service] = anyOf(list);
  return result;
}

/** `a || b || ...`, computed when any is known true or all are known. */
function anyOf(values: BooleanInput[]): BooleanInput {
  if (values.some((v) => isKnown(v) && v === true)) return true;
  const unknown = values.filter((v) => !isKnown(v));
  if (unknown.length === 0) return false;
  return unknown.reduce((left, right) => Op.or(left, right)) as IResolvable;
}

/** The endpoint service an IAM action is called through (null: none); throws for an undecided prefix. */
function endpointOf(action: string): EndpointService | null {
  const service = ENDPOINT_OF_ACTION_PREFIX[action.split(":")[0]];
  if (service === undefined) throw new Error(`No endpoint decision for ${action}: add its prefix to ENDPOINT_OF_ACTION_PREFIX`);
  return service;
}

/**
 * An endpoint policy that lets through only what the validator's contract calls on the service,
 * on the resources its permissions are scoped to (`resources`, by scope). A gateway endpoint
 * carries every request to its service from the subnets on its route tables, so this policy is
 * what keeps them from reaching any other bucket through it.
 */
export function endpointPolicy(service: EndpointService, resources: Partial<Record<IamResourceScope, readonly string[]>>): string {
  const statements = IAM_PERMISSIONS.flatMap((permission) => {
    const actions = permission.actions.filter((a) => endpointOf(a) === service);
    if (actions.length === 0) return [];
    const scoped = resources[permission.resource];
    if (!scoped) throw new Error(`No ${permission.resource} resources for the ${service} endpoint policy (${permission.sid})`);
    return [{ Sid: permission.sid, Effect: "Allow", Principal: "*", Action: actions, Resource: [...scoped] }];
  });
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

const VPC_ID = matches("^vpc-[0-9a-f]{8,17}$", "must be a VPC id such as vpc-0123456789abcdef0");

/** Properties of {@link ValidatorEndpoints}. */
export interface ValidatorEndpointsProps {
  /** Create the endpoints. @default true */
  readonly enabled?: BooleanInput;
  readonly projectName: string;
  readonly environment: string;
  /** The VPC of the validator's subnets. */
  readonly vpcId: string;
  /** The region's endpoint service prefix, e.g. `com.amazonaws.us-west-2` (`cn.com.amazonaws.cn-north-1` in China). */
  readonly serviceNamePrefix: string;
  /** Where the interface endpoints are placed: the validator's subnets (at most one per Availability Zone). */
  readonly subnetIds: readonly string[];
  /** The validator function's security groups: the only sources allowed to reach the endpoints (HTTPS). */
  readonly functionSecurityGroupIds: readonly string[];
  /** The endpoints to create and when; see {@link endpointsFor}. */
  readonly services: Partial<Record<EndpointService, BooleanInput>>;
  /** Route tables of the validator's subnets, for the S3 gateway endpoint (needed when `s3` is wanted). */
  readonly routeTableIds?: readonly string[];
  /**
   * The report objects the validator writes (`arn:PARTITION:s3:::BUCKET/backup-validation/*`): the
   * only resources the S3 gateway endpoint's policy admits (needed when `s3` is wanted).
   */
  readonly reportObjectArns?: readonly string[];
  readonly tags?: Record<string, string>;
}

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

/**
 * VPC endpoints for the APIs the validator calls, so it runs in private subnets without a NAT
 * gateway: an interface endpoint (private DNS on, so the SDK's default host names resolve to it)
 * per wanted service, behind a security group that admits HTTPS from the function's security
 * groups only, and an S3 gateway endpoint on the route tables when the report goes to a bucket,
 * whose policy admits the report objects only. Endpoints are regional: calls to another region
 * (the replica vault) still need a NAT gateway.
 */
export class ValidatorEndpoints extends Construct {
  readonly securityGroup: OptionalResource<SecurityGroup>;
  /** The interface endpoints, one instance per service (`backup`, `tagging`, `sns`); undefined when none is wanted. */
  readonly interfaceEndpoints?: VpcEndpoint;
  /** The gateway endpoints (S3), each a resource of its own. */
  readonly gatewayEndpoints: Partial<Record<EndpointService, OptionalResource<VpcEndpoint>>> = {};

  constructor(scope: Construct, id: string, props: ValidatorEndpointsProps) {
    super(scope, id);
    const enabled = props.enabled ?? true;
    // Switched off at synth: nothing to check, nothing to create.
    const errors = isKnown(enabled) && !enabled ? [] : checkValidatorEndpointsProps(props);
    if (errors.length > 0) throw new BackupConfigErrors(errors);
    const name = `${props.projectName}-backup-validator-endpoints-${props.environment}`;
    const tags = (what: string) => mergeMaps(props.tags ?? {}, { Name: `${name}-${what}` });
    const interfaces = (Object.keys(props.services) as EndpointService[]).filter((s) => !GATEWAY_SERVICES.includes(s));
    const anyInterface = and(enabled, anyOf(interfaces.map((s) => props.services[s]!)));

    this.securityGroup = OptionalResource.when(
      anyInterface,
      (count) =>
        new SecurityGroup(this, "security_group", {
          count,
          name,
          description: `HTTPS from the ${props.projectName} ${props.environment} backup validator to its VPC endpoints`,
          vpcId: props.vpcId,
          ingress: [
            {
              description: "HTTPS from the backup validator",
              protocol: "tcp",
              fromPort: 443,
              toPort: 443,
              securityGroups: listOf(props.functionSecurityGroupIds),
            },
          ],
          // Endpoints never open connections: no outbound rule (the provider removes AWS's default one).
          egress: [],
          tags: tags("sg"),
        }),
    );
    const groupId = this.securityGroup.attribute("id");

    const interfaceSet = new ResourceSet<object>(this, {
      enabled,
      localName: "interface_instances",
      instances: interfaces.map((service) => ({ key: service, enabled: props.services[service]!, values: {} })),
    });
    this.interfaceEndpoints = interfaceSet.resource(
      (forEach, each) =>
        new VpcEndpoint(this, "interfaces", {
          forEach,
          vpcId: props.vpcId,
          tags: tags(each.key),
          serviceName: `${props.serviceNamePrefix}.${each.key}`,
          vpcEndpointType: "Interface",
          subnetIds: listOf(props.subnetIds),
          securityGroupIds: [groupId],
          privateDnsEnabled: true,
        }),
      // Until issue 9 each interface endpoint was a resource of its own, with the service as its id.
      { id: (key) => key },
    );
    for (const service of (Object.keys(props.services) as EndpointService[]).filter((s) => GATEWAY_SERVICES.includes(s))) {
      this.gatewayEndpoints[service] = OptionalResource.when(
        and(enabled, props.services[service]!),
        (count) =>
          new VpcEndpoint(this, service, {
            count,
            vpcId: props.vpcId,
            tags: tags(service),
            serviceName: `${props.serviceNamePrefix}.${service}`,
            vpcEndpointType: "Gateway",
            routeTableIds: listOf(props.routeTableIds ?? []),
            policy: endpointPolicy(service, { reportObjects: props.reportObjectArns }),
          }),
      );
    }
  }
}
