import { Construct } from "constructs";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { BackupCapacityAlarms } from "./capacity-alarms";
import { BackupDurationAlarm } from "./duration-alarm";
import { TamperAlerts } from "./tamper-alerts";
import { ValidatorEndpoints, endpointsFor } from "./validator-endpoints";
import { nonEmpty } from "./private-networking";
import { REPORT_PREFIXES } from "./reports-bucket";
import { Fn, Token, dependable, ref } from "cdktf";
import { AccountContext } from "./account";
import { AirGappedVault, airGappedSettings, checkAirGappedVault } from "./air-gapped-vault";
import { BackupModuleConfig, BooleanInput } from "./config";
import { BackupKey } from "./encryption";
import { BackupConfigErrors } from "./errors";
import { InputChecks } from "./input-checks";
import { BackupMonitoring } from "./monitoring";
import { BackupNotifications } from "./notifications";
import { BackupPlanWithRules } from "./plan";
import { BackupSelections } from "./selection";
import { BackupSettings, resolveSettings } from "./settings";
import { RecoveryProof } from "./recovery-proof";
import { ReplicaRegionMonitoring } from "./replica-monitoring";
import { REPLICA_VAULT_SUFFIX, validateConfig } from "./validate-config";
import { REPLICA_VAULT_SITE } from "./validate-deployment";
import { BackupValidatorFunction } from "./validator-function";
import { ValidatorPackage, validatorPackageAsset } from "./validator-package";
import { Expressions, and, attributesOfExisting, isKnown, isSet } from "./values";
import { LockedVault, vaultAccessPolicy, vaultAccessPolicyDocument } from "./vault";

/** Options of the construct itself, beyond the spec's variables. */
export interface BackupModuleOptions {
  /**
   * The validator's Lambda package. @default the zip built in validator/dist, copied into the
   * stack's output as an asset
   */
  readonly validatorPackage?: ValidatorPackage;
  /**
   * The inputs are Terraform variables whose `validation` blocks already apply the single-value
   * rules (the generated module), so only cross-input rules become preconditions. @default false
   */
  readonly variablesValidateInputs?: boolean;
  /**
   * Retention of the validator's log group, in days.
   * @deprecated use {@link BackupModuleConfig.validatorLogRetentionDays}, which wins when both are set
   * @default 365 in production, else 30
   */
  readonly validatorLogRetentionDays?: number;
  /**
   * The validator's reserved concurrency, or null for none.
   * @deprecated use {@link BackupModuleConfig.validatorReservedConcurrency}, which wins when both are set
   * @default null (no reservation)
   */
  readonly validatorReservedConcurrency?: number | null;
  /**
   * The provider's region, when known at synth: rules that involve it (RDS ARNs in this region, a
   * replica region other than this one) are then judged at synth rather than at plan time.
   * @default read from the provider at plan time
   */
  readonly region?: string;
  /** The deploying account's ID, when known at synth (see {@link region}). @default read from the provider at plan time */
  readonly accountId?: string;
  /**
   * Add `prevent_destroy` to vaults, vault locks and keys, so that no plan can delete them.
   * Terraform needs this as a literal. @default true for production (or an environment unknown at synth)
   */
  readonly preventDestroy?: boolean;
}

/**
 * AWS Backup for one project and environment, as the spec describes: KMS-encrypted (and, where
 * configured, locked) vaults, a daily/weekly/monthly plan with environment-based defaults,
 * RDS/EBS/EFS selections, cross-region copies, notifications and alarms.
 *
 * Inputs may be literals (validated at synth; bad input throws {@link BackupConfigErrors} before
 * any resource is created) or Terraform expressions (the same rules become preconditions).
 */
