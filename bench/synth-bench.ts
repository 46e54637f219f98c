/**
 * Compares the synth time of two variants, in this process (build + synth only, modules warmed
 * up) and in fresh processes (whole-process wall clock, module loading included).
 */
import { runChildSynth } from "./child-process";
import { collectGarbage, interleave, median, range, timeSync, withTempDir } from "./measure";
import { Row, formatMs, formatRatio, verdict } from "./report";
import { VARIANTS, VariantName } from "./variants";

/** Two variants to compare and the largest acceptable ratio subject / baseline. */
export interface Comparison {
  /** What is compared, for the report. */
  readonly title: string;
  readonly baseline: VariantName;
  readonly subject: VariantName;
  /** Target: subject's median at most this many times the baseline's. */
  readonly maxRatio: number;
}

/** Medians and spread of one variant's samples. */
export interface SeriesSummary {
  readonly variant: VariantName;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samples: number;
}

/** What one comparison produced: a table row and, for the details, each side's samples. */
export interface ComparisonResult {
  readonly row: Row;
  readonly baseline: SeriesSummary;
  readonly subject: SeriesSummary;
}

function summarize(variant: VariantName, samples: readonly number[]): SeriesSummary {
  const { min, max } = range(samples);
  return { variant, medianMs: median(samples), minMs: min, maxMs: max, samples: samples.length };
}

function toRow(c: Comparison, method: string, baseline: SeriesSummary, subject: SeriesSummary): ComparisonResult {
  const ratio = subject.medianMs / baseline.medianMs;
  return {
    baseline,
    subject,
    row: {
      measurement: c.title,
      method,
      baseline: `${c.baseline} ${formatMs(baseline.medianMs)}`,
      measured: `${c.subject} ${formatMs(subject.medianMs)}`,
      ratio: formatRatio(ratio),
      target: `<= ${formatRatio(c.maxRatio)}`,
      verdict: verdict(ratio, c.maxRatio),
    },
  };
}

/**
 * In-process comparison: loads both variants' modules, synthesizes each once to warm up, then
 * takes `rounds` interleaved samples of building + synthesizing each app into a fresh temp dir
 * (a full GC before each sample; directory creation and deletion are not timed).
 * @returns the row (medians and their ratio) and both series
 */
export async function compareInProcess(c: Comparison, rounds: number): Promise<ComparisonResult> {
  const baseline = await VARIANTS[c.baseline].load();
  const subject = await VARIANTS[c.subject].load();
  const sample = (synth: (outdir: string) => void) => () =>
    withTempDir("arrakis-bench-", (dir) => {
      collectGarbage();
      return timeSync(() => synth(dir));
    });
  const sampleBaseline = sample(baseline);
  const sampleSubject = sample(subject);
  await sampleBaseline();
  await sampleSubject();
  const samples = await interleave({ baseline: sampleBaseline, subject: sampleSubject }, rounds);
  return toRow(c, `in-process build+synth, median of ${rounds}`, summarize(c.baseline, samples.baseline), summarize(c.subject, samples.subject));
}

/** A fresh-process comparison's result, with the children's own load / synth split. */
export interface ChildComparisonResult extends ComparisonResult {
  /** Median time each side's children spent importing modules and synthesizing, in ms. */
  readonly split: Readonly<Record<"baseline" | "subject", { loadMs: number; synthMs: number }>>;
}

/**
 * Fresh-process comparison: runs each variant once to warm up (tsx's transform cache, the OS
 * file cache), then `rounds` interleaved child processes per variant, timing each process from
 * spawn to exit.
 * @returns the row (median wall-clock times and their ratio), both series and the children's split
 */
export async function compareInChildProcesses(c: Comparison, rounds: number): Promise<ChildComparisonResult> {
  await runChildSynth(c.baseline);
  await runChildSynth(c.subject);
  const children = { baseline: [] as { loadMs: number; synthMs: number }[], subject: [] as { loadMs: number; synthMs: number }[] };
  const timed = (side: "baseline" | "subject") => async () => {
    const s = await runChildSynth(c[side]);
    children[side].push(s);
    return s.wallMs;
  };
  const samples = await interleave({ baseline: timed("baseline"), subject: timed("subject") }, rounds);
  const split = (side: "baseline" | "subject") => ({
    loadMs: median(children[side].map((s) => s.loadMs)),
    synthMs: median(children[side].map((s) => s.synthMs)),
  });
  return {
    ...toRow(c, `fresh process wall-clock, median of ${rounds}`, summarize(c.baseline, samples.baseline), summarize(c.subject, samples.subject)),
    split: { baseline: split("baseline"), subject: split("subject") },
  };
}
