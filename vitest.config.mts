import { defineConfig } from "vitest/config";

// .ci/run sets TEST_RESULTS_FILE to print a plain "N passed, N failed" line after the run.
const resultsFile = process.env.TEST_RESULTS_FILE;

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts", "validator/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Synthesis is CPU-bound; two workers match the 2-core machines this runs on.
    maxWorkers: 2,
    reporters: resultsFile ? ["default", ["json", { outputFile: resultsFile }]] : ["default"],
  },
});