export class BackupModule extends Construct {
  /** The effective settings, defaults filled in. */
  readonly settings: BackupSettings;
  readonly account: AccountContext;
  /** The primary key (`alias/<project>-backup-<env>`). */
  readonly key: BackupKey;
  /** The replica region's key (`alias/<project>-backup-replica-<env>`). */
  readonly replicaKey: BackupKey;
  readonly vault: LockedVault;
  readonly replicaVault: LockedVault;
  readonly plan: BackupPlanWithRules;
  readonly selections: BackupSelections;
  readonly notifications: BackupNotifications;
  readonly monitoring: BackupMonitoring;
  /** Rules and alarms in the replica region (cross-region copies only). */
  readonly replicaMonitoring: ReplicaRegionMonitoring;
  readonly validator: BackupValidatorFunction;
  /** VPC endpoints for the validator in private subnets (`create_vpc_endpoints`). */
  validatorEndpoints!: ValidatorEndpoints;
  /** Alarms on backup jobs piling up and on PARTIAL or EXPIRED recovery points. */
  capacityAlarms!: BackupCapacityAlarms;
  /** Alarm on the slowest resource type's p90 backup duration against the completion window. */
  durationAlarm!: BackupDurationAlarm;
  /** EventBridge rules alerting on deletions and weakening of the backups (`enable_tamper_alerts`). */
  tamperAlerts!: TamperAlerts;
  /** Restore testing, point-in-time recovery, Backup Audit Manager, the reports bucket and the dashboard. */
  readonly recovery: RecoveryProof;
  /** The logically air-gapped vault every rule also copies to, and its RAM share (`enable_air_gapped_vault`). */
  readonly airGappedVault: AirGappedVault;

