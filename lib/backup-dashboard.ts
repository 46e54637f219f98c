import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { METRIC_NAMES, METRICS_DIMENSION, METRICS_NAMESPACE, type MetricName } from "../validator/src/contract";
import { BooleanInput } from "./config";
import { LiteralChecks } from "./literal-checks";
import { OptionalResource, numberOrText } from "./values";
import { Token } from "cdktf";

/** CloudWatch dashboard names: letters, digits, '-' and '_', at most 255. */
export const DASHBOARD_NAME = /^[a-zA-Z0-9_-]{1,255}$/;

/** Properties of {@link BackupDashboard} (and of {@link dashboardBody}). */
export interface BackupDashboardProps {
  readonly enabled: BooleanInput;
  readonly dashboardName: string;
  /** The region the metrics live in (the dashboard's widgets name it). */
  readonly region: string;
  /** AWS Backup's resource types to chart, e.g. `["RDS", "EBS", "EFS"]`. */
  readonly resourceTypes: string[];
  /** The validator function's name (its metrics' dimension), or undefined without a validator. */
  readonly validatorFunctionName?: string;
  readonly rpoHours: number;
  readonly rtoHours: number;
}

/** One CloudWatch dashboard widget, as the dashboard body carries it. */
export interface DashboardWidget {
  type: "metric" | "text";
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

const WIDTH = 8;
const HEIGHT = 6;

/** AWS Backup's job metrics per resource type: completed and failed side by side. */
const JOB_CHARTS = [
  { title: "Backup jobs per resource type", completed: "NumberOfBackupJobsCompleted", failed: "NumberOfBackupJobsFailed" },
  { title: "Copy jobs per resource type", completed: "NumberOfCopyJobsCompleted", failed: "NumberOfCopyJobsFailed" },
  { title: "Restore jobs per resource type", completed: "NumberOfRestoreJobsCompleted", failed: "NumberOfRestoreJobsFailed" },
] as const;

/**
 * The dashboard body: backup, copy and restore jobs completed and failed per resource type,
 * recovery points created, and (with the validator) restore-test results, restore time against
 * the RTO, the validator's findings and run status, and RPO status. Eight widgets, three a row.
 */
export function dashboardBody(props: BackupDashboardProps): { widgets: DashboardWidget[] } {
  const charts: { title: string; metrics: unknown[][]; stat?: string; annotations?: unknown; yAxis?: unknown }[] = [];
  const sum = "Sum";
  for (const c of JOB_CHARTS) {
    charts.push({
      title: c.title,
      stat: sum,
      metrics: props.resourceTypes.flatMap((t) => [
        ["AWS/Backup", c.completed, "ResourceType", t, { label: `${t} completed` }],
        ["AWS/Backup", c.failed, "ResourceType", t, { label: `${t} failed`, color: "#d62728" }],
      ]),
    });
  }
  charts.push({
    title: "Recovery points created",
    stat: sum,
    metrics: props.resourceTypes.map((t) => ["AWS/Backup", "NumberOfRecoveryPointsCompleted", "ResourceType", t, { label: t }]),
  });
  const fn = props.validatorFunctionName;
  if (fn !== undefined) {
    const v = (name: MetricName, label: string, extra: Record<string, unknown> = {}) =>
      [METRICS_NAMESPACE, METRIC_NAMES[name], METRICS_DIMENSION, fn, { label, ...extra }];
    charts.push(
      { title: "Restore tests", stat: "Maximum", metrics: [
        v("RestoreTestsProven", "proven (validated)", { color: "#2ca02c" }),
        v("RestoreTestsNotValidated", "not validated", { color: "#ff7f0e" }),
        v("RestoreTestsMissing", "missing", { color: "#d62728" }),
        v("RestoreTestPlansNotRun", "plans not run", { color: "#9467bd" }),
      ] },
      { title: `Restore time against the RTO (${Token.asString(props.rtoHours)} h)`, stat: "Maximum",
        metrics: [v("RestoreTestMaxHours", "longest proving restore (h)")],
        annotations: { horizontal: [{ label: "RTO", value: numberOrText(props.rtoHours), color: "#d62728" }] }, yAxis: { left: { min: 0, label: "hours", showUnits: false } } },
      { title: "Validator findings and run status", stat: "Maximum", metrics: [
        v("HighFindings", "high findings", { color: "#d62728" }),
        v("Findings", "all findings"),
        v("ValidationFailed", "FAIL (1)", { color: "#8c564b" }),
        v("RunIncomplete", "INCOMPLETE (1)", { color: "#7f7f7f" }),
      ] },
      { title: `RPO status (target ${Token.asString(props.rpoHours)} h)`, stat: "Maximum", metrics: [
        v("RpoBreaches", "RPO breaches", { color: "#d62728" }),
        v("ReplicaRpoBreaches", "replica copy RPO breaches", { color: "#ff7f0e" }),
        v("ResourcesNotProtected", "not protected", { color: "#9467bd" }),
      ], annotations: { horizontal: [{ label: "target: none", value: 0 }] } },
    );
  }
  const widgets: DashboardWidget[] = charts.map((c, i) => ({
    type: "metric",
    x: (i % 3) * WIDTH,
    y: Math.floor(i / 3) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title: c.title,
      region: props.region,
      view: "timeSeries",
      stacked: false,
      period: 3600,
      stat: c.stat,
      metrics: c.metrics,
      ...(c.annotations !== undefined && { annotations: c.annotations }),
      ...(c.yAxis !== undefined && { yAxis: c.yAxis }),
    },
  }));
  return { widgets };
}

/** A CloudWatch dashboard of one environment's backup health (see {@link dashboardBody}). */
export class BackupDashboard extends Construct {
  readonly dashboard: OptionalResource<CloudwatchDashboard>;

  constructor(scope: Construct, id: string, props: BackupDashboardProps) {
    super(scope, id);
    new LiteralChecks()
      .check("dashboard_name", props.dashboardName, (v) => DASHBOARD_NAME.test(v), "dashboard names are 1-255 letters, digits, '-' and '_'")
      .throwIfAny(props.enabled);
    this.dashboard = OptionalResource.when(props.enabled, (count) => new CloudwatchDashboard(this, "dashboard", {
      count,
      dashboardName: props.dashboardName,
      // The generated module writes this JSON document as jsonencode({...}).
      dashboardBody: JSON.stringify(dashboardBody(props)),
    }));
  }
}
