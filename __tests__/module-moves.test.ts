/**
 * The module's `moved` blocks, checked by Terraform itself: a model of the module in which every
 * resource is a `terraform_data` of the same address shape (counted, iterated or single, as in
 * module/) is applied at the previous addresses, then planned with module/moved.tf's blocks at the
 * current ones. Terraform must accept every block (no ambiguous or conflicting moves) and plan
 * moves only: nothing destroyed, nothing created. The app's stacks' `moved` blocks (to the
 * instances of their `for_each` resources) get the same check. Needs only a terraform binary.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { BackupStack } from "../lib/backup-stack";
import { ENVIRONMENTS } from "../lib/config";
import { appStackProps } from "./app-stacks";
import { hasTerraform, scratch, terraform } from "./provider-mirror";

const MODULE_DIR = join(__dirname, "..", "module");
const moduleText = readdirSync(MODULE_DIR)
  .filter((f) => f.endsWith(".tf"))
  .map((f) => readFileSync(join(MODULE_DIR, f), "utf8"))
  .join("\n");

/** How each current resource is instantiated: by `count`, `for_each` or neither (meta-arguments come first). */
const shapes = new Map(
  [...moduleText.matchAll(/^resource "([a-z0-9_]+)" "([a-z0-9_]+)" \{\n\s*(count|for_each)?/gm)].map(([, type, name, meta]) => [`${type}.${name}`, meta ?? "single"]),
);
const moves = [...moduleText.matchAll(/moved \{\s*from\s*=\s*(\S+)\s*to\s*=\s*(\S+)\s*\}/g)].map(([, from, to]) => ({ from, to }));

/** `aws_x.name["key"]` as the model's `terraform_data.aws_x__name["key"]`. */
const model = (address: string) => address.replace(/^([a-z0-9_]+)\.([a-z0-9_]+)/, "terraform_data.$1__$2");
const resourceOf = (address: string) => address.replace(/\[[^\]]*\]$/, "");

/** Where a whole resource ends up, following whole-resource moves: its instances move with it. */
function finalResource(address: string): string {
  const next = moves.find((m) => m.from === address && !m.from.includes("["));
  return next ? finalResource(next.to) : address;
}

/** Applies the `old` model, then plans the `current` one with the `moved` blocks: terraform's plan output. */
function planMoves(old: string[], current: string[], movedBlocks: readonly { from: string; to: string }[]): string {
  const { dir, env } = scratch();
  const cwd = join(dir, "moves");
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, "main.tf"), old.join("\n"));
  terraform(["init", "-input=false"], cwd, env);
  terraform(["apply", "-auto-approve", "-input=false"], cwd, env);
  const blocks = movedBlocks.map(({ from, to }) => `moved {\n  from = ${model(from)}\n  to   = ${model(to)}\n}\n`);
  writeFileSync(join(cwd, "main.tf"), [...current, ...blocks].join("\n"));
  return terraform(["plan", "-input=false", "-no-color", "-refresh=false"], cwd, env);
}

describe.skipIf(!hasTerraform)("module/moved.tf, applied by terraform to the previous addresses", () => {
  it("moves every previous resource to its current address, destroying and creating nothing", () => {
    const targets = new Set(moves.map((m) => resourceOf(m.to)));
    // The previous resources: the start of every chain.
    const previous = [...new Set(moves.map((m) => resourceOf(m.from)))].filter((r) => !targets.has(r));
    expect(previous.length).toBeGreaterThan(50);
    const counted = (resource: string) =>
      moves.some((m) => m.from === `${resource}[0]`) || shapes.get(finalResource(resource)) === "count" || moves.some((m) => m.from === `${finalResource(resource)}[0]`);
    const old = previous.map((r) => `resource "terraform_data" "${model(r).split(".")[1]}" {\n${counted(r) ? "  count = 1\n" : ""}  input = "${r}"\n}\n`);
    // Resources that kept their address were there before too, in the same shape.
    for (const [address, shape] of shapes) {
      if (targets.has(address)) continue;
      expect(shape, `${address} is iterated but no moved block leads to it`).not.toBe("for_each");
      old.push(`resource "terraform_data" "${model(address).split(".")[1]}" {\n${shape === "count" ? "  count = 1\n" : ""}  input = "${address}"\n}\n`);
    }

    // The current resources: each with the instances the moves lead to (a counted one's [0], an iterated one's keys).
    const keys = new Map<string, string[]>();
    for (const { to } of moves) {
      const key = /\[("[^"]*")\]$/.exec(to)?.[1];
      if (key) keys.set(resourceOf(to), [...(keys.get(resourceOf(to)) ?? []), key]);
    }
    const current = [...shapes].map(([address, shape]) => {
      const name = model(address).split(".")[1];
      const meta = shape === "count" ? "  count = 1\n" : shape === "for_each" ? `  for_each = toset([${(keys.get(address) ?? []).join(", ")}])\n` : "";
      return `resource "terraform_data" "${name}" {\n${meta}  input = "${address}"\n}\n`;
    });
    const plan = planMoves(old, current, moves);
    // Inputs name the address, so a moved object shows an in-place update of its input, never a replacement.
    expect(plan).toMatch(/Plan: 0 to add, \d+ to change, 0 to destroy\./);
    expect(plan).toContain('terraform_data.aws_backup_report_plan__this["backup_job_report"] will be updated in-place');
    expect(plan).toContain('terraform_data.aws_cloudwatch_event_rule__job_alerts["backup_job_issues"] will be updated in-place');
    expect(plan).toContain('terraform_data.aws_cloudwatch_event_target__job_alerts["restore_job_failed"] will be updated in-place');
    expect(plan).not.toContain("must be replaced");
    for (const r of previous) expect(plan, r).toContain(`${model(r)}`);
  }, 300_000);
});

describe.skipIf(!hasTerraform)("the stacks' moved blocks, applied by terraform to the previous addresses", () => {
  it.each(ENVIRONMENTS.map((env) => `backup-${env}`))("%s moves every previous resource to its instance, destroying and creating nothing", (name) => {
    const environment = name.replace("backup-", "") as (typeof ENVIRONMENTS)[number];
    const stack = new BackupStack(Testing.app(), name, appStackProps(environment));
    const stackMoves = ((JSON.parse(Testing.synth(stack)) as { moved?: { from: string; to: string }[] }).moved ?? []);
    expect(stackMoves.length).toBeGreaterThan(0);
    // The previous resources, counted where the move starts at [0]; the current ones with the keys the moves lead to.
    const old = stackMoves.map(({ from }) => {
      const counted = from.endsWith("[0]");
      return `resource "terraform_data" "${model(resourceOf(from)).split(".")[1]}" {\n${counted ? "  count = 1\n" : ""}  input = "${resourceOf(from)}"\n}\n`;
    });
    const keys = new Map<string, string[]>();
    for (const { to } of stackMoves) keys.set(resourceOf(to), [...(keys.get(resourceOf(to)) ?? []), /\[("[^"]*")\]$/.exec(to)![1]]);
    const current = [...keys].map(([address, k]) => `resource "terraform_data" "${model(address).split(".")[1]}" {\n  for_each = toset([${k.join(", ")}])\n  input = "${address}"\n}\n`);
    const plan = planMoves(old, current, stackMoves);
    expect(plan).toMatch(new RegExp(`Plan: 0 to add, ${stackMoves.length} to change, 0 to destroy\\.`));
    for (const { from } of stackMoves) expect(plan, from).toContain(`${model(resourceOf(from))}`);
  }, 300_000);
});