  constructor(scope: Construct, id: string, config: BackupModuleConfig, options: BackupModuleOptions = {}) {
    super(scope, id);
    const expressions = new Expressions(this);
    const settings = resolveSettings(withDeprecatedOptions(config, options), expressions.name);
    const airGapped = airGappedSettings(config);
    const checks = new InputChecks(this, expressions, options.variablesValidateInputs);
    const account = new AccountContext(this, "account", { region: options.region, accountId: options.accountId });
    validateConfig(config, settings, checks, { region: options.region ?? account.region, accountId: options.accountId ?? account.accountId });
    checkAirGappedVault(airGapped, settings, checks);
    if (checks.errors.length > 0) {
      // Leave nothing behind: an app that catches the error and synthesizes anyway must not write
      // a stack holding half a module.
      scope.node.tryRemoveChild(id);
      throw new BackupConfigErrors(checks.errors);
    }
    this.settings = settings;

    const s = settings;
    const { projectName: project, environment: env, tags } = s;
    const preventDestroy = options.preventDestroy ?? (!isKnown(env) || env === "production");
    this.account = account;

    this.key = new BackupKey(this, "kms", {
      enabled: s.createKmsKeys,
      aliasName: `alias/${project}-backup-${env}`,
      description: `Encrypts ${project} ${env} backups and backup notifications`,
      account: this.account,
      deletionWindowInDays: s.kmsDeletionWindow,
      preventDestroy,
      tags,
    });
    const admins = this.vaultPolicyAdmins(expressions);
    const vaultLockProps = {
      vaultLock: s.vaultLock,
      complianceMode: s.complianceMode,
      minRetentionDays: s.minRetentionDays,
      maxRetentionDays: s.maxRetentionDays,
      changeableForDays: s.lockChangeableForDays,
      blockRecoveryPointDeletion: s.blockRecoveryPointDeletion,
      policyAdminArns: admins,
      // One document for both vaults: a local in the module, literal JSON in a stack.
      accessPolicy: Token.isUnresolved(admins)
        ? Token.asString(Fn.jsonencode(expressions.local("vault_access_policy", vaultAccessPolicyDocument(admins)).expression))
        : vaultAccessPolicy(admins),
      preventDestroy,
    };
    // The key of the vault, the topic and the validator: the user's, the module's, or none.
    this.keyArns = this.chooseKey(expressions);
    const keyArn = this.keyArns.arn;
    this.vault = new LockedVault(this, "vault", {
      ...vaultLockProps,
      enabled: true,
      name: s.vaultName,
      kmsKeyArn: keyArn,
      tags,
    });

    const replicaRegion = s.replicaRegion ?? undefined;
    this.replicaKey = new BackupKey(this, "replica_kms", {
      enabled: and(s.crossRegion, s.createKmsKeys),
      aliasName: `alias/${project}-backup-replica-${env}`,
      description: `Encrypts ${project} ${env} cross-region backup copies`,
      account: this.account,
      region: replicaRegion,
      deletionWindowInDays: s.kmsDeletionWindow,
      preventDestroy,
      tags,
    });
    this.replicaVault = new LockedVault(this, "replica_vault", {
      ...vaultLockProps,
      enabled: s.crossRegion,
      name: `${s.vaultName}${REPLICA_VAULT_SUFFIX}`,
      region: replicaRegion,
      kmsKeyArn: this.replicaKey.key.exists ? this.replicaKey.arn : null,
      preconditions: checks.preconditionsAt.get(REPLICA_VAULT_SITE),
      tags,
    });

    this.airGappedVault = new AirGappedVault(this, "air_gapped_vault", { ...airGapped, vaultName: s.vaultName, preventDestroy, tags });
    const copiesToAirGapped = isKnown(airGapped.enabled) && !airGapped.enabled ? undefined : { enabled: airGapped.enabled, arn: this.airGappedVault.arn };

    this.plan = new BackupPlanWithRules(this, "plan", {
      airGappedVault: copiesToAirGapped,
      name: s.planName,
      targetVaultName: this.vault.name,
      replicaVaultArn: this.replicaVault.arn,
      intelligentTiering: s.intelligentTiering,
      recoveryPointTags: s.recoveryPointTags,
      preconditions: checks.preconditions,
      tags,
      rules: s.rules,
      planTimeRules: s.planTimeRules,
      crossRegion: s.crossRegion,
    });
    // Locks are set before any rule writes into the vault, and released only after the plan is gone.
    this.plan.plan.dependsOn = [this.vault.lock, this.replicaVault.lock].flatMap((l) => (l.resource ? [dependable(l.resource)] : []));

    this.selections = new BackupSelections(this, "selection", {
      projectName: project,
      environment: env,
      planId: this.plan.plan.id,
      account: this.account,
      rdsInstances: s.rdsInstances,
      efs: s.efs,
      existingRoleArn: s.existingBackupRoleArn,
      tags,
    });

    this.notifications = new BackupNotifications(this, "notifications", {
      enabled: s.notifications,
      projectName: project,
      environment: env,
      account: this.account,
      kmsKeyArn: keyArn,
      key: this.key,
      email: s.notificationEmail,
      level: s.notificationLevel,
      vaultName: this.vault.name,
      tags,
    });
    // Where alarms go: the topic, or nothing when notifications are off.
    const alarmTopics = attributesOfExisting("arn", this.notifications.topic);
    this.monitoring = new BackupMonitoring(this, "monitoring", {
      enabled: s.monitoring,
      projectName: project,
      environment: env,
      vaultName: this.vault.name,
      alarmActions: alarmTopics,
      tags,
    });
    this.replicaMonitoring = new ReplicaRegionMonitoring(this, "replica_monitoring", {
      projectName: project,
      environment: env,
      account: this.account,
      replicaRegion: replicaRegion ?? "",
      replicaVaultName: this.replicaVault.name,
      forwardEvents: and(s.crossRegion, s.notifications),
      alarms: and(s.crossRegion, s.monitoring),
      routeAlarms: and(s.crossRegion, s.monitoring, s.notifications),
      topicArn: this.notifications.topicArn,
      tags,
    });

    const validatorName = `${project}-backup-validator-${env}`;
    this.recovery = new RecoveryProof(this, "recovery", {
      settings: s,
      account: this.account,
      vaultName: this.vault.name,
      vaultArn: this.vault.arn,
      replicaVaultArn: this.replicaVault.arn,
      kmsKeyArn: keyArn,
      backupRoleArn: this.selections.roleArn,
      rdsArns: this.selections.rdsArns,
      validatorFunctionName: validatorName,
    });
    // Unconditional, so the key policy does not depend on a plan-time switch: it names only that role, through S3.
    this.key.grantReportDelivery();

    this.validator = new BackupValidatorFunction(this, "validator", {
      enabled: s.validation,
      alarms: and(s.validation, s.monitoring),
      projectName: project,
      environment: env,
      account: this.account,
      package: isKnown(s.validation) && !s.validation ? { filename: "", sourceCodeHash: "" } : (options.validatorPackage ?? this.packageValidator()),
      schedule: s.validationSchedule,
      vaultName: this.vault.name,
      planArn: this.plan.plan.arn,
      planId: this.plan.plan.id,
      vaultArns: attributesOfExisting("arn", this.vault.vault, this.replicaVault.vault),
      replicaVaultName: this.replicaVault.vault.attributeOrEmpty("name"),
      replicaRegion: expressions.choose("validator_replica_region", s.crossRegion, s.replicaRegion ?? "", ""),
      rpoTargetHours: s.rpoTargetHours,
      rtoTargetHours: s.rtoTargetHours,
      kmsKeyArn: this.keyArns.orEmpty,
      key: this.key,
      encrypted: s.encryption,
      environmentKeyArn: keyArn ?? undefined,
      topicEncrypted: and(s.notifications, s.encryption),
      topicArn: this.notifications.topic.attributeOrEmpty("arn"),
      topicExists: s.notifications,
      topicArns: alarmTopics,
      logRetentionDays: s.validatorLogRetentionDays,
      reservedConcurrency: s.validatorReservedConcurrency,
      network: s.validatorNetwork,
      airGappedVault: copiesToAirGapped,
      recovery: {
        environment: this.recovery.validatorEnvironment(this.keyArns.orEmpty),
        restoreTesting: s.restoreTesting,
        reports: s.backupReports,
        reportsEncrypted: and(s.backupReports, s.encryption),
        reportBucketName: this.recovery.reports.bucketName,
        reportKeyArn: this.keyArns.orEmpty,
        replicaLock: and(s.crossRegion, s.vaultLock),
        replicaVaultArn: this.replicaVault.arn,
      },
      tags,
    });
    this.addOperationalPromises(alarmTopics);
  }

