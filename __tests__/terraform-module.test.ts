import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { beforeAll, describe, expect, it } from "vitest";
import { ENVIRONMENT_DEFAULTS, MODULE_DEFAULTS } from "../lib/environment-defaults";
import { RULES } from "../lib/rules";
import { environmentTableForTerraform } from "../lib/settings";
import { AWS_PROVIDER_CONSTRAINT, generateModuleFiles } from "../lib/terraform-module/generate";
import { MAX_LINE } from "../lib/terraform-module/hcl";
import { staleModuleFiles } from "../lib/terraform-module/module-dir";
import { MODULE_VARIABLES, configKeyOf } from "../lib/terraform-module/variables";

const ROOT = resolve(__dirname, "..");
const MODULE_DIR = join(ROOT, "module");
const EXAMPLES_DIR = join(ROOT, "examples");

type Hcl = Record<string, any>;

function tfFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".tf")).map((f) => join(dir, f));
}

async function parseDir(dir: string): Promise<Hcl[]> {
  return Promise.all(tfFiles(dir).map((file) => parse(file, readFileSync(file, "utf8"))));
}

/** Every string in a parsed HCL tree, except `depends_on` entries (whole resources, never indexed). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, v]) => (key === "depends_on" ? [] : strings(v)));
  return [];
}

const SPEC = join(ROOT, "..", "shared", "spec", "backup-module-readme.md");
const SPEC_EXAMPLES = join(ROOT, "__tests__", "fixtures", "spec-examples");
const SPEC_EXAMPLE_NAMES = ["quick-start", "production", "multi-environment"];

/** The `module "backup"` blocks of the spec's HCL examples, as committed beside the tests. */
function specModuleBlocks(): string[] {
  return SPEC_EXAMPLE_NAMES.map((name) => readFileSync(join(SPEC_EXAMPLES, `${name}.tf`), "utf8"));
}

let module: Hcl[];
let variables: Record<string, Hcl>;
let resources: Record<string, Record<string, Hcl>>;

beforeAll(async () => {
  module = await parseDir(MODULE_DIR);
  variables = Object.assign({}, ...module.map((f) => f.variable ?? {}));
  resources = {};
  for (const file of module) {
    for (const [type, byName] of Object.entries(file.resource ?? {})) {
      for (const [name, blocks] of Object.entries(byName as Hcl)) (resources[type] ??= {})[name] = (blocks as Hcl[])[0];
    }
  }
});

describe("module/ is generated from the construct", () => {
  it("matches what `npm run build:module` generates now (run it after changing lib/ or validator/)", async () => {
    const files = await generateModuleFiles();
    expect(files.size).toBeGreaterThan(10);
    expect(staleModuleFiles(MODULE_DIR, files)).toEqual([]);
  }, 120_000);

  it("declares no provider and no backend, and requires hashicorp/aws in the targeted 6.x range", () => {
    expect(module.some((f) => f.provider)).toBe(false);
    const terraform = module.flatMap((f) => f.terraform ?? []);
    expect(terraform.some((t) => t.backend || t.cloud)).toBe(false);
    const aws = terraform.flatMap((t) => t.required_providers ?? []).map((p) => p.aws);
    expect(aws).toEqual([{ source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT }]);
    expect(AWS_PROVIDER_CONSTRAINT).toContain(">= 6.25.0");
  });

  it("ships the validator inside the module and references it from path.module", () => {
    const fn = resources.aws_lambda_function.validator;
    expect(fn.filename).toBe("${path.module}/validator/backup-validator.zip");
    expect(fn.source_code_hash).toBe('${filebase64sha256("${path.module}/validator/backup-validator.zip")}');
    expect(existsSync(join(MODULE_DIR, "validator", "backup-validator.zip"))).toBe(true);
  });
});

describe("the module reads as written by hand", () => {
  it(`has no line over ${MAX_LINE} characters`, () => {
    expect(MAX_LINE).toBe(160);
    const long = tfFiles(MODULE_DIR).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => [`${file.slice(MODULE_DIR.length + 1)}:${i + 1} (${line.length})`, line.length] as const)
        .filter(([, length]) => length > MAX_LINE)
        .map(([where]) => where),
    );
    expect(long).toEqual([]);
  });
});

describe("module variables", () => {
  it("are the spec's variables with the construct's defaults", () => {
    expect(Object.keys(variables).sort()).toEqual(MODULE_VARIABLES.map((v) => v.name).sort());
    for (const name of ["project_name", "environment", "backup_vault_name", "backup_plan_name"]) {
      expect(variables[name][0].default, name).toBeUndefined();
    }
    const defaults = MODULE_DEFAULTS as Record<string, unknown>;
    for (const definition of MODULE_VARIABLES) {
      const key = configKeyOf(definition.name);
      if (key in defaults) expect(variables[definition.name][0].default, definition.name).toEqual(defaults[key]);
    }
    for (const envBased of ["backup_schedule", "delete_after_days", "move_to_cold_storage_after_days", "backup_vault_lock_enabled", "notification_level"]) {
      expect(variables[envBased][0]).toMatchObject({ default: null, nullable: true });
    }
  });

  it("validate with the construct's own messages", () => {
    expect(variables.delete_after_days[0].validation[0].error_message).toBe(`Invalid delete_after_days: ${RULES.retention_days.description}.`);
    expect(variables.backup_vault_name[0].validation[0].error_message).toBe(`Invalid backup_vault_name: ${RULES.backup_vault_name.description}.`);
    expect(variables.environment[0].validation[0].condition.replace(/\s/g, "")).toContain('contains(["development","staging","production"],var.environment)');
    expect(variables.rds_instances[0].type).toBe("${list(object({ identifier = string, arn = string }))}");
  });

  it("carry the environment table as a local used for every environment-based default", () => {
    const locals = Object.assign({}, ...module.flatMap((f) => f.locals ?? []));
    expect(locals.environment_defaults).toEqual(environmentTableForTerraform());
    expect(locals.environment).toBe("${lookup(local.environment_defaults, var.environment, local.environment_defaults.development)}");
    expect(locals.delete_after_days).toBe("${coalesce(var.delete_after_days, local.environment.delete_after_days)}");
  });
});

