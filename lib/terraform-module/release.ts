/**
 * The Terraform module's release: what a registry repository (`terraform-aws-arrakis-backup`) or
 * a private registry upload holds at its root. Its version is the npm packages' version, read
 * from the root package.json, so one `npm version` moves all three doors together.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** The registry namespace; also the npm scope and the GitHub organisation. */
export const MODULE_NAMESPACE = "arrakis-platform";
/** The repository a registry reads the module from (`terraform-<provider>-<name>`). */
export const MODULE_REPOSITORY = "terraform-aws-arrakis-backup";
/** The module's registry address, `<namespace>/<name>/<provider>`. */
export const MODULE_REGISTRY_ADDRESS = `${MODULE_NAMESPACE}/arrakis-backup/aws`;

/** The version of every door: the root package.json's. */
export function releaseVersion(): string {
  return JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
}

/** The git form of the module's source for a version (the release repository's tag). */
export function gitModuleSource(version: string): string {
  return `git::https://github.com/${MODULE_NAMESPACE}/${MODULE_REPOSITORY}.git?ref=v${version}`;
}

/** The name of the release directory (and archive) for a version. */
export function releaseName(version: string): string {
  return `${MODULE_REPOSITORY}-v${version}`;
}

/** The examples' local source, as committed in examples/. */
const LOCAL_SOURCE = /^(\s*)source = "\.\.\/\.\.\/module"$/m;

/** An example's main.tf calling the released module from the registry instead of ../../module. */
export function registryExample(mainTf: string, version: string): string {
  if (!LOCAL_SOURCE.test(mainTf)) throw new Error('an example must call the module as source = "../../module"');
  return mainTf.replace(LOCAL_SOURCE, `$1source  = "${MODULE_REGISTRY_ADDRESS}"\n$1version = "${version}"`);
}

/** Files under a directory, without terraform's working files (.terraform/, lock files, state). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).filter((name) => !name.startsWith(".") && !name.includes(".tfstate")).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Every file of the release, by path: module/ (with its generated README, tests and validator
 * zip), LICENSE, CHANGELOG.md and examples/ calling the registry address at this version.
 */
export function releaseFiles(version: string = releaseVersion()): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const moduleDir = join(ROOT, "module");
  for (const path of filesUnder(moduleDir)) files.set(relative(moduleDir, path), readFileSync(path));
  for (const name of ["LICENSE", "CHANGELOG.md"]) files.set(name, readFileSync(join(ROOT, name)));
  const examplesDir = join(ROOT, "examples");
  for (const path of filesUnder(examplesDir)) {
    const text = readFileSync(path, "utf8");
    files.set(join("examples", relative(examplesDir, path)), Buffer.from(path.endsWith(".tf") ? registryExample(text, version) : text));
  }
  return files;
}
