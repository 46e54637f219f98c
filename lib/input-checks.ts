import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { BackupConfigError } from "./errors";
import { ListRule, Rule } from "./rules";
import { Expressions, isKnown, localReference, referenceOf } from "./values";

/** A Terraform precondition: a condition over plan-time values and the message when it fails. */
export interface PlanTimeCheck {
  readonly condition: string;
  readonly errorMessage: string;
}

/**
 * Applies each input rule once: to a known value at synth (collecting typed errors), or as a
 * precondition over the Terraform expression when the value is only known at plan time.
 */
export class InputChecks {
  /** Rejected literal values. */
  readonly errors: BackupConfigError[] = [];
  /** Conditions Terraform evaluates at plan time, for values unknown at synth (on the backup plan). */
  readonly preconditions: PlanTimeCheck[] = [];
  /**
   * Plan-time conditions that must sit on a particular resource, by that resource's role (e.g.
   * `replica_vault`): a check belongs on the first resource whose own arguments it guards, or the
   * provider's message about that resource reaches the user before ours.
   */
  readonly preconditionsAt = new Map<string, PlanTimeCheck[]>();
  private readonly references = new Map<string, string>();

  constructor(
    private readonly scope: Construct,
    private readonly expressions: Expressions,
    /** Skip single-value checks of plan-time values: the Terraform variables validate them already. */
    private readonly variablesValidateInputs = false,
  ) {}

  /** Checks one input against its rule. Null and undefined mean "not set" and pass. */
  check<T>(input: string, value: T | undefined | null, rule: Rule<T>): void {
    if (value === undefined || value === null) return;
    if (isKnown(value)) {
      if (!rule.test(value)) this.errors.push(new BackupConfigError(input, value, rule.description));
      return;
    }
    if (this.variablesValidateInputs) return;
    const ref = this.hcl(input, value);
    this.preconditions.push({
      condition: `\${${ref} == null ? true : (${rule.hcl(ref)})}`,
      errorMessage: `Invalid ${input}: ${rule.description}.`,
    });
  }

  /**
   * Checks a rule that spans several inputs. `holds` runs when every value is known; otherwise
   * `hcl` receives each value as an HCL expression and returns the Terraform condition, which
   * goes on the backup plan, or on the resource named by `site` (see {@link preconditionsAt}).
   */
  relation(
    input: string,
    values: Record<string, unknown>,
    rule: string,
    holds: () => boolean,
    hcl: (refs: Record<string, string>) => string,
    site?: string,
  ): void {
    const names = Object.keys(values);
    if (names.every((name) => isKnown(values[name]))) {
      if (!holds()) this.errors.push(new BackupConfigError(input, values[names[0]], rule));
      return;
    }
    const refs = Object.fromEntries(names.map((name) => [name, this.hcl(name, values[name])]));
    const check = { condition: `\${${hcl(refs)}}`, errorMessage: `Invalid ${input}: ${rule}.` };
    if (site === undefined) this.preconditions.push(check);
    else this.preconditionsAt.set(site, [...(this.preconditionsAt.get(site) ?? []), check]);
  }

  /**
   * Rules over a whole plan-time list (lists known at synth are checked entry by entry by the
   * caller). Skipped where the module's variable validates the list already.
   */
  listRules(input: string, value: unknown, rules: readonly ListRule[]): void {
    if (isKnown(value) || this.variablesValidateInputs) return;
    for (const rule of rules) this.relation(input, { [input]: value }, rule.description, () => true, (r) => rule.hcl(r[input]));
  }

  /** Rejects a known value outright (for rules judged by the caller, such as duplicates). */
  reject(input: string, value: unknown, rule: string): void {
    this.errors.push(new BackupConfigError(input, value, rule));
  }

  /** A synth-time warning, printed by `cdktf synth` and kept in the stack's annotations. */
  warn(message: string): void {
    Annotations.of(this.scope).addWarning(message);
  }

  /** An HCL expression for a value: its literal form, or a reference to a local holding it. */
  private hcl(name: string, value: unknown): string {
    if (isKnown(value)) return value === undefined ? "null" : JSON.stringify(value);
    let reference = referenceOf(this.scope, value) ?? this.references.get(name);
    if (reference === undefined) {
      // An expression nobody named (a cdktf user's own): held in a local so the condition can read it.
      reference = localReference(this.expressions.local(`input_${name}`, value));
      this.references.set(name, reference);
    }
    return reference;
  }
}
