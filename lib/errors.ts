import { sep } from "node:path";
import { inspect } from "node:util";
import { configKeyOf, describeInput } from "./input-names";

/**
 * A value as the user wrote it: strings quoted, numbers as JavaScript prints them (`NaN`,
 * `Infinity`, which JSON would turn into `null`), plain data as JSON, anything else inspected.
 */
export function formatValue(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (isPlainData(value)) return JSON.stringify(value);
  return inspect(value, { breakLength: Infinity, depth: 4 });
}

/** Whether JSON shows the value faithfully: no NaN, undefined, functions or class instances. */
function isPlainData(value: unknown): boolean {
  if (value === null || typeof value === "boolean" || typeof value === "string") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && Object.values(value as object).every(isPlainData);
}

/**
 * A configuration value that the module rejects. Thrown before any resource is created, so a
 * failed synth never leaves a half-written output.
 */
export class BackupConfigError extends Error {
  /** The input's Terraform variable name, e.g. `delete_after_days` (or `rds_instances[1].arn`). */
  readonly input: string;
  /** The same input as a `BackupModuleConfig` property, e.g. `deleteAfterDays` (or `rdsInstances[1].arn`). */
  readonly property: string;
  /** The rejected value. */
  readonly value: unknown;
  /** The rule the value breaks, in words. */
  readonly rule: string;

  constructor(input: string, value: unknown, rule: string) {
    super(`Invalid ${describeInput(input)} = ${formatValue(value)}: ${rule}`);
    this.name = "BackupConfigError";
    this.input = input;
    this.property = configKeyOf(input);
    this.value = value;
    this.rule = rule;
  }
}

/**
 * Several rejected values at once, so a user fixes a configuration in one pass. Each value is
 * listed once, with every rule it breaks. Thrown from a construct, it prints as one block: the
 * message and the line of the caller's code that created the construct, with no stack traces of
 * the individual errors (they stay available in {@link BackupConfigErrors.errors}).
 */
export class BackupConfigErrors extends Error {
  readonly #errors: readonly BackupConfigError[];

  constructor(errors: readonly BackupConfigError[]) {
    super(renderErrors(errors));
    this.name = "BackupConfigErrors";
    this.#errors = arrayLike(errors);
    this.stack = `${this.name}: ${this.message}${callerFrame(this.stack)}`;
  }

  /** Every rejected value and rule, one error per (input, rule). */
  get errors(): readonly BackupConfigError[] {
    return this.#errors;
  }

  /** How `console.error(error)` and `util.inspect` show it: the same single block. */
  [inspect.custom](): string {
    return this.stack ?? this.message;
  }
}

/**
 * The errors as a frozen array-like that has every array method. Node prints an uncaught error's
 * `errors` property in full, with each error's stack, whenever `Array.isArray(error.errors)`
 * (the AggregateError display, applied to any error and not overridable by `util.inspect.custom`);
 * the message already lists every error, once.
 */
function arrayLike<T>(items: readonly T[]): readonly T[] {
  return Object.freeze(Object.setPrototypeOf({ ...items, length: items.length }, Array.prototype) as T[]);
}

/** One entry per rejected value: its rules, deduplicated, in the order they were found. */
function groupByValue(errors: readonly BackupConfigError[]): { first: BackupConfigError; rules: string[] }[] {
  const groups: { first: BackupConfigError; rules: string[] }[] = [];
  for (const error of errors) {
    const group = groups.find((g) => g.first.input === error.input && Object.is(g.first.value, error.value));
    if (!group) groups.push({ first: error, rules: [error.rule] });
    else if (!group.rules.includes(error.rule)) group.rules.push(error.rule);
  }
  return groups;
}

function renderErrors(errors: readonly BackupConfigError[]): string {
  const entries = groupByValue(errors).map(({ first, rules }) =>
    rules.length === 1
      ? first.message
      : `Invalid ${describeInput(first.input)} = ${formatValue(first.value)}:\n${rules.map((rule) => `      - ${rule}`).join("\n")}`,
  );
  if (entries.length === 1) return entries[0];
  return `${entries.length} invalid inputs:\n${entries.map((entry) => `  - ${entry}`).join("\n")}`;
}

/**
 * The first frame of `stack` outside this library (the caller's `new BackupModule(...)` or
 * `new BackupStack(...)`), as a stack line; empty when there is none.
 */
function callerFrame(stack: string | undefined): string {
  const frames = (stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  const caller = frames.find((line) => !line.includes(LIBRARY_DIR) && !/\((node:|internal\/)/.test(line) && !/^\s+at node:/.test(line));
  return caller === undefined ? "" : `\n${caller}`;
}

/** This library's directory (lib/ in the repository, dist/ in the npm package). */
const LIBRARY_DIR = `${__dirname}${sep}`;
