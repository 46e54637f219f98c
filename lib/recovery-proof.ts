import { Construct } from "constructs";
import { ENV_VARS } from "../validator/src/contract";
import { AccountContext } from "./account";
import { AuditFramework } from "./audit-framework";
import { BackupDashboard } from "./backup-dashboard";
import { PointInTimeRecovery } from "./point-in-time-recovery";
import { ReportsBucket } from "./reports-bucket";
import { RestoreTesting } from "./restore-testing";
import { SELECTION_TAGS } from "./selection";
import { DeploymentSettings } from "./deployment-settings";
import { BackupSettings } from "./settings";
import { OptionalResource, firstItems, isNonEmpty } from "./values";

/** What {@link RecoveryProof} needs of the rest of the module. */
export interface RecoveryProofProps {
  readonly settings: BackupSettings;
  /** The settings that depend on the account (the reports bucket's name). */
  readonly deployment: DeploymentSettings;
  readonly account: AccountContext;
  readonly vaultName: string;
  readonly vaultArn: string;
  /** The replica vault's ARN (null when there is none). */
  readonly replicaVaultArn: string;
  /** The key of the vault, topic and validator, or null without encryption. */
  readonly kmsKeyArn: string | null;
  /** The role of the backup selections (it has the restores policy). */
  readonly backupRoleArn: string;
  /** The RDS databases backed up (a list expression at plan time). */
  readonly rdsArns: string[];
  readonly validatorFunctionName: string;
}

/** AWS Backup's names of the protected types the module selects. */
const RESOURCE_TYPES = ["RDS", "EBS", "EFS"];

/** Restore testing takes up to 30 ARNs per selection. */
const MAX_TESTED_ARNS = 30;

/**
 * Recovery proof for one environment (issue 11): restore testing, point-in-time recovery of the
 * RDS databases, Backup Audit Manager, the reports bucket and the dashboard, each behind its
 * switch, wired to the module's vaults, key, role and selections.
 */
export class RecoveryProof extends Construct {
  readonly restoreTesting: RestoreTesting;
  readonly pointInTimeRecovery: PointInTimeRecovery;
  readonly reports: ReportsBucket;
  readonly audit: AuditFramework;
  readonly dashboard: BackupDashboard;
  /** The restore testing plan's name (`<project>_rtest_<env>`, hyphens as underscores). */
  readonly restoreTestingPlanName: string;
  private readonly settings: BackupSettings;
  private readonly deployment: DeploymentSettings;

  constructor(scope: Construct, id: string, props: RecoveryProofProps) {
    super(scope, id);
    const s = props.settings;
    this.settings = s;
    this.deployment = props.deployment;
    const { projectName: project, environment: env, tags, account } = { ...s, account: props.account };
    const hasRds = isNonEmpty(props.rdsArns);
    const testedRds = firstItems(props.rdsArns, MAX_TESTED_ARNS);

    this.restoreTestingPlanName = s.restoreTestingPlanName;
    this.restoreTesting = new RestoreTesting(this, "restore_testing", {
      enabled: s.restoreTesting,
      name: this.restoreTestingPlanName,
      partition: account.partition,
      scheduleExpression: s.restoreTestSchedule,
      startWindowHours: 24,
      vaultArns: [props.vaultArn],
      // The latest recovery point within a week: what the weekly test should prove.
      selectionWindowDays: 7,
      validationWindowHours: s.restoreTestValidationWindowHours,
      roleArn: props.backupRoleArn,
      selections: [
        { name: "rds", resourceType: "RDS", resourceArns: testedRds, enabled: hasRds,
          restoreMetadataOverrides: s.restoreTestRdsOverrides },
        { name: "ebs", resourceType: "EBS", conditions: SELECTION_TAGS.ebs(project, env) },
        // A new file system, never the source: AWS Backup infers it, the override makes it explicit.
        { name: "efs", resourceType: "EFS", conditions: SELECTION_TAGS.efs(project, env), restoreMetadataOverrides: { newFileSystem: "true" }, enabled: s.efs },
      ],
      tags,
    });

    this.pointInTimeRecovery = new PointInTimeRecovery(this, "point_in_time_recovery", {
      enabled: [s.pointInTimeRecovery, hasRds],
      // At most 32 + 6 + 11 characters: within the 50 of plan and selection names.
      planName: `${project}-pitr-${env}`,
      vaultName: props.vaultName,
      backupRoleArn: props.backupRoleArn,
      resourceArns: props.rdsArns,
      retentionDays: s.pointInTimeRecoveryDays,
      schedule: s.schedules.daily,
      replicaVaultArn: OptionalResource.choose(this, "point_in_time_copy", s.crossRegion, props.replicaVaultArn, undefined),
      tags,
    });

    const bucketName = props.deployment.reportsBucketName;
    this.reports = new ReportsBucket(this, "reports", {
      enabled: s.backupReports,
      bucketName,
      account,
      kmsKeyArn: s.encryptionMayBeOn ? props.kmsKeyArn : null,
      encryption: s.reportsEncryption,
      retentionDays: s.retention.monthly.deleteAfterDays,
      tags,
    });

    this.audit = new AuditFramework(this, "audit", {
      frameworkEnabled: s.auditFramework,
      reportsEnabled: s.backupReports,
      name: s.auditFrameworkName,
      settings: {
        resourceTypes: RESOURCE_TYPES,
        minRetentionDays: s.retention.daily.deleteAfterDays,
        backupFrequency: s.dailyBackupFrequency,
        rpoHours: s.rpoTargetHours,
        rtoHours: s.rtoTargetHours,
        vaultLock: { minRetentionDays: s.minRetentionDays, maxRetentionDays: s.maxRetentionDays, enabled: s.vaultLock },
        crossRegion: s.replicaRegion ?? undefined,
        crossRegionEnabled: s.crossRegion,
      },
      reportsBucketName: bucketName,
      tags,
    });

    this.dashboard = new BackupDashboard(this, "dashboard", {
      enabled: s.backupDashboard,
      dashboardName: `${project}-backup-${env}`,
      region: account.region,
      resourceTypes: RESOURCE_TYPES,
      validatorFunctionName: props.validatorFunctionName,
      rpoHours: s.rpoTargetHours,
      rtoHours: s.rtoTargetHours,
    });
  }

  /**
   * The validator's environment for restore proof, reports and the replica's lock: empty values
   * where the feature is off (the validator treats blank as unset).
   */
  validatorEnvironment(kmsKeyArnOrEmpty: string): Record<string, string> {
    const s = this.settings;
    const resolved = s.validatorRecoveryEnvironment;
    return {
      [ENV_VARS.RESTORE_TESTING_PLAN_NAMES]: resolved.restoreTestingPlans,
      [ENV_VARS.RESTORE_TEST_MAX_AGE_DAYS]: resolved.restoreTestMaxAgeDays,
      [ENV_VARS.REPORT_BUCKET]: this.deployment.validatorReportBucket,
      // The key is a resource's attribute, which the resolution step cannot name.
      [ENV_VARS.REPORT_KMS_KEY_ARN]: OptionalResource.choose(this, "validator_report_key", s.backupReports, kmsKeyArnOrEmpty, ""),
      [ENV_VARS.REPLICA_VAULT_LOCK_MIN_DAYS]: resolved.replicaLockMinDays,
      [ENV_VARS.REPLICA_VAULT_LOCK_MAX_DAYS]: resolved.replicaLockMaxDays,
    };
  }
}

