/**
 * `npm run build:module`: regenerates module/ from the BackupModule construct.
 * `npm run build:module -- --check`: exits 1, listing the differences, when module/ is stale.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { withInputTable } from "../lib/inputs";
import { generateModuleFiles } from "../lib/terraform-module/generate";
import { HAND_WRITTEN, staleModuleFiles } from "../lib/terraform-module/module-dir";

const MODULE_DIR = resolve(__dirname, "..", "module");

const ROOT_README = resolve(__dirname, "..", "README.md");

async function main(): Promise<void> {
  const files = await generateModuleFiles();
  const readme = readFileSync(ROOT_README, "utf8");
  if (process.argv.includes("--check")) {
    const stale = staleModuleFiles(MODULE_DIR, files);
    if (withInputTable(readme) !== readme) stale.push("changed: README.md (input table)");
    if (stale.length > 0) {
      console.error(`module/ is out of date with the construct; run \`npm run build:module\`:\n  ${stale.join("\n  ")}`);
      process.exitCode = 1;
    } else console.log(`module/ is up to date (${files.size} files)`);
    return;
  }
  // Write into a sibling directory, then swap, so a failure never leaves a half-written module.
  const staging = `${MODULE_DIR}.staging`;
  rmSync(staging, { recursive: true, force: true });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(staging, path)), { recursive: true });
    writeFileSync(join(staging, path), content);
  }
  for (const kept of HAND_WRITTEN) if (existsSync(join(MODULE_DIR, kept))) renameSync(join(MODULE_DIR, kept), join(staging, kept));
  rmSync(MODULE_DIR, { recursive: true, force: true });
  renameSync(staging, MODULE_DIR);
  // The root README's input table comes from the same registry.
  writeFileSync(ROOT_README, withInputTable(readme));
  console.log(`wrote ${files.size} files to module/`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
