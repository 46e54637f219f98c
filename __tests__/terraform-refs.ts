import { TerraformJson } from "./synth";

/** One `${...}` interpolation found in a string of the synthesized JSON. */
export interface Interpolation {
  /** Where the string sits, e.g. `resource.aws_backup_plan.x.rule.0.schedule`. */
  readonly path: string;
  /** The expression between `${` and its matching `}`. */
  readonly expression: string;
}

/** Every string in a JSON value, with its path. */
function stringsIn(value: unknown, path: string, out: { path: string; text: string }[] = []): { path: string; text: string }[] {
  if (typeof value === "string") out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringsIn(v, `${path}.${i}`, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      // Object keys can hold interpolations too (e.g. map keys): treat them as strings.
      if (k.includes("${")) out.push({ path: `${path}.<key>`, text: k });
      stringsIn(v, `${path}.${k}`, out);
    }
  }
  return out;
}

/**
 * Every top-level `${...}` interpolation (braces matched, quoted strings inside skipped), including
 * those inside JSON-encoded policy documents, which are plain strings of the synthesized JSON.
 */
export function interpolations(json: unknown): Interpolation[] {
  const found: Interpolation[] = [];
  for (const { path, text } of stringsIn(json, "")) {
    let i = 0;
    while ((i = text.indexOf("${", i)) >= 0) {
      if (i > 0 && text[i - 1] === "$") {
        i += 2; // an escaped `$${`: literal text, not an interpolation
        continue;
      }
      let depth = 0;
      let j = i + 1;
      let quoted = false;
      for (; j < text.length; j++) {
        const c = text[j];
        if (quoted) {
          if (c === "\\") j++;
          else if (c === '"') quoted = false;
          continue;
        }
        if (c === '"') quoted = true;
        else if (c === "{") depth++;
        else if (c === "}" && --depth === 0) break;
      }
      found.push({ path: path.slice(1), expression: text.slice(i + 2, j) });
      i = j + 1;
    }
  }
  return found;
}

/** The expression with the contents of its quoted strings blanked, so literals are not read as references. */
function withoutStringLiterals(expression: string): string {
  return expression.replace(/"(?:[^"\\]|\\.)*"/g, (s) => `"${" ".repeat(s.length - 2)}"`);
}

/** A reference to a resource, data source, variable or local inside an expression. */
export interface Reference {
  readonly path: string;
  readonly expression: string;
  /** `aws_x.name`, `data.aws_x.name`, `var.name` or `local.name`. */
  readonly address: string;
  /** The resource's type and name (resources and data sources only). */
  readonly type?: string;
  readonly name?: string;
  readonly kind: "resource" | "data" | "var" | "local";
  /** Offset of the reference in the expression. */
  readonly index: number;
}

const REFERENCE = /(?<![\w.\]])(?:(data)\.([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)|(var|local)\.([A-Za-z_][\w-]*)|(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*))/g;

/** Every reference in every interpolation of the JSON. */
export function references(json: unknown): Reference[] {
  return interpolations(json).flatMap(({ path, expression }) => {
    const text = withoutStringLiterals(expression);
    return [...text.matchAll(REFERENCE)].map((m): Reference => {
      if (m[1]) return { path, expression, address: m[0], kind: "data", type: m[2], name: m[3], index: m.index };
      if (m[4]) return { path, expression, address: m[0], kind: m[4] as "var" | "local", name: m[5], index: m.index };
      return { path, expression, address: m[0], kind: "resource", type: m[6], name: m[7], index: m.index };
    });
  });
}

/** References that name nothing declared in the JSON (a resource, data source, variable or local). */
export function unresolvedReferences(json: TerraformJson): Reference[] {
  return references(json).filter((ref) => {
    switch (ref.kind) {
      case "resource": {
        // A for_each resource expanded into its instances (expandForEach) is there as NAME["key"].
        const byName = json.resource?.[ref.type!] ?? {};
        return byName[ref.name!] === undefined && !Object.keys(byName).some((name) => name.startsWith(`${ref.name}[`));
      }
      case "data":
        return json.data?.[ref.type!]?.[ref.name!] === undefined;
      case "var":
        return json.variable?.[ref.name!] === undefined;
      case "local":
        return json.locals?.[ref.name!] === undefined;
    }
  });
}

/**
 * References to a resource that has `count` other than `one(TYPE.NAME[*].ATTR)`, `TYPE.NAME[0]`,
 * or the bare `TYPE.NAME` of a `depends_on` entry: Terraform rejects `TYPE.NAME.ATTR` on a counted
 * resource.
 */
export function countedReferenceViolations(json: TerraformJson): Reference[] {
  const counted = (ref: Reference) => {
    const block = ref.kind === "resource" ? json.resource?.[ref.type!]?.[ref.name!] : ref.kind === "data" ? json.data?.[ref.type!]?.[ref.name!] : undefined;
    return block !== undefined && block.count !== undefined;
  };
  return references(json).filter((ref) => {
    if (!counted(ref)) return false;
    const text = ref.expression;
    const after = text.slice(ref.index + ref.address.length);
    const before = text.slice(0, ref.index);
    if (text === ref.address && /\.depends_on\.\d+$/.test(ref.path)) return false;
    if (after.startsWith("[0]")) return false;
    if (after.startsWith("[*].") && /one\(\s*$/.test(before)) return false;
    return true;
  });
}

/** Every resource that has `count`, as `type.name`. */
export function countedResources(json: TerraformJson): string[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName)
      .filter(([, block]) => block.count !== undefined)
      .map(([name]) => `${type}.${name}`),
  );
}

/**
 * Whether `value` refers to `address` (e.g. `var.environment`), directly or through the locals it
 * reads, followed transitively.
 */
export function readsFrom(json: TerraformJson, value: unknown, address: string, seen = new Set<string>()): boolean {
  return references({ value }).some((ref) => {
    if (ref.address === address) return true;
    if (ref.kind !== "local" || seen.has(ref.name!)) return false;
    seen.add(ref.name!);
    return readsFrom(json, json.locals?.[ref.name!], address, seen);
  });
}

/**
 * `depends_on` entries that Terraform rejects: anything but the bare address (`TYPE.NAME`) of a
 * resource in the configuration (an interpolation `${TYPE.NAME}` is "Invalid expression").
 */
export function dependsOnViolations(json: TerraformJson): string[] {
  const problems: string[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) {
      for (const entry of (block.depends_on ?? []) as string[]) {
        const [entryType, entryName] = entry.split(".");
        if (!/^[a-z0-9_]+\.[\w-]+$/.test(entry) || json.resource?.[entryType]?.[entryName] === undefined) {
          problems.push(`${type}.${name}: ${entry}`);
        }
      }
    }
  }
  return problems;
}

/** Every literal `undefined` in a string of the JSON: what cdktf writes for a dropped operand. */
export function undefinedOperands(json: unknown): string[] {
  return interpolations(json).filter((i) => /\bundefined\b/.test(i.expression)).map((i) => `${i.path}: ${i.expression}`);
}
