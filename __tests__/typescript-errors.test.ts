/**
 * Errors of the TypeScript door: the property the user typed with its Terraform name beside it,
 * values as JavaScript shows them, each value once, and one clean block when nobody catches it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BackupConfigError, BackupConfigErrors, formatValue } from "../lib/errors";
import { baseConfig, configErrors } from "./synth";

const ROOT = resolve(__dirname, "..");

function thrownBy(config: Parameters<typeof configErrors>[0]): BackupConfigErrors {
  const errors = configErrors(config);
  return new BackupConfigErrors(errors);
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("BackupConfigError", () => {
  it("names the TypeScript property with the Terraform variable beside it", () => {
    const [error] = configErrors(baseConfig("development", { kmsDeletionWindow: 3 }));
    expect(error.message).toBe("Invalid kmsDeletionWindow (kms_deletion_window) = 3: must be a whole number from 7 to 30");
    expect(error.property).toBe("kmsDeletionWindow");
    expect(error.input).toBe("kms_deletion_window");
  });

  it("names list entries by their TypeScript path", () => {
    const error = new BackupConfigError("rds_instances[1].arn", "x", "must be an ARN");
    expect(error.message).toBe('Invalid rdsInstances[1].arn (rds_instances[1].arn) = "x": must be an ARN');
  });

  it("does not repeat a name that is the same in both doors", () => {
    expect(new BackupConfigError("environment", "prod", "must be one of ...").message).toBe('Invalid environment = "prod": must be one of ...');
  });

  it("shows NaN, Infinity and undefined as JavaScript does, not as JSON's null", () => {
    const [error] = configErrors(baseConfig("development", { kmsDeletionWindow: NaN }));
    expect(error.message).toContain("kmsDeletionWindow (kms_deletion_window) = NaN:");
    expect(formatValue(Infinity)).toBe("Infinity");
    expect(formatValue(-0)).toBe("-0");
    expect(formatValue(undefined)).toBe("undefined");
    expect(formatValue({ a: NaN })).toBe("{ a: NaN }");
    expect(formatValue({ Team: "platform" })).toBe('{"Team":"platform"}');
    expect(formatValue("x")).toBe('"x"');
  });
});

describe("BackupConfigErrors", () => {
  it("reports a value once, with every rule that rejects it", () => {
    const errors = new BackupConfigErrors([
      new BackupConfigError("delete_after_days", NaN, "must be a whole number from 1 to 36500"),
      new BackupConfigError("kms_deletion_window", 3, "must be a whole number from 7 to 30"),
      new BackupConfigError("delete_after_days", NaN, "must be inside the lock range"),
      new BackupConfigError("delete_after_days", NaN, "must be inside the lock range"),
    ]);
    expect(errors.message).toBe(
      [
        "2 invalid inputs:",
        "  - Invalid deleteAfterDays (delete_after_days) = NaN:",
        "      - must be a whole number from 1 to 36500",
        "      - must be inside the lock range",
        "  - Invalid kmsDeletionWindow (kms_deletion_window) = 3: must be a whole number from 7 to 30",
      ].join("\n"),
    );
    // Every (input, rule) stays available to code.
    expect(errors.errors.map((e) => e.rule)).toHaveLength(4);
    expect([...errors.errors].every((e) => e instanceof BackupConfigError)).toBe(true);
  });

  it("reports a NaN retention rejected by two rules once, from the construct", () => {
    const message = thrownBy(baseConfig("production", { deleteAfterDays: NaN })).message;
    expect(occurrences(message, "deleteAfterDays (delete_after_days) = NaN")).toBe(1);
  });

  it("carries only the caller's line as its stack", () => {
    const error = thrownBy(baseConfig("development", { kmsDeletionWindow: 3 }));
    const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toContain("typescript-errors.test.ts");
  });
});

describe("an uncaught configuration error", () => {
  const dir = mkdtempSync(join(tmpdir(), "backup-errors-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints one block: each value once, no stack traces of the library", () => {
    const app = join(dir, "app.ts");
    writeFileSync(
      app,
      `import { App } from ${JSON.stringify(require.resolve("cdktf"))};
import { BackupStack } from ${JSON.stringify(join(ROOT, "lib", "backup-stack"))};
const app = new App({ outdir: ${JSON.stringify(join(dir, "out"))} });
new BackupStack(app, "s", { region: "us-west-2", backup: { projectName: "arrakis", environment: "production",
  backupVaultName: "v", backupPlanName: "p", deleteAfterDays: NaN, kmsDeletionWindow: 3 } });
app.synth();
`,
    );
    const run = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [app], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(1);
    const stderr = run.stderr;
    expect(stderr).toContain("BackupConfigErrors: 3 invalid inputs:");
    expect(occurrences(stderr, "deleteAfterDays (delete_after_days) = NaN")).toBe(1);
    expect(occurrences(stderr, "kmsDeletionWindow (kms_deletion_window) = 3")).toBe(1);
    expect(stderr).not.toContain("BackupConfigError:");
    const frames = stderr.split("\n").filter((line) => /^\s+at /.test(line));
    expect(frames).toEqual([expect.stringContaining("app.ts")]);
    expect(stderr.split("\n").length).toBeLessThan(20);
  });
});
