/**
 * Synthesizes one variant in this (fresh) process and prints, as one line of JSON, how long
 * loading its modules and building + synthesizing took. The parent times the whole process.
 *
 *   node --import tsx bench/child-synth.ts <variant> <outdir>
 */
import { elapsedMs } from "./measure";
import { VARIANT_NAMES, VARIANTS, isVariantName } from "./variants";

/** What the child prints on stdout. */
export interface ChildSynthReport {
  /** Time to import the variant's app module (cdktf, the provider, lib/), in ms. */
  readonly loadMs: number;
  /** Time to build and synthesize the app, in ms. */
  readonly synthMs: number;
}

async function main(): Promise<void> {
  // As main.ts does, for every variant alike: no source-mapped stack traces during synth.
  process.setSourceMapsEnabled(false);
  const [name, outdir] = process.argv.slice(2);
  if (!isVariantName(name) || outdir === undefined) {
    throw new Error(`usage: child-synth.ts <${VARIANT_NAMES.join("|")}> <outdir>`);
  }
  const loadStart = process.hrtime.bigint();
  const synth = await VARIANTS[name].load();
  const synthStart = process.hrtime.bigint();
  synth(outdir);
  const report: ChildSynthReport = { loadMs: elapsedMs(loadStart, synthStart), synthMs: elapsedMs(synthStart) };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
