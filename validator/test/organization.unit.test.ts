/** The organization mode's pure parts: inputs, account states, job filters and the merge. */
import { describe, expect, it } from "vitest";
import { toAccountRecord, isActive } from "../src/organization/accounts";
import { organizationConfigFromEnv } from "../src/organization/config";
import { parseCoordinatorEvent } from "../src/organization/coordinator";
import { matchesJobFilter, sliceListings } from "../src/organization/jobs";
import { OrganizationMerge, regionSection, organizationSummaryText } from "../src/organization/merge";
import { parseItem, type StoredOutcome } from "../src/organization/worker";
import type { Report } from "../src/report";

const ENV = { ORGANIZATION_REGIONS: "us-west-2,us-east-1", ORGANIZATION_REPORT_BUCKET: "org-reports" };
const ITEM = { runId: "2026-12-02T06-00-00-000Z", accountId: "111111111111", region: "us-west-2", evaluatedAt: "2026-12-02T06:00:00.000Z" };

describe("organization inputs", () => {
  it("defaults the member role and reads the regions", () => {
    const c = organizationConfigFromEnv(ENV);
    expect(c).toMatchObject({ regions: ["us-west-2", "us-east-1"], bucket: "org-reports", memberRoleName: "arrakis-backup-validator-member", lookbackHours: 24 });
  });
  it.each([
    [{ ORGANIZATION_REGIONS: "" }, /ORGANIZATION_REGIONS.*at least one region/],
    [{ ORGANIZATION_REGIONS: "us-west-2,mars" }, /ORGANIZATION_REGIONS.*mars.*AWS region/],
    [{ ORGANIZATION_REPORT_BUCKET: " " }, /ORGANIZATION_REPORT_BUCKET.*required/],
    [{ MEMBER_ROLE_NAME: "role with spaces" }, /MEMBER_ROLE_NAME.*role with spaces.*IAM role names/],
    [{ EXCLUDED_ACCOUNT_IDS: "12345" }, /EXCLUDED_ACCOUNT_IDS.*12345.*12-digit/],
  ])("refuses %o naming the variable, value and rule", (over, message) => {
    expect(() => organizationConfigFromEnv({ ...ENV, ...over })).toThrow(message);
  });
  it.each([
    [{ ...ITEM, accountId: "1111" }, /item.accountId.*1111.*12-digit/],
    [{ ...ITEM, region: "moon-1" }, /item.region/],
    [{ ...ITEM, evaluatedAt: "yesterday" }, /item.evaluatedAt.*ISO 8601/],
    [null, /item.evaluatedAt/],
    [{ ...ITEM, jobsKey: "runs/r/jobs/us-west-2.json", jobsRange: [5, 2] }, /item.jobsRange.*first <= last/],
  ])("refuses a bad map item %o", (item, message) => {
    expect(() => parseItem(item)).toThrow(message);
  });
  it("accepts the coordinator's events and refuses an unknown action or a merge without its plan", () => {
    expect(parseCoordinatorEvent({})).toEqual({ action: "plan" });
    expect(parseCoordinatorEvent({ source: "aws.events", "detail-type": "Scheduled Event" })).toEqual({ action: "plan" });
    expect(() => parseCoordinatorEvent({ action: "sweep" })).toThrow(/event.action.*sweep.*"plan" or "merge"/);
    expect(() => parseCoordinatorEvent({ action: "merge" })).toThrow(/event.plan.*plan step's output/);
    const plan = { runId: "r", itemsKey: "runs/r/items.json", evaluatedAt: ITEM.evaluatedAt };
    // The state machine's MapSucceeded state passes {}: no error.
    expect(parseCoordinatorEvent({ action: "merge", plan, mapError: {} })).toEqual({ action: "merge", plan });
    expect(parseCoordinatorEvent({ action: "merge", plan, mapError: { Error: "States.ExceedToleratedFailureThreshold", Cause: "x" } }))
      .toMatchObject({ mapError: { Error: "States.ExceedToleratedFailureThreshold" } });
  });
});

describe("accounts", () => {
  it("reads State, falling back to the retired Status, and checks only active accounts", () => {
    expect(toAccountRecord({ Id: "1", State: "SUSPENDED", Status: "ACTIVE" }).state).toBe("SUSPENDED");
    expect(toAccountRecord({ Id: "1", Status: "ACTIVE" }).state).toBe("ACTIVE");
    expect(isActive(toAccountRecord({ Id: "1", State: "PENDING_CLOSURE" }))).toBe(false);
  });
});

describe("job slices answer the validator's listings as the API would", () => {
  const start = new Date(1_000_000);
  const jobs = [
    { jobId: "in-window", state: "COMPLETED", createdAt: 2_000_000, completedAt: 2_100_000 },
    { jobId: "ended-in-window", state: "FAILED", createdAt: 500_000, completedAt: 1_500_000 },
    { jobId: "still-running", state: "RUNNING", createdAt: 500_000 },
    { jobId: "old", state: "COMPLETED", createdAt: 100_000, completedAt: 200_000 },
  ];
  it.each([
    [{ createdAfter: start }, ["in-window"]],
    [{ createdBefore: start, completeAfter: start }, ["ended-in-window"]],
    [{ createdBefore: start, state: "RUNNING" }, ["still-running"]],
  ])("filter %o", async (filter, ids) => {
    expect(jobs.filter((j) => matchesJobFilter(j, j.state, filter)).map((j) => j.jobId)).toEqual(ids);
    const pages: string[] = [];
    for await (const page of sliceListings("us-west-2", { backupJobs: jobs, copyJobs: [], restoreJobs: [] }).backupJobs(filter, undefined as never)) {
      pages.push(...page.map((j) => j.jobId));
    }
    expect(pages).toEqual(ids);
  });
});

const report = (status: Report["status"], high: number, partial = false): Report => ({
  generatedAt: ITEM.evaluatedAt, status, partial, restoreTesting: null,
  findings: high ? [{ code: "BACKUP_JOB_FAILED", severity: "HIGH", message: "Backup job failed" }] : [],
  summary: { severityCounts: { HIGH: high, MEDIUM: 0, LOW: 0 }, findingCounts: high ? { BACKUP_JOB_FAILED: high } : {}, errors: partial ? [{ source: "ListProtectedResources", message: "AccessDenied" }] : [] } as never,
});
const outcome = (accountId: string, region: string, r?: Report, reason?: string): StoredOutcome => ({
  accountId, region, resultKey: `runs/r/results/${accountId}/${region}.json`, status: r ? r.status : "UNCHECKED", ...(r && { report: r }), ...(reason && { reason }),
});

describe("merge", () => {
  it("makes an item without a result MISSING and partial, never absent", () => {
    expect(regionSection(undefined)).toMatchObject({ status: "MISSING", partial: true });
  });

  it("judges each account by its worst region and the organization by every account", () => {
    const m = new OrganizationMerge({ runId: "r", evaluatedAt: ITEM.evaluatedAt, regions: ["us-west-2", "us-east-1"], jobsOfOtherAccounts: 0, partialReasons: [], notes: [], now: new Date() });
    m.add({ accountId: "111111111111", region: "us-west-2" }, outcome("111111111111", "us-west-2", report("PASS", 0)));
    m.add({ accountId: "111111111111", region: "us-east-1" }, outcome("111111111111", "us-east-1", report("FAIL", 2)));
    m.add({ accountId: "222222222222", region: "us-west-2" }, outcome("222222222222", "us-west-2", undefined, "could not assume"));
    m.add({ accountId: "222222222222", region: "us-east-1" }, outcome("222222222222", "us-east-1", report("PASS", 0)));
    m.add({ accountId: "333333333333", region: "us-west-2" }, outcome("333333333333", "us-west-2", report("INCOMPLETE", 0, true)));
    m.add({ accountId: "444444444444", region: "us-west-2" }, outcome("444444444444", "us-west-2", report("PASS", 0)));
    const r = m.finish();
    expect(r.accounts.map((a) => [a.accountId, a.status, a.partial])).toEqual([
      ["111111111111", "FAIL", false], ["222222222222", "INCOMPLETE", true], ["333333333333", "INCOMPLETE", true], ["444444444444", "PASS", false],
    ]);
    expect(r).toMatchObject({ status: "FAIL", partial: true, summary: { accountsPartial: 2, severityCounts: { HIGH: 2 }, findingCounts: { BACKUP_JOB_FAILED: 2 } } });
    expect(organizationSummaryText(r)).toContain("- 222222222222: us-west-2 UNCHECKED (could not assume)");
  });

  it("is partial when the distributed map stopped, even if every result that exists passed", () => {
    const m = new OrganizationMerge({ runId: "r", evaluatedAt: ITEM.evaluatedAt, regions: ["us-west-2"], jobsOfOtherAccounts: 0, partialReasons: ["the distributed map stopped"], notes: [], now: new Date() });
    m.add({ accountId: "111111111111", region: "us-west-2" }, outcome("111111111111", "us-west-2", report("PASS", 0)));
    expect(m.finish()).toMatchObject({ status: "INCOMPLETE", partial: true });
  });
});
