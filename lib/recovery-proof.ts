import { Construct } from "constructs";
import { Fn, Op, Token } from "cdktf";
import { ENV_VARS } from "../validator/src/contract";
import { AccountContext } from "./account";
import { AuditFramework } from "./audit-framework";
import { BackupDashboard } from "./backup-dashboard";
import { longestIntervalHours } from "./cron";
import { PointInTimeRecovery } from "./point-in-time-recovery";
import { ReportsBucket } from "./reports-bucket";
import { RestoreTesting } from "./restore-testing";
import { SELECTION_TAGS } from "./selection";
import { BackupSettings } from "./settings";
import { Expressions, and, isKnown, isSet } from "./values";

/** What {@link RecoveryProof} needs of the rest of the module. */
export interface RecoveryProofProps {
  readonly settings: BackupSettings;
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

  constructor(scope: Construct, id: string, props: RecoveryProofProps) {
    super(scope, id);
    const expressions = new Expressions(this);
    const s = props.settings;
    this.settings = s;
    const { projectName: project, environment: env, tags, account } = { ...s, account: props.account };
    const underscored = (text: string) => (isKnown(text) ? text.replace(/-/g, "_") : Token.asString(Fn.replace(text, "-", "_")));
    const hasRds = Token.isUnresolved(props.rdsArns) ? Op.lt(0, Fn.lengthOf(props.rdsArns)) : props.rdsArns.length > 0;
    const testedRds = Token.isUnresolved(props.rdsArns)
      ? Token.asList(Fn.slice(props.rdsArns, 0, Fn.min([MAX_TESTED_ARNS, Fn.lengthOf(props.rdsArns)])))
      : props.rdsArns.slice(0, MAX_TESTED_ARNS);

    // Restore testing plan names hold at most 50 characters: 32 (project) + 7 + 11 (environment).
    this.restoreTestingPlanName = `${underscored(project)}_rtest_${underscored(env)}`;
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
          restoreMetadataOverrides: rdsOverrides(expressions, s.restoreTestRdsSubnetGroupName) },
        { name: "ebs", resourceType: "EBS", conditions: SELECTION_TAGS.ebs(project, env) },
        // A new file system, never the source: AWS Backup infers it, the override makes it explicit.
        { name: "efs", resourceType: "EFS", conditions: SELECTION_TAGS.efs(project, env), restoreMetadataOverrides: { newFileSystem: "true" }, enabled: s.efs },
      ],
      tags,
    });

    this.pointInTimeRecovery = new PointInTimeRecovery(this, "point_in_time_recovery", {
      enabled: and(s.pointInTimeRecovery, hasRds),
      // At most 32 + 6 + 11 characters: within the 50 of plan and selection names.
      planName: `${project}-pitr-${env}`,
      vaultName: props.vaultName,
      backupRoleArn: props.backupRoleArn,
      resourceArns: props.rdsArns,
      retentionDays: s.pointInTimeRecoveryDays,
      schedule: s.schedules.daily,
      replicaVaultArn: expressions.choose("point_in_time_copy", s.crossRegion, props.replicaVaultArn, undefined),
      tags,
    });

    // Bucket names are global: the default carries the account id.
    const defaultBucketName = `${project}-backup-reports-${env}-${account.accountId}`;
    const bucketName = isKnown(s.reportsBucketName)
      ? (s.reportsBucketName ?? defaultBucketName)
      : expressions.string("reports_bucket_name", expressions.orDefault(s.reportsBucketName, defaultBucketName));
    this.reports = new ReportsBucket(this, "reports", {
      enabled: s.backupReports,
      bucketName,
      account,
      kmsKeyArn: props.kmsKeyArn,
      encrypted: s.encryption,
      retentionDays: s.retention.monthly.deleteAfterDays,
      tags,
    });

    this.audit = new AuditFramework(this, "audit", {
      frameworkEnabled: s.auditFramework,
      reportsEnabled: s.backupReports,
      name: `${underscored(project)}_backup_${underscored(env)}`,
      settings: {
        resourceTypes: RESOURCE_TYPES,
        minRetentionDays: s.retention.daily.deleteAfterDays,
        backupFrequency: frequencyOf(s.schedules.daily),
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
    const e = new Expressions(this);
    const text = (n: number) => (isKnown(n) ? String(n) : Token.asString(n));
    const replicaLocked = and(s.crossRegion, s.vaultLock);
    return {
      [ENV_VARS.RESTORE_TESTING_PLAN_NAMES]: e.choose("validator_restore_testing_plans", s.restoreTesting, this.restoreTestingPlanName, ""),
      [ENV_VARS.RESTORE_TEST_MAX_AGE_DAYS]: text(s.restoreTestMaxAgeDays),
      [ENV_VARS.REPORT_BUCKET]: e.choose("validator_report_bucket", s.backupReports, this.reports.bucketName, ""),
      [ENV_VARS.REPORT_KMS_KEY_ARN]: e.choose("validator_report_key", s.backupReports, kmsKeyArnOrEmpty, ""),
      [ENV_VARS.REPLICA_VAULT_LOCK_MIN_DAYS]: e.choose("validator_replica_lock_min_days", replicaLocked, text(s.minRetentionDays), ""),
      [ENV_VARS.REPLICA_VAULT_LOCK_MAX_DAYS]: e.choose("validator_replica_lock_max_days", replicaLocked, text(s.maxRetentionDays), ""),
    };
  }
}

/** The RDS restore tests' metadata overrides: the DB subnet group when one is given. */
function rdsOverrides(expressions: Expressions, subnetGroup: string | null): Record<string, string> | undefined {
  if (subnetGroup === null || subnetGroup === undefined) return undefined;
  if (isKnown(subnetGroup)) return { dbSubnetGroupName: subnetGroup };
  return expressions.choose("restore_test_rds_overrides", isSet(subnetGroup), { dbSubnetGroupName: subnetGroup }, undefined);
}

/** How often the daily rule backs up, as Backup Audit Manager asks (1-24 hours or 1-31 days). */
export function frequencyOf(schedule: string): { unit: "hours" | "days"; value: number } {
  if (!isKnown(schedule)) return { unit: "days", value: 1 };
  const gap = longestIntervalHours(schedule);
  if (gap < 24) return { unit: "hours", value: Math.max(1, Math.ceil(gap)) };
  return { unit: "days", value: Math.min(31, Math.ceil(gap / 24)) };
}
