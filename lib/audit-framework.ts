import { Construct } from "constructs";
import { BackupFramework } from "@cdktf/provider-aws/lib/backup-framework";
import { BackupReportPlan } from "@cdktf/provider-aws/lib/backup-report-plan";
import { BooleanInput } from "./config";
import { LiteralChecks, wholeBetween } from "./literal-checks";
import { REPORT_PREFIXES } from "./reports-bucket";
import { ResourceSet } from "./for-each";
import { OptionalResource } from "./values";
import { auditControls, auditResourcesWanted, planTimeControls } from "./audit-controls";

export { auditControls } from "./audit-controls";

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
  /** The vault lock's retention bounds, when the module locks the vault (`enabled` may be decided at plan time). */
  readonly vaultLock?: { readonly minRetentionDays: number; readonly maxRetentionDays: number; readonly enabled?: BooleanInput };
  /** The replica region, when the module copies cross-region. */
  readonly crossRegion?: string;
  /** Whether the module copies cross-region, when decided at plan time. @default true when {@link crossRegion} is set */
  readonly crossRegionEnabled?: BooleanInput;
  /** Up to 5 roles allowed to delete recovery points by hand (the vault policy's admins). @default none */
  readonly manualDeletionExemptArns?: string[];
}

/** What differs between the report plans, per instance: the template, and the framework for compliance reports. */
interface ReportPlanInstance {
  readonly template: string;
  readonly framework_arns: string[] | null;
  readonly number_of_frameworks: number | null;
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

/**
 * Backup Audit Manager: a framework whose controls follow the module's settings, and report plans
 * delivering backup, copy and restore job reports and control and resource compliance reports to
 * the reports bucket. The framework evaluates through AWS Config: without Config recording the
 * AWS Backup resource types it reports nothing, hence its own switch.
 */
export class AuditFramework extends Construct {
  readonly framework: OptionalResource<BackupFramework>;
  /** The report plans, one instance per report template (`backup_job_report`, ...); undefined when reports are off. */
  readonly reportPlans?: BackupReportPlan;

  constructor(scope: Construct, id: string, props: AuditFrameworkProps) {
    super(scope, id);
    auditFrameworkChecks(props).throwIfAny(auditResourcesWanted(props.frameworkEnabled, props.reportsEnabled));
    const formats = props.reportFormats ?? ["CSV", "JSON"];
    this.framework = OptionalResource.when(props.frameworkEnabled, (count) => new BackupFramework(this, "framework", {
      count,
      name: props.name,
      description: `Backup controls of ${props.name}: retention, frequency, encryption, deletion protection, RPO and RTO`,
      control: auditControls(props.settings),
      tags: props.tags,
    }));
    this.addPlanTimeControls(props.settings);
    const frameworkArns = [this.framework.attribute("arn")];
    const reports = new ResourceSet<ReportPlanInstance>(this, {
      enabled: props.reportsEnabled,
      localName: "report_plan_instances",
      instances: [
        ...JOB_REPORT_TEMPLATES.map((template) => ({ key: template.toLowerCase(), values: { template, framework_arns: null, number_of_frameworks: null } })),
        // Compliance reports cover the framework and go to the same bucket as the job reports.
        ...COMPLIANCE_REPORT_TEMPLATES.map((template) => ({
          key: template.toLowerCase(),
          enabled: props.frameworkEnabled,
          values: { template, framework_arns: frameworkArns, number_of_frameworks: frameworkArns.length },
        })),
      ],
    });
    this.reportPlans = reports.resource(
      (forEach, each) =>
        new BackupReportPlan(this, "report_plans", {
          forEach,
          name: `${props.name}_${each.key}`,
          description: `${each.string("template")} of ${props.name}`,
          reportDeliveryChannel: { s3BucketName: props.reportsBucketName, s3KeyPrefix: REPORT_PREFIXES.auditManager, formats },
          reportSetting: { reportTemplate: each.string("template"), frameworkArns: each.list("framework_arns"), numberOfFrameworks: each.number("number_of_frameworks") },
          tags: props.tags,
        }),
      // Until issue 9 each report plan was a resource of its own, with the key as its id.
      { id: (key) => key },
    );
  }

  private addPlanTimeControls(settings: AuditSettings): void {
    const dynamic = planTimeControls(settings);
    if (dynamic && this.framework.resource) this.framework.resource.addOverride("dynamic.control", dynamic);
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
