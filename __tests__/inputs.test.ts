import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BackupModuleConfig } from "../lib/config";
import { MODULE_DEFAULTS } from "../lib/environment-defaults";
import { INPUTS, INPUT_TABLE_HEADER, RegisteredKey, acceptsNull, defaultKind, inputTableRows, withInputTable } from "../lib/inputs";
import { configKeyOf } from "../lib/input-names";
import { MODULE_VARIABLES } from "../lib/terraform-module/variables";

/*
 * The input registry (lib/inputs.ts) is the one declaration of every input: the config type, the
 * module's variables, the READMEs' tables and the defaults either come from it or are held equal
 * to it here.
 */

// Compile-time: every BackupModuleConfig field is registered (the registry's keys are config
// fields by construction). A field added to the interface alone fails `tsc`.
type Unregistered = Exclude<keyof BackupModuleConfig, RegisteredKey>;
const everyFieldRegistered: [Unregistered] extends [never] ? true : Unregistered = true;

const ROOT = join(__dirname, "..");

describe("the input registry", () => {
  it("declares each input once, under unique Terraform and TypeScript names", () => {
    expect(everyFieldRegistered).toBe(true);
    expect(new Set(INPUTS.map((i) => i.name)).size).toBe(INPUTS.length);
    expect(new Set(INPUTS.map((i) => i.key)).size).toBe(INPUTS.length);
  });

  it("is what the TSDoc of BackupModuleConfig names: each field's comment starts with its Terraform name", () => {
    const source = readFileSync(join(ROOT, "lib", "config.ts"), "utf8");
    const body = source.slice(source.indexOf("export interface BackupModuleConfig"));
    const documented = [...body.matchAll(/\/\*\*\s*(?:\*\s*)?`([a-z0-9_]+)`:[\s\S]*?\*\/\s*readonly (\w+)\??:/g)].map(([, name, key]) => [key, name]);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(INPUTS.map((i) => [i.key, i.name])));
  });

  it("gives the module one variable per input, not nullable where a fixed default exists", () => {
    expect(MODULE_VARIABLES.map((v) => v.name)).toEqual(INPUTS.map((i) => i.name));
    for (const input of INPUTS) {
      const variable = MODULE_VARIABLES.find((v) => v.name === input.name)!;
      const kind = defaultKind(input);
      if (kind === "required") expect("default" in variable, input.name).toBe(false);
      if (kind === "environment") expect(variable, input.name).toMatchObject({ default: null, nullable: true });
      if (kind === "fixed") expect(variable, input.name).toMatchObject({ default: input.default, nullable: acceptsNull(input) });
    }
    expect(MODULE_VARIABLES.find((v) => v.name === "kms_deletion_window")).toMatchObject({ default: 7, nullable: false });
    expect(MODULE_VARIABLES.find((v) => v.name === "replica_region")).toMatchObject({ default: "us-east-1", nullable: true });
  });

  it("supplies MODULE_DEFAULTS: every fixed default, by TypeScript name", () => {
    for (const input of INPUTS.filter((i) => defaultKind(i) === "fixed")) {
      expect((MODULE_DEFAULTS as Record<string, unknown>)[input.key], input.key).toEqual(input.default);
    }
    expect(MODULE_DEFAULTS.weeklyColdStorageAfterDays).toBe(90);
  });

  it("writes the root README's input table row for row (npm run build:module rewrites it)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const start = readme.indexOf(INPUT_TABLE_HEADER) + INPUT_TABLE_HEADER.length;
    expect(start).toBeGreaterThan(INPUT_TABLE_HEADER.length);
    expect(readme.slice(start, readme.indexOf("\n\n", start)).split("\n")).toEqual(inputTableRows());
    expect(withInputTable(readme)).toBe(readme);
  });

  it("names each input's TypeScript property as the error messages do (camelCase of the Terraform name)", () => {
    for (const input of INPUTS) expect(configKeyOf(input.name), input.name).toBe(input.key);
  });

  it("writes module/README.md's input table from the same entries", () => {
    const moduleReadme = readFileSync(join(ROOT, "module", "README.md"), "utf8");
    for (const input of INPUTS) expect(moduleReadme, input.name).toContain(`| \`${input.name}\` | ${input.description.replace(/\|/g, "\\|")} |`);
  });
});
