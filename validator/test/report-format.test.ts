import { describe, expect, it } from "vitest";
import { DurationStats } from "../src/checks/duration-stats";
import type { Finding } from "../src/contract";
import { FindingCollector } from "../src/findings";
import { findingsTable, sanitizeSubject, subjectFor, summaryText } from "../src/format";
import { metricsDocument } from "../src/metrics";
import { buildReport, reportStatus, type ReportSummary } from "../src/report";

const f = (code: Finding["code"], severity: Finding["severity"], n = 0): Finding => ({ code, severity, message: `${code} ${n}`, resourceArn: `arn:aws:ec2:us-west-2:1:volume/v${n}` });

function summary(over: Partial<ReportSummary> = {}): Omit<ReportSummary, "findingCounts" | "severityCounts" | "findingsOmitted"> {
  const rp = { total: 0, byStatus: {}, unhealthy: 0, notEncrypted: 0, wrongKey: 0, supersededContinuous: 0 };
  return {
    window: { start: "2026-11-25T06:00:00.000Z", end: "2026-11-26T06:00:00.000Z", lookbackHours: 24 },
    targets: { rpoHours: 24, rtoHours: 4, stuckJobHours: 24 },
    vaults: { primary: ["primary"] },
    jobsOutsideVaults: { backupJobs: 0, copyJobs: 0, restoreJobs: 0 },
    backupJobs: { total: 0, byState: {}, completedWithIssues: 0, stuck: 0, successRate: null, durationByResourceType: {}, skewedDurations: 0 },
    copyJobs: { total: 0, byState: {}, toReplica: 0, missing: 0, checkedForCopy: 0 },
    restoreJobs: { total: 0, byStatus: {}, rtoBreaches: 0, validation: {} },
    recoveryPoints: { primary: rp },
    resources: null,
    coverage: null,
    disasterRecovery: null,
    errors: [],
    partialReasons: [],
    notes: [],
    ...over,
  };
}
const NOW = new Date("2026-11-26T06:00:00Z");

describe("report status", () => {
  it("is PASS without findings, WARN on MEDIUM, INCOMPLETE when partial, FAIL on HIGH even when partial", () => {
    expect(reportStatus({ HIGH: 0, MEDIUM: 0, LOW: 3 }, false)).toBe("PASS");
    expect(reportStatus({ HIGH: 0, MEDIUM: 1, LOW: 0 }, false)).toBe("WARN");
    expect(reportStatus({ HIGH: 0, MEDIUM: 1, LOW: 0 }, true)).toBe("INCOMPLETE");
    expect(reportStatus({ HIGH: 1, MEDIUM: 0, LOW: 0 }, false)).toBe("FAIL");
    expect(reportStatus({ HIGH: 1, MEDIUM: 0, LOW: 0 }, true)).toBe("FAIL");
  });

  it("makes a report with a read error partial and INCOMPLETE, not FAIL: the tool failed, not the backups", () => {
    const r = buildReport(NOW, new FindingCollector(), summary({ errors: [{ source: "ListBackupJobs", message: "AccessDeniedException: no" }] }));
    expect(r).toMatchObject({ partial: true, status: "INCOMPLETE" });
    const m = metricsDocument(r, "fn", 0, 0);
    expect(m).toMatchObject({ RunIncomplete: 1, ValidationFailed: 0, ListingErrors: 1 });
  });

  it("keeps a bounded number of findings per code but counts them all", () => {
    const c = new FindingCollector(3);
    for (let i = 0; i < 10; i++) c.add(f("RECOVERY_POINT_NOT_ENCRYPTED", "HIGH", i));
    c.add(f("BACKUP_JOB_STUCK", "MEDIUM"), undefined);
    const r = buildReport(NOW, c, summary());
    expect(r.findings).toHaveLength(4);
    expect(r.findings[3]!.code).toBe("BACKUP_JOB_STUCK");
    expect(r.summary.findingCounts).toEqual({ BACKUP_JOB_STUCK: 1, RECOVERY_POINT_NOT_ENCRYPTED: 10 });
    expect(r.summary.findingsOmitted).toBe(7);
    expect(r.status).toBe("FAIL");
    expect(r.generatedAt).toBe("2026-11-26T06:00:00.000Z");
  });

  it("is partial exactly when there is a reason", () => {
    expect(buildReport(NOW, new FindingCollector(), summary({ partialReasons: ["deadline"] }))).toMatchObject({ partial: true, status: "INCOMPLETE" });
    expect(buildReport(NOW, new FindingCollector(), summary())).toMatchObject({ partial: false, status: "PASS" });
  });
});

