/**
 * Runs real `terraform init/validate/test` against a local provider mirror, for machines without
 * registry access. Where the mirror holds only AWS provider 5 (as this workplace's does), the
 * configuration is lowered to provider 5 first by removing exactly what provider 6 adds: the
 * per-resource `region` argument and `aws_region.region` (provider 5 calls it `name`). Everything
 * else, every resource's arguments, blocks, types and expressions, is checked against the real
 * provider schema.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where a filesystem mirror of registry.terraform.io/hashicorp/aws may be. */
export const MIRROR = process.env.TF_PROVIDER_MIRROR ?? "/opt/tf-plugins";

/** The AWS provider versions in the mirror, newest first. */
export function mirroredAwsVersions(): string[] {
  const dir = join(MIRROR, "registry.terraform.io", "hashicorp", "aws");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
}

export const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
export const awsVersion = mirroredAwsVersions()[0];
/** Whether the configuration must be lowered to provider 5. */
export const lowerToProvider5 = awsVersion !== undefined && awsVersion.startsWith("5.");

/** A scratch directory with a CLI configuration that installs providers from the mirror only. */
export function scratch(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), "tf-mirror-"));
  const rc = join(dir, "terraformrc");
  writeFileSync(rc, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(MIRROR)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
  return { dir, env: { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", NO_COLOR: "1" } };
}

/** Runs terraform; returns its combined output, throwing with that output when it fails. */
export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync("terraform", [...args, "-no-color"], { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args.join(" ")} failed in ${cwd}:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

/** HCL lowered to provider 5 (see the file comment); unchanged when the mirror has provider 6. */
export function lowerHcl(text: string): string {
  if (!lowerToProvider5) return text;
  return text
    // The per-resource argument only (two spaces in): a "region" key inside a jsonencode() document stays.
    .replace(/^ {2}region\s+=.*\n/gm, "")
    .replace(/(data\.aws_region\.\w+)\.region\b/g, "$1.name")
    .replace(/[\w.]+\[0\]\.region == "[a-z0-9-]+"/g, "true")
    .replace(/">= 6\.25\.0, < 7\.0\.0"/g, JSON.stringify(awsVersion));
}

/** Copies a directory of .tf/.tftest.hcl files, lowering each. */
export function copyLowered(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(tf|tftest\.hcl)$/.test(entry.name)) writeFileSync(path, lowerHcl(readFileSync(path, "utf8")));
    }
  };
  walk(to);
}

/** A synthesized stack's Terraform JSON lowered to provider 5, without its backend. */
export function lowerStackJson(json: Record<string, any>): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(json));
  delete copy.terraform?.backend;
  copy.terraform.required_providers.aws = { source: "hashicorp/aws", version: awsVersion };
  if (!lowerToProvider5) return copy;
  for (const byName of Object.values(copy.resource ?? {}) as Record<string, any>[]) {
    for (const resource of Object.values(byName)) delete resource.region;
  }
  return JSON.parse(JSON.stringify(copy).replace(/(data\.aws_region\.\w+)\.region\b/g, "$1.name"));
}
