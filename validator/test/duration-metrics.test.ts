/** Per-resource-type backup job duration metrics (EMF), through the handler and the real SDK. */
import { describe, expect, it } from "vitest";
import { DURATION_METRIC_NAMES, METRICS_NAMESPACE } from "../src/contract";
import { durationMetricsDocuments } from "../src/duration-metrics";
import { createHandler } from "../src/handler";
import { createLogger } from "../src/log";
import { backupJob, recoveryPoint } from "./support/account";
import { epoch } from "./support/fake-aws";
import { fakeAwsPerTest } from "./support/per-test";

const NOW = Date.now();
const H = 3_600_000;
const { start } = fakeAwsPerTest();

describe("backup job duration metrics", () => {
  it("logs one EMF line per resource type with the p90 and maximum duration, under both dimension sets", async () => {
    await start({
      // 100 EBS jobs of 1..100 minutes; 10 RDS jobs of 2 hours; one EFS job still running (no duration).
      backupJobs: {
        count: 111,
        item: (i) => {
          const created = NOW - 5 * H;
          if (i < 100) return backupJob(i, created, { CompletionDate: epoch(created + (i + 1) * 60_000) });
          if (i < 110) return backupJob(i, created, { ResourceType: "RDS", CompletionDate: epoch(created + 2 * H) });
          return backupJob(i, created, { ResourceType: "EFS", State: "RUNNING", CompletionDate: undefined });
        },
      },
      vaults: { "us-west-2/primary": { count: 1, item: (i) => recoveryPoint(i, NOW - H) } },
    });
    const logs: string[] = [];
    const handler = createHandler({ env: { AWS_REGION: "us-west-2", BACKUP_VAULT_NAMES: "primary" }, logger: createLogger((l) => logs.push(l)) });
    await handler({}, { getRemainingTimeInMillis: () => 120_000, functionName: "arrakis-backup-validator-test" });

    const docs = logs.map((l) => JSON.parse(l)).filter((d) => d._aws && d.ResourceType);
    expect(docs.map((d) => d.ResourceType)).toEqual(["EBS", "RDS"]);
    const [ebs, rds] = docs;
    // p90 of 1..100 minutes is 90 minutes, within the histogram's 5%.
    expect(ebs[DURATION_METRIC_NAMES.BackupJobDurationP90] / 5400).toBeGreaterThan(0.95);
    expect(ebs[DURATION_METRIC_NAMES.BackupJobDurationP90] / 5400).toBeLessThan(1.05);
    expect(ebs[DURATION_METRIC_NAMES.BackupJobDurationMax]).toBe(6000);
    expect(rds).toMatchObject({ BackupJobDurationP90: 7200, BackupJobDurationMax: 7200, completedJobs: 10, FunctionName: "arrakis-backup-validator-test" });
    expect(rds._aws.CloudWatchMetrics).toEqual([{
      Namespace: METRICS_NAMESPACE,
      Dimensions: [["FunctionName", "ResourceType"], ["FunctionName"]],
      Metrics: [{ Name: "BackupJobDurationP90", Unit: "Seconds" }, { Name: "BackupJobDurationMax", Unit: "Seconds" }],
    }]);
  });

  it("emits nothing when no job completed: an absent point is not a fast backup", () => {
    const report = { summary: { backupJobs: { durationByResourceType: {} } } } as never;
    expect(durationMetricsDocuments(report, "fn")).toEqual([]);
  });
});
