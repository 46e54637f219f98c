import { Construct } from "constructs";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { BackupCapacityAlarms } from "./capacity-alarms";
import { BackupDurationAlarm } from "./duration-alarm";
import { TamperAlerts } from "./tamper-alerts";
import { ValidatorEndpoints } from "./validator-endpoints";
import { dependable } from "cdktf";
import { AccountContext } from "./account";
import { airGappedSettings, checkAirGappedVault } from "./air-gapped-settings";
import { AirGappedVault } from "./air-gapped-vault";
import { BackupModuleConfig, BooleanInput } from "./config";
import { BackupKey } from "./encryption";
import { BackupConfigErrors } from "./errors";
import { InputChecks } from "./input-checks";
import { BackupMonitoring } from "./monitoring";
import { BackupNotifications } from "./notifications";
import { TopicPublisher } from "./topic-publishers";
import { BackupPlanWithRules } from "./plan";
import { BackupSelections } from "./selection";
import { BackupSettings, resolveSettings } from "./settings";
import { RecoveryProof } from "./recovery-proof";
import { ReplicaRegionMonitoring } from "./replica-monitoring";
import { REPLICA_VAULT_SUFFIX, validateConfig } from "./validate-config";
import { REPLICA_VAULT_SITE } from "./validate-deployment";
import { BackupValidatorFunction } from "./validator-function";
import { ValidatorPackage, validatorPackageAsset } from "./validator-package";
import { Expressions, OptionalResource, attributesOfExisting } from "./values";
import { LockedVault } from "./vault";
import { KeyArns, resolveDeploymentSettings, resolveKeyArns } from "./deployment-settings";
import { validatorFunctionName, validatorReportObjectsArn } from "./names";
import { airGappedCopyTarget } from "./decisions";

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
    const preventDestroy = options.preventDestroy ?? s.preventDestroy;
    this.account = account;
    const deployment = resolveDeploymentSettings(s, account, expressions.name);

    this.key = new BackupKey(this, "kms", {
      enabled: s.createKmsKeys,
      aliasName: `alias/${project}-backup-${env}`,
      description: `Encrypts ${project} ${env} backups and backup notifications`,
      account: this.account,
      deletionWindowInDays: s.kmsDeletionWindow,
      preventDestroy,
      tags,
    });
    const vaultLockProps = {
      vaultLock: s.vaultLock,
      complianceMode: s.complianceMode,
      minRetentionDays: s.minRetentionDays,
      maxRetentionDays: s.maxRetentionDays,
      changeableForDays: s.lockChangeableForDays,
      blockRecoveryPointDeletion: s.blockRecoveryPointDeletion,
      policyAdminArns: deployment.vaultPolicyAdmins,
      accessPolicy: deployment.vaultAccessPolicy,
      preventDestroy,
    };
    // The key of the vault, the topic and the validator: the user's, the module's, or none.
    this.keyArns = resolveKeyArns(s, { exists: this.key.key.exists, arn: this.key.arn, arnOrEmpty: this.key.key.attributeOrEmpty("arn") }, expressions.name);
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
      enabled: s.createReplicaKey,
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
    const copiesToAirGapped = airGappedCopyTarget(airGapped.enabled, this.airGappedVault.arn);

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
      encrypted: s.topicEncrypted,
      email: s.notificationEmail,
      emailSubscription: s.emailSubscription,
      level: s.notificationLevel,
      vaultEvents: s.vaultEvents,
      detailedJobAlerts: s.detailedJobAlerts,
      vaultName: this.vault.name,
      tags,
    });
    // The replica's forwarded events and the tamper alerts reach it through this region's EventBridge rules.
    this.notifications.grantPublish(TopicPublisher.eventRules(this.account));
    // Where alarms go: the topic, or nothing when notifications are off.
    const alarmTopics = this.notifications.alarmActions;
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
      replicaRegion: s.replicaRegionInUse,
      replicaVaultName: this.replicaVault.name,
      forwardEvents: s.forwardReplicaEvents,
      alarms: s.replicaAlarms,
      routeAlarms: s.routeReplicaAlarms,
      topicArn: this.notifications.topicArn,
      tags,
    });

    const validatorName = validatorFunctionName(project, env);
    this.recovery = new RecoveryProof(this, "recovery", {
      settings: s,
      deployment,
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
      alarms: s.validatorAlarms,
      projectName: project,
      environment: env,
      account: this.account,
      package: s.validatorMayExist ? (options.validatorPackage ?? this.packageValidator()) : { filename: "", sourceCodeHash: "" },
      schedule: s.validationSchedule,
      vaultName: this.vault.name,
      planArn: this.plan.plan.arn,
      planId: this.plan.plan.id,
      vaultArns: attributesOfExisting("arn", this.vault.vault, this.replicaVault.vault),
      replicaVaultName: this.replicaVault.vault.attributeOrEmpty("name"),
      replicaRegion: s.replicaRegionInUse,
      rpoTargetHours: s.rpoTargetHours,
      rtoTargetHours: s.rtoTargetHours,
      kmsKeyArn: this.keyArns.orEmpty,
      key: this.key,
      encrypted: s.encryption,
      environmentKeyArn: keyArn ?? undefined,
      topic: this.notifications,
      logRetentionDays: s.validatorLogRetentionDays,
      reservedConcurrency: s.validatorReservedConcurrency,
      network: s.validatorNetwork,
      airGappedVault: copiesToAirGapped,
      recovery: {
        environment: this.recovery.validatorEnvironment(this.keyArns.orEmpty),
        restoreTesting: s.restoreTesting,
        reports: s.backupReports,
        reportsEncrypted: s.reportsEncrypted,
        reportBucketName: this.recovery.reports.bucketName,
        reportKeyArn: this.keyArns.orEmpty,
        replicaLock: s.replicaVaultLocked,
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
    const endpointsWanted = s.validatorEndpoints;
    this.validatorEndpoints = new ValidatorEndpoints(this, "validator_endpoints", {
      enabled: endpointsWanted,
      projectName: project,
      environment: env,
      vpcId: this.subnetVpcId(endpointsWanted, s.validatorFirstSubnetId),
      serviceNamePrefix: `${this.account.reverseDnsPrefix}.${this.account.region}`,
      subnetIds: network.subnetIds,
      functionSecurityGroupIds: network.securityGroupIds,
      // The report's S3 endpoint needs route tables; without them the user routes S3 (README).
      services: s.validatorEndpointServices,
      routeTableIds: s.validatorRouteTableIds,
      reportObjectArns: [validatorReportObjectsArn(this.account.partition, this.recovery.reports.bucketName)],
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
    this.durationAlarm = new BackupDurationAlarm(this, "duration_alarm", {
      enabled: s.validatorAlarms,
      validatorFunctionName: validatorFunctionName(project, env),
      completionWindowMinutes: s.shortestCompletionWindowMinutes,
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
      keyArns: s.encryptionMayBeOn ? [this.keyArns!.arn ?? ""] : [],
      keysEnabled: s.encryption,
      topicArn: this.notifications.topicArn,
      tags,
    });
  }

  /** The VPC of the validator's first subnet, read only when the endpoints are created. */
  private subnetVpcId(wanted: BooleanInput, firstSubnetId: string): string {
    const subnet = OptionalResource.when(wanted, (count) => new DataAwsSubnet(this, "validator_subnet", { count, id: firstSubnetId }));
    return subnet.exists ? subnet.attribute("vpc_id") : "";
  }

  /** The key ARN of the vault, topic and validator: the user's key, else the module's (null without encryption). */
  get kmsKeyArn(): string | null {
    return this.keyArns?.arn ?? null;
  }

  private keyArns?: KeyArns;

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
