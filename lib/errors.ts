/**
 * A configuration value that the module rejects. Thrown before any resource is created, so a
 * failed synth never leaves a half-written output.
 */
export class BackupConfigError extends Error {
  /** The input's Terraform variable name, e.g. `delete_after_days` (or `rds_instances[1].arn`). */
  readonly input: string;
  /** The rejected value. */
  readonly value: unknown;
  /** The rule the value breaks, in words. */
  readonly rule: string;

  constructor(input: string, value: unknown, rule: string) {
    super(`Invalid ${input} = ${JSON.stringify(value)}: ${rule}`);
    this.name = "BackupConfigError";
    this.input = input;
    this.value = value;
    this.rule = rule;
  }
}

/** Several rejected values at once, so a user fixes a configuration in one pass. */
export class BackupConfigErrors extends Error {
  readonly errors: readonly BackupConfigError[];

  constructor(errors: readonly BackupConfigError[]) {
    super(
      errors.length === 1
        ? errors[0].message
        : `${errors.length} invalid inputs:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`,
    );
    this.name = "BackupConfigErrors";
    this.errors = errors;
  }
}
