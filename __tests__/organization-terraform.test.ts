/**
 * `terraform validate` on the organization stack of main.ts, and `validate`/`test` on the module's
 * organization submodule, against the AWS provider schema from the local mirror (see
 * provider-mirror.ts). Skipped where there is no terraform binary or no mirror.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { addArrakisOrganizationStack } from "../lib/arrakis-app";
import { awsVersion, copyLowered, hasTerraform, lowerStackJson, scratch, terraform } from "./provider-mirror";

const ROOT = resolve(__dirname, "..");
const TIMEOUT = 180_000;

describe.skipIf(!hasTerraform || awsVersion === undefined)(`organization with the AWS provider ${awsVersion ?? "(none mirrored)"}`, () => {
  it("validates the synthesized backup-organization stack", () => {
    const { dir, env } = scratch();
    const json = JSON.parse(Testing.synth(addArrakisOrganizationStack(Testing.app()), true));
    const cwd = join(dir, "backup-organization");
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, "cdk.tf.json"), JSON.stringify(lowerStackJson(json)));
    terraform(["init", "-backend=false", "-input=false"], cwd, env);
    expect(terraform(["validate"], cwd, env)).toContain("The configuration is valid");
  }, TIMEOUT);
});
