/**
 * The npm door, as a user meets it: both packages packed (`npm pack`, which builds them through
 * `prepack`), installed from their tarballs into an empty directory next to nothing but the
 * registry's cdktf, constructs and @cdktf/provider-aws (the versions package-lock.json pins), and
 * the README's TypeScript example synthesized there, once compiled and run with plain node and
 * once with tsx. Skipped, saying so, when the npm registry cannot be reached.
 */
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_NAME } from "../lib/validator-package";

const ROOT = resolve(__dirname, "..");
const PEERS = ["cdktf", "constructs", "@cdktf/provider-aws"];
const rootPackage = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const validatorPackage = JSON.parse(readFileSync(join(ROOT, "validator", "package.json"), "utf8"));
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));

/** Whether the npm registry answers, and why not when it does not. */
function registryReachable(): { ok: true } | { ok: false; reason: string } {
  const ping = spawnSync("npm", ["ping"], { encoding: "utf8", timeout: 30_000 });
  if (ping.status === 0) return { ok: true };
  return { ok: false, reason: `npm registry unreachable (npm ping: ${(ping.stderr || ping.error?.message || "no answer").trim().split("\n").pop()})` };
}
const registry = registryReachable();

/** The TypeScript example of the README's "TypeScript usage" section. */
function readmeTypeScriptExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## TypeScript usage"));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error("README.md has no ```ts block under ## TypeScript usage");
  return match[1];
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  // Not the npm_* variables of an enclosing `npm test`: they would point npm at this repository.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0) throw new Error(`${what} failed (${result.status ?? result.error?.message}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("base64");

