import { Construct } from "constructs";
import { BackupFramework, BackupFrameworkControl } from "@cdktf/provider-aws/lib/backup-framework";
import { BackupReportPlan } from "@cdktf/provider-aws/lib/backup-report-plan";
import { BooleanInput } from "./config";
import { LiteralChecks, wholeBetween } from "./literal-checks";
import { REPORT_PREFIXES } from "./reports-bucket";
import { OptionalResource } from "./values";

/** Backup Audit Manager framework and report plan names: a letter, then letters, digits and '_', at most 256. */
export const AUDIT_NAME = /^[a-zA-Z][_a-zA-Z0-9]{0,255}$/;

/** Report templates delivered to the reports bucket; the compliance ones cover the framework. */
export const JOB_REPORT_TEMPLATES = ["BACKUP_JOB_REPORT", "COPY_JOB_REPORT", "RESTORE_JOB_REPORT"] as const;
export const COMPLIANCE_REPORT_TEMPLATES = ["CONTROL_COMPLIANCE_REPORT", "RESOURCE_COMPLIANCE_REPORT"] as const;

/** The module's settings the controls are parameterised from. */
export interface AuditSettings {
  /** Resource types the controls evaluate, AWS Backup's names (`RDS`, `EBS`, `EFS`, ...). */
  readonly resourceTypes: string[];
  /** Minimum retention: the daily rule's retention, in days. */
  readonly minRetentionDays: number;
  /** How often the plan backs up, from its schedule. */
  readonly backupFrequency: { readonly unit: "hours" | "days"; readonly value: number };
  /** The recovery point objective, in hours: the last recovery point must be younger. */
  readonly rpoHours: number;
  /** The recovery time objective, in hours: restores must finish within it. */
  readonly rtoHours: number;
  /** The vault lock's retention bounds, when the module locks the vault. */
  readonly vaultLock?: { readonly minRetentionDays: number; readonly maxRetentionDays: number };
  /** The replica region, when the module copies cross-region. */
  readonly crossRegion?: string;
  /** Up to 5 roles allowed to delete recovery points by hand (the vault policy's admins). @default none */
  readonly manualDeletionExemptArns?: string[];
}

/** Properties of {@link AuditFramework}. */
export interface AuditFrameworkProps {
  /** Create the framework and its compliance reports (needs AWS Config recording the backup resource types). */
  readonly frameworkEnabled: BooleanInput;
  /** Create the job report plans (no AWS Config needed). */
  readonly reportsEnabled: BooleanInput;
  /** Framework name; report plans are named after it (`<name>_backup_job_report`, ...). */
  readonly name: string;
  readonly settings: AuditSettings;
  readonly reportsBucketName: string;
  /** @default ["CSV", "JSON"] */
  readonly reportFormats?: ("CSV" | "JSON")[];
  readonly tags: Record<string, string>;
}

const param = (name: string, value: number | string) => ({ name, value: String(value) });

/**
 * The framework's controls, each parameterised from the module's settings (control names and
 * parameters as Backup Audit Manager documents them): resources in a plan; plan frequency and
 * retention; recovery point retention; encryption; manual deletion disabled; vault lock (where
 * the module locks); cross-region copy (where the module copies); last recovery point within the
 * RPO; restore time within the RTO.
 */
