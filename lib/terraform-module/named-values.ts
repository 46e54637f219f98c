import { IAM_ROLE_ARN_PATTERN, KMS_KEY_ARN_PATTERN } from "../inputs";
import { LOG_RETENTION_DAYS } from "../rules";
import { NAMED_PATTERNS } from "./patterns";

/**
 * Values the generated module names once, as locals, and reads by name wherever the construct
 * wrote them out: what a hand-written module keeps in `local.account_id` rather than repeating
 * `data.aws_caller_identity.current.account_id`, and long literals (regular expressions, lists)
 * that would otherwise make lines over 160 characters. Replacing them changes no value: the
 * equivalence tests plan the module against the stacks.
 */

/** Terraform expressions (inside templates or expressions) and the local that holds each. */
export const NAMED_REFERENCES: readonly [expression: string, local: string][] = [
  ["data.aws_caller_identity.current.account_id", "account_id"],
  ["data.aws_partition.current.partition", "partition"],
  ["data.aws_partition.current.dns_suffix", "dns_suffix"],
  // Not `region`: the tests lower the module to provider 5 by removing `  region = ...` lines.
  ["data.aws_region.current.region", "region_name"],
];

/** Template text and the local that holds it. */
const NAMED_TEMPLATES: readonly [text: string, local: string, value: string][] = [
  [
    "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.project_name}-backup-validator-${var.environment}",
    "validator_log_group_arn",
    '"arn:${local.partition}:logs:${local.region_name}:${local.account_id}:log-group:/aws/lambda/${local.validator_function_name}"',
  ],
  ["${var.project_name}-backup-validator-${var.environment}", "validator_function_name", '"${var.project_name}-backup-validator-${var.environment}"'],
  [
    "arn:${data.aws_partition.current.partition}:cloudwatch:${local.replica_region_in_use}:${data.aws_caller_identity.current.account_id}:alarm:",
    "replica_alarm_arn_prefix",
    '"arn:${local.partition}:cloudwatch:${local.replica_region_in_use}:${local.account_id}:alarm:"',
  ],
  // Backup Audit Manager names allow no hyphen.
  [
    '${replace(var.project_name, "-", "_")}_backup_${replace(var.environment, "-", "_")}',
    "audit_framework_name",
    '"${replace(var.project_name, "-", "_")}_backup_${replace(var.environment, "-", "_")}"',
  ],
];

/** Literals (as the construct's HCL writes them) and the local that holds each. */
const NAMED_LITERALS: readonly [literal: string, local: string][] = [
  [JSON.stringify(KMS_KEY_ARN_PATTERN), "kms_key_arn_pattern"],
  [JSON.stringify(IAM_ROLE_ARN_PATTERN), "iam_role_arn_pattern"],
  [JSON.stringify(LOG_RETENTION_DAYS), "log_retention_days"],
];

/** The locals block that defines the named values. */
export const NAMED_VALUE_LOCALS = [
  "# Where the module runs, and values read in several places",
  "locals {",
  ...NAMED_REFERENCES.map(([expression, local]) => `  ${local} = ${expression}`),
  // Listed longest first for the rewrite; defined in reading order.
  ...[...NAMED_TEMPLATES].reverse().map(([, local, value]) => `  ${local} = ${value}`),
  "",
  "  # Accepted values of inputs, named to keep validation lines short",
  ...NAMED_LITERALS.map(([literal, local]) => `  ${local} = ${literal.startsWith("[") ? literal.replace(/,/g, ", ") : literal}`),
  "}",
].join("\n");

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const REWRITES: readonly [RegExp, string][] = [
  // Longer templates first: they hold the references below.
  ...NAMED_TEMPLATES.map(([text, local]) => [new RegExp(escape(text), "g"), `\${local.${local}}`] as [RegExp, string]),
  ...NAMED_REFERENCES.map(([expression, local]) => [new RegExp(`${escape(expression)}\\b`, "g"), `local.${local}`] as [RegExp, string]),
  ...[...NAMED_LITERALS, ...NAMED_PATTERNS.map(([literal, local]) => [literal, local.replace(/^local\./, "")] as const)].map(
    ([literal, local]) => [new RegExp(escape(literal), "g"), `local.${local}`] as [RegExp, string],
  ),
];

/** One string of the synthesized JSON (a template or an expression) reading the named values by name. */
export function withNamedValues(text: string): string {
  return REWRITES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** Every string of a synthesized JSON tree rewritten by {@link withNamedValues}; keys stay. */
export function rewriteNamedValues<T>(json: T): T {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return withNamedValues(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(json) as T;
}
