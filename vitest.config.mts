import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts", "validator/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Synthesis is CPU-bound; two workers match the 2-core machines this runs on.
    maxWorkers: 2,
  },
});
