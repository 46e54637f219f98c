/**
 * Issue 11's constructs against the real AWS provider schema (the mirror's; lowered to provider 5
 * where that is all it holds): every argument and block of the restore testing plan and
 * selections, framework, report plans, bucket resources and dashboard, created outright and under
 * a plan-time switch (count, read through one(...[*])).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { awsVersion, hasTerraform, lowerStackJson, scratch, terraform } from "./provider-mirror";
import { synthRecovery } from "./recovery-stack";
import { countedReferenceViolations } from "./terraform-refs";

describe.skipIf(!hasTerraform || awsVersion === undefined)(`issue 11 constructs with the AWS provider ${awsVersion ?? "(none mirrored)"}`, () => {
  it.each(["literal", "variable"] as const)("validates with a %s switch", (enabled) => {
    const { json, stack } = synthRecovery(enabled);
    expect(countedReferenceViolations(json)).toEqual([]);
    const { dir, env } = scratch();
    const cwd = join(dir, enabled);
    mkdirSync(cwd, { recursive: true });
    // As synthesized: for_each resources stay resources (synthRecovery's JSON has them expanded into instances).
    writeFileSync(join(cwd, "cdk.tf.json"), JSON.stringify(lowerStackJson(JSON.parse(Testing.synth(stack)) as never)));
    terraform(["init", "-backend=false", "-input=false"], cwd, env);
    expect(terraform(["validate"], cwd, env)).toContain("The configuration is valid");
  }, 180_000);
});