export function auditControls(s: AuditSettings): BackupFrameworkControl[] {
  const scope = { complianceResourceTypes: s.resourceTypes };
  // Whole hours up to a month (744 h) as hours, longer RPOs in whole days.
  const age = Number.isInteger(s.rpoHours) && s.rpoHours <= 744 ? { unit: "hours", value: s.rpoHours } : { unit: "days", value: Math.ceil(s.rpoHours / 24) };
  return [
    { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", scope },
    { name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", inputParameter: [
      param("requiredFrequencyUnit", s.backupFrequency.unit), param("requiredFrequencyValue", s.backupFrequency.value), param("requiredRetentionDays", s.minRetentionDays)] },
    { name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", inputParameter: [param("requiredRetentionDays", s.minRetentionDays)], scope },
    { name: "BACKUP_RECOVERY_POINT_ENCRYPTED", scope },
    { name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
      inputParameter: s.manualDeletionExemptArns?.length ? [param("principalArnList", s.manualDeletionExemptArns.join(","))] : undefined },
    ...(s.vaultLock ? [{ name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK", scope, inputParameter: [
      param("minRetentionDays", s.vaultLock.minRetentionDays), param("maxRetentionDays", s.vaultLock.maxRetentionDays)] }] : []),
    ...(s.crossRegion ? [{ name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION", scope, inputParameter: [param("crossRegionList", s.crossRegion)] }] : []),
    { name: "BACKUP_LAST_RECOVERY_POINT_CREATED", scope, inputParameter: [param("recoveryPointAgeUnit", age.unit), param("recoveryPointAgeValue", age.value)] },
    // maxRestoreTime is in minutes.
    { name: "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET", scope, inputParameter: [param("maxRestoreTime", Math.round(s.rtoHours * 60))] },
  ];
}

/**
 * Backup Audit Manager: a framework whose controls follow the module's settings, and report plans
 * delivering backup, copy and restore job reports and control and resource compliance reports to
 * the reports bucket. The framework evaluates through AWS Config: without Config recording the
 * AWS Backup resource types it reports nothing, hence its own switch.
 */
export class AuditFramework extends Construct {
  readonly framework: OptionalResource<BackupFramework>;
  readonly reportPlans: OptionalResource<BackupReportPlan>[];

  constructor(scope: Construct, id: string, props: AuditFrameworkProps) {
    super(scope, id);
    auditFrameworkChecks(props).throwIfAny();
    const formats = props.reportFormats ?? ["CSV", "JSON"];
    this.framework = OptionalResource.when(props.frameworkEnabled, (count) => new BackupFramework(this, "framework", {
      count,
      name: props.name,
      description: `Backup controls of ${props.name}: retention, frequency, encryption, deletion protection, RPO and RTO`,
      control: auditControls(props.settings),
      tags: props.tags,
    }));
    const plan = (template: string, enabled: BooleanInput, frameworkArns?: string[]) =>
      OptionalResource.when(enabled, (count) => new BackupReportPlan(this, template.toLowerCase(), {
        count,
        name: `${props.name}_${template.toLowerCase()}`,
        description: `${template} of ${props.name}`,
        reportDeliveryChannel: { s3BucketName: props.reportsBucketName, s3KeyPrefix: REPORT_PREFIXES.auditManager, formats },
        reportSetting: { reportTemplate: template, ...(frameworkArns && { frameworkArns, numberOfFrameworks: frameworkArns.length }) },
        tags: props.tags,
      }));
    this.reportPlans = [
      ...JOB_REPORT_TEMPLATES.map((t) => plan(t, props.reportsEnabled)),
      ...COMPLIANCE_REPORT_TEMPLATES.map((t) => plan(t, props.frameworkEnabled, [this.framework.attribute("arn")])),
    ];
  }
}

/** The rules of {@link AuditFrameworkProps}, named by the module's inputs. */
export function auditFrameworkChecks(props: AuditFrameworkProps): LiteralChecks {
  const s = props.settings;
  const longestPlan = `${props.name}_${COMPLIANCE_REPORT_TEMPLATES[1].toLowerCase()}`;
  return new LiteralChecks()
    .check("audit_framework_name", props.name, (v) => AUDIT_NAME.test(v) && AUDIT_NAME.test(longestPlan),
      "framework and report plan names start with a letter and hold only letters, digits and '_' (at most 256, report plan suffix included)")
    .check("backup_frequency", s.backupFrequency, (f) => (f.unit === "hours" ? wholeBetween(1, 24) : wholeBetween(1, 31))(f.value),
      "Backup Audit Manager checks a frequency of 1-24 hours or 1-31 days")
    .check("manual_deletion_exempt_arns", s.manualDeletionExemptArns, (v) => v.length <= 5, "the manual deletion control exempts at most 5 roles");
}
