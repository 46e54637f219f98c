import { BackupModuleConfig } from "../config";
import { backupRoleName } from "../names";
import { SELECTION_TAGS, TagConditions } from "../selection";
import { BackupSettings, ResolvedRule, RuleRetention, resolveSettings } from "../settings";
import { REPLICA_VAULT_SUFFIX } from "../validate-config";

/**
 * AWS Organizations backup policies (`BACKUP_POLICY`): the account module's plan, rendered in the
 * policy syntax with its inheritance operator `@@assign`, so every account under an OU gets the
 * same daily/weekly/monthly (and additional) rules, copies, selections, vault and role.
 */

/** `{ "@@assign": value }`: the value this policy sets, overriding what a parent policy set. */
export interface Assign<T> {
  readonly "@@assign": T;
}

const assign = <T>(value: T): Assign<T> => ({ "@@assign": value });

/** The policy syntax writes numbers and booleans as strings, as AWS's examples do. */
const text = (value: number | boolean): string => String(value);

/** What one environment's policy is rendered from. */
export interface BackupPolicyInput {
  /** The account module's configuration of the environment: the same defaults and rules apply. */
  readonly backup: BackupModuleConfig;
  /** Regions whose resources the plan backs up, in every account the policy reaches. */
  readonly regions: readonly string[];
  /** The partition of the role and vault ARNs. @default "aws" */
  readonly partition?: string;
}

/** A rendered backup policy document (see the README's "Running across an organization"). */
export type BackupPolicyDocument = { readonly plans: Record<string, Record<string, unknown>> };

/**
 * The account module's configuration as an organization sees it: what is specific to one account
 * (its RDS ARNs, its own key or role) has no meaning in a policy for many, and is left out.
 */
export function organizationConfig(backup: BackupModuleConfig): BackupModuleConfig {
  return { ...backup, rdsInstances: [], existingKmsKeyArn: null, existingBackupRoleArn: null };
}

/** The environment's effective settings, through the account module's one resolution step. */
export function policySettings(input: BackupPolicyInput): BackupSettings {
  return resolveSettings(organizationConfig(input.backup));
}

/**
 * The policy document of one environment. `$account` is the policy syntax's variable for the
 * account the effective policy applies to, so one document names each account's own role and vaults.
 */
export function renderBackupPolicy(input: BackupPolicyInput): BackupPolicyDocument {
  return renderPolicyDocument(policySettings(input), input.regions, input.partition);
}

/** {@link renderBackupPolicy} from the environment's settings already resolved ({@link policySettings}). */
export function renderPolicyDocument(s: BackupSettings, regions: readonly string[], partition = "aws"): BackupPolicyDocument {
  const roleArn = `arn:${partition}:iam::$account:role/${backupRoleName(s.projectName, s.environment)}`;
  const replicaVaultArn = s.replicaRegion === null ? null : `arn:${partition}:backup:${s.replicaRegion}:$account:backup-vault:${s.vaultName}${REPLICA_VAULT_SUFFIX}`;
  const rules = Object.fromEntries(s.rules.map((rule) => [rule.name, renderRule(rule, s, replicaVaultArn)]));
  return {
    plans: {
      [s.planName]: {
        regions: assign([...regions]),
        rules,
        selections: { resources: renderSelections(s, roleArn, partition) },
      },
    },
  };
}

function renderRule(rule: ResolvedRule, s: BackupSettings, replicaVaultArn: string | null): Record<string, unknown> {
  const lifecycle = renderLifecycle(rule.retention, s.intelligentTiering === true);
  const tags = { ...s.recoveryPointTags, BackupRule: rule.name };
  return {
    schedule_expression: assign(rule.schedule),
    start_backup_window_minutes: assign(text(rule.startWindowMinutes)),
    complete_backup_window_minutes: assign(text(rule.completionWindowMinutes)),
    ...(rule.continuousBackup === true && { enable_continuous_backup: assign(text(true)) }),
    lifecycle,
    target_backup_vault_name: assign(s.vaultName),
    recovery_point_tags: Object.fromEntries(
      Object.entries(tags).map(([key, value]) => [key, { tag_key: assign(key), tag_value: assign(value) }]),
    ),
    ...(rule.copyToReplica === true &&
      replicaVaultArn !== null && {
        copy_actions: { [replicaVaultArn]: { target_backup_vault_arn: assign(replicaVaultArn), lifecycle } },
      }),
  };
}

function renderLifecycle(retention: RuleRetention, archiveTier: boolean): Record<string, Assign<string>> {
  const cold = retention.coldStorageAfterDays;
  return {
    ...(cold !== null && { move_to_cold_storage_after_days: assign(text(cold)) }),
    delete_after_days: assign(text(retention.deleteAfterDays)),
    ...(cold !== null && archiveTier && { opt_in_to_archive_for_supported_resources: assign(text(true)) }),
  };
}

/**
 * The spec's selections, by tag only (ARNs differ in every account): EBS volumes by the spec's
 * rule, databases and (when enabled) EFS file systems tagged with the project and environment.
 */
function renderSelections(s: BackupSettings, roleArn: string, partition: string): Record<string, unknown> {
  const project = s.projectName;
  const env = s.environment;
  const identity = SELECTION_TAGS.efs(project, env);
  const selections: [string, string[], TagConditions][] = [
    [`${project}-ebs-${env}`, [`arn:${partition}:ec2:*:*:volume/*`], SELECTION_TAGS.ebs(project, env)],
    [`${project}-rds-${env}`, [`arn:${partition}:rds:*:*:db:*`, `arn:${partition}:rds:*:*:cluster:*`], identity],
    ...(s.efs === true ? [[`${project}-efs-${env}`, [`arn:${partition}:elasticfilesystem:*:*:file-system/*`], identity] as [string, string[], TagConditions]] : []),
  ];
  return Object.fromEntries(
    selections.map(([name, resourceTypes, tags]) => [
      name,
      {
        iam_role_arn: assign(roleArn),
        resource_types: assign(resourceTypes),
        conditions: {
          string_equals: conditionEntries(tags.stringEquals),
          ...(tags.stringNotEquals && { string_not_equals: conditionEntries(tags.stringNotEquals) }),
        },
      },
    ]),
  );
}

function conditionEntries(tags: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(tags).map(([key, value]) => [key, { condition_key: assign(`aws:ResourceTag/${key}`), condition_value: assign(value) }]),
  );
}

/** The policy as AWS stores and counts it when sent through the API: compact JSON. */
export function policyContent(document: BackupPolicyDocument): string {
  return JSON.stringify(document);
}
