/** The README documents the contract lib/ depends on; these keep the two in step. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VAR_NAMES, FINDING_CODES, OPTIONAL_IAM_ACTIONS, REQUIRED_IAM_ACTIONS } from "../src/contract";

const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");

describe("validator README", () => {
  it.each([...ENV_VAR_NAMES])("documents the environment variable %s", (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, "m"));
  });
  it.each([...FINDING_CODES])("documents the finding code %s", (code) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` \\|`, "m"));
  });
  it.each([...REQUIRED_IAM_ACTIONS, ...Object.values(OPTIONAL_IAM_ACTIONS).flat()])("lists the IAM action %s", (action) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${action}\``, "m"));
  });
});
