/** `npm run validate:terraform` honours TF_PROVIDER_MIRROR (the full run is in terraform-provider.test.ts). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasTerraform } from "./provider-mirror";

const ROOT = resolve(__dirname, "..");

describe.skipIf(!hasTerraform)("scripts/validate-terraform.sh", () => {
  const empty = mkdtempSync(join(tmpdir(), "empty-mirror-"));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it("installs providers only from TF_PROVIDER_MIRROR when it is set, and says when it holds none", () => {
    const result = spawnSync("bash", [join(ROOT, "scripts", "validate-terraform.sh")], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, TF_PROVIDER_MIRROR: empty },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`TF_PROVIDER_MIRROR=${empty} holds no AWS provider`);
  });
});
