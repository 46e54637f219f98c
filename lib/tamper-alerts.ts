import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Token } from "cdktf";
import { BooleanInput } from "./config";
import { BackupConfigErrors } from "./errors";
import { ResourceSet, eachAttribute } from "./for-each";
import { checkTamperAlertsProps } from "./tamper-alerts-checks";

export { checkTamperAlertsProps } from "./tamper-alerts-checks";

/** The CloudTrail management event type EventBridge delivers for an API call. */
export const CLOUDTRAIL_API_CALL = "AWS API Call via CloudTrail";

/**
 * AWS Backup calls that delete or weaken protection of one vault's recovery points. Each carries
 * the vault in `requestParameters.backupVaultName` (the URI member of the API), so the rule
 * matches our vaults only.
 */
export const VAULT_TAMPER_EVENTS = [
  "DeleteRecoveryPoint",
  "UpdateRecoveryPointLifecycle",
  "DeleteBackupVault",
  "PutBackupVaultAccessPolicy",
  "DeleteBackupVaultAccessPolicy",
  "DeleteBackupVaultLockConfiguration",
  "PutBackupVaultLockConfiguration",
] as const;

/** AWS Backup calls that remove the plan or one of its selections (`requestParameters.backupPlanId`). */
export const PLAN_TAMPER_EVENTS = ["DeleteBackupPlan", "DeleteBackupSelection"] as const;

/**
 * AWS Backup calls that name neither vault nor plan (StopBackupJob carries only the job id), so
 * the rule matches them account-wide in the region.
 */
export const JOB_TAMPER_EVENTS = ["StopBackupJob"] as const;

/** KMS calls that make our key's ciphertexts unreadable; the key's ARN is in `resources[].ARN`. */
export const KEY_TAMPER_EVENTS = ["ScheduleKeyDeletion", "DisableKey"] as const;

/** Properties of {@link TamperAlerts}. */
export interface TamperAlertsProps {
  /** Create the rules. @default true */
  readonly enabled?: BooleanInput;
  readonly projectName: string;
  readonly environment: string;
  /** The vaults whose recovery points, policy and lock are watched (in the rules' region). */
  readonly vaultNames: readonly string[];
  /** The backup plan's id: its deletion and its selections' deletion are watched. */
  readonly planId: string;
  /** The KMS keys (ARNs, not aliases) whose disabling or scheduled deletion is watched; may be empty. */
  readonly keyArns: readonly string[];
  /** Whether the keys exist (e.g. encryption on), when only known at plan time. @default true */
  readonly keysEnabled?: BooleanInput;
  /** Where the messages go: the notification topic (its policy must let EventBridge publish). */
  readonly topicArn: string;
  readonly tags?: Record<string, string>;
}

/** One tamper rule: what it matches and how its message names the target. */
interface TamperRule {
  /** Construct id and name part: `<project>-tamper-<id>-<env>`. */
  readonly id: string;
  readonly description: string;
  readonly source: "aws.backup" | "aws.kms";
  readonly detail: Record<string, unknown>;
  /** The target as the message names it, and the event path it is read from. */
  readonly target: { readonly label: string; readonly path: string };
}

/**
 * The event patterns, one per kind of target. Exported for tests and for users who route the
 * same events elsewhere.
 */
export function tamperRules(props: Pick<TamperAlertsProps, "vaultNames" | "planId" | "keyArns">): TamperRule[] {
  const backup = (eventNames: readonly string[], scope: Record<string, unknown> = {}) => ({
    eventSource: ["backup.amazonaws.com"],
    eventName: [...eventNames],
    ...scope,
  });
  const rules: TamperRule[] = [
    {
      id: "vault",
      description: "Recovery points deleted or their lifecycle shortened, vault deleted, vault access policy or lock changed",
      source: "aws.backup",
      detail: backup(VAULT_TAMPER_EVENTS, { requestParameters: { backupVaultName: [...props.vaultNames] } }),
      target: { label: "vault", path: "$.detail.requestParameters.backupVaultName" },
    },
    {
      id: "plan",
      description: "Backup plan or one of its selections deleted",
      source: "aws.backup",
      detail: backup(PLAN_TAMPER_EVENTS, { requestParameters: { backupPlanId: [props.planId] } }),
      target: { label: "backup plan", path: "$.detail.requestParameters.backupPlanId" },
    },
    {
      id: "jobs",
      description: "Backup job stopped (any job in the account and region: the event does not name the vault)",
      source: "aws.backup",
      detail: backup(JOB_TAMPER_EVENTS),
      target: { label: "backup job", path: "$.detail.requestParameters.backupJobId" },
    },
  ];
  if (props.keyArns.length > 0) {
    rules.push({
      id: "keys",
      description: "Backup KMS key disabled or scheduled for deletion",
      source: "aws.kms",
      // requestParameters.keyId is whatever the caller passed (id, ARN or alias); resources[].ARN is the key.
      detail: { eventSource: ["kms.amazonaws.com"], eventName: [...KEY_TAMPER_EVENTS], resources: { ARN: [...props.keyArns] } },
      target: { label: "KMS key", path: "$.detail.resources[0].ARN" },
    });
  }
  return rules;
}

