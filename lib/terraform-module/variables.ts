import { INPUTS, InputDefinition, acceptsNull as inputAcceptsNull, defaultKind } from "../inputs";
import { ListRule, Rule } from "../rules";

/** One input of the generated Terraform module. */
export interface ModuleVariable {
  /** The Terraform name (the spec's), e.g. `delete_after_days`. */
  readonly name: string;
  /** The Terraform type expression. */
  readonly type: string;
  readonly description: string;
  /** The default; `undefined` makes the variable required, `null` means "environment-based". */
  readonly default?: unknown;
  /** Whether the variable accepts null (environment-based defaults, and inputs whose null means something). */
  readonly nullable?: boolean;
  /** What a null default means, for the README, when it is not "environment-based". */
  readonly nullMeans?: string;
  /** Single-value rules, as `validation` blocks with the construct's own messages. */
  readonly rules?: readonly Rule<never>[];
  /** Rules over the whole value (lists of objects). */
  readonly listRules?: readonly ListRule[];
}

/** A variable of the module, from its registry entry (`lib/inputs.ts`). */
function variableOf(input: InputDefinition): ModuleVariable {
  const kind = defaultKind(input);
  return {
    name: input.name,
    type: input.type,
    description: input.description,
    // Environment-based defaults are null in the variable and filled in by the module.
    ...(kind === "required" ? {} : { default: kind === "fixed" ? input.default : null }),
    nullable: inputAcceptsNull(input),
    nullMeans: input.nullMeans,
    rules: input.rules,
    listRules: input.listRules,
  };
}

/** The module's variables: one per input of the registry, in its order. */
export const MODULE_VARIABLES: readonly ModuleVariable[] = INPUTS.map(variableOf);

export { configKeyOf } from "../input-names";

/** The validation blocks of a variable, with the messages the construct uses at synth. */
export function validationsOf(variable: ModuleVariable): { condition: string; errorMessage: string }[] {
  const ref = `var.${variable.name}`;
  const fromRules = (variable.rules ?? []).map((rule) => ({
    condition: `\${${acceptsNull(variable) ? `${ref} == null ? true : (${rule.hcl(ref)})` : rule.hcl(ref)}}`,
    errorMessage: `Invalid ${variable.name}: ${rule.description}.`,
  }));
  const extra = (variable.listRules ?? []).map((rule) => ({ condition: `\${${rule.hcl(ref)}}`, errorMessage: `Invalid ${variable.name}: ${rule.description}.` }));
  return [...fromRules, ...extra];
}

/** Whether a variable may be null: environment-based defaults and inputs whose null means something. */
export function acceptsNull(variable: ModuleVariable): boolean {
  return variable.nullable === true;
}
