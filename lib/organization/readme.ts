import { arrakisOrganizationStackProps } from "../arrakis-organization-app";
import { BackupPolicyDocument, policyContent, renderBackupPolicy } from "./backup-policy";

/** Where the README shows the production backup policy (rewritten by `npm run render:organization-policy`). */
export const POLICY_BLOCK = { start: "<!-- organization-policy:start -->", end: "<!-- organization-policy:end -->" } as const;

/** The policy as a reader wants it: indented, each `{ "@@assign": ... }` and list of strings on one line. */
export function readablePolicy(document: BackupPolicyDocument): string {
  return JSON.stringify(document, null, 2)
    .replace(/\[\n\s*((?:"[^"\n]*",?\n\s*)+)\]/g, (_, items: string) => `[${items.trim().split(/,?\n\s*/).join(", ")}]`)
    .replace(/\{\n\s*("@@assign": [^\n]*)\n\s*\}/g, "{ $1 }");
}

/** The production backup policy of the three-environment app (the spec's production setup). */
export function productionPolicy(): BackupPolicyDocument {
  const production = arrakisOrganizationStackProps().environments.find((e) => e.backup.environment === "production")!;
  return renderBackupPolicy(production);
}

/** The README with its policy block rewritten (unchanged when it has no block). */
export function withOrganizationPolicy(readme: string): string {
  const start = readme.indexOf(POLICY_BLOCK.start);
  const end = readme.indexOf(POLICY_BLOCK.end);
  if (start < 0 || end < start) return readme;
  const document = productionPolicy();
  const block = `${POLICY_BLOCK.start}\n\`\`\`json\n${readablePolicy(document)}\n\`\`\`\n\n${policyContent(document).length} of 10,000 characters as sent to AWS Organizations (compact JSON).\n`;
  return readme.slice(0, start) + block + readme.slice(end);
}
