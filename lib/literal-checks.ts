import { BackupConfigError, BackupConfigErrors } from "./errors";
import { Condition, allHold, isKnown } from "./values";

/**
 * Rules a construct applies to its literal props before it creates anything, collected so the user
 * sees every rejected value at once. Values unknown at synth (Terraform variables) are left to the
 * variables' validation blocks.
 */
export class LiteralChecks {
  readonly errors: BackupConfigError[] = [];

  /** Records an error naming `input` when a known `value` fails `ok`. */
  check<T>(input: string, value: T | undefined, ok: (value: T) => boolean, rule: string): this {
    if (value !== undefined && value !== null && isKnown(value) && !ok(value)) this.errors.push(new BackupConfigError(input, value, rule));
    return this;
  }

  /** Throws {@link BackupConfigErrors} when any check failed, unless `enabled` is known to be false (nothing is created). */
  throwIfAny(condition: Condition = true): void {
    const enabled = allHold(condition);
    if (isKnown(enabled) && enabled === false) return;
    if (this.errors.length > 0) throw new BackupConfigErrors(this.errors);
  }
}

/** Whether `n` is a whole number within [min, max]. */
export const wholeBetween = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
