import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build, type BuildOptions } from "esbuild";
import { deterministicZip } from "./zip";

/** The Lambda package must stay under this size (bytes). */
export const MAX_ZIP_BYTES = 250 * 1024;

/** Package root (validator/). */
export const PACKAGE_DIR = resolve(__dirname, "..");

/** What a build produced. */
export interface BuildResult {
  zipPath: string;
  zipBytes: number;
  /** Base64 SHA-256 of the zip, as Terraform's source_code_hash expects. */
  sha256: string;
  bundleBytes: number;
}

const common: BuildOptions = {
  bundle: true,
  minify: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  // ES module builds of the SDK tree-shake far better than its CommonJS builds.
  mainFields: ["module", "main"],
  legalComments: "eof",
  write: false,
  logLevel: "warning",
};

/** Writes a file next to its final name, then renames, so no half-written file is left behind. */
function writeAtomic(path: string, data: Buffer | string, mode = 0o644): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, path);
}

/**
 * Bundles the handler (AWS SDK included) into one minified CommonJS file, zips it
 * deterministically as `index.js`, writes the base64 SHA-256 beside it, and bundles the CLI.
 */
export async function buildValidator(outDir = join(PACKAGE_DIR, "dist")): Promise<BuildResult> {
  const [lambda, cli] = await Promise.all([
    build({ ...common, entryPoints: [join(PACKAGE_DIR, "src/index.ts")], outfile: join(outDir, "index.js") }),
    build({ ...common, entryPoints: [join(PACKAGE_DIR, "src/cli-main.ts")], outfile: join(outDir, "cli.js"), banner: { js: "#!/usr/bin/env node" } }),
  ]);
  const bundle = Buffer.from(lambda.outputFiles![0]!.contents);
  const zip = deterministicZip([{ name: "index.js", data: bundle }]);
  if (zip.length > MAX_ZIP_BYTES) {
    throw new Error(`Lambda zip is ${zip.length} bytes, over the ${MAX_ZIP_BYTES}-byte budget`);
  }
  const sha256 = createHash("sha256").update(zip).digest("base64");

  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, "backup-validator.zip");
  writeAtomic(join(outDir, "index.js"), bundle);
  writeAtomic(join(outDir, "cli.js"), Buffer.from(cli.outputFiles![0]!.contents), 0o755);
  writeAtomic(zipPath, zip);
  writeAtomic(`${zipPath}.sha256`, sha256);
  return { zipPath, zipBytes: zip.length, sha256, bundleBytes: bundle.length };
}

if (require.main === module) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : undefined;
  buildValidator(outDir).then(
    (r) => console.log(`${r.zipPath}: ${r.zipBytes} bytes (bundle ${r.bundleBytes} bytes), sha256 ${r.sha256}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