describe.skipIf(!registry.ok)(`the packed npm packages${registry.ok ? "" : ` (skipped: ${registry.reason})`}`, () => {
  const work = mkdtempSync(join(tmpdir(), "backup-install-"));
  const packs = join(work, "packs");
  const app = join(work, "app");
  const tarballs: Record<string, string[]> = {};

  beforeAll(() => {
    mkdirSync(packs);
    mkdirSync(app);
    for (const [name, args] of [
      [validatorPackage.name, ["pack", "--workspace", "validator", "--pack-destination", packs, "--json"]],
      [rootPackage.name, ["pack", "--pack-destination", packs, "--json"]],
    ] as const) {
      const [packed] = JSON.parse(ok(run("npm", [...args], ROOT), `npm pack ${name}`).replace(/^[^[]*/, ""));
      tarballs[name] = (packed.files as { path: string }[]).map((f) => f.path);
      tarballs[`${name} file`] = [join(packs, packed.filename)];
    }
    const dependencies: Record<string, string> = {};
    for (const peer of PEERS) dependencies[peer] = lock.packages[`node_modules/${peer}`].version;
    for (const name of [rootPackage.name, validatorPackage.name]) dependencies[name] = `file:${tarballs[`${name} file`][0]}`;
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, dependencies }, null, 2));
    ok(run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], app), "npm install");
    writeFileSync(join(app, "main.ts"), readmeTypeScriptExample());
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("packs compiled JavaScript with types and source maps, the validator zip and the licence; no sources", () => {
    const files = tarballs[rootPackage.name];
    expect(files).toEqual(expect.arrayContaining(["dist/lib/index.js", "dist/lib/index.d.ts", "dist/lib/index.js.map", "dist/validator/src/contract.js", "dist/validator/backup-validator.zip", "LICENSE", "package.json", "README.md"]));
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
    expect(tarballs[validatorPackage.name]).toEqual(
      expect.arrayContaining(["bin/backup-validator.js", "dist/cli.js", "dist/index.js", "dist/backup-validator.zip", "LICENSE", "README.md"]),
    );
  });

  it("installs nothing but the two packages and the three peers the user chose", () => {
    const installed = readdirSync(join(app, "node_modules"))
      .filter((name) => !name.startsWith("."))
      .flatMap((name) => (name.startsWith("@") ? readdirSync(join(app, "node_modules", name)).map((n) => `${name}/${n}`) : [name]));
    expect(installed.sort()).toEqual([rootPackage.name, validatorPackage.name, ...PEERS].sort());
    const manifest = JSON.parse(readFileSync(join(app, "node_modules", rootPackage.name, "package.json"), "utf8"));
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual([...PEERS].sort());
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.name).toBe(PACKAGE_NAME);
  });

  /** Asserts a synth of the README example wrote the stack with the package's own validator zip. */
  function expectSynthesizedWithValidator(): void {
    const stackDir = join(app, "cdktf.out", "stacks", "backup-production");
    const text = readFileSync(join(stackDir, "cdk.tf.json"), "utf8");
    expect(text).not.toContain(ROOT);
    const lambda = Object.values(JSON.parse(text).resource.aws_lambda_function)[0] as { filename: string; source_code_hash: string };
    expect(lambda.filename).toMatch(/^assets\/.*\/backup-validator\.zip$/);
    const packaged = join(app, "node_modules", rootPackage.name, "dist", "validator", "backup-validator.zip");
    expect(sha256(join(stackDir, lambda.filename))).toBe(sha256(packaged));
    expect(lambda.source_code_hash).toBe(sha256(packaged));
  }

  it("synthesizes the README example compiled by tsc and run by plain node", () => {
    rmSync(join(app, "cdktf.out"), { recursive: true, force: true });
    // The compiler (and Node's types) come from this repository; the app directory has only the packages.
    const tsc = [require.resolve("typescript/bin/tsc"), "main.ts", "--strict", "--target", "ES2022", "--module", "commonjs", "--moduleResolution", "node"];
    ok(run(process.execPath, [...tsc, "--skipLibCheck", "--types", "node", "--typeRoots", join(ROOT, "node_modules", "@types")], app), "tsc main.ts");
    ok(run(process.execPath, ["main.js"], app), "node main.js");
    expectSynthesizedWithValidator();
  });

  it("synthesizes the README example with tsx", () => {
    rmSync(join(app, "cdktf.out"), { recursive: true, force: true });
    ok(run(join(ROOT, "node_modules", ".bin", "tsx"), ["main.ts"], app), "tsx main.ts");
    expectSynthesizedWithValidator();
  });

  it("runs the installed backup-validator command and exports the Lambda handler", () => {
    expect(ok(run(join(app, "node_modules", ".bin", "backup-validator"), ["--help"], app), "backup-validator --help")).toMatch(/^Usage: backup-validator /);
    const handler = ok(run(process.execPath, ["-e", `process.stdout.write(typeof require(${JSON.stringify(validatorPackage.name)}).handler)`], app), "require");
    expect(handler).toBe("function");
  });

  it("prints bad input as one block from compiled code too", () => {
    writeFileSync(
      join(app, "bad.js"),
      `const { App, TerraformStack } = require("cdktf");
const { BackupModule } = require(${JSON.stringify(rootPackage.name)});
new BackupModule(new TerraformStack(new App(), "s"), "backup", { projectName: "arrakis", environment: "production",
  backupVaultName: "v", backupPlanName: "p", deleteAfterDays: NaN });
`,
    );
    const result = run(process.execPath, ["bad.js"], app);
    expect(result.status).toBe(1);
    expect(result.stderr.split("deleteAfterDays (delete_after_days) = NaN")).toHaveLength(2);
    expect(result.stderr.split("\n").filter((line) => /^\s+at /.test(line))).toEqual([expect.stringContaining("bad.js")]);
  });

  it("tells the user what to do when the installed package lacks its zip", () => {
    const zip = join(app, "node_modules", rootPackage.name, "dist", "validator", "backup-validator.zip");
    renameSync(zip, `${zip}.away`);
    try {
      const result = run(process.execPath, ["main.js"], app);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`this installation is incomplete. Reinstall the package (\`npm install ${PACKAGE_NAME}\`)`);
      expect(result.stderr).not.toContain("npm run build --workspace validator");
    } finally {
      renameSync(`${zip}.away`, zip);
    }
    expect(existsSync(zip)).toBe(true);
  });
});
