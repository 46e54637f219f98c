import { BackupConfigError } from "../errors";
import { RULES } from "../rules";
import { BackupSettings } from "../settings";
import { backupRoleName } from "../names";
import { BackupPolicyDocument, policyContent, policySettings } from "./backup-policy";
import { OrganizationEnvironment } from "./environment";

/**
 * What AWS Organizations and AWS Backup check when a backup policy is created, attached and
 * applied, judged at synth instead: the policy's size, its regions, the names of the role and
 * vaults it points at, and its targets. The rules of the plan itself (schedules, retention,
 * lifecycle, vault names) are the account module's, applied by `validateConfig`.
 */

/** AWS Organizations: a backup policy document holds at most 10,000 characters (as sent through the API). */
export const MAX_BACKUP_POLICY_CHARACTERS = 10_000;

/** AWS Organizations: at most 10 backup policies attached directly to one root, OU or account. */
export const MAX_BACKUP_POLICIES_PER_TARGET = 10;

const ROOT_OR_OU = String.raw`r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}`;
/** An organization root (`r-`) or an organizational unit (`ou-`): what a service-managed StackSet targets. */
export const ROOT_OR_OU_PATTERN = new RegExp(`^(${ROOT_OR_OU})$`);
/** An organization root (`r-`), an organizational unit (`ou-`) or an account ID. */
export const POLICY_TARGET_PATTERN = new RegExp(`^(${ROOT_OR_OU}|[0-9]{12})$`);

/** IAM role names: 1 to 64 letters, digits and `+=,.@_-`. */
export const IAM_ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

/** Every rejected value of one environment's policy (empty when AWS would accept it). */
export function checkBackupPolicy(environment: OrganizationEnvironment, document: BackupPolicyDocument): BackupConfigError[] {
  return checkResolvedPolicy(environment, policySettings(environment), document);
}

/** {@link checkBackupPolicy} with the environment's settings already resolved ({@link policySettings}). */
export function checkResolvedPolicy(environment: OrganizationEnvironment, s: BackupSettings, document: BackupPolicyDocument): BackupConfigError[] {
  const errors: BackupConfigError[] = [];
  const name = (input: string) => `${environment.backup.environment}.${input}`;
  const reject = (input: string, value: unknown, rule: string) => errors.push(new BackupConfigError(name(input), value, rule));

  if (environment.regions.length === 0) reject("regions", environment.regions, "must list at least one region: a backup policy backs up only the regions it names");
  environment.regions.forEach((region, i) => {
    if (!RULES.replica_region.test(region)) reject(`regions[${i}]`, region, RULES.replica_region.description);
    else if (environment.regions.indexOf(region) !== i) reject(`regions[${i}]`, region, "must not be listed twice (AWS Organizations rejects duplicate regions)");
  });

  if (s.crossRegion === true && s.replicaRegion !== null && environment.regions.includes(s.replicaRegion)) {
    reject("replica_region", s.replicaRegion, `must not be one of the policy's regions (${environment.regions.join(", ")}): copies from that region would not leave it`);
  }
  const role = backupRoleName(s.projectName, s.environment);
  if (!IAM_ROLE_NAME_PATTERN.test(role)) {
    reject("project_name", s.projectName, `makes the backup role name "${role}", which IAM rejects (1 to 64 letters, digits and +=,.@_-)`);
  }

  if (environment.targetIds.length === 0) reject("target_ids", environment.targetIds, "must list at least one root, organizational unit or account to attach the policy to");
  environment.targetIds.forEach((target, i) => {
    if (!POLICY_TARGET_PATTERN.test(target)) {
      reject(`target_ids[${i}]`, target, "must be an organization root (r-xxxx), an organizational unit (ou-xxxx-xxxxxxxx) or a 12-digit account ID");
    }
  });

  const size = policyContent(document).length;
  if (size > MAX_BACKUP_POLICY_CHARACTERS) {
    reject(
      "backup_policy",
      `${size} characters`,
      `must be at most ${MAX_BACKUP_POLICY_CHARACTERS} characters (AWS Organizations' limit for a backup policy): fewer additional rules, recovery point tags or regions`,
    );
  }
  return errors;
}

/**
 * Targets attached to several environments' policies: each account would run every one of their
 * plans. (AWS would accept it, up to {@link MAX_BACKUP_POLICIES_PER_TARGET} policies per target.)
 */
export function checkDistinctTargets(environments: readonly OrganizationEnvironment[]): BackupConfigError[] {
  const owner = new Map<string, string>();
  const errors: BackupConfigError[] = [];
  for (const environment of environments) {
    environment.targetIds.forEach((target, i) => {
      const first = owner.get(target);
      if (first !== undefined && first !== environment.backup.environment) {
        errors.push(
          new BackupConfigError(
            `${environment.backup.environment}.target_ids[${i}]`,
            target,
            `is already a target of the ${first} policy: its accounts would run both environments' plans`,
          ),
        );
      } else owner.set(target, environment.backup.environment);
    });
  }
  return errors;
}
