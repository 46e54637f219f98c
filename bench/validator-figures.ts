/**
 * Loads and runs the validator benchmark (validator/bench/validator-bench.ts) if it exists. It
 * is written separately, so it is imported by a computed specifier (the type check of bench/
 * does not depend on it) and its result is checked at run time.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The figures of `runValidatorBench()` this report uses. */
export interface ValidatorFigures {
  /** HTTP requests the validator made. */
  readonly requests: number;
  /** Pages the three large listings need: sum of ceil(items / 1000). */
  readonly expectedRequests: number;
  /** Wall time of the handler invocation, in ms. */
  readonly wallMs: number;
  /** Peak resident set size of the validator process, in MB. */
  readonly peakRssMb: number;
}

const SPECIFIER = "../validator/bench/validator-bench";

/** Where the validator benchmark's source is expected. */
export const VALIDATOR_BENCH_FILE = join(__dirname, SPECIFIER + ".ts");

/**
 * Runs `runValidatorBench()` from validator/bench/validator-bench.ts.
 * @returns its figures, or `undefined` if the file does not exist (yet)
 * @throws Error if the module does not export `runValidatorBench`, if the run fails, or if it
 *   returns figures without the numeric fields of {@link ValidatorFigures}
 */
export async function runValidatorBenchIfPresent(): Promise<ValidatorFigures | undefined> {
  if (!existsSync(VALIDATOR_BENCH_FILE)) return undefined;
  const specifier: string = SPECIFIER;
  const mod = (await import(specifier)) as { runValidatorBench?: unknown };
  if (typeof mod.runValidatorBench !== "function") {
    throw new Error(`${VALIDATOR_BENCH_FILE} does not export a function runValidatorBench`);
  }
  const result = (await (mod.runValidatorBench as () => Promise<unknown>)()) as Record<string, unknown> | null;
  const fields = ["requests", "expectedRequests", "wallMs", "peakRssMb"] as const;
  const missing = fields.filter((f) => typeof result?.[f] !== "number");
  if (result === null || missing.length > 0) {
    throw new Error(`runValidatorBench() returned no numeric ${missing.join(", ")}: ${JSON.stringify(result)}`);
  }
  return { requests: result.requests as number, expectedRequests: result.expectedRequests as number, wallMs: result.wallMs as number, peakRssMb: result.peakRssMb as number };
}
