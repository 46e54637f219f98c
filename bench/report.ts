/** Formatting of the benchmark report: numbers, verdicts and a plain-text table. */

/** Verdict of one measurement against its target; `info` when there is no target. */
export type Verdict = "PASS" | "OVER" | "info";

/** One line of the report table. */
export interface Row {
  /** What was measured. */
  readonly measurement: string;
  /** How it was measured (e.g. in-process, fresh process). */
  readonly method: string;
  /** The reference figure, or "-". */
  readonly baseline: string;
  /** The measured figure. */
  readonly measured: string;
  /** measured / baseline, or "-". */
  readonly ratio: string;
  /** The target, or "-". */
  readonly target: string;
  readonly verdict: Verdict;
}

/** Milliseconds with a precision that suits their size: `8.42 ms`, `95.3 ms`, `1,204 ms`. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString("en-US")} ms`;
}

/** A ratio as `1.23x`. */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}x`;
}

/**
 * PASS when `value` is within `limit`, else OVER.
 * @param inclusive - whether `value === limit` passes (≤) or not (<)
 */
export function verdict(value: number, limit: number, inclusive = true): Verdict {
  return (inclusive ? value <= limit : value < limit) ? "PASS" : "OVER";
}

const HEADERS: Readonly<Record<keyof Row, string>> = {
  measurement: "Measurement",
  method: "Method",
  baseline: "Baseline",
  measured: "Measured",
  ratio: "Ratio",
  target: "Target",
  verdict: "Result",
};

/** Renders rows as a left-aligned text table with a header and a rule under it. */
export function formatTable(rows: readonly Row[]): string {
  const columns = Object.keys(HEADERS) as (keyof Row)[];
  const widths = columns.map((c) => Math.max(HEADERS[c].length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  return [
    line(columns.map((c) => HEADERS[c])),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(columns.map((c) => r[c]))),
  ].join("\n");
}
