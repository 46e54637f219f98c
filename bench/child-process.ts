/**
 * Runs one synth variant in a fresh Node process (bench/child-synth.ts under tsx's loader) and
 * times the whole process, module loading included.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { ChildSynthReport } from "./child-synth";
import { elapsedMs, withTempDir } from "./measure";
import type { VariantName } from "./variants";

/** The project root, the child's working directory (where `tsx` resolves). */
const PROJECT_ROOT = join(__dirname, "..");
const CHILD_SCRIPT = join(__dirname, "child-synth.ts");

/** One fresh-process run: wall-clock time measured by the parent, and the child's own split. */
export interface ChildSample extends ChildSynthReport {
  /** From spawn to exit: Node start-up, tsx, module loading, build, synth and exit, in ms. */
  readonly wallMs: number;
}

/**
 * Synthesizes `variant` in a fresh process (`node --import tsx bench/child-synth.ts`) into a
 * temp dir that is deleted afterwards (outside the timed span).
 * @throws Error if the child fails or prints no report
 */
export function runChildSynth(variant: VariantName): Promise<ChildSample> {
  return withTempDir("arrakis-bench-child-", (outdir) =>
    new Promise<ChildSample>((resolve, reject) => {
      const start = process.hrtime.bigint();
      const child = spawn(process.execPath, ["--import", "tsx", CHILD_SCRIPT, variant, outdir], {
        cwd: PROJECT_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      let wallMs = 0;
      child.on("exit", () => (wallMs = elapsedMs(start)));
      child.on("close", (code, signal) => {
        if (code !== 0) {
          reject(new Error(`child-synth ${variant} exited with ${signal ?? code}:\n${stderr}`));
          return;
        }
        try {
          const report = JSON.parse(stdout.trim().split("\n").pop() ?? "") as ChildSynthReport;
          resolve({ wallMs, loadMs: report.loadMs, synthMs: report.synthMs });
        } catch {
          reject(new Error(`child-synth ${variant} printed no report:\n${stdout}\n${stderr}`));
        }
      });
    }),
  );
}
