/**
 * `npm run bench`: synth-time comparisons (three-stack app vs a minimal app, 1,000 vs 1 RDS
 * instances), each in-process and in fresh processes, then the validator benchmark; prints one
 * table. Targets inform, they don't gate: the exit code is non-zero only if something crashes.
 *
 *   BENCH_ROUNDS=15        in-process samples per variant
 *   BENCH_CHILD_ROUNDS=5   fresh-process samples per variant
 */
import { positiveIntFromEnv } from "./measure";
import { Row, formatMs, formatRatio, formatTable, verdict } from "./report";
import { ChildComparisonResult, Comparison, ComparisonResult, compareInChildProcesses, compareInProcess } from "./synth-bench";
import { VALIDATOR_BENCH_FILE, ValidatorFigures, runValidatorBenchIfPresent } from "./validator-figures";
import { organizationBenchRows } from "./organization-figures";
import { VARIANTS, VariantName } from "./variants";

/** The validator's request allowance beyond the listings' pages (validator/README.md). */
const VALIDATOR_EXTRA_REQUESTS = 10;
const VALIDATOR_MAX_RSS_MB = 256;

const COMPARISONS: readonly Comparison[] = [
  { title: "synth: three-stack app vs minimal app", baseline: "minimal", subject: "three-stack", maxRatio: 1.5 },
  { title: "synth: 1,000 vs 1 RDS instances", baseline: "production-1-rds", subject: "production-1000-rds", maxRatio: 1.2 },
];

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function describeInProcess(r: ComparisonResult): string[] {
  return [r.baseline, r.subject].map(
    (s) => `  in-process     ${s.variant.padEnd(20)} median ${formatMs(s.medianMs)} (min ${formatMs(s.minMs)}, max ${formatMs(s.maxMs)}, n=${s.samples})`,
  );
}

function describeChildren(r: ChildComparisonResult): string[] {
  return (["baseline", "subject"] as const).map((side) => {
    const s = r[side];
    const split = r.split[side];
    return (
      `  fresh process  ${s.variant.padEnd(20)} median ${formatMs(s.medianMs)} (min ${formatMs(s.minMs)}, max ${formatMs(s.maxMs)}, n=${s.samples}); ` +
      `in the child: module loading ${formatMs(split.loadMs)}, build+synth ${formatMs(split.synthMs)}`
    );
  });
}

function validatorRows(v: ValidatorFigures): Row[] {
  const maxRequests = v.expectedRequests + VALIDATOR_EXTRA_REQUESTS;
  return [
    {
      measurement: "validator: HTTP requests",
      method: "runValidatorBench()",
      baseline: `expected ${v.expectedRequests}`,
      measured: `${v.requests}`,
      ratio: formatRatio(v.requests / v.expectedRequests),
      target: `<= ${maxRequests} (expected + ${VALIDATOR_EXTRA_REQUESTS})`,
      verdict: verdict(v.requests, maxRequests),
    },
    {
      measurement: "validator: peak RSS",
      method: "runValidatorBench()",
      baseline: "-",
      measured: `${v.peakRssMb.toFixed(1)} MB`,
      ratio: "-",
      target: `< ${VALIDATOR_MAX_RSS_MB} MB`,
      verdict: verdict(v.peakRssMb, VALIDATOR_MAX_RSS_MB, false),
    },
    { measurement: "validator: wall time", method: "runValidatorBench()", baseline: "-", measured: formatMs(v.wallMs), ratio: "-", target: "-", verdict: "info" },
  ];
}

async function main(): Promise<void> {
  // As main.ts does: no source-mapped stack traces during synth (see main.ts).
  process.setSourceMapsEnabled(false);
  const rounds = positiveIntFromEnv("BENCH_ROUNDS", 15);
  const childRounds = positiveIntFromEnv("BENCH_CHILD_ROUNDS", 5);
  const started = process.hrtime.bigint();
  const rows: Row[] = [];
  const details: string[] = [];

  for (const c of COMPARISONS) {
    progress(`${c.title}: in-process, 1 warm-up + ${rounds} interleaved rounds`);
    const inProcess = await compareInProcess(c, rounds);
    progress(`${c.title}: fresh processes, 1 warm-up + ${childRounds} interleaved rounds`);
    const children = await compareInChildProcesses(c, childRounds);
    rows.push(inProcess.row, children.row);
    details.push(`${c.title}`, ...describeInProcess(inProcess), ...describeChildren(children));
  }

  let validator: ValidatorFigures | undefined;
  let validatorError: unknown;
  progress(`validator benchmark (${VALIDATOR_BENCH_FILE})`);
  try {
    validator = await runValidatorBenchIfPresent();
    if (validator !== undefined) rows.push(...validatorRows(validator));
  } catch (err) {
    validatorError = err;
  }

  progress("organization benchmark (1,000 accounts x 2 regions)");
  rows.push(...(await organizationBenchRows()));

  const variantNames = Object.keys(VARIANTS) as VariantName[];
  console.log("");
  console.log(formatTable(rows));
  console.log("");
  console.log("Ratio = measured / baseline. In-process: building + synthesizing only, modules loaded and warmed up;");
  console.log("fresh process: node + tsx start-up, module loading, build, synth and exit. Targets inform, they don't gate.");
  console.log("");
  console.log("Variants:");
  for (const name of variantNames) console.log(`  ${name.padEnd(20)} ${VARIANTS[name].label}`);
  console.log("");
  console.log("Details:");
  for (const line of details) console.log(line.startsWith("  ") ? line : ` ${line}`);
  console.log("");
  if (validator !== undefined) {
    const strict = validator.requests <= validator.expectedRequests ? "within" : `${validator.requests - validator.expectedRequests} over`;
    console.log(
      `Validator: requests are ${strict} expectedRequests (${validator.expectedRequests}, the listings' pages) before the ` +
        `allowance of ${VALIDATOR_EXTRA_REQUESTS} for the other calls (validator/README.md).`,
    );
  } else if (validatorError === undefined) {
    console.log(`Validator: ${VALIDATOR_BENCH_FILE} does not exist yet; validator benchmark skipped.`);
  }
  console.log(`Total bench time: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);

  if (validatorError !== undefined) {
    console.error("Validator benchmark failed:");
    throw validatorError;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
