import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENVIRONMENT_DEFAULTS } from "../lib/environment-defaults";
import { MODULE_VARIABLES, configKeyOf } from "../lib/terraform-module/variables";
import { synthesizeModuleJson } from "../lib/terraform-module/generate";

const ROOT = join(__dirname, "..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it("documents every input under its Terraform and TypeScript names", () => {
    const missing = MODULE_VARIABLES.filter((v) => !readme.includes(`| \`${v.name}\` | \`${configKeyOf(v.name)}\` |`)).map((v) => v.name);
    expect(missing).toEqual([]);
  });

  it("documents every output", () => {
    const outputs = Object.keys(synthesizeModuleJson().output);
    expect(outputs.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  it("shows each environment's daily schedule as the table has it", () => {
    for (const row of Object.values(ENVIRONMENT_DEFAULTS)) expect(readme).toContain(`\`${row.backupSchedule}\``);
  });

  it("gives the two set-up commands, and CI runs exactly the test command", () => {
    const setup = readme.slice(readme.indexOf("## Set-up"), readme.indexOf("## TypeScript usage"));
    expect(setup).toContain("npm ci && npx cdktf synth");
    expect(setup).toMatch(/^npm test\s/m);
    const ci = readFileSync(join(ROOT, ".ci", "run"), "utf8");
    expect(ci.split("\n").filter((line) => /^npm /.test(line))).toEqual(["npm ci --no-audit --no-fund", "npm test"]);
  });
});
