/**
 * `npm run release:module`: writes the Terraform module's release, versioned like the npm
 * packages, as release/terraform-aws-arrakis-backup-v<version>/ (the root of a registry
 * repository) and a .tar.gz of it (a private registry upload). `-- --out DIR` writes elsewhere.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { releaseFiles, releaseName, releaseVersion } from "../lib/terraform-module/release";

const outFlag = process.argv.indexOf("--out");
const outDir = outFlag > 0 ? resolve(process.argv[outFlag + 1]) : resolve(__dirname, "..", "release");
const version = releaseVersion();
const name = releaseName(version);
const target = join(outDir, name);

// Write beside the target, then swap, so a failure never leaves half a release.
const staging = `${target}.staging`;
rmSync(staging, { recursive: true, force: true });
for (const [path, content] of releaseFiles(version)) {
  mkdirSync(dirname(join(staging, path)), { recursive: true });
  writeFileSync(join(staging, path), content);
}
rmSync(target, { recursive: true, force: true });
renameSync(staging, target);
execFileSync("tar", ["-czf", `${name}.tar.gz`, "-C", name, "."], { cwd: outDir });
console.log(`wrote ${target}/ and ${target}.tar.gz (version ${version})`);
