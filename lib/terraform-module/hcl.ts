/**
 * Renders Terraform JSON as HCL native syntax (before `terraform fmt`-style formatting, which
 * `format()` from @cdktf/hcl-tools applies). Nested blocks are told from map attributes by name,
 * which is enough for the resources this project generates; cdktf's own HCL output cannot print
 * nulls in locals, preconditions or overridden dynamic blocks, so it is not used.
 */

/** Keys that are nested blocks when their value is an object or a list of objects. */
const BLOCK_KEYS = new Set([
  "lifecycle",
  "precondition",
  "postcondition",
  "validation",
  "rule",
  "copy_action",
  "condition",
  "string_equals",
  "string_not_equals",
  "string_like",
  "string_not_like",
  "environment",
  "tracing_config",
  "dead_letter_config",
  "destination_config",
  "on_failure",
  "logging_config",
  "vpc_config",
  "input_transformer",
  "metric_query",
  "metric",
  "content",
  "required_providers",
  // Issue 11: restore testing, Backup Audit Manager, the reports bucket
  "recovery_point_selection",
  "protected_resource_conditions",
  "control",
  "input_parameter",
  "scope",
  "report_delivery_channel",
  "report_setting",
  "versioning_configuration",
  "apply_server_side_encryption_by_default",
  "filter",
  "expiration",
  "noncurrent_version_expiration",
  "abort_incomplete_multipart_upload",
]);

/** Attributes whose string value is a JSON document, rendered as `jsonencode({...})`. */
const JSON_DOCUMENT_KEYS = new Set(["policy", "assume_role_policy", "event_pattern", "dashboard_body"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: Json): value is { [key: string]: Json } => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Walks `text` from `from`, skipping quoted strings, and calls `visit` with every other character,
 * its index and the bracket depth after it (counting the `open` and `close` characters); the
 * first number `visit` returns ends the walk and is returned.
 */
function scan(text: string, from: number, open: string, close: string, visit: (c: string, i: number, depth: number) => number | undefined): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (open.includes(c)) depth++;
    else if (close.includes(c)) depth--;
    const result = visit(c, i, depth);
    if (result !== undefined) return result;
  }
  return undefined;
}

/**
 * The end index (exclusive) of the interpolation whose `{` is at `openBrace`, skipping braces
 * inside quoted strings; the template's length when it never closes.
 */
function interpolationEnd(template: string, openBrace: number): number {
  return scan(template, openBrace, "{", "}", (c, i, depth) => (c === "}" && depth === 0 ? i + 1 : undefined)) ?? template.length;
}

/** A JSON string value (a Terraform template) as an HCL expression. */
export function renderTemplate(template: string): string {
  if (template.startsWith("${") && interpolationEnd(template, 1) === template.length) {
    return template.slice(2, -1).trim();
  }
  let out = "";
  for (let i = 0; i < template.length; ) {
    if (template.startsWith("$${", i) || template.startsWith("%%{", i)) {
      out += template.slice(i, i + 3);
      i += 3;
    } else if (template.startsWith("${", i)) {
      const end = interpolationEnd(template, i + 1);
      out += template.slice(i, end);
      i = end;
    } else {
      const c = template[i++];
      out += c === "\\" ? "\\\\" : c === '"' ? '\\"' : c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : c;
    }
  }
  return `"${out}"`;
}

function renderKey(key: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
}

/** Any JSON value as an HCL expression; objects and long lists span several lines. */
export function renderValue(value: Json, indent = ""): string {
  if (value === null) return "null";
  if (typeof value === "string") return renderTemplate(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item) => renderValue(item, inner));
    const oneLine = `[${items.join(", ")}]`;
    if (oneLine.length <= 80 && !oneLine.includes("\n")) return oneLine;
    return `[\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => renderEntry(renderKey(k), v, inner)).join("\n")}\n${indent}}`;
}

/** Longest string piece `join(" ", [...])` aims for when it splits a long string. */
const PIECE = 110;

/**
 * The indices of the spaces of a rendered HCL string literal's text (quotes excluded) that lie
 * outside `${...}` interpolations: where the text may be split and joined again with " ".
 */
