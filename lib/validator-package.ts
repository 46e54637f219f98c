import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";

/** The validator's Lambda package as a deployment refers to it. */
export interface ValidatorPackage {
  /** The zip's path, as Terraform reads it (`filename`). */
  readonly filename: string;
  /** Base64 SHA-256 of the zip (`source_code_hash`), so a plan shows a change only when the code changes. */
  readonly sourceCodeHash: string;
}

/** The npm package these constructs are published as. */
export const PACKAGE_NAME = "@arrakis-platform/backup";

/**
 * Where the published package carries the zip, relative to its build output (dist/, which holds the
 * compiled lib/ and the validator contract that lib/ imports, each under its source path).
 */
export const PACKAGED_VALIDATOR_ZIP = join("validator", "backup-validator.zip");

/** Whether this code runs from the TypeScript sources of a checkout rather than a build. */
const FROM_SOURCE = __filename.endsWith(".ts");

/**
 * The validator zip this code deploys by default: inside the package (`dist/validator/`) when it
 * runs compiled, as installed from npm; `validator/dist/`, where `npm run build --workspace
 * validator` writes it, when it runs from the sources of a checkout.
 */
export const BUILT_VALIDATOR_ZIP = FROM_SOURCE
  ? join(__dirname, "..", "validator", "dist", "backup-validator.zip")
  : join(__dirname, "..", PACKAGED_VALIDATOR_ZIP);

/** What a user can do about a missing zip, where they are. */
function missingZipAdvice(zipPath: string): string {
  const alternatives = "or pass your own zip as the BackupModule option validatorPackage, or set enableBackupValidation to false.";
  if (zipPath !== BUILT_VALIDATOR_ZIP) return `Check the path, ${alternatives}`;
  if (FROM_SOURCE) return `Build it with \`npm run build --workspace validator\` (npm ci runs it for you), ${alternatives}`;
  return `${PACKAGE_NAME} ships it; this installation is incomplete. Reinstall the package (\`npm install ${PACKAGE_NAME}\`), ${alternatives}`;
}

/**
 * Reads a built validator zip and hashes it. The hash is computed here rather than with
 * `filebase64sha256()` so that the synthesized JSON shows the exact package being deployed.
 */
export function readValidatorZip(zipPath: string = BUILT_VALIDATOR_ZIP): ValidatorZip {
  const cached = readZips.get(zipPath);
  if (cached) return cached;
  if (!existsSync(zipPath)) throw new Error(`The validator package ${zipPath} does not exist. ${missingZipAdvice(zipPath)}`);
  const bytes = readFileSync(zipPath);
  const zip = {
    bytes,
    sourceCodeHash: createHash("sha256").update(bytes).digest("base64"),
    // What cdktf's TerraformAsset computes for a file (hashPath): passed in, so that an app's stacks hash the zip once.
    assetHash: createHash("md5").update(bytes).digest("hex").toUpperCase(),
  };
  readZips.set(zipPath, zip);
  return zip;
}

/** A validator zip as read: its bytes and hashes. */
export interface ValidatorZip {
  readonly bytes: Buffer;
  /** Base64 SHA-256, for `source_code_hash`. */
  readonly sourceCodeHash: string;
  /** Hex MD5, as cdktf's TerraformAsset names the asset's directory. */
  readonly assetHash: string;
}

/** Zips already read in this process: one app synthesizes several stacks from the same zip. */
const readZips = new Map<string, ValidatorZip>();

/** The built validator zip as an asset of `scope` (construct id `validator_package`), with its SHA-256. */
export function validatorPackageAsset(scope: Construct): ValidatorPackage {
  const { sourceCodeHash, assetHash } = readValidatorZip();
  // The asset hash read once per process: an app's stacks hash the zip once, not once each.
  const asset = new TerraformAsset(scope, "validator_package", { path: BUILT_VALIDATOR_ZIP, type: AssetType.FILE, assetHash });
  return { filename: asset.path, sourceCodeHash };
}
