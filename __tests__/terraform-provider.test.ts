/**
 * `terraform validate` on every synthesized stack, the module and the examples, and
 * `terraform test` on the module, against the real AWS provider schema from a local mirror (see
 * provider-mirror.ts). Skipped where there is no terraform binary or no mirror.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { App } from "cdktf";
import { describe, expect, it } from "vitest";
import { addArrakisStacks } from "../lib/arrakis-app";
import { awsVersion, copyLowered, hasTerraform, lowerStackJson, scratch, terraform } from "./provider-mirror";

const ROOT = resolve(__dirname, "..");
const TIMEOUT = 180_000;

describe.skipIf(!hasTerraform || awsVersion === undefined)(`terraform with the AWS provider ${awsVersion ?? "(none mirrored)"}`, () => {
  it("validates the module and passes its terraform tests (environment defaults, rejected inputs)", () => {
    const { dir, env } = scratch();
    copyLowered(join(ROOT, "module"), join(dir, "module"));
    const cwd = join(dir, "module");
    terraform(["init", "-backend=false", "-input=false"], cwd, env);
    expect(terraform(["validate"], cwd, env)).toContain("The configuration is valid");
    const test = terraform(["test"], cwd, env);
    expect(test).toMatch(/Success! 27 passed, 0 failed/);
    // 27 plans: about 60 s on an idle 2-core machine, over 180 s when it is shared.
  }, 2 * TIMEOUT);

  it.each(["quick-start", "production", "multi-environment"])("validates examples/%s calling the module", (example) => {
    const { dir, env } = scratch();
    copyLowered(join(ROOT, "module"), join(dir, "module"));
    copyLowered(join(ROOT, "examples", example), join(dir, "examples", example));
    const cwd = join(dir, "examples", example);
    terraform(["init", "-backend=false", "-input=false"], cwd, env);
    expect(terraform(["validate"], cwd, env)).toContain("The configuration is valid");
  }, TIMEOUT);

  it("validates the three synthesized stacks of main.ts", () => {
    const { dir, env } = scratch();
    const app = new App({ outdir: join(dir, "cdktf.out") });
    addArrakisStacks(app);
    app.synth();
    for (const stack of ["backup-development", "backup-staging", "backup-production"]) {
      const stackDir = join(dir, "cdktf.out", "stacks", stack);
      const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
      const cwd = join(dir, "validate", stack);
      mkdirSync(cwd, { recursive: true });
      writeFileSync(join(cwd, "cdk.tf.json"), JSON.stringify(lowerStackJson(json)));
      // The validator zip the stack deploys, at the path the stack names.
      const zip = json.resource.aws_lambda_function[Object.keys(json.resource.aws_lambda_function)[0]].filename as string;
      mkdirSync(join(cwd, zip, ".."), { recursive: true });
      writeFileSync(join(cwd, zip), readFileSync(join(stackDir, zip)));
      terraform(["init", "-backend=false", "-input=false"], cwd, env);
      expect(terraform(["validate"], cwd, env), stack).toContain("The configuration is valid");
    }
  }, TIMEOUT);
});
