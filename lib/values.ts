import { Construct } from "constructs";
import { Fn, IResolvable, Op, TerraformDataSource, TerraformLocal, TerraformResource, TerraformStack, Token, Tokenization, ref } from "cdktf";
import { BooleanInput } from "./config";

/**
 * The helper layer that keeps the literal and the Terraform-variable paths honest: each helper
 * computes the answer when its inputs are known at synth, and otherwise emits the same decision as
 * a Terraform expression, stored in a named local so the generated code stays readable (and so
 * that no conditional is ever embedded unparenthesised in a larger expression).
 */

/** True when the value holds no unresolved Terraform expression anywhere inside it. */
export function isKnown(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Token.isUnresolved(value)) return false;
  if (Array.isArray(value)) return value.every(isKnown);
  if (typeof value === "object") return Object.values(value as object).every(isKnown);
  return true;
}

/** The Terraform reference (`local.NAME`) of a local, for conditions written as HCL text. */
export function localReference(local: TerraformLocal): string {
  return `local.${local.friendlyUniqueId}`;
}

/**
 * HCL references of plan-time values, per stack: `var.x` for variables, `local.x` for named
 * decisions. String and number tokens are keyed by value, lists, maps and expressions by identity.
 */
interface References {
  readonly byValue: Map<string | number, string>;
  readonly byObject: WeakMap<object, string>;
}
const referencesByStack = new WeakMap<TerraformStack, References>();

/** Records that `value` (a token) reads as `hcl` (e.g. `var.delete_after_days`) in its stack. */
export function registerReference(scope: Construct, value: unknown, hcl: string): void {
  const stack = TerraformStack.of(scope);
  let references = referencesByStack.get(stack);
  if (!references) referencesByStack.set(stack, (references = { byValue: new Map(), byObject: new WeakMap() }));
  if (typeof value === "string" || typeof value === "number") references.byValue.set(value, hcl);
  else if (typeof value === "object" && value !== null) references.byObject.set(value, hcl);
}

/** The HCL reference recorded for a token by {@link registerReference}, if any. */
export function referenceOf(scope: Construct, value: unknown): string | undefined {
  const references = referencesByStack.get(TerraformStack.of(scope));
  if (!references) return undefined;
  if (typeof value === "string" || typeof value === "number") return references.byValue.get(value);
  return typeof value === "object" && value !== null ? references.byObject.get(value) : undefined;
}

/** Creates the locals of one construct and the decisions over possibly-unknown values. */
export class Expressions {
  constructor(
    /** The construct whose locals these are. */
    readonly scope: Construct,
  ) {}

  /** A local holding `value`; returns its reference token. */
  local(name: string, value: unknown): TerraformLocal {
    return new TerraformLocal(this.scope, name, value);
  }

  /**
   * The namer of the resolution step (see `resolveSettings`): a known value as it is, a
   * plan-time one as a local of that name, read back with the value's own type.
   */
  readonly name = <T>(name: string, value: T): T => {
    if (isKnown(value)) return value;
    const local = this.local(name, value);
    let read: unknown;
    if (typeof value === "string") read = local.asString;
    else if (typeof value === "number") read = local.asNumber;
    else if (Array.isArray(value)) read = local.asList;
    else if (Tokenization.isResolvable(value)) read = local.expression;
    else read = Token.asStringMap(local.expression);
    registerReference(this.scope, read, localReference(local));
    return read as T;
  };

  /** `value` as is when known, else a local `name` holding it, read as a string. */
  string(name: string, value: string): string {
    return isKnown(value) ? value : this.local(name, value).asString;
  }

  /** `value` as is when known, else a local `name` holding it, read as a number. */
  number(name: string, value: number): number {
    return isKnown(value) ? value : this.local(name, value).asNumber;
  }

  /** `value` as is when known, else a local `name` holding it, read as a boolean. */
  flag(name: string, value: BooleanInput): BooleanInput {
    return isKnown(value) ? value : this.local(name, value).asBoolean;
  }

  /**
   * `ifTrue` or `ifFalse` by `condition`, decided at synth when the condition is known
   * (undefined becomes null in Terraform: the argument is unset).
   */
  choose<T>(name: string, condition: BooleanInput, ifTrue: T, ifFalse: T): T {
    const chosen = choose(condition, ifTrue, ifFalse);
    return isKnown(condition) ? chosen : (this.local(name, chosen).expression as T);
  }

