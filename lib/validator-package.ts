import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The validator's Lambda package as a deployment refers to it. */
export interface ValidatorPackage {
  /** The zip's path, as Terraform reads it (`filename`). */
  readonly filename: string;
  /** Base64 SHA-256 of the zip (`source_code_hash`), so a plan shows a change only when the code changes. */
  readonly sourceCodeHash: string;
}

/** Where `npm run build --workspace validator` writes the zip. */
export const BUILT_VALIDATOR_ZIP = join(__dirname, "..", "validator", "dist", "backup-validator.zip");

/**
 * Reads a built validator zip and hashes it. The hash is computed here rather than with
 * `filebase64sha256()` so that the synthesized JSON shows the exact package being deployed.
 */
export function readValidatorZip(zipPath: string = BUILT_VALIDATOR_ZIP): { bytes: Buffer; sourceCodeHash: string } {
  const cached = readZips.get(zipPath);
  if (cached) return cached;
  if (!existsSync(zipPath)) {
    throw new Error(
      `The validator package ${zipPath} does not exist. Build it with \`npm run build --workspace validator\` ` +
        "(npm ci runs it for you), or set enableBackupValidation to false.",
    );
  }
  const bytes = readFileSync(zipPath);
  const zip = { bytes, sourceCodeHash: createHash("sha256").update(bytes).digest("base64") };
  readZips.set(zipPath, zip);
  return zip;
}

/** Zips already read in this process: one app synthesizes several stacks from the same zip. */
const readZips = new Map<string, { bytes: Buffer; sourceCodeHash: string }>();
