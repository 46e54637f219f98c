import type { Finding, FindingCode, ReportStatus, Severity } from "../contract";
import { METRICS_NAMESPACE } from "../contract";
import { reportStatus } from "../report";
import { ORGANIZATION_METRIC_NAMES, ORGANIZATION_METRICS_DIMENSION, type OrganizationItem } from "./contract";
import type { StoredOutcome } from "./worker";

/** Findings each account × region keeps in the merged report; the full list stays in its result object. */
export const FINDINGS_PER_REGION = 5;

/** One account × region in the merged report. */
export interface RegionSection {
  status: ReportStatus | "UNCHECKED" | "MISSING";
  partial: boolean;
  /** Why the region is partial without a validator report (role not assumed, no result). */
  reason?: string;
  /** S3 key of the worker's full outcome. */
  resultKey?: string;
  severityCounts?: Record<Severity, number>;
  findingCounts?: Partial<Record<FindingCode, number>>;
  /** The most severe findings, at most {@link FINDINGS_PER_REGION}. */
  findings?: Finding[];
  errors?: { source: string; message: string }[];
}

/** One account in the merged report. */
export interface AccountSection {
  accountId: string;
  accountName?: string;
  status: ReportStatus;
  /** True when some region could not be checked in full. */
  partial: boolean;
  regions: Record<string, RegionSection>;
}

/** The organization report: one verdict, one section per account. */
export interface OrganizationReport {
  generatedAt: string;
  evaluatedAt: string;
  runId: string;
  status: ReportStatus;
  partial: boolean;
  summary: {
    accounts: number;
    regions: string[];
    accountsByStatus: Record<ReportStatus, number>;
    /** Accounts that could not be checked in full. */
    accountsPartial: number;
    items: number;
    /** Account × region items without a worker result (failed after the retries, or the map stopped). */
    itemsMissing: number;
    severityCounts: Record<Severity, number>;
    findingCounts: Partial<Record<FindingCode, number>>;
    /** Jobs listed for accounts the organization does not list as active (suspended, closed, excluded). */
    jobsOfOtherAccounts: number;
    /** Why the whole run is partial (a failed distributed map). */
    partialReasons: string[];
    /** What was done differently but still checked (e.g. a failed organization-wide listing the workers made up for). */
    notes: string[];
  };
  /** Most severe first, then by account id. */
  accounts: AccountSection[];
}

/** What the merge knows besides the outcomes. */
export interface MergeContext {
  runId: string;
  evaluatedAt: string;
  regions: string[];
  jobsOfOtherAccounts: number;
  partialReasons: string[];
  notes: string[];
  now: Date;
}

const STATUS_ORDER: Record<ReportStatus, number> = { FAIL: 0, INCOMPLETE: 1, WARN: 2, PASS: 3 };

/** Reduces one outcome (or its absence) to a region section. */
export function regionSection(outcome: StoredOutcome | undefined): RegionSection {
  if (!outcome) return { status: "MISSING", partial: true, reason: "no result: the worker failed after its retries, or the distributed map stopped before it ran" };
  if (outcome.status === "UNCHECKED" || !outcome.report) {
    return { status: "UNCHECKED", partial: true, resultKey: outcome.resultKey, reason: outcome.reason ?? "not checked" };
  }
  const r = outcome.report;
  return {
    status: r.status,
    partial: r.partial,
    resultKey: outcome.resultKey,
    severityCounts: r.summary.severityCounts,
    findingCounts: r.summary.findingCounts,
    findings: r.findings.slice(0, FINDINGS_PER_REGION),
    ...(r.summary.errors.length > 0 && { errors: r.summary.errors }),
  };
}

/**
 * Incrementally merges account × region outcomes into one organization report. Every item the
 * coordinator planned gets a section, whether or not a result exists: an account is never
 * silently missing.
 */
export class OrganizationMerge {
  private readonly accounts = new Map<string, { name?: string; regions: Record<string, RegionSection> }>();
  private items = 0;
  private missing = 0;

  constructor(private readonly ctx: MergeContext) {}

  /** Adds one planned item with its outcome (undefined: no result). */
  add(item: Pick<OrganizationItem, "accountId" | "accountName" | "region">, outcome: StoredOutcome | undefined): void {
    this.items++;
    if (!outcome) this.missing++;
    let a = this.accounts.get(item.accountId);
    if (!a) this.accounts.set(item.accountId, (a = { ...(item.accountName && { name: item.accountName }), regions: {} }));
    a.regions[item.region] = regionSection(outcome);
  }

