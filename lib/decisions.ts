import { Fn, Op, Token } from "cdktf";
import { BooleanInput, NOTIFICATION_LEVELS, NotificationLevel } from "./config";
import { longestIntervalHours } from "./cron";
import { nonEmpty } from "./private-networking";
import { RULES } from "./rules";
import { restoreTestingPlanName, auditFrameworkName } from "./names";
import { VAULT_EVENTS_BY_LEVEL } from "./notifications";
import type { BackupCoreSettings, Namer } from "./settings";
import { EndpointService, endpointsFor } from "./validator-endpoint-services";
import { and, asText, choose, equals, isKnown, isNull, isSet, not } from "./values";

/**
 * The decisions the constructs act on, each derived once from the settings by the resolution
 * step. A decision is a literal when its inputs are known at synth, else a Terraform expression
 * (named as a local of the module where the name is given below).
 */
export interface ResolvedDecisions {
  /** Vaults, locks and keys get `prevent_destroy`: production, or an environment unknown at synth. */
  readonly preventDestroy: boolean;
  /** The replica region's key: cross-region copies on and the module's own keys. */
  readonly createReplicaKey: BooleanInput;
  /** The topic is encrypted with the backup key: notifications and encryption on. */
  readonly topicEncrypted: BooleanInput;
  /** An email subscription: notifications on and an address given. */
  readonly emailSubscription: BooleanInput;
  /** The job rules beyond failures (jobs completed with issues): notifications on, level above errors_only. */
  readonly detailedJobAlerts: BooleanInput;
  /** The vault events the topic receives, by `notification_level` (a lookup at plan time: `vault_events_by_level`). */
  readonly vaultEvents: string[];
  /** Forward the replica region's job events to the primary region: cross-region and notifications on. */
  readonly forwardReplicaEvents: BooleanInput;
  /** Alarms on the replica vault: cross-region and monitoring on. */
  readonly replicaAlarms: BooleanInput;
  /** Route the replica vault's alarms to the topic: cross-region, monitoring and notifications on. */
  readonly routeReplicaAlarms: BooleanInput;
  /** The validator's alarms (and the backup duration alarm on its metrics): validation and monitoring on. */
  readonly validatorAlarms: BooleanInput;
  /** Whether the validator may exist: false only when validation is known to be off (no package is needed). */
  readonly validatorMayExist: boolean;
  /** Whether encryption may be on: false only when it is known to be off. */
  readonly encryptionMayBeOn: boolean;
  /**
   * The replica region copies go to, "" without cross-region copies (`replica_region_in_use`): the
   * region the validator checks, and the one the replica monitoring names in values Terraform
   * evaluates even when they are not used (a null there would fail the plan).
   */
  readonly replicaRegionInUse: string;
  /** The replica vault is locked: cross-region copies into a locked vault (the validator checks the lock). */
  readonly replicaVaultLocked: BooleanInput;
  /**
   * The validator's VPC endpoints: asked for, with subnets (without them the endpoints are an input
   * error, a precondition at plan time, and nothing may read the first subnet meanwhile: Terraform
   * would stop at element() of an empty list instead) (`validator_endpoints_enabled`).
   */
  readonly validatorEndpoints: BooleanInput;
  /** The S3 gateway endpoint for the validator's reports: reports on and route tables given. */
  readonly validatorReportEndpoint: BooleanInput;
  /**
   * The validator's VPC endpoint services and when each is wanted, from its contract's permissions:
   * the Backup API always, SNS with notifications, S3 with the report endpoint.
   */
  readonly validatorEndpointServices: Partial<Record<EndpointService, BooleanInput>>;
  /** The validator's first subnet (the endpoints' VPC is read from it). */
  readonly validatorFirstSubnetId: string;
  /** The shortest completion window of the rules known at synth, in minutes (the duration alarm's reference). */
  readonly shortestCompletionWindowMinutes: number;
  /** Whether the module creates the backup role: no `existing_backup_role_arn`. */
  readonly createBackupRole: BooleanInput;
  /** The name of the user's backup role (the last segment of its ARN), or null. */
  readonly existingBackupRoleName: string | null;
  /** How often the daily rule backs up, as Backup Audit Manager asks (1-24 hours or 1-31 days; a day when decided at plan time). */
  readonly dailyBackupFrequency: { readonly unit: "hours" | "days"; readonly value: number };
  /** The restore testing plan's name (`<project>_rtest_<env>`). */
  readonly restoreTestingPlanName: string;
  /** The Backup Audit Manager framework's name (`<project>_backup_<env>`). */
  readonly auditFrameworkName: string;
  /** The RDS restore tests' metadata overrides: the DB subnet group when one is given (`restore_test_rds_overrides`). */
  readonly restoreTestRdsOverrides: Record<string, string> | undefined;
  /** The reports bucket's server-side encryption: SSE-KMS with a Bucket Key with encryption on, else SSE-S3. */
  readonly reportsEncryption: { readonly sseAlgorithm: string; readonly bucketKeyEnabled: BooleanInput | undefined };
  /** Reports on and encrypted: the validator writes SSE-KMS. */
  readonly reportsEncrypted: BooleanInput;
  /** The validator's environment for the features of issue 11: "" where a feature is off. */
  readonly validatorRecoveryEnvironment: {
    readonly restoreTestingPlans: string;
    readonly restoreTestMaxAgeDays: string;
    readonly replicaLockMinDays: string;
    readonly replicaLockMaxDays: string;
  };
}

