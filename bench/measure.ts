/**
 * Timing helpers for the benchmarks: high-resolution timers, medians, interleaved rounds and
 * throw-away output directories. Nothing here knows what is being measured.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Nanoseconds between two `process.hrtime.bigint()` readings, as milliseconds. */
export function elapsedMs(start: bigint, end: bigint = process.hrtime.bigint()): number {
  return Number(end - start) / 1e6;
}

/**
 * Runs `fn` once and returns how long it took in milliseconds (`process.hrtime.bigint()`).
 * @param fn - the work to time; its result is discarded
 */
export function timeSync(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return elapsedMs(start);
}

/**
 * The median of a non-empty list (the mean of the two middle values for an even length).
 * @throws Error if `values` is empty
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Smallest and largest value of a non-empty list, to show how noisy a series was. */
export function range(values: readonly number[]): { min: number; max: number } {
  if (values.length === 0) throw new Error("range of an empty list");
  return { min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Runs each variant `rounds` times, interleaved so that drift on a shared machine (other
 * processes, CPU frequency, heap growth) hits every variant alike. Even rounds run the variants
 * in the given order and odd rounds in reverse (A B, B A, A B, ...), so no variant always pays
 * for the garbage the other one left behind.
 *
 * @param variants - name → a function that performs one sample and returns its time in ms
 * @param rounds - samples per variant (at least 1)
 * @returns name → the samples, in the order they were taken
 */
export async function interleave<K extends string>(
  variants: Readonly<Record<K, () => number | Promise<number>>>,
  rounds: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(variants) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(await variants[name]());
  }
  return samples;
}

/**
 * A positive integer from an environment variable, or `fallback` when it is unset or empty.
 * @throws Error if the variable is set to anything but a positive integer
 */
export function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/**
 * Creates a fresh directory under `os.tmpdir()`, passes it to `fn` and deletes it afterwards,
 * whether `fn` returns or throws.
 * @param prefix - the directory name's prefix
 */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let gcFunction: (() => void) | undefined;

/**
 * Forces a full garbage collection, so that a timed sample does not pay for the previous
 * sample's garbage. Uses `global.gc` when Node runs with `--expose-gc`, otherwise enables the
 * flag at run time and fetches `gc` from a fresh context.
 */
export function collectGarbage(): void {
  if (gcFunction === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed !== undefined) {
      gcFunction = exposed;
    } else {
      setFlagsFromString("--expose-gc");
      gcFunction = runInNewContext("gc") as () => void;
    }
  }
  gcFunction();
}
