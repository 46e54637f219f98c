import { Fn, Token } from "cdktf";
import { namedChoice } from "./decisions";
import { defaultReportsBucketName } from "./names";
import type { BackupSettings, Namer } from "./settings";
import { Expressions, choose, isKnown, isSet } from "./values";
import { vaultAccessPolicy, vaultAccessPolicyDocument } from "./vault";

/** What the deployment's account contributes to the settings (tokens of the account's data sources, or literals). */
export interface DeploymentContext {
  readonly accountId: string;
  /** The IAM role (or user) running Terraform (read only when needed: it may add a data source). */
  readonly terraformPrincipalArn: string;
}

/** The settings that depend on the account deployed to, resolved like the others. */
export interface DeploymentSettings {
  /** The reports bucket: `reports_bucket_name`, else `<project>-backup-reports-<env>-<account id>` (`reports_bucket_name`). */
  readonly reportsBucketName: string;
  /** The bucket the validator writes its reports to: "" with reports off (`validator_report_bucket`). */
  readonly validatorReportBucket: string;
  /**
   * Who may still delete recovery points and change the vault policy: the input, or else the
   * principal running Terraform, so that Terraform can keep updating the policy (`vault_policy_admin_arns`).
   */
  readonly vaultPolicyAdmins: string[];
  /** The vault access policy of both vaults, as JSON (`vault_access_policy` at plan time). */
  readonly vaultAccessPolicy: string;
}

/** The settings that depend on the account. Pure, like `resolveSettings`: `name` names plan-time values. */
export function resolveDeploymentSettings(s: BackupSettings, context: DeploymentContext, name: Namer): DeploymentSettings {
  const defaultBucket = defaultReportsBucketName(s.projectName, s.environment, context.accountId);
  const given = s.reportsBucketName;
  const reportsBucketName = isKnown(given)
    ? (given ?? defaultBucket)
    : name("reports_bucket_name", Token.asString(Expressions.orDefault(given, defaultBucket)));
  const admins = vaultPolicyAdmins(s.vaultPolicyAdminRoleArns, context, name);
  return {
    reportsBucketName,
    validatorReportBucket: namedChoice(name)("validator_report_bucket", s.backupReports, reportsBucketName, ""),
    vaultPolicyAdmins: admins,
    // One document for both vaults: a local in the module, literal JSON in a stack.
    vaultAccessPolicy: Token.isUnresolved(admins)
      ? Token.asString(Fn.jsonencode(name("vault_access_policy", Token.asAny(vaultAccessPolicyDocument(admins)))))
      : vaultAccessPolicy(admins),
  };
}

function vaultPolicyAdmins(given: string[] | undefined, context: DeploymentContext, name: Namer): string[] {
  if (given === undefined) return [context.terraformPrincipalArn];
  if (isKnown(given)) return given;
  return name("vault_policy_admin_arns", Token.asList(Expressions.orDefault(given, [context.terraformPrincipalArn])));
}

/** The module's own key, as the key choice reads it. */
export interface ModuleKeyArns {
  /** Whether the key may exist (false when it is known not to). */
  readonly exists: boolean;
  /** Its ARN (null when absent at plan time). */
  readonly arn: string;
  /** Its ARN, "" when absent. */
  readonly arnOrEmpty: string;
}

/** The key of the vault, topic and validator: as an ARN (null for none) and as a string ("" for none). */
export interface KeyArns {
  readonly arn: string | null;
  readonly orEmpty: string;
}

/**
 * The key of the vault, the topic and the validator: the user's key (`existing_kms_key_arn`),
 * else the module's, none without encryption. Pure: plan-time choices are named `kms_key_arn`
 * and `validator_kms_key_arn`.
 */
export function resolveKeyArns(s: BackupSettings, moduleKey: ModuleKeyArns, name: Namer): KeyArns {
  const { existingKmsKeyArn: existing, encryption } = s;
  const moduleArn = moduleKey.exists ? moduleKey.arn : null;
  if (isKnown(existing) && (existing === null || existing === undefined)) return { arn: moduleArn, orEmpty: moduleKey.arnOrEmpty };
  if (isKnown(existing) && isKnown(encryption)) return { arn: encryption ? existing : null, orEmpty: encryption ? (existing as string) : "" };
  const arn: string | null = name("kms_key_arn", isKnown(existing) ? choose(encryption, existing, null) : choose(isSet(existing), existing, moduleArn));
  return { arn, orEmpty: name("validator_kms_key_arn", choose(isSet(arn), arn, "")) as string };
}
