import { Construct } from "constructs";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { BackupConfigError, BackupConfigErrors } from "../errors";
import { InputChecks } from "../input-checks";
import { validateConfig } from "../validate-config";
import { BackupSettings, resolveSettings, snakeCase } from "../settings";
import { Expressions, isKnown } from "../values";

/** Why an organization's settings must be literals. */
const LITERAL_RULE = "must be known at synth: the backup policy is rendered as one JSON document (module/modules/organization takes Terraform values)";
import { BackupPolicyDocument, organizationConfig, policyContent, renderPolicyDocument } from "./backup-policy";
import { OrganizationEnvironment } from "./environment";
import { checkDistinctTargets, checkResolvedPolicy } from "./policy-validation";

/** Properties of {@link OrganizationBackupPolicies}. */
export interface OrganizationBackupPoliciesProps {
  /** One entry per environment (at most one each). */
  readonly environments: readonly OrganizationEnvironment[];
  /** The partition of the role and vault ARNs in the policies. @default "aws" */
  readonly partition?: string;
  readonly tags?: Record<string, string>;
}

/**
 * One AWS Organizations backup policy per environment, rendered from the account module's
 * defaults and rules, attached to the environment's roots, OUs or accounts. Every value is checked
 * at synth (the account module's rules, then what AWS checks of a policy) before anything is created.
 */
export class OrganizationBackupPolicies extends Construct {
  /** The policies, by environment. */
  readonly policies: Record<string, OrganizationsPolicy> = {};
  /** The rendered documents, by environment. */
  readonly documents: Record<string, BackupPolicyDocument> = {};

  constructor(scope: Construct, id: string, props: OrganizationBackupPoliciesProps) {
    super(scope, id);
    const { errors, policies } = checkOrganizationPolicies(this, props.environments, props.partition);
    if (errors.length > 0) {
      scope.node.tryRemoveChild(id);
      throw new BackupConfigErrors(errors);
    }
    for (const { environment, settings: s, document } of policies) {
      this.documents[s.environment] = document;
      const policy = new OrganizationsPolicy(this, `policy_${s.environment}`, {
        name: `${s.projectName}-backup-${s.environment}`,
        description: `AWS Backup plan ${s.planName} for ${s.projectName} ${s.environment} accounts (daily, weekly, monthly rules)`,
        type: "BACKUP_POLICY",
        content: policyContent(document),
        tags: { ...props.tags, ...s.tags },
      });
      this.policies[s.environment] = policy;
      environment.targetIds.forEach((target) => {
        new OrganizationsPolicyAttachment(this, `attachment_${s.environment}_${target}`, { policyId: policy.id, targetId: target });
      });
    }
  }
}

/**
 * Every rejected value of the environments' policies: the account module's rules (named
 * `<environment>.<input>`), what AWS checks of a policy, and targets shared between environments.
 */
export function validateOrganizationPolicies(scope: Construct, environments: readonly OrganizationEnvironment[], partition?: string): BackupConfigError[] {
  return checkOrganizationPolicies(scope, environments, partition).errors;
}

/** One environment's settings and policy document, worked out once for the checks and the resources. */
interface CheckedPolicy {
  readonly environment: OrganizationEnvironment;
  readonly settings: BackupSettings;
  readonly document: BackupPolicyDocument;
}

/**
 * {@link validateOrganizationPolicies}, with the settings and document of each environment it
 * rendered (every environment, when there are no errors).
 */
function checkOrganizationPolicies(scope: Construct, environments: readonly OrganizationEnvironment[], partition?: string): { errors: BackupConfigError[]; policies: CheckedPolicy[] } {
  const errors: BackupConfigError[] = [];
  const policies: CheckedPolicy[] = [];
  const seen = new Set<string>();
  environments.forEach((environment, i) => {
    const env = environment.backup.environment;
    if (seen.has(env)) errors.push(new BackupConfigError(`environments[${i}].environment`, env, "must be given once: each environment has one backup policy"));
    seen.add(env);
    const unknown = Object.entries(environment.backup).filter(([, value]) => !isKnown(value));
    if (unknown.length > 0 || !isKnown(environment.regions) || !isKnown(environment.targetIds)) {
      // A policy is one JSON document written at synth: a plan-time value would reach AWS as a token.
      for (const [key, value] of unknown) errors.push(new BackupConfigError(`${env}.${snakeCase(key)}`, value, LITERAL_RULE));
      if (!isKnown(environment.regions)) errors.push(new BackupConfigError(`${env}.regions`, environment.regions, LITERAL_RULE));
      if (!isKnown(environment.targetIds)) errors.push(new BackupConfigError(`${env}.target_ids`, environment.targetIds, LITERAL_RULE));
      return;
    }
    const config = organizationConfig(environment.backup);
    const settings = resolveSettings(config);
    const checks = new InputChecks(scope, new Expressions(scope));
    validateConfig(config, settings, checks, { region: environment.regions[0] ?? "", accountId: "000000000000" });
    errors.push(...checks.errors.map((e) => new BackupConfigError(`${env}.${e.input}`, e.value, e.rule)));
    if (checks.errors.length === 0) {
      const document = renderPolicyDocument(settings, environment.regions, partition);
      errors.push(...checkResolvedPolicy(environment, settings, document));
      policies.push({ environment, settings, document });
    }
  });
  return { errors: [...errors, ...checkDistinctTargets(environments)], policies };
}