function splittableSpaces(text: string): number[] {
  const spaces: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) i += 2;
    else if (text.startsWith("${", i)) i = interpolationEnd(text, i + 1) - 1;
    else if (text[i] === "\\") i++;
    else if (text[i] === " ") spaces.push(i);
  }
  return spaces;
}

/**
 * A long quoted string as `join(" ", [...])` of pieces of about {@link PIECE} characters, split at
 * spaces outside interpolations, so that no line is over {@link MAX_LINE}; the value is the same
 * string. Undefined when the string has nowhere to split.
 */
export function splitLongString(rendered: string, indent: string): string | undefined {
  if (!rendered.startsWith('"') || !rendered.endsWith('"')) return undefined;
  const text = rendered.slice(1, -1);
  const pieces: string[] = [];
  let start = 0;
  let last = -1;
  for (const space of [...splittableSpaces(text), text.length]) {
    // Split before a piece grows over PIECE, unless (after a first split) the rest is short enough to stay with it.
    const restFits = pieces.length > 0 && text.length - start <= Math.min(PIECE + 30, MAX_LINE - indent.length - 8);
    if (space - start > PIECE && last > start && !restFits) {
      pieces.push(text.slice(start, last));
      start = last + 1;
    }
    last = space;
  }
  pieces.push(text.slice(start));
  if (pieces.length < 2) return undefined;
  const inner = `${indent}  `;
  return `join(" ", [\n${pieces.map((piece) => `${inner}"${piece}",`).join("\n")}\n${indent}])`;
}

/** `key = value` at `indent`: long strings split with `join`, long expressions over several lines. */
export function renderEntry(key: string, value: Json, indent: string): string {
  if (JSON_DOCUMENT_KEYS.has(key) && typeof value === "string" && value.trimStart().startsWith("{")) {
    try {
      return `${indent}${key} = jsonencode(${renderValue(JSON.parse(value) as Json, indent)})`;
    } catch {
      // Not JSON after all (an expression): render as it is.
    }
  }
  const rendered = renderValue(value, indent);
  const head = `${indent}${key} = `;
  // `terraform fmt` aligns the `=` of neighbouring lines: leave room for that padding.
  if (head.length + rendered.length <= MAX_LINE - ALIGNMENT_ROOM || rendered.includes("\n")) return `${head}${rendered}`;
  if (typeof value === "string" && rendered.startsWith('"')) return `${head}${splitLongString(rendered, indent) ?? rendered}`;
  return `${head}${breakLongExpression(rendered, indent, key.length + 3)}`;
}

/** Longest line the generated HCL aims for. */
export const MAX_LINE = 160;

/** Room left on a line for the spaces `terraform fmt` adds to align `=` signs. */
const ALIGNMENT_ROOM = 25;

/** The operands of a binary operator at the top level of an expression (outside brackets and strings). */
function topLevelSplit(expression: string, operator: string): string[] {
  const at: number[] = [];
  scan(expression, 0, "([{", ")]}", (_c, i, depth) => {
    if (depth === 0 && expression.startsWith(` ${operator} `, i)) at.push(i);
    return undefined;
  });
  return [0, ...at].map((start, n) => expression.slice(n === 0 ? 0 : start + operator.length + 2, at[n] ?? expression.length));
}

/** Whether the whole expression is one parenthesised group. */
function isGroup(expression: string): boolean {
  return expression.startsWith("(") && closingOf(expression) === expression.length - 1;
}

/** The index of the bracket that closes the expression's first one, or -1. */
function closingOf(expression: string): number {
  return scan(expression, 0, "([{", ")]}", (c, i, depth) => (")]}".includes(c) && depth === 0 ? i : undefined)) ?? -1;
}

/**
 * A long boolean expression over several lines: `alltrue([for ... : body])` with the body on its
 * own lines, and `a || b`, `a && b` one operand per line inside parentheses (where HCL ignores
 * newlines). Shorter expressions stay on one line.
 */
