import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { BackupStack } from "../lib/backup-stack";
import { ResourceSet } from "../lib/for-each";
import { baseConfig } from "./synth";

/*
 * Repeated resources as one resource with for_each (ResourceSet), and the moved blocks that carry
 * each resource's previous address to its instance.
 */

function rules(enabled: boolean | string, sns: boolean | string = true) {
  const stack = new TerraformStack(Testing.app(), "set");
  const on = typeof enabled === "string" ? new TerraformVariable(stack, enabled, { type: "bool" }).booleanValue : enabled;
  const snsOn = typeof sns === "string" ? new TerraformVariable(stack, sns, { type: "bool" }).booleanValue : sns;
  const set = new ResourceSet<{ description: string }>(stack, {
    enabled: on,
    localName: "rule_instances",
    instances: [
      { key: "backup", values: { description: "Backup" } },
      { key: "sns", enabled: snsOn, values: { description: "SNS" } },
    ],
  });
  set.resource((forEach, each) => new CloudwatchEventRule(stack, "rules", { forEach, name: `x-${each.key}`, description: each.string("description") }), { id: (key) => key });
  return JSON.parse(Testing.synth(stack)) as { resource?: any; locals?: any; moved?: { from: string; to: string }[] };
}

describe("ResourceSet", () => {
  it("iterates over a literal map of the instances that exist, and moves each from its own previous resource", () => {
    const json = rules(true, false);
    const [name, rule] = Object.entries(json.resource.aws_cloudwatch_event_rule)[0] as [string, any];
    expect(rule.for_each).toEqual({ backup: { description: "Backup" } });
    expect(rule).toMatchObject({ name: "x-${each.key}", description: "${each.value.description}" });
    expect(json.locals).toBeUndefined();
    expect(json.moved).toEqual([{ from: "aws_cloudwatch_event_rule.backup", to: `aws_cloudwatch_event_rule.${name}["backup"]` }]);
  });

  it("creates nothing when no instance can exist", () => {
    const json = rules(false);
    expect(json.resource).toBeUndefined();
    expect(json.moved).toBeUndefined();
  });

  it("filters a local map by each instance's plan-time condition, and moves from the counted instance [0]", () => {
    const json = rules("on", "sns_on");
    const rule = Object.values(json.resource.aws_cloudwatch_event_rule)[0] as any;
    expect(rule.for_each).toBe("${{ for key, value in local.rule_instances : key => value if value.enabled }}");
    expect(json.locals.rule_instances).toEqual({
      backup: { enabled: "${var.on}", description: "Backup" },
      sns: { enabled: "${(var.on && var.sns_on)}", description: "SNS" },
    });
    expect(json.moved!.map((m) => m.from)).toEqual(["aws_cloudwatch_event_rule.backup[0]", "aws_cloudwatch_event_rule.sns[0]"]);
  });

  it("moves resources without making synth run terraform (cdktf's moveTo would validate `terraform version`)", () => {
    const path = process.env.PATH;
    process.env.PATH = "";
    try {
      const stack = new BackupStack(Testing.app(), "no-terraform", { region: "us-west-2", backup: baseConfig("production") });
      const json = JSON.parse(Testing.synth(stack, true)) as { moved?: unknown[] };
      expect(json.moved?.length).toBeGreaterThan(5);
    } finally {
      process.env.PATH = path;
    }
  });

  it("gives each instance value one token, however many resources read it", () => {
    const stack = new TerraformStack(Testing.app(), "tokens");
    const set = new ResourceSet<{ description: string }>(stack, { localName: "rules", instances: [{ key: "a", values: { description: "A" } }] });
    const read: string[] = [];
    set.resource((forEach, each) => {
      read.push(each.string("description"), each.string("description"));
      return new CloudwatchEventRule(stack, "rules", { forEach, name: `x-${each.key}`, description: read[0] });
    });
    expect(read[0]).toBe(read[1]);
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.values(json.resource.aws_cloudwatch_event_rule)[0]).toMatchObject({ description: "${each.value.description}" });
  });
});
