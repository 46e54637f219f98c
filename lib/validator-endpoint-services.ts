import { IAM_PERMISSIONS, type IamWhen } from "../validator/src/contract";
import { BooleanInput } from "./config";
import { and, isKnown, or } from "./values";

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

/** S3 is reached through a gateway endpoint (free, via route tables); the others through interface endpoints. */
export const GATEWAY_SERVICES: readonly EndpointService[] = ["s3"];

/** The endpoint service an IAM action is called through (null: none); throws for an undecided prefix. */
export function endpointOf(action: string): EndpointService | null {
  const service = ENDPOINT_OF_ACTION_PREFIX[action.split(":")[0]];
  if (service === undefined) throw new Error(`No endpoint decision for ${action}: add its prefix to ENDPOINT_OF_ACTION_PREFIX`);
  return service;
}

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
  for (const [service, list] of Object.entries(wanted) as [EndpointService, BooleanInput[]][]) result[service] = or(...list);
  return result;
}

/** What the endpoints construct acts on, each decided from its switch and its wanted services. */
export interface EndpointDecisions {
  /** False only when the endpoints are known to be off at synth (nothing to check, nothing to create). */
  readonly mayExist: boolean;
  /** The wanted interface endpoint services (each an instance of one resource). */
  readonly interfaces: EndpointService[];
  /** The wanted gateway endpoint services (each a resource of its own). */
  readonly gateways: EndpointService[];
  /** The interface endpoints' security group: switched on and any interface endpoint wanted. */
  readonly anyInterface: BooleanInput;
  /** Each gateway endpoint: switched on and its service wanted. */
  readonly gateway: Partial<Record<EndpointService, BooleanInput>>;
}

/** The endpoints' decisions from the switch `enabled` and the wanted `services` (see {@link endpointsFor}). */
export function endpointDecisions(enabled: BooleanInput, services: Partial<Record<EndpointService, BooleanInput>>): EndpointDecisions {
  const all = Object.keys(services) as EndpointService[];
  const interfaces = all.filter((s) => !GATEWAY_SERVICES.includes(s));
  const gateways = all.filter((s) => GATEWAY_SERVICES.includes(s));
  return {
    mayExist: !(isKnown(enabled) && !enabled),
    interfaces,
    gateways,
    anyInterface: and(enabled, or(...interfaces.map((s) => services[s]!))),
    gateway: Object.fromEntries(gateways.map((s) => [s, and(enabled, services[s]!)])),
  };
}
