import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/*
 * Import conventions (DESIGN.md): only deep imports from @cdktf/provider-aws (the package root loads
 * every AWS resource: 5.8 s and 745 MB against 1.0 s and 109 MB); the validator never imports cdktf
 * or lib/; lib/ never imports the validator's runtime code, only its dependency-free contract
 * (`validator/src/contract.ts`: environment names, IAM permissions, metric names).
 */

const ROOT = resolve(__dirname, "..");
const LIB = join(ROOT, "lib");
const VALIDATOR_SRC = join(ROOT, "validator", "src");
const VALIDATOR_PACKAGE: string = JSON.parse(readFileSync(join(ROOT, "validator", "package.json"), "utf8")).name;
/** The one validator file lib/ may import at runtime: it has no imports of its own. */
const VALIDATOR_CONTRACT = join(VALIDATOR_SRC, "contract.ts");
/** The validator's contracts lib/ may import: the validator's and the organization mode's, both import-free. */
const VALIDATOR_CONTRACTS = [VALIDATOR_CONTRACT, join(VALIDATOR_SRC, "organization", "contract.ts")];

/** One module specifier in a file. */
interface ImportOf {
  readonly specifier: string;
  /** `import type` / `export type`: erased at runtime. */
  readonly typeOnly: boolean;
  readonly line: number;
}

/** Every static import, re-export, `require()` and dynamic `import()` in TypeScript source. */
export function importsIn(source: string, fileName = "file.ts"): ImportOf[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ImportOf[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (specifier && ts.isStringLiteralLike(specifier)) {
      found.push({ specifier: specifier.text, typeOnly, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** A provider-aws specifier that is not a single resource module: `@cdktf/provider-aws/lib/<resource>`. */
export function isRootProviderImport(specifier: string): boolean {
  if (specifier !== "@cdktf/provider-aws" && !specifier.startsWith("@cdktf/provider-aws/")) return false;
  const resource = /^@cdktf\/provider-aws\/lib\/([a-z0-9-]+)(\/index(\.js)?)?$/.exec(specifier)?.[1];
  // lib/index is the package's barrel: it loads every resource like the root does.
  return resource === undefined || resource === "index" || resource === "lazy-index";
}

function tsFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === "node_modules" || entry === "dist") return [];
    if (statSync(path).isDirectory()) return tsFilesUnder(path);
    return /\.(ts|mts|cts|tsx)$/.test(entry) && !entry.endsWith(".d.ts") ? [path] : [];
  });
}

const within = (path: string, dir: string) => path === dir || path.startsWith(dir + sep);
/** Where a relative specifier points, or undefined for a package. */
const target = (file: string, specifier: string) => (specifier.startsWith(".") ? resolve(dirname(file), specifier) : undefined);

const scanned = [
  ...tsFilesUnder(LIB),
  join(ROOT, "main.ts"),
  ...tsFilesUnder(join(ROOT, "bench")),
  ...tsFilesUnder(VALIDATOR_SRC),
].filter(existsSync);
const importsByFile = scanned.map((file) => ({ file, rel: relative(ROOT, file), imports: importsIn(readFileSync(file, "utf8"), file) }));
/** The project's TypeScript files `entry` loads at runtime, itself included (type-only imports are erased). */
function runtimeImportClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of importsIn(readFileSync(file, "utf8"), file)) {
      const to = i.typeOnly ? undefined : target(file, i.specifier);
      const path = to === undefined ? undefined : [`${to}.ts`, join(to, "index.ts")].find(existsSync);
      if (path !== undefined) visit(path);
    }
  };
  visit(entry);
  return [...seen];
}
const show = (rel: string, i: ImportOf) => `${rel}:${i.line} imports "${i.specifier}"`;