/**
 * Derives every decision from the core settings. Pure: `name` names plan-time decisions (see
 * `resolveSettings`); a decision known at synth is never named.
 */
export function resolveDecisions(s: BackupCoreSettings, name: Namer): ResolvedDecisions {
  const pick = namedChoice(name);
  const replicaVaultLocked = and(s.crossRegion, s.vaultLock);
  const validatorReportEndpoint = and(s.backupReports, nonEmpty(s.validatorRouteTableIds));
  const planName = restoreTestingPlanName(s.projectName, s.environment);
  const windows = s.rules.map((r) => r.completionWindowMinutes).filter((m) => isKnown(m));
  return {
    preventDestroy: !isKnown(s.environment) || s.environment === "production",
    createReplicaKey: and(s.crossRegion, s.createKmsKeys),
    topicEncrypted: and(s.notifications, s.encryption),
    emailSubscription: and(s.notifications, not(equals(s.notificationEmail, ""))),
    detailedJobAlerts: and(s.notifications, not(equals(s.notificationLevel, NOTIFICATION_LEVELS[0]))),
    vaultEvents: vaultEventsOf(s.notificationLevel, name),
    forwardReplicaEvents: and(s.crossRegion, s.notifications),
    replicaAlarms: and(s.crossRegion, s.monitoring),
    routeReplicaAlarms: and(s.crossRegion, s.monitoring, s.notifications),
    validatorAlarms: and(s.validation, s.monitoring),
    validatorMayExist: !(isKnown(s.validation) && !s.validation),
    encryptionMayBeOn: !(isKnown(s.encryption) && !s.encryption),
    replicaRegionInUse: pick("replica_region_in_use", s.crossRegion, s.replicaRegion ?? "", ""),
    replicaVaultLocked,
    validatorEndpoints: name("validator_endpoints_enabled", and(s.vpcEndpoints, nonEmpty(s.validatorNetwork.subnetIds))),
    validatorReportEndpoint,
    validatorEndpointServices: endpointsFor({ BACKUP_PLAN_ID: true, SNS_TOPIC_ARN: s.notifications, REPORT_BUCKET: validatorReportEndpoint }),
    validatorFirstSubnetId: firstOf(s.validatorNetwork.subnetIds),
    shortestCompletionWindowMinutes: Math.min(...windows),
    ...backupRoleDecisions(s.existingBackupRoleArn ?? null),
    dailyBackupFrequency: frequencyOf(s.schedules.daily),
    restoreTestingPlanName: planName,
    auditFrameworkName: auditFrameworkName(s.projectName, s.environment),
    restoreTestRdsOverrides: rdsOverridesOf(s.restoreTestRdsSubnetGroupName, name),
    reportsEncryption: reportsEncryptionOf(s, pick),
    reportsEncrypted: and(s.backupReports, s.encryption),
    validatorRecoveryEnvironment: {
      restoreTestingPlans: pick("validator_restore_testing_plans", s.restoreTesting, planName, ""),
      restoreTestMaxAgeDays: asText(s.restoreTestMaxAgeDays),
      replicaLockMinDays: pick("validator_replica_lock_min_days", replicaVaultLocked, asText(s.minRetentionDays), ""),
      replicaLockMaxDays: pick("validator_replica_lock_max_days", replicaVaultLocked, asText(s.maxRetentionDays), ""),
    },
  };
}

/** `ifTrue` or `ifFalse` by a decision: chosen at synth when the decision is known, else the conditional named `local`. */
export function namedChoice(name: Namer) {
  return <T>(local: string, decision: BooleanInput, ifTrue: T, ifFalse: T): T =>
    isKnown(decision) ? choose(decision, ifTrue, ifFalse) : name(local, choose(decision, ifTrue, ifFalse));
}

/** A notification topic's decisions: those the caller resolved, else derived from its props. */
export interface NotificationDecisions {
  readonly encrypted: BooleanInput;
  readonly emailSubscription: BooleanInput;
  readonly vaultEvents: string[];
  readonly detailedJobAlerts: BooleanInput;
}

/**
 * A notification topic's decisions: the module resolves them with the other settings; a topic
 * used on its own derives them from its props here.
 */