  /**
   * The user's value, or `fallback` when the user left it unset. An unknown value (a variable)
   * falls back when it is null at plan time; name the result (the resolution step's `name`).
   */
  static orDefault<T>(value: T | undefined | null, fallback: T): T {
    // null means "not set", as it does for a Terraform variable.
    if (value === undefined || value === null) return fallback;
    if (isKnown(value)) return value;
    return Fn.conditional(Op.eq(value, Token.nullValue()), fallback, value) as T;
  }
}

/** `a && b`, computed when both are known. */
export function and(...values: BooleanInput[]): BooleanInput {
  if (values.some((v) => isKnown(v) && v === false)) return false;
  const unknown = values.filter((v) => !isKnown(v));
  if (unknown.length === 0) return true;
  return unknown.reduce((left, right) => Op.and(left, right)) as IResolvable;
}

/** `a || b`, computed when both are known. */
export function or(...values: BooleanInput[]): BooleanInput {
  if (values.some((v) => isKnown(v) && v === true)) return true;
  const unknown = values.filter((v) => !isKnown(v));
  if (unknown.length === 0) return false;
  return unknown.reduce((left, right) => Op.or(left, right)) as IResolvable;
}

/** `!value`, computed when known. */
export function not(value: BooleanInput): BooleanInput {
  return isKnown(value) ? !value : Op.not(value);
}

/** `a == b`, computed when both are known. */
export function equals(a: unknown, b: unknown): BooleanInput {
  if (isKnown(a) && isKnown(b)) return a === b;
  // cdktf 0.21 drops a falsy right operand (`x == ""` renders as `x == undefined`): put such a
  // literal on the left.
  return isKnown(b) && !b ? Op.eq(b, a) : Op.eq(a, b);
}

/** `a == null`, computed when known. */
export function isNull(value: unknown): BooleanInput {
  return isKnown(value) ? value === null || value === undefined : Op.eq(value, Token.nullValue());
}

/** `a != null`, computed when known. */
export function isSet(value: unknown): BooleanInput {
  return isKnown(value) ? value !== null && value !== undefined : Op.neq(value, Token.nullValue());
}

/** A decision, or several that must all hold (a resource needs its feature switched on and something to act on). */
export type Condition = BooleanInput | readonly BooleanInput[];

/** A {@link Condition} as one decision. */
export function allHold(condition: Condition): BooleanInput {
  return Array.isArray(condition) ? and(...condition) : (condition as BooleanInput);
}

/** What {@link OptionalResource} holds: a resource, or a data source read under a condition. */
export type OptionalElement = TerraformResource | TerraformDataSource;

/**
 * The one helper constructs use to act on a resolved decision (see `resolveSettings`): a resource
 * that exists under a condition, and a value that depends on one.
 *
 * Known conditions create the resource or not; an unknown one creates it with `count`, and every
 * attribute read goes through `one(TYPE.NAME[*].ATTR)`, because cdktf's plain getters emit
 * `TYPE.NAME.ATTR`, which Terraform rejects for counted resources.
 */
export class OptionalResource<T extends OptionalElement> {
  /**
   * Creates the resource when `condition` holds (every condition, when given several); `factory`
   * gets the `count` to set, if any.
   */
  static when<T extends OptionalElement>(
    condition: Condition,
    factory: (count: number | undefined) => T,
  ): OptionalResource<T> {
    const holds = allHold(condition);
    if (isKnown(holds)) return new OptionalResource(holds ? factory(undefined) : undefined, false);
    return new OptionalResource(factory(Token.asNumber(Fn.conditional(holds, 1, 0))), true);
  }

  /**
   * `ifTrue` when `decision` holds, else `ifFalse`: decided at synth when the decision is known,
   * else a local `name` of `scope` holding the conditional (undefined becomes null: unset).
   * For values that depend on a resource, which the resolution step cannot name.
   */
  static choose<V>(scope: Construct, name: string, decision: BooleanInput, ifTrue: V, ifFalse: V): V {
    return new Expressions(scope).choose(name, decision, ifTrue, ifFalse);
  }