describe("import conventions", () => {
  it("scans lib/, main.ts, bench/ and validator/src", () => {
    expect(importsByFile.some((f) => f.rel === "main.ts")).toBe(true);
    expect(importsByFile.filter((f) => within(f.file, LIB)).length).toBeGreaterThan(10);
    if (existsSync(VALIDATOR_SRC)) expect(importsByFile.filter((f) => within(f.file, VALIDATOR_SRC)).length).toBeGreaterThan(3);
    // The scan sees provider imports at all (or a broken parser would pass everything).
    expect(importsByFile.flatMap((f) => f.imports).filter((i) => i.specifier.startsWith("@cdktf/provider-aws/lib/")).length).toBeGreaterThan(10);
  });

  it("imports @cdktf/provider-aws only as @cdktf/provider-aws/lib/<resource>", () => {
    const offenders = importsByFile.flatMap(({ rel, imports }) => imports.filter((i) => isRootProviderImport(i.specifier)).map((i) => show(rel, i)));
    expect(offenders, "import the resource module, e.g. @cdktf/provider-aws/lib/backup-vault: the root loads every AWS resource").toEqual([]);
  });

  it("keeps validator/src free of cdktf, constructs and lib/", () => {
    const offenders = importsByFile
      .filter(({ file }) => within(file, VALIDATOR_SRC))
      .flatMap(({ file, rel, imports }) =>
        imports
          .filter((i) => {
            const to = target(file, i.specifier);
            return (
              /^(cdktf|constructs)(\/|$)/.test(i.specifier) ||
              i.specifier.startsWith("@cdktf/") ||
              (to !== undefined && (within(to, LIB) || !within(to, VALIDATOR_SRC)))
            );
          })
          .map((i) => show(rel, i)),
      );
    expect(offenders, "the validator is packaged on its own; it may import only its own sources and its dependencies").toEqual([]);
  });

  it("keeps lib/ from importing the validator's runtime code", () => {
    const offenders = importsByFile
      .filter(({ file }) => within(file, LIB))
      .flatMap(({ file, rel, imports }) =>
        imports
          .filter((i) => !i.typeOnly)
          .filter((i) => {
            const to = target(file, i.specifier);
            if (to !== undefined && VALIDATOR_CONTRACTS.includes(`${to}.ts`)) return false;
            return i.specifier === VALIDATOR_PACKAGE || i.specifier.startsWith(`${VALIDATOR_PACKAGE}/`) || (to !== undefined && within(to, join(ROOT, "validator")));
          })
          .map((i) => show(rel, i)),
      );
    expect(offenders, "lib/ may use the validator's types and contract, not its code (it ships as a zip)").toEqual([]);
  });

  it("keeps the organization's code out of the environment stacks' app (lib/arrakis-app.ts)", () => {
    const loaded = runtimeImportClosure(join(LIB, "arrakis-app.ts")).map((file) => relative(ROOT, file));
    expect(loaded).toContain(join("lib", "backup-stack.ts"));
    expect(loaded.filter((file) => file.includes("organization")), "an app of the environment stacks alone loads no organization code").toEqual([]);
  });

  it.each(VALIDATOR_CONTRACTS)("keeps the validator contract lib/ imports (%s) free of imports", (contract) => {
    expect(importsIn(readFileSync(contract, "utf8"), contract)).toEqual([]);
  });
});

describe("the import scanner", () => {
  const source = `
    import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
    import * as aws from "@cdktf/provider-aws";
    import type { Rule } from "../lib/rules";
    import { type A, type B } from "./types";
    export { x } from "@cdktf/provider-aws/lib";
    const y = require("cdktf");
    async function f() { return import("../../lib/values"); }
    type T = import("./t").T;
  `;
  const imports = importsIn(source);

  it("finds imports, re-exports, require, dynamic and type imports", () => {
    expect(imports.map((i) => [i.specifier, i.typeOnly])).toEqual([
      ["@cdktf/provider-aws/lib/backup-vault", false],
      ["@cdktf/provider-aws", false],
      ["../lib/rules", true],
      ["./types", true],
      ["@cdktf/provider-aws/lib", false],
      ["cdktf", false],
      ["../../lib/values", false],
      ["./t", true],
    ]);
  });

  it("tells deep provider imports from root ones", () => {
    expect(imports.map((i) => i.specifier).filter(isRootProviderImport)).toEqual(["@cdktf/provider-aws", "@cdktf/provider-aws/lib"]);
    expect(isRootProviderImport("@cdktf/provider-aws/lib/kms-key")).toBe(false);
    expect(isRootProviderImport("@cdktf/provider-aws/lib/kms-key/index")).toBe(false);
    expect(isRootProviderImport("@cdktf/provider-aws/lib/index")).toBe(true);
    expect(isRootProviderImport("@cdktf/provider-aws/lib/lazy-index")).toBe(true);
    expect(isRootProviderImport("@cdktf/provider-aws-extra")).toBe(false);
  });
});