export function notificationDecisions(
  props: Partial<NotificationDecisions> & { readonly enabled: BooleanInput; readonly kmsKeyArn: string | null; readonly email: string; readonly level: string },
  name: Namer,
): NotificationDecisions {
  return {
    encrypted: props.encrypted ?? (props.kmsKeyArn === null ? false : props.enabled),
    emailSubscription: props.emailSubscription ?? and(props.enabled, not(equals(props.email, ""))),
    vaultEvents: props.vaultEvents ?? vaultEventsOf(props.level, name),
    detailedJobAlerts: props.detailedJobAlerts ?? and(props.enabled, not(equals(props.level, NOTIFICATION_LEVELS[0]))),
  };
}

/** The vault events of a level: the table's row, or a lookup in the table at plan time. */
export function vaultEventsOf(level: string, name: Namer): string[] {
  if (isKnown(level)) return [...(VAULT_EVENTS_BY_LEVEL[level as NotificationLevel] ?? VAULT_EVENTS_BY_LEVEL.all)];
  return Token.asList(Fn.lookup(name("vault_events_by_level", Token.asAny(VAULT_EVENTS_BY_LEVEL)), level));
}

/** The reports bucket's encryption, named only where the bucket may exist (it is unused otherwise). */
function reportsEncryptionOf(s: BackupCoreSettings, pick: ReturnType<typeof namedChoice>) {
  const bucketMayExist = !(isKnown(s.backupReports) && !s.backupReports);
  const decide: typeof pick = bucketMayExist ? pick : (_local, decision, ifTrue, ifFalse) => choose(decision, ifTrue, ifFalse);
  return {
    sseAlgorithm: decide("reports_sse_algorithm", s.encryption, "aws:kms", "AES256"),
    bucketKeyEnabled: decide<BooleanInput | undefined>("reports_bucket_key_enabled", s.encryption, true, undefined),
  };
}

/** The backup duration alarm's threshold in seconds: a literal when both inputs are known, else a Terraform expression. */
export function durationThresholdSeconds(completionWindowMinutes: number, percent: number): number {
  if (isKnown(completionWindowMinutes) && isKnown(percent)) return (completionWindowMinutes * 60 * percent) / 100;
  return Token.asNumber(Op.div(Op.mul(Op.mul(completionWindowMinutes, 60), percent), 100));
}

/** A rule's recovery points go to the archive tier: intelligent tiering on and the rule reaching cold storage. */
export function archiveTierOf(intelligentTiering: BooleanInput, coldStorageAfterDays: number | null): BooleanInput {
  return and(intelligentTiering, isSet(coldStorageAfterDays));
}

/** The archive tier of a rule whose cold storage is decided by `coldStorageSet` (a plan-time rule list's). */
export function archiveTierWhen(intelligentTiering: BooleanInput, coldStorageSet: BooleanInput): BooleanInput {
  return and(intelligentTiering, coldStorageSet);
}

/** How often a schedule backs up, as Backup Audit Manager asks (1-24 hours or 1-31 days). */
export function frequencyOf(schedule: string): { unit: "hours" | "days"; value: number } {
  // Resolution runs before validation: a schedule the input checks reject gets the daily figure.
  if (!isKnown(schedule) || !RULES.backup_schedule.test(schedule)) return { unit: "days", value: 1 };
  const gap = longestIntervalHours(schedule);
  if (gap < 24) return { unit: "hours", value: Math.max(1, Math.ceil(gap)) };
  return { unit: "days", value: Math.min(31, Math.ceil(gap / 24)) };
}

function firstOf(list: string[]): string {
  return isKnown(list) ? list[0] : Token.asString(Fn.element(list, 0));
}

/** Whether the module creates the backup role, and the name of the user's role when one is given. */
export function backupRoleDecisions(existingRoleArn: string | null): { createBackupRole: BooleanInput; existingBackupRoleName: string | null } {
  return { createBackupRole: isNull(existingRoleArn), existingBackupRoleName: roleNameOf(existingRoleArn) };
}

/** Where the plan and the validator find the air-gapped vault: none when it is known not to exist. */
export function airGappedCopyTarget(enabled: BooleanInput, arn: string): { enabled: BooleanInput; arn: string } | undefined {
  return isKnown(enabled) && !enabled ? undefined : { enabled, arn };
}

/** A role's name from its ARN: the last segment, since the ARN may carry a path (role/service/backup). */
export function roleNameOf(roleArn: string | null): string | null {
  if (roleArn === null) return null;
  return isKnown(roleArn) ? roleArn.split("/").pop()! : Token.asString(Fn.element(Fn.reverse(Fn.split("/", roleArn)), 0));
}

/** The RDS restore tests' metadata overrides: the DB subnet group when one is given. */
function rdsOverridesOf(subnetGroup: string | null, name: Namer): Record<string, string> | undefined {
  if (subnetGroup === null || subnetGroup === undefined) return undefined;
  if (isKnown(subnetGroup)) return { dbSubnetGroupName: subnetGroup };
  return name("restore_test_rds_overrides", choose(isSet(subnetGroup), { dbSubnetGroupName: subnetGroup }, undefined));
}
