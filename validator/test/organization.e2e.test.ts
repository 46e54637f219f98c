/**
 * The organization mode end to end through the real SDK against the local endpoint: the
 * coordinator lists the organization's accounts and every account's jobs in one pass per region,
 * workers assume the member role and validate one account × region each, and the merge writes one
 * report. Members: two healthy, one with a failed backup job, one whose role cannot be assumed,
 * one whose worker keeps failing, and a suspended one that is not checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCoordinator } from "../src/organization/coordinator";
import { createWorker } from "../src/organization/worker";
import type { OrganizationReport } from "../src/organization/merge";
import type { StoredOutcome } from "../src/organization/worker";
import { createLogger } from "../src/log";
import { fakeAwsEnv, startFakeAws, type FakeAws } from "./support/fake-aws";
import { fakeOrganization, healthyMember, runOrganizationLocally, type LocalRun } from "./support/organization";

const NOW = Date.parse("2026-12-02T06:00:00.000Z");
const REGIONS = ["us-west-2", "us-east-1"];
const BUCKET = "arrakis-org-reports";
const TOPIC = "arn:aws:sns:us-west-2:000000000000:org-backup-alerts";
const JOB_PATHS = ["/backup-jobs", "/copy-jobs", "/restore-jobs"];
const isJobListing = (path: string) => JOB_PATHS.includes(path.replace(/\/$/, ""));
const HEALTHY = ["111111111111", "555555555555"];
const FAILED_JOB = "222222222222";
const DENIED = "333333333333";
const CRASHING = "666666666666";
const SUSPENDED = "444444444444";

describe("organization mode through the real SDK against a local endpoint", () => {
  let fake: FakeAws;
  let run: LocalRun;
  let report: OrganizationReport;
  const savedEnv = { ...process.env };
  const logs: string[] = [];

  beforeAll(async () => {
    const member = (id: string, name: string, over: { failedJob?: boolean; state?: string } = {}) =>
      ({ id, name, ...(over.state && { state: over.state }), view: healthyMember(id, REGIONS, NOW, 3, over) });
    fake = await startFakeAws({
      organization: fakeOrganization([
        member(HEALTHY[0]!, "team-a"),
        member(FAILED_JOB, "team-b", { failedJob: true }),
        member(DENIED, "team-c"),
        member(SUSPENDED, "old-team", { state: "SUSPENDED" }),
        member(HEALTHY[1]!, "team-e"),
        member(CRASHING, "team-f"),
      ], new Set([DENIED])),
    });
    Object.assign(process.env, fakeAwsEnv(fake.url));
    const env = {
      ...process.env,
      AWS_REGION: "us-west-2",
      BACKUP_VAULT_NAMES: "primary",
      ORGANIZATION_REGIONS: REGIONS.join(","),
      ORGANIZATION_REPORT_BUCKET: BUCKET,
      SNS_TOPIC_ARN: TOPIC,
    };
    const logger = createLogger((line) => logs.push(line));
    const worker = createWorker({ env, logger });
    run = await runOrganizationLocally({
      coordinator: createCoordinator({ env, logger, now: () => new Date(NOW) }),
      // The crashing account's worker fails every attempt, as a Lambda timing out would.
      worker: async (item, ctx) => {
        if ((item as { accountId: string }).accountId === CRASHING) throw new Error("Task timed out after 900.00 seconds");
        return worker(item, ctx);
      },
      objects: fake.objects,
      toleratedFailurePercentage: 20,
      context: { functionName: "arrakis-backup-organization", invokedFunctionArn: "arn:aws:lambda:us-west-2:000000000000:function:arrakis-backup-organization" },
    });
    report = JSON.parse(fake.objects.get(`${BUCKET}/${run.merge.reportKey}`)!) as OrganizationReport;
  }, 60_000);

  afterAll(async () => {
    process.env = savedEnv;
    await fake?.close();
  });

  it("plans one item per active account and region, leaving the suspended account out", () => {
    expect(run.plan.accounts).toBe(5);
    expect(run.items.map((i) => `${i.accountId}/${i.region}`).sort()).toEqual(
      [...HEALTHY, FAILED_JOB, DENIED, CRASHING].flatMap((a) => REGIONS.map((r) => `${a}/${r}`)).sort());
    // The suspended account's 6 backup jobs were listed with everyone's, and counted, not checked.
    expect(run.plan.jobsOfOtherAccounts).toBe(6);
  });

  it("lists jobs once per region and listing for the whole organization, not once per account", () => {
    const listings = fake.requests.filter((r) => isJobListing(r.path) && !r.account);
    expect(listings.every((r) => r.query.accountId === "*" && r.query.maxResults === "1000")).toBe(true);
    // Per region: 6 backup listings (window, ended in window, 4 open states), 2 copy, 4 restore; one page each.
    expect(listings).toHaveLength(REGIONS.length * (6 + 2 + 4));
    // One jobs object per region; each worker reads its account's byte range of it.
    expect(fake.requests.filter((r) => r.service === "s3" && r.method === "PUT" && r.path.includes("/jobs/")).map((r) => r.path).sort())
      .toEqual(REGIONS.map((r) => `/${BUCKET}/runs/${run.plan.runId}/jobs/${r}.json`).sort());
    expect(fake.requests.filter((r) => r.service === "s3" && r.path.includes("/jobs/") && r.method === "GET").every((r) => r.status === 206)).toBe(true);
    // Workers read no job listing of their own: the coordinator's slices stand in.
    expect(fake.requests.filter((r) => r.account && isJobListing(r.path))).toHaveLength(0);
  });

  it("reads the member's view with the member role's credentials", () => {
    const assumed = fake.requests.filter((r) => r.service === "sts").map((r) => new URLSearchParams(r.body).get("RoleArn"));
    expect(assumed).toContain(`arn:aws:iam::${HEALTHY[0]}:role/arrakis-backup-validator-member`);
    // STS is called in the function's region, whatever region the item checks.
    expect(new Set(fake.requests.filter((r) => r.service === "sts").map((r) => r.region))).toEqual(new Set(["us-west-2"]));
    const vaultReads = fake.requests.filter((r) => r.path.endsWith("/recovery-points"));
    expect(new Set(vaultReads.map((r) => r.account))).toEqual(new Set([...HEALTHY, FAILED_JOB]));
  });

  it("gives every account its section with the right status", () => {
    const status = Object.fromEntries(report.accounts.map((a) => [a.accountId, [a.status, a.partial]]));
    expect(status).toEqual({
      [HEALTHY[0]!]: ["PASS", false],
      [HEALTHY[1]!]: ["PASS", false],
      [FAILED_JOB]: ["FAIL", false],
      [DENIED]: ["INCOMPLETE", true],
      [CRASHING]: ["INCOMPLETE", true],
    });
    expect(report.accounts.map((a) => a.accountId)[0]).toBe(FAILED_JOB);
  });

  it("says why an account could not be checked, per region", () => {
    const denied = report.accounts.find((a) => a.accountId === DENIED)!;
    for (const r of REGIONS) {
      expect(denied.regions[r]!.status).toBe("UNCHECKED");
      expect(denied.regions[r]!.reason).toMatch(/could not assume arn:aws:iam::333333333333:role\/arrakis-backup-validator-member: AccessDenied/);
    }
    const crashing = report.accounts.find((a) => a.accountId === CRASHING)!;
    expect(Object.values(crashing.regions).map((r) => r.status)).toEqual(["MISSING", "MISSING"]);
    expect(report.summary.itemsMissing).toBe(2);
  });

  it("carries the failed job's finding in its account's region section", () => {
    const b = report.accounts.find((a) => a.accountId === FAILED_JOB)!;
    expect(b.regions["us-west-2"]!.findings!.map((f) => [f.code, f.jobId])).toEqual([["BACKUP_JOB_FAILED", `job-${FAILED_JOB}-us-west-2-0`]]);
    expect(b.regions["us-east-1"]!.status).toBe("PASS");
    const stored = JSON.parse(fake.objects.get(`${BUCKET}/${b.regions["us-west-2"]!.resultKey}`)!) as StoredOutcome;
    expect(stored.report!.summary.backupJobs.total).toBe(3);
  });

  it("makes the organization verdict FAIL and partial, with one SNS summary naming the accounts", () => {
    expect(report.status).toBe("FAIL");
    expect(report.partial).toBe(true);
    expect(report.summary.accountsByStatus).toEqual({ FAIL: 1, INCOMPLETE: 2, WARN: 0, PASS: 2 });
    expect(fake.published).toHaveLength(1);
    const message = fake.published[0]!.Message!;
    expect(fake.published[0]!.Subject).toBe("Backup validation FAIL: 5 accounts, 1 failing, 2 not fully checked");
    expect(message).toContain(`- ${FAILED_JOB} team-b: us-west-2 FAIL (BACKUP_JOB_FAILED 1)`);
    expect(message).toContain(`- ${DENIED} team-c: us-west-2 UNCHECKED (could not assume`);
    expect(message).toContain(`- ${CRASHING} team-f: us-west-2 MISSING`);
  });

  it("logs the organization metrics", () => {
    const doc = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((d) => d._aws && "OrganizationAccounts" in d)!;
    expect(doc).toMatchObject({ Organization: "arrakis-backup-organization", OrganizationAccounts: 5, OrganizationAccountsFailed: 1, OrganizationAccountsPartial: 2, OrganizationItemsMissing: 2, OrganizationValidationFailed: 1 });
  });
});

describe("organization mode when an organization-wide listing fails or the map stops", () => {
  let fake: FakeAws;
  let run: LocalRun;
  let report: OrganizationReport;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    const ids = ["111111111111", "222222222222", "777777777777"];
    fake = await startFakeAws({
      organization: fakeOrganization(ids.map((id, i) => ({ id, name: `team-${i}`, view: healthyMember(id, REGIONS, NOW, 2) }))),
      // The management account may not list us-east-1's copy jobs organization-wide.
      fault: ({ path, query, region }) => (query.accountId === "*" && path.startsWith("/copy-jobs") && region === "us-east-1"
        ? { status: 403, type: "AccessDeniedException", message: "not authorized to perform: backup:ListCopyJobs" } : undefined),
    });
    Object.assign(process.env, fakeAwsEnv(fake.url));
    const env = { ...process.env, AWS_REGION: "us-west-2", BACKUP_VAULT_NAMES: "primary", ORGANIZATION_REGIONS: REGIONS.join(","), ORGANIZATION_REPORT_BUCKET: BUCKET };
    const worker = createWorker({ env, logger: createLogger(() => {}) });
    run = await runOrganizationLocally({
      coordinator: createCoordinator({ env, logger: createLogger(() => {}), now: () => new Date(NOW) }),
      // One account's workers fail: 2 of 6 items, over the 10 % tolerated.
      worker: async (item, ctx) => {
        if ((item as { accountId: string }).accountId === "777777777777") throw new Error("Runtime.ExitError");
        return worker(item, ctx);
      },
      objects: fake.objects,
      toleratedFailurePercentage: 10,
    });
    report = JSON.parse(fake.objects.get(`${BUCKET}/${run.merge.reportKey}`)!) as OrganizationReport;
  }, 60_000);

  afterAll(async () => {
    process.env = savedEnv;
    await fake?.close();
  });

  it("lets the workers of the failed region list their own jobs, and says so", () => {
    expect(run.items.filter((i) => i.region === "us-east-1").every((i) => i.listJobs === true && !i.jobsKey)).toBe(true);
    expect(run.items.filter((i) => i.region === "us-west-2").every((i) => !i.listJobs && i.jobsKey === `runs/${run.plan.runId}/jobs/us-west-2.json` && i.jobsRange)).toBe(true);
    const own = fake.requests.filter((r) => r.account && r.region === "us-east-1" && isJobListing(r.path));
    expect(new Set(own.map((r) => r.account))).toEqual(new Set(["111111111111", "222222222222"]));
    expect(report.summary.notes.join("\n")).toMatch(/ListCopyJobs us-east-1 failed \(AccessDeniedException.*workers listed us-east-1 jobs themselves/);
    const a = report.accounts.find((x) => x.accountId === "111111111111")!;
    expect(a.regions["us-east-1"]!.status).toBe("PASS");
  });

  it("still merges when the map stopped, with the stopped map as the reason and the unfinished account partial", () => {
    expect(report.summary.partialReasons).toEqual([expect.stringMatching(/distributed map stopped \(States.ExceedToleratedFailureThreshold\)/)]);
    expect(report.status).toBe("INCOMPLETE");
    expect(report.accounts.find((x) => x.accountId === "777777777777")).toMatchObject({ status: "INCOMPLETE", partial: true });
    expect(report.summary.itemsMissing).toBe(2);
  });
});

describe("the plan's cost grows with the organization's jobs, not with its accounts", () => {
  it("reads Σ ceil(items / 1000) pages per listing for 120 accounts and ListAccounts pages of 20 accounts", async () => {
    const ids = Array.from({ length: 120 }, (_, i) => String(200_000_000_000 + i));
    const fake = await startFakeAws({
      organization: fakeOrganization(ids.map((id, i) => ({ id, name: `team-${i}`, view: healthyMember(id, REGIONS, NOW, 25, { copies: 10 }) }))),
    });
    const saved = { ...process.env };
    try {
      Object.assign(process.env, fakeAwsEnv(fake.url));
      const env = { ...process.env, AWS_REGION: "us-west-2", BACKUP_VAULT_NAMES: "primary", ORGANIZATION_REGIONS: REGIONS.join(","), ORGANIZATION_REPORT_BUCKET: BUCKET };
      const plan = await createCoordinator({ env, logger: createLogger(() => {}), now: () => new Date(NOW) })({ action: "plan" });
      expect(plan).toMatchObject({ accounts: 120, items: 240 });
      const pages = (path: string, region: string, created: boolean) => fake.requests
        .filter((r) => r.path.replace(/\/$/, "") === path && r.region === region && !!r.query.createdAfter === created).length;
      for (const region of REGIONS) {
        // 120 × 25 = 3,000 backup jobs: 3 pages; 1,200 copy jobs: 2 pages; the other window listings 1 page each.
        expect(pages("/backup-jobs", region, true)).toBe(3);
        expect(pages("/backup-jobs", region, false)).toBe(5);
        expect(pages("/copy-jobs", region, true)).toBe(2);
        expect(pages("/copy-jobs", region, false)).toBe(1);
      }
      expect(fake.requests.filter((r) => r.service === "organizations")).toHaveLength(6);
      expect(fake.requests.filter((r) => r.service === "s3" && r.method === "PUT")).toHaveLength(REGIONS.length + 1);
    } finally {
      process.env = saved;
      await fake.close();
    }
  });
});

describe("an organization whose environments name their vaults and plans differently", () => {
  it("checks each account's own vault and finds its plan by name", async () => {
    const plan = (name: string, id: string) => ({ BackupPlanId: id, VersionId: "v1", BackupPlan: { BackupPlanName: name, Rules: [] } });
    const member = (id: string, env: string) => {
      const view = healthyMember(id, ["us-west-2"], NOW, 2, { vault: `vault-${env}` });
      return { id, name: env, view: { ...view, plans: { [`p-${id}`]: plan(`plan-${env}`, `p-${id}`) }, selections: { [`p-${id}`]: {} } } };
    };
    const fake = await startFakeAws({ organization: fakeOrganization([member("111111111111", "production"), member("222222222222", "staging")]) });
    const saved = { ...process.env };
    try {
      Object.assign(process.env, fakeAwsEnv(fake.url));
      const env = { ...process.env, AWS_REGION: "us-west-2", BACKUP_VAULT_NAMES: "vault-production,vault-staging", ORGANIZATION_PLAN_NAME: "plan-production,plan-staging",
        ORGANIZATION_REGIONS: "us-west-2", ORGANIZATION_REPORT_BUCKET: BUCKET };
      const run = await runOrganizationLocally({
        coordinator: createCoordinator({ env, logger: createLogger(() => {}), now: () => new Date(NOW) }),
        worker: createWorker({ env, logger: createLogger(() => {}) }),
        objects: fake.objects,
      });
      const report = JSON.parse(fake.objects.get(`${BUCKET}/${run.merge.reportKey}`)!) as OrganizationReport;
      expect(report.accounts.map((a) => [a.accountId, a.status])).toEqual([["111111111111", "PASS"], ["222222222222", "PASS"]]);
      const stored = (a: string) => JSON.parse(fake.objects.get(`${BUCKET}/runs/${run.plan.runId}/results/${a}/us-west-2.json`)!) as StoredOutcome;
      expect(stored("222222222222").report!.summary.vaults.primary).toEqual(["vault-staging"]);
      // The plan found by name: its selections were listed with the account's own plan id.
      expect(fake.requests.some((r) => r.account === "222222222222" && r.path.startsWith("/backup/plans/p-222222222222/selections"))).toBe(true);
    } finally {
      process.env = saved;
      await fake.close();
    }
  });
});