describe("references", () => {
  const referencePattern = /(?<![\w.])(var|local|data\.aws_[a-z0-9_]+|aws_[a-z0-9_]+)\.([a-zA-Z_][a-zA-Z0-9_]*)(\[[^\]]*\])?/g;

  it("every var, local, data source and resource reference resolves, and counted resources are indexed", () => {
    const locals = new Set(module.flatMap((f) => (f.locals ?? []).flatMap((l: Hcl) => Object.keys(l))));
    const data = new Set(module.flatMap((f) => Object.entries(f.data ?? {}).flatMap(([t, byName]) => Object.keys(byName as Hcl).map((n) => `data.${t}.${n}`))));
    const problems: string[] = [];
    let checked = 0;
    // moved blocks name addresses that no longer exist, on purpose.
    for (const text of strings(module.map((f) => ({ ...f, moved: undefined })))) {
      for (const m of text.matchAll(referencePattern)) {
        const [whole, kind, name, index] = m;
        checked++;
        if (kind === "var") {
          if (!variables[name]) problems.push(`unknown ${whole}`);
        } else if (kind === "local") {
          if (!locals.has(name)) problems.push(`unknown ${whole}`);
        } else if (kind.startsWith("data.")) {
          if (!data.has(`${kind}.${name}`)) problems.push(`unknown ${whole}`);
        } else {
          const resource = resources[kind]?.[name];
          if (!resource) problems.push(`unknown ${whole}`);
          else if (resource.count !== undefined && index === undefined && !text.slice(0, m.index).endsWith("length(")) {
            problems.push(`counted resource read without an index: ${whole}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("holds no `undefined` (what cdktf writes for a dropped operand) and only bare depends_on addresses", () => {
    for (const file of tfFiles(MODULE_DIR)) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/\bundefined\b/);
      for (const m of text.matchAll(/depends_on\s*=\s*\[([^\]]*)\]/g)) expect(m[1], file).not.toContain('"');
    }
  });

  it("every variable is used (except the two AWS has no switch for)", () => {
    const text = strings(module.map((f) => ({ ...f, variable: undefined }))).join("\n");
    const unused = Object.keys(variables).filter((name) => !new RegExp(`var\\.${name}\\b`).test(text));
    expect(unused.sort()).toEqual(["backup_compression_enabled", "enable_backup_deduplication"]);
  });
});

describe("the spec's HCL examples and the examples/ folder", () => {
  const required = () => Object.keys(variables).filter((name) => variables[name][0].default === undefined && !("default" in variables[name][0]));

  it.skipIf(!existsSync(SPEC))("keeps the committed copies equal to the spec's module examples", () => {
    const spec = readFileSync(SPEC, "utf8");
    const blocks = [...spec.matchAll(/```hcl\n([\s\S]*?)```/g)].map((m) => m[1]).filter((block) => block.includes('module "backup"'));
    expect(blocks).toEqual(specModuleBlocks());
  });

  it.each([0, 1, 2])("spec example %i passes only known arguments and every required one", async (i) => {
    const block = specModuleBlocks()[i];
    const parsed = await parse(`spec-${i}.tf`, block);
    const args = Object.keys(parsed.module.backup[0]).filter((k) => k !== "source");
    expect(args.filter((a) => !variables[a])).toEqual([]);
    expect(required().filter((r) => !args.includes(r))).toEqual([]);
  });

  it.each(["quick-start", "production", "multi-environment"])("examples/%s calls the module by relative path with valid arguments", async (name) => {
    const files = await parseDir(join(EXAMPLES_DIR, name));
    const call = files.find((f) => f.module)?.module.backup[0];
    expect(call.source).toBe("../../module");
    expect(existsSync(resolve(EXAMPLES_DIR, name, call.source, "versions.tf"))).toBe(true);
    const args = Object.keys(call).filter((k) => k !== "source");
    expect(args.filter((a) => !variables[a])).toEqual([]);
    expect(required().filter((r) => !args.includes(r))).toEqual([]);
  });

  it("module/tests asserts every environment's defaults with a mocked provider", () => {
    const test = readFileSync(join(MODULE_DIR, "tests", "environment_defaults.tftest.hcl"), "utf8");
    expect(test).toContain('mock_provider "aws"');
    for (const env of Object.keys(ENVIRONMENT_DEFAULTS)) expect(test).toContain(`run "${env}"`);
  });
});
