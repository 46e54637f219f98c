import { describe, expect, it } from "vitest";
import { BackupJobCheck } from "../src/checks/backup-jobs";
import type { BackupJobRecord } from "../src/records";

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 6, 0, 0);
const window = { start: NOW - 24 * H, end: NOW };
const job = (over: Partial<BackupJobRecord>): BackupJobRecord => ({
  jobId: "j", state: "COMPLETED", resourceType: "EBS", resourceArn: "arn:aws:ec2:us-west-2:123456789012:volume/vol-1",
  createdAt: NOW - 2 * H, completedAt: NOW - 2 * H + 600_000, messageCategory: "SUCCESS", ...over,
});

describe("BackupJobCheck", () => {
  it("reports nothing and a null success rate for an empty account", () => {
    const c = new BackupJobCheck({ window, stuckJobHours: 24 });
    expect(c.summary()).toMatchObject({ total: 0, successRate: null, durationByResourceType: {}, stuck: 0 });
  });

  it("reports FAILED and EXPIRED as HIGH and ABORTED as MEDIUM", () => {
    const c = new BackupJobCheck({ window, stuckJobHours: 24 });
    const f = ["FAILED", "EXPIRED", "ABORTED"].map((state, i) => c.add(job({ jobId: `j${i}`, state, statusMessage: "boom" })));
    expect(f.map((x) => [x?.code, x?.severity])).toEqual([
      ["BACKUP_JOB_FAILED", "HIGH"], ["BACKUP_JOB_FAILED", "HIGH"], ["BACKUP_JOB_FAILED", "MEDIUM"],
    ]);
    expect(f[0]).toMatchObject({ jobId: "j0", resourceArn: job({}).resourceArn });
    expect(f[0]!.message).toContain("boom");
  });

  it("reports PARTIAL and COMPLETED with a non-SUCCESS category as completed with issues", () => {
    const c = new BackupJobCheck({ window, stuckJobHours: 24 });
    expect(c.add(job({ state: "PARTIAL" }))?.code).toBe("BACKUP_JOB_COMPLETED_WITH_ISSUES");
    expect(c.add(job({ messageCategory: "AccessDenied" }))?.message).toContain("AccessDenied");
    expect(c.add(job({ messageCategory: "SUCCESS" }))).toBeUndefined();
    expect(c.add(job({ messageCategory: undefined }))).toBeUndefined();
    expect(c.summary().completedWithIssues).toBe(2);
  });

  it("computes the success rate over finished jobs only", () => {
    const c = new BackupJobCheck({ window, stuckJobHours: 24 });
    for (const state of ["COMPLETED", "COMPLETED", "COMPLETED", "FAILED", "RUNNING", "PENDING"]) c.add(job({ state }));
    expect(c.summary().successRate).toBe(0.75);
    expect(c.summary().total).toBe(6);
  });

  it("includes a job created exactly at the window start and excludes one created and ended before it", () => {
    const c = new BackupJobCheck({ window, stuckJobHours: 24 });
    c.add(job({ createdAt: window.start, completedAt: window.start + 1000 }));
    expect(c.add(job({ state: "FAILED", createdAt: window.start - 2 * H, completedAt: window.start - 1 }))).toBeUndefined();
    expect(c.summary().total).toBe(1);
  });

  it("judges a weekly job created before the window that failed inside it (issue 8, item 1)", () => {
    const c = new BackupJobCheck({ window, stuckJobHours: 24 });
    const f = c.add(job({ jobId: "weekly", state: "FAILED", createdAt: NOW - 30 * H, completedAt: NOW - 2 * H, statusMessage: "window closed" }));
    expect(f).toMatchObject({ code: "BACKUP_JOB_FAILED", severity: "HIGH", jobId: "weekly" });
    expect(c.summary()).toMatchObject({ total: 1, byState: { FAILED: 1 } });
  });

  it("keeps jobs stamped in the future (clock skew) and never calls them stuck", () => {
    const c = new BackupJobCheck({ window, stuckJobHours: 1 });
    expect(c.add(job({ state: "RUNNING", createdAt: NOW + 5 * 60_000 }))).toBeUndefined();
    expect(c.summary().total).toBe(1);
  });

  it("reports CREATED, PENDING and RUNNING jobs older than the threshold as stuck, not younger ones", () => {
    const c = new BackupJobCheck({ window, stuckJobHours: 6 });
    expect(c.add(job({ state: "RUNNING", createdAt: NOW - 7 * H }))?.code).toBe("BACKUP_JOB_STUCK");
    expect(c.add(job({ state: "PENDING", createdAt: NOW - 6 * H - 1 }))?.code).toBe("BACKUP_JOB_STUCK");
    expect(c.add(job({ state: "CREATED", createdAt: NOW - 6 * H }))).toBeUndefined();
    expect(c.add(job({ state: "RUNNING", createdAt: NOW - 5 * H }))).toBeUndefined();
    expect(c.summary().stuck).toBe(2);
  });

  it("judges still-open jobs from before the window, ABORTING included (issue 8, item 8)", () => {
    const c = new BackupJobCheck({ window, stuckJobHours: 24 });
    expect(c.add(job({ jobId: "old", state: "RUNNING", createdAt: NOW - 30 * H, completedAt: undefined }))?.code).toBe("BACKUP_JOB_STUCK");
    expect(c.add(job({ jobId: "aborting", state: "ABORTING", createdAt: NOW - 26 * H, completedAt: undefined }))).toMatchObject({ code: "BACKUP_JOB_STUCK", jobId: "aborting" });
    expect(c.add(job({ jobId: "recent", state: "ABORTING", createdAt: NOW - 3 * H, completedAt: undefined }))).toBeUndefined();
    expect(c.summary()).toMatchObject({ stuck: 2, total: 3 });
  });

  it("summarises durations per resource type and leaves out skewed ones", () => {
    const c = new BackupJobCheck({ window, stuckJobHours: 24 });
    for (const [i, minutes] of [10, 20, 30].entries()) c.add(job({ jobId: `e${i}`, completedAt: NOW - 2 * H + minutes * 60_000 }));
    c.add(job({ resourceType: "RDS", completedAt: NOW - 1 * H }));
    c.add(job({ resourceType: "RDS", createdAt: NOW - 1 * H, completedAt: NOW - 2 * H }));
    const s = c.summary();
    expect(s.durationByResourceType.EBS).toMatchObject({ count: 3, minSeconds: 600, maxSeconds: 1800, meanSeconds: 1200 });
    expect(s.durationByResourceType.EBS!.p50Seconds).toBeGreaterThanOrEqual(1200 * 0.95);
    expect(s.durationByResourceType.EBS!.p50Seconds).toBeLessThanOrEqual(1200 * 1.05);
    expect(s.durationByResourceType.RDS).toMatchObject({ count: 1, maxSeconds: 3600 });
    expect(s.skewedDurations).toBe(1);
  });
});
