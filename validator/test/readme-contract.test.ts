/** The README documents the contract lib/ depends on; these keep the two in step. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VAR_NAMES, EXIT_CODES, FINDING_CODES, IAM_PERMISSIONS, METRIC_NAMES, OPTIONAL_IAM_ACTIONS, REPORT_STATUSES, REQUIRED_IAM_ACTIONS } from "../src/contract";

const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");

describe("validator README", () => {
  it.each([...ENV_VAR_NAMES])("documents the environment variable %s", (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, "m"));
  });
  it.each([...FINDING_CODES])("documents the finding code %s", (code) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` \\|`, "m"));
  });
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  it.each([...REQUIRED_IAM_ACTIONS, ...Object.values(OPTIONAL_IAM_ACTIONS).flat()])("lists the IAM action %s", (action) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${escape(action)}\``, "m"));
  });
  it.each(IAM_PERMISSIONS.filter((p) => p.viaService).flatMap((p) => p.actions.map((a) => [a, p.viaService!] as const)))(
    "says %s is limited to its service (%s) with kms:ViaService", (action, service) => {
      expect(readme).toMatch(new RegExp(`^\\| \`${escape(action)}\` \\|[^\\n]*kms:ViaService\` = \`${service}\\.`, "m"));
    });
  it.each([...REPORT_STATUSES])("documents the status %s and its exit code in the one statuses table", (status) => {
    const code = EXIT_CODES[status];
    expect(readme).toMatch(new RegExp(`^\\| \`${status}\` \\|[^|]+\\|[^|]+\\| \`${code}\` \\|`, "m"));
  });
  it("documents the usage exit code", () => {
    expect(readme).toMatch(new RegExp(`^\\| \\(bad input\\) \\|[^|]+\\|[^|]*\\| \`${EXIT_CODES.USAGE}\` \\|`, "m"));
  });
  it.each(Object.values(METRIC_NAMES))("documents the metric %s", (name) => {
    expect(readme).toContain(`\`${name}\``);
  });
});
