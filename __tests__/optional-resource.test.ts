import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { OptionalResource } from "../lib/values";

/*
 * OptionalResource: a resource that exists, doesn't, or exists by a plan-time condition, and the
 * attributes read from it.
 */

function topicWhen(condition: boolean | "plan-time") {
  const stack = new TerraformStack(Testing.app(), "optional");
  const holds = condition === "plan-time" ? new TerraformVariable(stack, "on", { type: "bool" }).booleanValue : condition;
  const topic = OptionalResource.when(holds, (count) => new SnsTopic(stack, "topic", { count, name: "t" }));
  return { stack, topic };
}

function outputs(stack: TerraformStack, values: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(values)) new TerraformOutput(stack, name, { value });
  const json = JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: string }> };
  return Object.fromEntries(Object.entries(json.output).map(([name, { value }]) => [name, value]));
}

describe("OptionalResource attributes", () => {
  it.each([true, false, "plan-time"] as const)("are one token per attribute, however often read (condition %s)", (condition) => {
    const { topic } = topicWhen(condition);
    expect(topic.attribute("arn")).toBe(topic.attribute("arn"));
    expect(topic.attributeOrEmpty("arn")).toBe(topic.attributeOrEmpty("arn"));
    expect(topic.attribute("arn")).not.toBe(topic.attribute("name"));
  });

  it("read the resource itself, its single instance, or nothing", () => {
    const on = topicWhen(true);
    expect(outputs(on.stack, { arn: on.topic.attribute("arn"), either: on.topic.attributeOrEmpty("arn") })).toEqual({
      arn: "${aws_sns_topic.topic.arn}",
      either: "${aws_sns_topic.topic.arn}",
    });
    const planTime = topicWhen("plan-time");
    expect(outputs(planTime.stack, { arn: planTime.topic.attribute("arn"), either: planTime.topic.attributeOrEmpty("arn") })).toEqual({
      arn: "${one(aws_sns_topic.topic[*].arn)}",
      either: '${one(aws_sns_topic.topic[*].arn) == null ? "" : one(aws_sns_topic.topic[*].arn)}',
    });
    const off = topicWhen(false);
    expect(off.topic.exists).toBe(false);
    expect(off.topic.attributeOrEmpty("arn")).toBe("");
  });
});