  /**
   * What operators need on day one (issue 13): VPC endpoints for the validator in private
   * subnets, alarms on jobs piling up, on PARTIAL or EXPIRED recovery points and on backup
   * duration, and tamper alerts on the topic.
   */
  private addOperationalPromises(alarmTopics: string[]): void {
    const s = this.settings;
    const { projectName: project, environment: env, tags } = s;
    const network = s.validatorNetwork;
    // Without subnets the endpoints are an input error (a precondition at plan time): nothing may
    // read the first subnet meanwhile, or Terraform stops at element() of an empty list instead.
    const endpointsWanted = new Expressions(this).flag("validator_endpoints_enabled", and(s.vpcEndpoints, nonEmpty(network.subnetIds)));
    this.validatorEndpoints = new ValidatorEndpoints(this, "validator_endpoints", {
      enabled: endpointsWanted,
      projectName: project,
      environment: env,
      vpcId: this.subnetVpcId(endpointsWanted, network.subnetIds),
      serviceNamePrefix: `${this.account.reverseDnsPrefix}.${this.account.region}`,
      subnetIds: network.subnetIds,
      functionSecurityGroupIds: network.securityGroupIds,
      // The report's S3 endpoint needs route tables; without them the user routes S3 (README).
      services: endpointsFor({ BACKUP_PLAN_ID: true, SNS_TOPIC_ARN: s.notifications, REPORT_BUCKET: and(s.backupReports, nonEmpty(s.validatorRouteTableIds)) }),
      routeTableIds: s.validatorRouteTableIds,
      reportObjectArns: [`arn:${this.account.partition}:s3:::${this.recovery.reports.bucketName}/${REPORT_PREFIXES.validator}/*`],
      tags,
    });
    this.capacityAlarms = new BackupCapacityAlarms(this, "capacity_alarms", {
      enabled: s.monitoring,
      projectName: project,
      environment: env,
      vaultName: this.vault.name,
      jobsInFlightThreshold: s.backupJobsInFlightAlarmThreshold,
      alarmActions: alarmTopics,
      tags,
    });
    const windows = s.rules.map((r) => r.completionWindowMinutes).filter((m) => isKnown(m));
    this.durationAlarm = new BackupDurationAlarm(this, "duration_alarm", {
      enabled: and(s.validation, s.monitoring),
      validatorFunctionName: `${project}-backup-validator-${env}`,
      completionWindowMinutes: Math.min(...windows),
      percentOfCompletionWindow: s.backupDurationAlarmPercent,
      alarmActions: alarmTopics,
      tags,
    });
    this.tamperAlerts = new TamperAlerts(this, "tamper_alerts", {
      enabled: s.tamperAlerts,
      projectName: project,
      environment: env,
      vaultNames: [this.vault.name],
      planId: this.plan.plan.id,
      keyArns: isKnown(s.encryption) && !s.encryption ? [] : [this.keyArns!.arn ?? ""],
      keysEnabled: s.encryption,
      topicArn: this.notifications.topicArn,
      tags,
    });
  }