  /** The report. */
  finish(): OrganizationReport {
    const severityCounts: Record<Severity, number> = { HIGH: 0, MEDIUM: 0, LOW: 0 };
    const findingCounts: Partial<Record<FindingCode, number>> = {};
    const accountsByStatus: Record<ReportStatus, number> = { FAIL: 0, INCOMPLETE: 0, WARN: 0, PASS: 0 };
    const sections: AccountSection[] = [];
    for (const [accountId, a] of this.accounts) {
      const sev: Record<Severity, number> = { HIGH: 0, MEDIUM: 0, LOW: 0 };
      let partial = false;
      for (const r of Object.values(a.regions)) {
        partial ||= r.partial;
        for (const s of ["HIGH", "MEDIUM", "LOW"] as const) sev[s] += r.severityCounts?.[s] ?? 0;
        for (const [code, n] of Object.entries(r.findingCounts ?? {})) findingCounts[code as FindingCode] = (findingCounts[code as FindingCode] ?? 0) + n;
      }
      for (const s of ["HIGH", "MEDIUM", "LOW"] as const) severityCounts[s] += sev[s];
      const status = reportStatus(sev, partial);
      accountsByStatus[status]++;
      sections.push({ accountId, ...(a.name && { accountName: a.name }), status, partial, regions: a.regions });
    }
    sections.sort((x, y) => STATUS_ORDER[x.status] - STATUS_ORDER[y.status] || x.accountId.localeCompare(y.accountId));
    const accountsPartial = sections.filter((s) => s.partial).length;
    const partial = accountsPartial > 0 || this.ctx.partialReasons.length > 0;
    return {
      generatedAt: this.ctx.now.toISOString(),
      evaluatedAt: this.ctx.evaluatedAt,
      runId: this.ctx.runId,
      status: reportStatus(severityCounts, partial),
      partial,
      summary: {
        accounts: sections.length,
        regions: this.ctx.regions,
        accountsByStatus,
        accountsPartial,
        items: this.items,
        itemsMissing: this.missing,
        severityCounts,
        findingCounts,
        jobsOfOtherAccounts: this.ctx.jobsOfOtherAccounts,
        partialReasons: this.ctx.partialReasons,
        notes: this.ctx.notes,
      },
      accounts: sections,
    };
  }
}

/** Accounts listed by name in the summary message, per status. */
const LISTED_ACCOUNTS = 20;

/** SNS subject (at most 100 characters). */
export function organizationSubject(r: OrganizationReport): string {
  const s = r.summary;
  return `Backup validation ${r.status}: ${s.accounts} accounts, ${s.accountsByStatus.FAIL} failing, ${s.accountsPartial} not fully checked`.slice(0, 100);
}

/** The readable summary: figures, then the failing and the partial accounts with their reasons. */
export function organizationSummaryText(r: OrganizationReport, reportUri?: string): string {
  const s = r.summary;
  const lines = [
    `Organization backup validation: ${r.status}${r.partial ? " (partial: some accounts could not be checked in full)" : ""}`,
    `Evaluated at ${r.evaluatedAt} in ${s.regions.join(", ")}.`,
    `Accounts: ${s.accounts} (FAIL ${s.accountsByStatus.FAIL}, INCOMPLETE ${s.accountsByStatus.INCOMPLETE}, WARN ${s.accountsByStatus.WARN}, PASS ${s.accountsByStatus.PASS}); not fully checked: ${s.accountsPartial}.`,
    `Findings: HIGH ${s.severityCounts.HIGH}, MEDIUM ${s.severityCounts.MEDIUM}, LOW ${s.severityCounts.LOW}.`,
    ...s.partialReasons.map((p) => `Partial: ${p}`),
  ];
  const describe = (a: AccountSection) => {
    const where = Object.entries(a.regions).filter(([, r]) => r.status !== "PASS" && r.status !== "WARN")
      .map(([region, r]) => `${region} ${r.status}${r.reason ? ` (${r.reason})` : r.findingCounts ? ` (${Object.entries(r.findingCounts).map(([c, n]) => `${c} ${n}`).join(", ")})` : ""}`);
    return `- ${a.accountId}${a.accountName ? ` ${a.accountName}` : ""}: ${where.join("; ")}`;
  };
  for (const status of ["FAIL", "INCOMPLETE"] as const) {
    const list = r.accounts.filter((a) => a.status === status);
    if (list.length === 0) continue;
    lines.push("", `${status} accounts:`, ...list.slice(0, LISTED_ACCOUNTS).map(describe));
    if (list.length > LISTED_ACCOUNTS) lines.push(`... and ${list.length - LISTED_ACCOUNTS} more (see the report)`);
  }
  if (reportUri) lines.push("", `Full report: ${reportUri}`);
  return lines.join("\n");
}

/** The organization-level metrics, one embedded-metric-format document. */
export function organizationMetricsDocument(r: OrganizationReport, dimension: string, timestamp = Date.now()): Record<string, unknown> {
  const M = ORGANIZATION_METRIC_NAMES;
  const values: Record<string, number> = {
    [M.OrganizationAccounts]: r.summary.accounts,
    [M.OrganizationAccountsFailed]: r.summary.accountsByStatus.FAIL,
    [M.OrganizationAccountsPartial]: r.summary.accountsPartial,
    [M.OrganizationAccountsWarn]: r.summary.accountsByStatus.WARN,
    [M.OrganizationHighFindings]: r.summary.severityCounts.HIGH,
    [M.OrganizationItemsMissing]: r.summary.itemsMissing,
    [M.OrganizationValidationFailed]: r.status === "FAIL" ? 1 : 0,
  };
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [[ORGANIZATION_METRICS_DIMENSION]], Metrics: Object.keys(values).map((Name) => ({ Name, Unit: "Count" })) }],
    },
    [ORGANIZATION_METRICS_DIMENSION]: dimension,
    ...values,
  };
}