describe("SNS subject and message", () => {
  it("keeps subjects printable ASCII, on one line, under 100 characters", () => {
    const s = sanitizeSubject(`Backup\nvalidation ✓ ${"x".repeat(200)}\t`);
    expect(s.length).toBeLessThan(100);
    expect(s).toMatch(/^[\x20-\x7e]+$/);
    expect(s.endsWith("...")).toBe(true);
  });

  it("summarises status and counts in the subject, whatever the label", () => {
    const c = new FindingCollector();
    c.add(f("RPO_BREACH", "HIGH"), f("BACKUP_JOB_STUCK", "MEDIUM"));
    const r = buildReport(NOW, c, summary());
    expect(subjectFor(r, "us-west-2")).toBe("[FAIL] AWS Backup validation (us-west-2): 2 findings, 1 high");
    const long = subjectFor(r, "é".repeat(300));
    expect(long.length).toBeLessThan(100);
    expect(long).toMatch(/^[\x20-\x7e]+$/);
    expect(subjectFor(buildReport(NOW, new FindingCollector(), summary()))).toBe("[PASS] AWS Backup validation: no findings");
  });

  it("lists findings and source errors in the message", () => {
    const c = new FindingCollector();
    c.add({ ...f("BACKUP_JOB_FAILED", "HIGH"), jobId: "job-1" });
    const text = summaryText(buildReport(NOW, c, summary({ errors: [{ source: "ListCopyJobs", message: "AccessDenied" }] })));
    expect(text).toContain("[HIGH] BACKUP_JOB_FAILED: BACKUP_JOB_FAILED 0 (job job-1)");
    expect(text).toContain("ERROR reading ListCopyJobs: AccessDenied");
  });

  it("prints an aligned table", () => {
    const t = findingsTable([f("RPO_BREACH", "HIGH"), { code: "VAULT_UNREADABLE", severity: "HIGH", message: "m", vaultName: "v" }]).split("\n");
    expect(t[0]).toMatch(/^SEVERITY\s+CODE\s+SUBJECT\s+MESSAGE$/);
    expect(t[1]!.indexOf("arn:")).toBe(t[0]!.indexOf("SUBJECT"));
    expect(findingsTable([])).toBe("No findings.\n");
  });
});

describe("metrics", () => {
  it("writes an EMF document whose every declared metric has a numeric value", () => {
    const c = new FindingCollector();
    c.add(f("RPO_BREACH", "HIGH", 1), f("RPO_BREACH", "HIGH", 2));
    const doc = metricsDocument(buildReport(NOW, c, summary()), "fn", 1, 0) as Record<string, unknown> & { _aws: any };
    const defs = doc._aws.CloudWatchMetrics[0];
    expect(defs.Dimensions).toEqual([["FunctionName"]]);
    expect(doc.FunctionName).toBe("fn");
    for (const m of defs.Metrics) expect(typeof doc[m.Name]).toBe("number");
    expect(doc.RpoBreaches).toBe(2);
    expect(doc.PublishFailures).toBe(1);
    expect(doc.ValidationFailed).toBe(1);
    // No finished jobs: no success rate rather than a made-up 0 or 100.
    expect(defs.Metrics.map((m: { Name: string }) => m.Name)).not.toContain("BackupJobSuccessRate");
  });
});

describe("DurationStats", () => {
  it("gives percentiles within 5% in constant memory", () => {
    const s = new DurationStats();
    for (let i = 1; i <= 100_000; i++) s.add(i);
    const sum = s.summary()!;
    expect(sum.count).toBe(100_000);
    expect(sum.p50Seconds / 50_000).toBeGreaterThan(0.95);
    expect(sum.p50Seconds / 50_000).toBeLessThan(1.06);
    expect(sum.p95Seconds / 95_000).toBeGreaterThan(0.95);
    expect(sum.p95Seconds / 95_000).toBeLessThan(1.06);
    expect(sum.meanSeconds).toBe(50_000.5);
  });

  it("ignores negative and non-finite durations", () => {
    const s = new DurationStats();
    s.add(-1);
    s.add(Number.NaN);
    expect(s.summary()).toBeUndefined();
  });
});