/** The event pattern of one rule. */
export function tamperEventPattern(rule: Pick<TamperRule, "source" | "detail">): object {
  return { source: [rule.source], "detail-type": [CLOUDTRAIL_API_CALL], detail: rule.detail };
}

/** Where the message's placeholders come from, except `<target>`, which each rule reads from its own path. */
const MESSAGE_PATHS = {
  who: "$.detail.userIdentity.arn",
  what: "$.detail.eventName",
  // Not "region": the tests lower the module to provider 5 by removing `region = ...` lines.
  where: "$.region",
  account: "$.account",
  ip: "$.detail.sourceIPAddress",
  time: "$.detail.eventTime",
  error: "$.detail.errorCode",
  id: "$.detail.eventID",
};

/**
 * The input transformer of one rule: a plain-text SNS message saying who called what on which
 * target, from where and when. An absent `errorCode` (the call succeeded) reads as empty.
 */
export function tamperMessage(rule: Pick<TamperRule, "target">, heading: string): { inputPaths: Record<string, string>; inputTemplate: string } {
  const text =
    `${heading}: <who> called <what> on ${rule.target.label} <target> in <where> (account <account>) ` +
    "from <ip> at <time>. CloudTrail errorCode (empty when the call succeeded): <error>. Event id <id>.";
  // A JSON string template: SNS delivers the text itself, not a JSON document.
  return { inputPaths: { ...MESSAGE_PATHS, target: rule.target.path }, inputTemplate: JSON.stringify(text) };
}

/** What differs between the tamper rules (and their targets), per instance. */
interface TamperInstance {
  readonly description: string;
  readonly event_pattern: string;
  /** The target as the message names it, and the event path it is read from. */
  readonly target_label: string;
  readonly target_path: string;
}

/**
 * Tamper alerts: EventBridge rules on the CloudTrail management events of AWS Backup calls that
 * delete or weaken our backups (scoped to our vaults and plan where the event names them) and of
 * KMS calls that disable or delete our keys, each sent to the notification topic as a readable
 * message. Needs CloudTrail delivering management events to EventBridge, which is the default.
 * One rule and one target resource, each with an instance per kind of target (`vault`, `plan`,
 * `jobs`, `keys`).
 */
export class TamperAlerts extends Construct {
  /** The rules, one instance per kind of target; undefined when disabled. */
  readonly rule?: CloudwatchEventRule;
  /** The rules' targets: the notification topic, with a readable message. */
  readonly target?: CloudwatchEventTarget;

  constructor(scope: Construct, id: string, props: TamperAlertsProps) {
    super(scope, id);
    const errors = checkTamperAlertsProps(props);
    if (errors.length > 0) throw new BackupConfigErrors(errors);
    const heading = `AWS Backup tamper alert (${props.projectName} ${props.environment})`;
    // Plan-time values (a local's expression) become string tokens, which the patterns' JSON carries.
    const targets = { vaultNames: props.vaultNames.map((v) => Token.asString(v)), planId: Token.asString(props.planId), keyArns: props.keyArns.map((k) => Token.asString(k)) };
    const set = new ResourceSet<TamperInstance>(this, {
      enabled: props.enabled ?? true,
      localName: "rule_instances",
      instances: tamperRules(targets).map((rule) => ({
        key: rule.id,
        enabled: rule.id === "keys" ? (props.keysEnabled ?? true) : true,
        values: { description: rule.description, event_pattern: JSON.stringify(tamperEventPattern(rule)), target_label: rule.target.label, target_path: rule.target.path },
      })),
    });
    // Until issue 9 each kind had a rule and a target of its own (ids `vault`, `vault_target`, ...).
    this.rule = set.resource(
      (forEach, each) =>
        new CloudwatchEventRule(this, "rules", {
          forEach,
          name: `${props.projectName}-tamper-${each.key}-${props.environment}`,
          description: each.string("description"),
          eventPattern: each.string("event_pattern"),
          tags: props.tags,
        }),
      { id: (key) => key },
    );
    const rule = this.rule;
    if (!rule) return;
    this.target = set.resource(
      (forEach, each) =>
        new CloudwatchEventTarget(this, "targets", {
          forEach,
          rule: eachAttribute(rule, "name"),
          arn: props.topicArn,
          inputTransformer: tamperMessage({ target: { label: each.string("target_label"), path: each.string("target_path") } }, heading),
        }),
      { id: (key) => `${key}_target` },
    );
  }
}
