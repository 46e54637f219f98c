/**
 * An input the caller controls (environment variable, CLI flag, event) is invalid. The message
 * names the input, the value and the rule it breaks.
 */
export class InputError extends Error {
  override readonly name = "InputError";

  constructor(
    /** The environment variable, flag or event field. */
    readonly input: string,
    /** The offending value, as received. */
    readonly value: unknown,
    /** The rule the value breaks, phrased as what is required. */
    readonly rule: string,
  ) {
    super(`Invalid ${input}: ${JSON.stringify(value)} (${rule})`);
  }
}
