import { Construct } from "constructs";
import { MapTerraformIterator, TerraformElement, TerraformIterator, TerraformResource, Token, ref } from "cdktf";
import { BooleanInput } from "./config";
import { Expressions, OptionalResource, and, isKnown, localReference } from "./values";

/** One instance of a {@link ResourceSet}: its key, what differs per instance, and whether it exists. */
export interface SetInstance<V extends object> {
  /** The instance key, `TYPE.NAME["key"]`: stable, it is the instance's address. */
  readonly key: string;
  /** The values that differ between instances, read in the resource as `each.value.<name>`. */
  readonly values: V;
  /** Whether this instance exists (on top of the set's own condition). @default true */
  readonly enabled?: BooleanInput;
}

/** Reads an instance's values inside the resource: `each.key` and `each.value.<name>`. */
export interface Each<V extends object> {
  readonly key: string;
  string(name: keyof V & string): string;
  number(name: keyof V & string): number;
  list(name: keyof V & string): string[];
  map(name: keyof V & string): Record<string, string>;
  /** Any value (objects, lists of objects) as a token. */
  any(name: keyof V & string): unknown;
}

/**
 * Where each instance lived before it was an instance: a resource of its own, with construct id
 * `id(key)` beside the set, counted when its condition was decided at plan time.
 */
export interface PreviousResources {
  readonly id: (key: string) => string;
}

/**
 * A `moved` block from a resource's previous address to an instance of a `for_each` resource.
 * It sits where the old resource sat (same scope, same id), so the stack names it as it named the
 * old resource. cdktf's own `moveTo(target, key)` writes the same block, but it also makes every
 * synth run `terraform version` (a validation for Terraform >= 1.5): a child process per stack,
 * and a synth that fails where no terraform binary is installed.
 */
export class ResourceMove extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    /** The resource type, e.g. `aws_cloudwatch_metric_alarm`. */
    readonly resourceType: string,
    private readonly to: () => string,
    /** Whether the old resource had `count` (its instance is then `ADDRESS[0]`). */
    private readonly counted: boolean,
  ) {
    super(scope, id, resourceType);
  }

  /** The previous address, with `[0]` when the old resource was counted. */
  get from(): string {
    return `${this.resourceType}.${this.friendlyUniqueId}${this.counted ? "[0]" : ""}`;
  }

  toTerraform(): object {
    return { moved: [{ from: this.from, to: this.to() }] };
  }

  toHclTerraform(): object {
    const reference = (value: string) => ({ value, isBlock: false, type: "simple", storageClassType: "reference" });
    return { moved: [{ from: reference(this.from), to: reference(this.to()) }] };
  }
}

/** Properties of {@link ResourceSet.create}. */
export interface ResourceSetProps<V extends object> {
  readonly instances: readonly SetInstance<V>[];
  /** Whether the set exists at all. @default true */
  readonly enabled?: BooleanInput;
  /** The local holding the instances when a condition is decided at plan time. */
  readonly localName: string;
}

interface Candidate<V extends object> {
  readonly instance: SetInstance<V>;
  readonly enabled: BooleanInput;
}

/**
 * Resources with `for_each` over keyed instances: what an HCL engineer writes for repeated
 * blocks. Literal conditions keep only the instances that exist, in a literal map; conditions
 * decided at plan time go into a local map, each instance with its `enabled`, and the resources
 * iterate over `{ for key, value in local.NAME : key => value if value.enabled }`. Several
 * resources may iterate over the same instances (a rule and its target).
 *
 * Terraform evaluates that local whole, disabled instances included: values must not fail when
 * their instance is off (no template over an input that is then null, such as `replica_region`).
 * Such values belong in the resource's own arguments, which are evaluated per existing instance,
 * or read a decision that is never null (the replica monitoring's event patterns name
 * `replicaRegionInUse`, `""` without cross-region copies, rather than `replica_region`).
 */
export class ResourceSet<V extends object> {
  private readonly forEach?: MapTerraformIterator;
  private readonly each?: Each<V>;
  private readonly candidates: readonly Candidate<V>[];

  constructor(
    private readonly scope: Construct,
    props: ResourceSetProps<V>,
  ) {
    const setEnabled = props.enabled ?? true;
    this.candidates = props.instances
      .map((instance) => ({ instance, enabled: and(setEnabled, instance.enabled ?? true) }))
      .filter(({ enabled }) => !(isKnown(enabled) && enabled === false));
    if (this.candidates.length === 0) return;
    if (this.candidates.every(({ enabled }) => isKnown(enabled))) {
      this.forEach = MapTerraformIterator.fromMap(Object.fromEntries(this.candidates.map(({ instance }) => [instance.key, instance.values])) as never);
    } else {
      const local = new Expressions(scope).local(
        props.localName,
        Object.fromEntries(this.candidates.map(({ instance, enabled }) => [instance.key, { enabled, ...instance.values }])),
      );
      this.forEach = MapTerraformIterator.fromMap(Token.asAnyMap(ref(`{ for key, value in ${localReference(local)} : key => value if value.enabled }`)));
    }
    const forEach = this.forEach;
    // One token per value, however many resources read it: each new token costs cdktf a stack trace.
    const tokens = new Map<string, unknown>();
    const read = <R>(kind: string, name: string, create: () => R): R => {
      const key = `${kind}:${name}`;
      if (!tokens.has(key)) tokens.set(key, create());
      return tokens.get(key) as R;
    };
    this.each = {
      key: forEach.key,
      string: (name) => read("string", name, () => forEach.getString(name)),
      number: (name) => read("number", name, () => forEach.getNumber(name)),
      list: (name) => read("list", name, () => forEach.getList(name)),
      map: (name) => read("map", name, () => forEach.getStringMap(name)),
      any: (name) => read("any", name, () => forEach.getAny(name)),
    };
  }

  /**
   * One instance of `resource` (this set's resource) as an {@link OptionalResource}: absent when the
   * instance is known not to exist, read through `try(...)` when that is decided at plan time. For
   * properties that named a resource of its own before it became an instance.
   */
  instance<T extends TerraformResource>(resource: T | undefined, key: string): OptionalResource<T> {
    const candidate = this.candidates.find(({ instance }) => instance.key === key);
    return OptionalResource.instance(candidate && resource, key, candidate !== undefined && !isKnown(candidate.enabled));
  }

  /** The keys of the instances that may exist (all of them do when every condition is literal). */
  get keys(): string[] {
    return this.candidates.map(({ instance }) => instance.key);
  }

  /**
   * One resource over the instances (none when no instance can exist); `factory` sets `forEach`
   * and reads the instance's values through `each`. With `previous`, a `moved` block leads from
   * each instance's old address to `TYPE.NAME["key"]` ({@link ResourceMove}), so that upgrading
   * replaces nothing.
   */
  resource<T extends TerraformResource>(factory: (forEach: TerraformIterator, each: Each<V>) => T, previous?: PreviousResources): T | undefined {
    if (!this.forEach || !this.each) return undefined;
    const resource = factory(this.forEach, this.each);
    for (const { instance, enabled } of previous ? this.candidates : []) {
      const to = () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}[${JSON.stringify(instance.key)}]`;
      new ResourceMove(this.scope, previous!.id(instance.key), resource.terraformResourceType, to, !isKnown(enabled));
    }
    return resource;
  }
}

/** An attribute of the instance with the same key, for a resource iterating over the same instances: `TYPE.NAME[each.key].attr`. */
export function eachAttribute(resource: TerraformResource, name: string): string {
  return Token.asString(ref(`${resource.fqn}[each.key].${name}`));
}
