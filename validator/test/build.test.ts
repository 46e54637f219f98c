/** The Lambda package: deterministic, within budget, and loadable on its own. */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildValidator, MAX_ZIP_BYTES, type BuildResult } from "../scripts/build";
import { deterministicZip, readZip } from "../scripts/zip";

describe("Lambda package build", () => {
  const dirs: string[] = [];
  let first: BuildResult;
  let second: BuildResult;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) dirs.push(mkdtempSync(join(tmpdir(), "validator-build-")));
    first = await buildValidator(dirs[0]);
    second = await buildValidator(dirs[1]);
  });
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("produces identical bytes from identical sources", () => {
    expect(readFileSync(second.zipPath).equals(readFileSync(first.zipPath))).toBe(true);
    expect(second.sha256).toBe(first.sha256);
  });

  it(`stays within ${MAX_ZIP_BYTES} bytes`, () => {
    expect(first.zipBytes).toBeLessThanOrEqual(MAX_ZIP_BYTES);
    expect(readFileSync(first.zipPath).length).toBe(first.zipBytes);
  });

  it("writes the base64 SHA-256 Terraform's source_code_hash expects", () => {
    const expected = createHash("sha256").update(readFileSync(first.zipPath)).digest("base64");
    expect(readFileSync(`${first.zipPath}.sha256`, "utf8")).toBe(expected);
  });

  it("contains only index.js, dated 1980-01-01", () => {
    const zip = readFileSync(first.zipPath);
    expect(readZip(zip).map((e) => e.name)).toEqual(["index.js"]);
    // Local header: DOS time 0, DOS date 1980-01-01.
    expect(zip.readUInt16LE(10)).toBe(0);
    expect(zip.readUInt16LE(12)).toBe(0x21);
  });

  it("is a zip other tools accept", () => {
    const unzip = spawnSync("unzip", ["-t", first.zipPath], { encoding: "utf8" });
    if (unzip.error) return; // no unzip binary here; readZip above still checks the structure
    expect(unzip.status).toBe(0);
    expect(unzip.stdout).toContain("No errors detected");
  });

  it("loads in a fresh Node process with no node_modules and exposes handler", () => {
    const dir = dirs[2]!;
    const [entry] = readZip(readFileSync(first.zipPath));
    writeFileSync(join(dir, "index.js"), entry!.data);
    const script = `
      const m = require(${JSON.stringify(join(dir, "index.js"))});
      if (typeof m.handler !== "function") { console.log("no handler"); process.exit(1); }
      // With no vault configured the handler must reject with the input error, not crash on load.
      m.handler({}, undefined).then(() => process.exit(3), (e) => { console.log(e.name + ": " + e.message); process.exit(0); });`;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    expect(out).toContain("InputError: Invalid BACKUP_VAULT_NAMES");
  });

  it("bundles a CLI that rejects bad flags with exit status 2", () => {
    const r = spawnSync(process.execPath, [join(dirs[0]!, "cli.js"), "--vault"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--vault/);
    expect(r.stderr).toContain("Usage: backup-validator");
  });
});

describe("deterministicZip", () => {
  it("round-trips several entries in the order given", () => {
    const entries = [{ name: "b.txt", data: Buffer.from("second") }, { name: "a.txt", data: Buffer.alloc(10_000, 7) }];
    const zip = deterministicZip(entries);
    expect(readZip(zip)).toEqual(entries);
    expect(deterministicZip(entries).equals(zip)).toBe(true);
    expect(deterministicZip([...entries].reverse()).equals(zip)).toBe(false);
  });
});