  /**
   * `base` with `extra`'s entries when `decision` holds: a literal map when the decision is known,
   * else `merge(local.NAME, decision ? extra : {})` with `base` in a local `name` of `scope`.
   */
  static mergeWhen(scope: Construct, name: string, base: Record<string, string>, decision: BooleanInput, extra: Record<string, string>): Record<string, string> {
    if (isKnown(decision)) return decision ? { ...base, ...extra } : base;
    const common = new Expressions(scope).local(name, base).expression;
    return Token.asStringMap(Fn.merge([common, Fn.conditional(decision, extra, {})])) as Record<string, string>;
  }

  /**
   * One instance of a `for_each` resource, `TYPE.NAME["key"]`, seen as an optional resource (for
   * properties that named a resource of its own before it became an instance). `resource` is then
   * the whole `for_each` resource; `planTime`: whether the instance exists is decided at plan time.
   */
  static instance<T extends OptionalElement>(resource: T | undefined, key: string, planTime: boolean): OptionalResource<T> {
    return new OptionalResource(resource, resource !== undefined && planTime, key);
  }

  private constructor(
    /** The resource, absent when its condition is known to be false. */
    readonly resource: T | undefined,
    /** Whether the resource carries `count` (its condition is decided at plan time); for an instance, whether it may be absent at plan time. */
    readonly counted: boolean,
    /** The instance key when this is one instance of a `for_each` resource. */
    private readonly instanceKey?: string,
  ) {}

  /** Whether the resource exists: a literal, or the plan-time condition as a Terraform expression. */
  get exists(): boolean {
    return this.resource !== undefined;
  }

  /** An attribute as a string: null when the resource is absent at plan time. */
  attribute(name: string): string {
    return this.remembered(`attribute:${name}`, () => {
      if (!this.resource) return Token.asString(Token.nullValue());
      if (this.instanceKey !== undefined) return this.instanceAttribute(name, "null");
      if (!this.counted) return this.resource.getStringAttribute(name);
      return Token.asString(ref(`one(${this.resource.fqn}[*].${name})`));
    });
  }

  /** An attribute as a string, "" when the resource is absent (for maps of strings, such as env vars). */
  attributeOrEmpty(name: string): string {
    return this.remembered(`attributeOrEmpty:${name}`, () => {
      if (!this.resource) return "";
      if (this.instanceKey !== undefined) return this.instanceAttribute(name, '""');
      if (!this.counted) return this.resource.getStringAttribute(name);
      return Token.asString(ref(`one(${this.resource.fqn}[*].${name}) == null ? "" : one(${this.resource.fqn}[*].${name})`));
    });
  }

  // One token per attribute, however often it is read: each new token costs cdktf a full stack trace.
  private readonly tokens = new Map<string, string>();

  private remembered(key: string, create: () => string): string {
    let token = this.tokens.get(key);
    if (token === undefined) {
      token = create();
      this.tokens.set(key, token);
    }
    return token;
  }

  /** `TYPE.NAME["key"].ATTR`, or `try(..., absent)` when the instance may not exist. */
  private instanceAttribute(name: string, absent: string): string {
    const address = `${this.resource!.fqn}[${JSON.stringify(this.instanceKey)}].${name}`;
    return Token.asString(ref(this.counted ? `try(${address}, ${absent})` : address));
  }
}

/** A number (or text) as a string: its digits when known at synth, else the expression read as a string. */
export function asText(value: number | string): string {
  return isKnown(value) ? String(value) : Token.asString(value);
}

/** Maps merged left to right: a literal when all are known, else Terraform's `merge()`. */
export function mergeMaps(...maps: Record<string, string>[]): Record<string, string> {
  if (maps.every(isKnown)) return Object.assign({}, ...maps);
  return Token.asStringMap(Fn.merge(maps)) as Record<string, string>;
}

/**
 * One attribute of each resource that exists: a plain list when every resource's existence is
 * known, else `compact([...])`, which drops those absent at plan time.
 */
export function attributesOfExisting(name: string, ...resources: OptionalResource<OptionalElement>[]): string[] {
  const present = resources.filter((resource) => resource.exists);
  const values = present.map((resource) => resource.attribute(name));
  return present.some((resource) => resource.counted) ? Token.asList(Fn.compact(values)) : values;
}

