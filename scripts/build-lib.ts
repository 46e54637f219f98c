/**
 * `npm run build` (and `prepack`): compiles lib/ to dist/lib/ and the validator contract it imports to
 * dist/validator/src/ (JavaScript, .d.ts, source maps with their sources inlined) and copies the validator's Lambda zip into dist/validator/, where the
 * published package's `BackupModule` finds it (see lib/validator-package.ts).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { PACKAGED_VALIDATOR_ZIP } from "../lib/validator-package";

const ROOT = resolve(__dirname, "..");
const DIST = join(ROOT, "dist");
const BUILT_ZIP = join(ROOT, "validator", "dist", "backup-validator.zip");

if (!existsSync(BUILT_ZIP)) {
  console.error(`${BUILT_ZIP} is missing: run \`npm run build --workspace validator\` first (\`npm run build\` does both).`);
  process.exit(1);
}
rmSync(DIST, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
const zip = join(DIST, PACKAGED_VALIDATOR_ZIP);
mkdirSync(join(zip, ".."), { recursive: true });
copyFileSync(BUILT_ZIP, zip);
console.log(`dist/: compiled lib/ and ${PACKAGED_VALIDATOR_ZIP}`);
