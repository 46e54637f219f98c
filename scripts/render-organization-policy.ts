/**
 * `npm run render:organization-policy`: rewrites the README's rendered production backup policy
 * ("Running across an organization") from lib/organization/ (a test fails when it is stale).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { withOrganizationPolicy } from "../lib/organization/readme";

const README = resolve(__dirname, "..", "README.md");
const readme = readFileSync(README, "utf8");
const updated = withOrganizationPolicy(readme);
if (updated !== readme) writeFileSync(README, updated);
console.log(updated === readme ? "README.md: organization policy up to date" : "README.md: organization policy rewritten");