export function breakLongExpression(expression: string, indent: string, prefix = 0): string {
  if (prefix + indent.length + expression.length <= MAX_LINE - 20) return expression;
  const inner = `${indent}  `;
  const forAll = /^alltrue\(\[for ([^:]+?) : ([\s\S]*)\]\)$/.exec(expression);
  if (forAll && closingOf(expression) === expression.length - 1) {
    return `alltrue([\n${inner}for ${forAll[1]} :\n${inner}${breakLongExpression(forAll[2], inner)}\n${indent}])`;
  }
  if (isGroup(expression)) {
    // Broken over lines, the operands come back in parentheses of their own; unbroken, keep these.
    const inner = breakLongExpression(expression.slice(1, -1), indent, prefix);
    return inner.includes("\n") ? inner : expression;
  }
  // `condition ? a : b` (HCL evaluates both sides of || and &&, so guards stay conditionals): b below.
  const conditional = topLevelSplit(expression, "?");
  const outcomes = conditional.length === 2 ? topLevelSplit(conditional[1], ":") : [];
  if (outcomes.length === 2) {
    const [test, [whenTrue, whenFalse]] = [conditional[0], outcomes];
    const head = `${test} ? ${whenTrue} : `;
    if (whenFalse.startsWith("(") && prefix + indent.length + head.length <= MAX_LINE - 40) {
      return `${head}${breakLongExpression(whenFalse, indent, prefix + head.length)}`;
    }
    // Inside parentheses HCL ignores newlines: the test, then each outcome on a line of its own.
    const lines = [test.trim(), `? ${breakLongExpression(whenTrue.trim(), inner, 2)}`, `: ${breakLongExpression(whenFalse.trim(), inner, 2)}`];
    return `(\n${lines.map((line) => `${inner}${line}`).join("\n")}\n${indent})`;
  }
  for (const operator of ["||", "&&"]) {
    const operands = topLevelSplit(expression, operator);
    if (operands.length > 1) {
      const lines = operands.map((part, i) => `${inner}${i === 0 ? "" : `${operator} `}${breakLongExpression(part.trim(), inner)}`);
      return `(\n${lines.join("\n")}\n${indent})`;
    }
  }
  return breakBrackets(expression, indent);
}

/** Items of a bracket's content at its top level, split at commas (none inside a `for` expression). */
function topLevelItems(content: string): string[] {
  if (/^\s*for\s/.test(content)) return [content.trim()];
  const at: number[] = [];
  scan(content, 0, "([{", ")]}", (c, i, depth) => {
    if (c === "," && depth === 0) at.push(i);
    return undefined;
  });
  return [-1, ...at]
    .map((start, n) => content.slice(start + 1, at[n] ?? content.length).trim())
    .filter((item) => item !== "");
}

/**
 * A long call, list or object over several lines: the last bracket group that closes the
 * expression gets one item per line (short scalars packed), each item broken in turn.
 */
function breakBrackets(expression: string, indent: string): string {
  const close = expression[expression.length - 1];
  const open = { ")": "(", "]": "[", "}": "{" }[close];
  if (open === undefined) return expression;
  // The group's opening bracket: scanning backwards at depth 0, outside strings (found by a forward scan).
  let start = -1;
  const opens: number[] = [];
  scan(expression, 0, "([{", ")]}", (c, i) => {
    if ("([{".includes(c)) opens.push(i);
    else if (")]}".includes(c)) {
      const o = opens.pop();
      if (i === expression.length - 1 && o !== undefined) start = o;
    }
    return undefined;
  });
  if (start < 0) return expression;
  const head = expression.slice(0, start + 1);
  const items = topLevelItems(expression.slice(start + 1, -1));
  if (items.length === 0) return expression;
  const inner = `${indent}  `;
  const isObject = open === "{" && !/^for\s/.test(items[0]);
  const scalar = (item: string) => /^("[^"]*"|-?[0-9.]+|true|false|null)$/.test(item);
  const lines: string[] = [];
  if (!isObject && items.every(scalar)) {
    // Pack short values several to a line.
    let line = "";
    for (const item of items) {
      if (line !== "" && inner.length + line.length + item.length + 2 > MAX_LINE - 40) {
        lines.push(`${inner}${line}`);
        line = "";
      }
      line += `${item}, `;
    }
    lines.push(`${inner}${line.trimEnd()}`);
  } else {
    for (const item of items) {
      const broken = isObject ? breakObjectItem(item, inner) : breakLongExpression(item, inner);
      lines.push(`${inner}${broken}${isObject || /^for\s/.test(item) ? "" : ","}`);
    }
  }
  return `${head}\n${lines.join("\n")}\n${indent}${close}`;
}

