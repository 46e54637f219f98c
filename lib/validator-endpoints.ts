import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { IAM_PERMISSIONS, type IamResourceScope } from "../validator/src/contract";
import { BooleanInput } from "./config";
import { BackupConfigErrors } from "./errors";
import { listOf } from "./private-networking";
import { ResourceSet } from "./for-each";
import { EndpointService, endpointDecisions, endpointOf } from "./validator-endpoint-services";
import { checkValidatorEndpointsProps } from "./validator-endpoints-checks";
import { OptionalResource, mergeMaps } from "./values";

export { ENDPOINT_OF_ACTION_PREFIX, GATEWAY_SERVICES, endpointsFor } from "./validator-endpoint-services";
export type { EndpointService } from "./validator-endpoint-services";
export { checkValidatorEndpointsProps } from "./validator-endpoints-checks";

/**
 * Endpoints a function in a VPC is often given that the validator does not need, and why: no
 * call to them leaves the function's network. The README's table lists these beside the ones
 * of ENDPOINT_OF_ACTION_PREFIX (a test checks it).
 */
export const ENDPOINTS_NOT_NEEDED: Readonly<Record<string, string>> = {
  logs: "Lambda's own service delivers the function's log output to CloudWatch Logs, outside the function's network",
  monitoring: "the validator calls no CloudWatch API: its metrics are log lines in embedded metric format, extracted by CloudWatch Logs",
  kms: "the validator calls no KMS API: SNS and S3 use the key on its behalf (kms:ViaService), and Lambda decrypts environment variables before the code starts",
  sts: "the validator calls no STS API: the SDK reads the role's credentials from the environment Lambda sets up",
};
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
    const decided = endpointDecisions(enabled, props.services);
    // Switched off at synth: nothing to check, nothing to create.
    const errors = decided.mayExist ? checkValidatorEndpointsProps(props) : [];
    if (errors.length > 0) throw new BackupConfigErrors(errors);
    const name = `${props.projectName}-backup-validator-endpoints-${props.environment}`;
    const tags = (what: string) => mergeMaps(props.tags ?? {}, { Name: `${name}-${what}` });

    this.securityGroup = OptionalResource.when(
      decided.anyInterface,
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
      instances: decided.interfaces.map((service) => ({ key: service, enabled: props.services[service]!, values: {} })),
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
    for (const service of decided.gateways) {
      this.gatewayEndpoints[service] = OptionalResource.when(
        decided.gateway[service]!,
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
