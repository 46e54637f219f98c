/**
 * `npx backup-validator` in this repository runs the local CLI: npm links the committed bin shim
 * (validator/bin/backup-validator.js), which loads the build, or builds it first when missing.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { USAGE } from "../validator/src/cli";

const ROOT = resolve(__dirname, "..");
const SHIM = join(ROOT, "validator", "bin", "backup-validator.js");
const firstLine = USAGE.split("\n")[0];

describe("the backup-validator command of this repository", () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("is linked to the committed shim after npm ci", () => {
    expect(realpathSync(join(ROOT, "node_modules", ".bin", "backup-validator"))).toBe(realpathSync(SHIM));
  });

  it("npx runs the local CLI, never the registry", () => {
    const result = spawnSync("npx", ["--no-install", "backup-validator", "--help"], { cwd: ROOT, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")[0]).toBe(firstLine);
    expect(result.status).toBe(0);
  });

  it("builds the CLI first in a checkout where it is not built", () => {
    // A copy inside the repository, so that esbuild, tsx and the SDK resolve as they do for validator/.
    const copy = mkdtempSync(join(ROOT, "node_modules", ".validator-copy-"));
    copies.push(copy);
    for (const part of ["bin", "scripts", "src", "package.json"]) cpSync(join(ROOT, "validator", part), join(copy, part), { recursive: true });
    const result = spawnSync(process.execPath, [join(copy, "bin", "backup-validator.js"), "--help"], { encoding: "utf8" });
    expect(result.stdout.split("\n")[0]).toBe(firstLine);
    expect(existsSync(join(copy, "dist", "cli.js"))).toBe(true);
  });

  it("says how to repair an installed package that lacks its build", () => {
    const copy = mkdtempSync(join(tmpdir(), "validator-bin-"));
    copies.push(copy);
    cpSync(join(ROOT, "validator", "bin"), join(copy, "bin"), { recursive: true });
    const result = spawnSync(process.execPath, [join(copy, "bin", "backup-validator.js"), "--help"], { encoding: "utf8" });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain("reinstall @arrakis-platform/backup-validator");
  });
});