/** One `key = value` item of an object constructor, its value broken when long. */
function breakObjectItem(item: string, indent: string): string {
  const [key, ...value] = topLevelSplit(item, "=");
  if (value.length === 0) return item;
  const rhs = value.join(" = ").trim();
  return `${key.trim()} = ${breakLongExpression(rhs, indent, key.length + 3)}`;
}

function renderAttribute(key: string, value: Json, indent: string): string {
  if (key === "condition" && typeof value === "string") {
    return `${indent}${key} = ${breakLongExpression(renderValue(value, indent), indent, key.length + 3)}`;
  }
  if (key === "depends_on" && Array.isArray(value)) {
    // Resource addresses, never strings; cdktf writes them bare or as a whole interpolation.
    const addresses = value.map((address) => String(address).replace(/^\$\{(.*)\}$/, "$1"));
    return `${indent}depends_on = [${addresses.join(", ")}]`;
  }
  return renderEntry(key, value, indent);
}

/** Meta-arguments come first in a block, as Terraform's style guide has it. */
const META_ARGUMENTS = ["count", "for_each", "depends_on"];

/** Meta-arguments first, then the rest in key order; `lifecycle` stays last among blocks. */
function styleOrder(body: { [key: string]: Json }): [string, Json][] {
  const rank = (key: string) => (META_ARGUMENTS.includes(key) ? META_ARGUMENTS.indexOf(key) - META_ARGUMENTS.length : key === "lifecycle" ? 1 : 0);
  return Object.entries(body).sort(([a], [b]) => rank(a) - rank(b));
}

/** The body of a block: meta-arguments, attributes, nested blocks, then `lifecycle`. */
export function renderBody(body: { [key: string]: Json }, indent: string): string[] {
  const meta: string[] = [];
  const attributes: string[] = [];
  const blocks: string[][] = [];
  for (const [key, value] of styleOrder(body)) {
    if (key === "//" || (BLOCK_KEYS.has(key) && Array.isArray(value) && value.length === 0)) continue;
    if (key === "dynamic" && isObject(value)) {
      for (const [name, dynamic] of Object.entries(value)) blocks.push(renderBlock(`dynamic ${JSON.stringify(name)}`, dynamic as { [key: string]: Json }, indent));
    } else if (BLOCK_KEYS.has(key) && (isObject(value) || (Array.isArray(value) && value.length > 0 && value.every(isObject)))) {
      const instances = Array.isArray(value) ? value : [value];
      for (const instance of instances) blocks.push(renderBlock(key, instance as { [key: string]: Json }, indent));
    } else {
      (META_ARGUMENTS.includes(key) ? meta : attributes).push(renderAttribute(key, value, indent));
    }
  }
  // As the style guide has it: meta-arguments, a blank line, the arguments, then each nested block after a blank line.
  const sections = [meta, attributes, ...blocks].filter((lines) => lines.length > 0);
  return sections.flatMap((lines, i) => (i === 0 ? lines : ["", ...lines]));
}

/** A block `header { ... }` as lines. */
export function renderBlock(header: string, body: { [key: string]: Json }, indent = ""): string[] {
  const lines = renderBody(body, `${indent}  `);
  if (lines.length === 0) return [`${indent}${header} {}`];
  return [`${indent}${header} {`, ...lines, `${indent}}`];
}

/** Top-level blocks of one kind (`resource`, `data`) as HCL, one block per labelled entry. */
export function renderLabelledBlocks(kind: string, byType: { [type: string]: { [name: string]: Json } }): string[] {
  return Object.entries(byType).flatMap(([type, byName]) =>
    Object.entries(byName).map((entry) => renderBlock(`${kind} ${JSON.stringify(type)} ${JSON.stringify(entry[0])}`, entry[1] as { [key: string]: Json }).join("\n")),
  );
}