/**
 * Items split by their decision: `on`, those known at synth to hold; `planTime`, those decided at
 * plan time (items known not to hold are in neither).
 */
export function byDecision<T>(items: readonly T[], decision: (item: T) => BooleanInput): { on: T[]; planTime: T[] } {
  return {
    on: items.filter((item) => decision(item) === true),
    planTime: items.filter((item) => !isKnown(decision(item))),
  };
}

/** A policy statement that belongs in the document only when `when` holds. */
export interface OptionalStatement {
  readonly when: BooleanInput;
  readonly statement: object;
}

/**
 * An IAM policy document as a string: literal JSON when everything in it is known at synth (so
 * reviewers and policy scanners read the real document), else Terraform's `jsonencode()`, with
 * each plan-time optional statement added by `concat()` (IAM rejects a statement without
 * resources, so a statement is left out rather than emptied).
 */
export function policyDocument(
  expressions: Expressions,
  name: string,
  statements: object[],
  optional: readonly OptionalStatement[] = [],
): string {
  const decided = byDecision(optional, (o) => o.when);
  const included = [...statements, ...decided.on.map((o) => o.statement)];
  const planTime = decided.planTime;
  const hasListExpression = included.some((statement) => Object.values(statement).some((value) => Array.isArray(value) && Token.isUnresolved(value)));
  if (planTime.length === 0 && !hasListExpression) return JSON.stringify({ Version: "2012-10-17", Statement: included });
  if (planTime.length === 0) return Token.asString(Fn.jsonencode({ Version: "2012-10-17", Statement: included }));
  // Every statement goes into one local list, each with the condition that includes it, and the
  // document keeps those that hold: readable HCL, and no template inside a function argument
  // (which cdktf escapes).
  const entries = [...included.map((statement) => ({ enabled: true, statement })), ...planTime.map((o) => ({ enabled: o.when, statement: o.statement }))];
  const list = localReference(expressions.local(name, entries));
  return Token.asString(ref(`jsonencode({ Version = "2012-10-17", Statement = [for s in ${list} : s.statement if s.enabled] })`));
}

/**
 * A number inside a JSON document: itself when known; at plan time its expression as a string
 * (`"${var.x}"`), which stays valid JSON and which the generated module writes as the bare number.
 */
export function numberOrText(value: number): number | string {
  return isKnown(value) ? value : Token.asString(value);
}

/** A switch as HCL text (`true`/`false`, unset as `false`) when known at synth, else undefined: the caller references it. */
export function literalBoolean(value: BooleanInput | undefined): string | undefined {
  return isKnown(value) ? String(value ?? false) : undefined;
}

/** `text` with every `search` replaced: computed when known, else Terraform's `replace()`. */
export function replaceAll(text: string, search: string, replacement: string): string {
  return isKnown(text) ? text.split(search).join(replacement) : Token.asString(Fn.replace(text, search, replacement));
}

/** Whether a list has items: computed when known, else `0 < length(list)`. */
export function isNonEmpty(list: unknown[]): BooleanInput {
  // `0 < length` rather than `length > 0`: cdktf 0.21 drops a falsy right operand.
  return Token.isUnresolved(list) ? Op.lt(0, Fn.lengthOf(list)) : list.length > 0;
}

/** The first `n` items of a list: computed when known, else `slice(list, 0, min(n, length(list)))`. */
export function firstItems<T>(list: T[], n: number): T[] {
  return Token.isUnresolved(list) ? (Token.asList(Fn.slice(list, 0, Fn.min([n, Fn.lengthOf(list)]))) as T[]) : list.slice(0, n);
}

/**
 * `ifTrue` or `ifFalse` by `condition`: decided when the condition is known, else the conditional
 * expression (undefined becomes null: the argument is unset), for the resolution step to name.
 */
export function choose<T>(condition: BooleanInput, ifTrue: T, ifFalse: T): T {
  if (isKnown(condition)) return condition ? ifTrue : ifFalse;
  const orNull = (value: T) => (value === undefined ? Token.nullValue() : value);
  return Fn.conditional(condition, orNull(ifTrue), orNull(ifFalse)) as T;
}
