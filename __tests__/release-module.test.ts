/**
 * `npm run release:module`: the versioned release of the Terraform module, checked as a registry
 * would take it, and with terraform where there is one: `fmt -check`, and `init` + `validate` of
 * each example pointed at the release (lowered to provider 5 where that is all the mirror has).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODULE_REGISTRY_ADDRESS, gitModuleSource, registryExample, releaseName, releaseVersion } from "../lib/terraform-module/release";
import { awsVersion, copyLowered, hasTerraform, scratch, terraform } from "./provider-mirror";

const ROOT = resolve(__dirname, "..");
const TIMEOUT = 180_000;
const version = releaseVersion();
const EXAMPLES = readdirSync(join(ROOT, "examples"));

describe("the module release", () => {
  const out = mkdtempSync(join(tmpdir(), "module-release-"));
  const release = join(out, releaseName(version));
  beforeAll(() => {
    execFileSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "release-module.ts"), "--out", out], { cwd: ROOT, stdio: "pipe" });
  }, TIMEOUT);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("takes its version from the root package.json, like the validator package", () => {
    expect(version).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    expect(JSON.parse(readFileSync(join(ROOT, "validator", "package.json"), "utf8")).version).toBe(version);
    expect(releaseName(version)).toBe(`terraform-aws-arrakis-backup-v${version}`);
    expect(existsSync(`${release}.tar.gz`)).toBe(true);
  });

  it("has the module at its root, with README, LICENSE, CHANGELOG and the validator zip", () => {
    for (const file of ["versions.tf", "variables.tf", "outputs.tf", "README.md", "LICENSE", "CHANGELOG.md", "validator/backup-validator.zip"]) {
      expect(existsSync(join(release, file)), file).toBe(true);
    }
    expect(readFileSync(join(release, "validator", "backup-validator.zip")).equals(readFileSync(join(ROOT, "module", "validator", "backup-validator.zip")))).toBe(true);
    const readme = readFileSync(join(release, "README.md"), "utf8");
    expect(readme).toContain("## Inputs");
    expect(readme).toContain("## Outputs");
    expect(readme).toContain(`source  = "${MODULE_REGISTRY_ADDRESS}"`);
    expect(readme).toContain(`source = "${gitModuleSource(version)}"`);
    expect(readme).toMatch(/without a `moved` block, an input removed or renamed/);
    expect(readFileSync(join(release, "LICENSE"), "utf8")).toMatch(/^\s*Mozilla Public License Version 2\.0/);
  });

  it.each(EXAMPLES)("ships examples/%s calling the registry address at this version", (example) => {
    const text = readFileSync(join(release, "examples", example, "main.tf"), "utf8");
    expect(text).toContain(`  source  = "${MODULE_REGISTRY_ADDRESS}"\n  version = "${version}"\n`);
    expect(text).not.toContain("../../module");
  });

  it("refuses an example that does not call ../../module", () => {
    expect(() => registryExample('module "x" {\n  source = "somewhere"\n}\n', version)).toThrow(/source = "..\/..\/module"/);
  });

  describe.skipIf(!hasTerraform)("with terraform", () => {
    it("is formatted as terraform fmt has it", () => {
      const { env } = scratch();
      expect(() => terraform(["fmt", "-check", "-recursive", "-diff", release], out, env)).not.toThrow();
    });

    it.skipIf(awsVersion === undefined).each(EXAMPLES)(
      "examples/%s initializes and validates against the release",
      (example) => {
        const { dir, env } = scratch();
        copyLowered(release, join(dir, "release"));
        copyLowered(join(release, "examples", example), join(dir, "example"));
        // The registry is out of reach here: point the registry address at the release itself.
        const main = join(dir, "example", "main.tf");
        const text = readFileSync(main, "utf8");
        const local = text.replace(`source  = "${MODULE_REGISTRY_ADDRESS}"\n  version = "${version}"`, 'source = "../release"');
        expect(local).not.toBe(text);
        writeFileSync(main, local);
        const cwd = join(dir, "example");
        terraform(["init", "-backend=false", "-input=false"], cwd, env);
        expect(terraform(["validate"], cwd, env)).toContain("The configuration is valid");
      },
      TIMEOUT,
    );
  });
});
