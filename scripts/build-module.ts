/**
 * `npm run build:module`: regenerates module/ from the BackupModule construct.
 * `npm run build:module -- --check`: exits 1, listing the differences, when module/ is stale.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { generateModuleFiles } from "../lib/terraform-module/generate";

const MODULE_DIR = resolve(__dirname, "..", "module");
/** Hand-written parts of module/ that generation leaves alone. */
const KEPT = ["tests"];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

async function main(): Promise<void> {
  const files = await generateModuleFiles();
  const existing = listFiles(MODULE_DIR)
    .map((path) => relative(MODULE_DIR, path))
    .filter((path) => !KEPT.some((kept) => path.startsWith(`${kept}/`)));
  if (process.argv.includes("--check")) {
    const stale = [
      ...[...files].filter(([path, content]) => !existsSync(join(MODULE_DIR, path)) || !readFileSync(join(MODULE_DIR, path)).equals(Buffer.from(content))).map(([path]) => `changed: ${path}`),
      ...existing.filter((path) => !files.has(path)).map((path) => `extra: ${path}`),
    ];
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
  for (const kept of KEPT) if (existsSync(join(MODULE_DIR, kept))) renameSync(join(MODULE_DIR, kept), join(staging, kept));
  rmSync(MODULE_DIR, { recursive: true, force: true });
  renameSync(staging, MODULE_DIR);
  console.log(`wrote ${files.size} files to module/`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