  /** The VPC of the validator's first subnet, read only when the endpoints are created. */
  private subnetVpcId(wanted: BooleanInput, subnetIds: string[]): string {
    if (isKnown(wanted) && !wanted) return "";
    const subnet = new DataAwsSubnet(this, "validator_subnet", {
      count: isKnown(wanted) ? undefined : Token.asNumber(Fn.conditional(wanted, 1, 0)),
      id: isKnown(subnetIds) ? subnetIds[0] : Token.asString(Fn.element(subnetIds, 0)),
    });
    return isKnown(wanted) ? subnet.vpcId : Token.asString(ref(`one(${subnet.fqn}[*].vpc_id)`));
  }

  /** The key ARN of the vault, topic and validator: the user's key, else the module's (null without encryption). */
  get kmsKeyArn(): string | null {
    return this.keyArns?.arn ?? null;
  }

  private keyArns?: { arn: string | null; orEmpty: string };

  /** The key of the vault, topic and validator, as an ARN (null for none) and as a string ("" for none). */
  private chooseKey(expressions: Expressions): { arn: string | null; orEmpty: string } {
    const { existingKmsKeyArn: existing, encryption } = this.settings;
    if (isKnown(existing) && (existing === null || existing === undefined)) {
      return { arn: this.key.key.exists ? this.key.arn : null, orEmpty: this.key.key.attributeOrEmpty("arn") };
    }
    if (isKnown(existing) && isKnown(encryption)) return { arn: encryption ? existing : null, orEmpty: encryption ? (existing as string) : "" };
    const arn = isKnown(existing)
      ? expressions.choose("kms_key_arn", encryption, existing, null)
      : expressions.choose("kms_key_arn", isSet(existing), existing, this.key.key.exists ? this.key.arn : null);
    return { arn, orEmpty: expressions.choose("validator_kms_key_arn", isSet(arn), arn, "") as string };
  }

  /**
   * Who may still delete recovery points and change the vault policy: the input, or else the
   * IAM role (or user) running Terraform, so that Terraform can keep updating the policy.
   */
  private vaultPolicyAdmins(expressions: Expressions): string[] {
    const given = this.settings.vaultPolicyAdminRoleArns;
    if (given === undefined) return [this.account.terraformPrincipalArn];
    if (isKnown(given)) return given;
    return expressions.local("vault_policy_admin_arns", expressions.orDefault(given, [this.account.terraformPrincipalArn])).asList;
  }

  /** The built validator zip as an asset of the stack, with its SHA-256. */
  private packageValidator(): ValidatorPackage {
    return validatorPackageAsset(this);
  }
}

/** The config with the deprecated validator options filled in where the config leaves them unset. */
function withDeprecatedOptions(config: BackupModuleConfig, options: BackupModuleOptions): BackupModuleConfig {
  return {
    ...config,
    validatorLogRetentionDays: config.validatorLogRetentionDays ?? options.validatorLogRetentionDays,
    validatorReservedConcurrency: config.validatorReservedConcurrency === undefined ? options.validatorReservedConcurrency : config.validatorReservedConcurrency,
  };
}
