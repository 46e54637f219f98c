import { describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config";
import { ENV_VAR_NAMES, ENV_VARS, FINDING_CODES } from "../src/contract";
import { InputError } from "../src/errors";
import { parseEvent } from "../src/event";

const base = { BACKUP_VAULT_NAMES: "arrakis-production" };

describe("configFromEnv", () => {
  it("applies the documented defaults", () => {
    expect(configFromEnv(base)).toEqual({
      region: undefined, vaultNames: ["arrakis-production"], replica: undefined, rpoHours: 24, rtoHours: 4,
      lookbackHours: 24, stuckJobHours: 24, expectedResourceArns: [], expectedKmsKeyArn: undefined,
      snsTopicArn: undefined, reportBucket: undefined, planId: undefined, reportBucketOwner: undefined, reportKmsKeyArn: undefined,
      restoreTestingPlanNames: [], restoreTestMaxAgeDays: 8, copyRpoHours: 26,
    });
  });

  it("reads every variable", () => {
    const c = configFromEnv({
      AWS_REGION: "us-west-2", BACKUP_VAULT_NAMES: " a-vault , b_vault ", REPLICA_REGION: "us-east-1", REPLICA_VAULT_NAME: "replica",
      RPO_TARGET_HOURS: "12", RTO_TARGET_HOURS: "2.5", LOOKBACK_HOURS: "48", STUCK_JOB_HOURS: "8",
      EXPECTED_RESOURCE_ARNS: "arn:aws:rds:us-west-2:123456789012:db:oms,arn:aws:s3:::bucket",
      EXPECTED_KMS_KEY_ARN: "arn:aws:kms:us-west-2:123456789012:key/abcd-1234",
      SNS_TOPIC_ARN: "arn:aws:sns:us-west-2:123456789012:alerts", REPORT_BUCKET: "reports.example",
      BACKUP_PLAN_ID: "8a2c7f1e-1234-4bcd-9ef0-0123456789ab", REPORT_BUCKET_OWNER: "210987654321",
      REPORT_KMS_KEY_ARN: "arn:aws:kms:us-west-2:123456789012:key/report",
      RESTORE_TESTING_PLAN_NAMES: "plan_a, plan_b", RESTORE_TEST_MAX_AGE_DAYS: "15", COPY_RPO_HOURS: "30",
      REPLICA_VAULT_LOCK_MIN_DAYS: "7", REPLICA_VAULT_LOCK_MAX_DAYS: "365",
    });
    expect(c).toMatchObject({ region: "us-west-2", vaultNames: ["a-vault", "b_vault"], replica: { region: "us-east-1", vaultName: "replica" },
      rpoHours: 12, rtoHours: 2.5, lookbackHours: 48, stuckJobHours: 8, reportBucket: "reports.example",
      planId: "8a2c7f1e-1234-4bcd-9ef0-0123456789ab", reportBucketOwner: "210987654321", reportKmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/report",
      restoreTestingPlanNames: ["plan_a", "plan_b"], restoreTestMaxAgeDays: 15, copyRpoHours: 30, replicaLock: { minDays: 7, maxDays: 365 } });
    expect(c.expectedResourceArns).toHaveLength(2);
  });

  const bad: [Record<string, string>, string, RegExp][] = [
    [{}, "BACKUP_VAULT_NAMES", /at least one/],
    [{ BACKUP_VAULT_NAMES: "a" }, "BACKUP_VAULT_NAMES", /2-50 characters/],
    [{ BACKUP_VAULT_NAMES: "ok-vault,ok-vault" }, "BACKUP_VAULT_NAMES", /twice/],
    [{ ...base, RPO_TARGET_HOURS: "soon" }, "RPO_TARGET_HOURS", /greater than 0/],
    [{ ...base, RTO_TARGET_HOURS: "0" }, "RTO_TARGET_HOURS", /greater than 0/],
    [{ ...base, LOOKBACK_HOURS: "721" }, "LOOKBACK_HOURS", /at most 720/],
    [{ ...base, REPLICA_REGION: "us-east-1" }, "REPLICA_VAULT_NAME", /together with REPLICA_REGION/],
    [{ ...base, REPLICA_REGION: "useast", REPLICA_VAULT_NAME: "replica" }, "REPLICA_REGION", /AWS region/],
    [{ ...base, EXPECTED_KMS_KEY_ARN: "alias/backup" }, "EXPECTED_KMS_KEY_ARN", /not an alias/],
    [{ ...base, EXPECTED_RESOURCE_ARNS: "vol-123" }, "EXPECTED_RESOURCE_ARNS", /must be an ARN/],
    [{ ...base, SNS_TOPIC_ARN: "alerts" }, "SNS_TOPIC_ARN", /SNS topic ARN/],
    [{ ...base, REPORT_BUCKET: "Bad_Bucket" }, "REPORT_BUCKET", /S3 bucket name/],
    // Numbers are plain decimals: Number() alone would read these as 16, 1000, 5 and 1.
    [{ ...base, RPO_TARGET_HOURS: "0x10" }, "RPO_TARGET_HOURS", /decimal number/],
    [{ ...base, RTO_TARGET_HOURS: "1e3" }, "RTO_TARGET_HOURS", /decimal number/],
    [{ ...base, LOOKBACK_HOURS: "+5" }, "LOOKBACK_HOURS", /decimal number/],
    [{ ...base, STUCK_JOB_HOURS: "0b1" }, "STUCK_JOB_HOURS", /decimal number/],
    [{ ...base, EXPECTED_RESOURCE_ARNS: "arn:aws:s3:::b,arn:aws:s3:::b" }, "EXPECTED_RESOURCE_ARNS", /twice/],
    [{ ...base, BACKUP_PLAN_ID: "arn:aws:backup:us-west-2:123456789012:backup-plan:x" }, "BACKUP_PLAN_ID", /not a name or ARN/],
    [{ ...base, REPORT_BUCKET_OWNER: "12345" }, "REPORT_BUCKET_OWNER", /12-digit/],
    [{ ...base, REPORT_KMS_KEY_ARN: "alias/reports" }, "REPORT_KMS_KEY_ARN", /not an alias/],
  ];
  it.each(bad)("rejects %j naming %s, the value and the rule", (env, name, rule) => {
    let err: unknown;
    try {
      configFromEnv(env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe(name);
    expect((err as Error).message).toMatch(new RegExp(`^Invalid ${name}: `));
    expect((err as Error).message).toMatch(rule);
  });

  it("names the bad value in the message", () => {
    expect(() => configFromEnv({ ...base, RPO_TARGET_HOURS: "-3" })).toThrow('Invalid RPO_TARGET_HOURS: "-3"');
  });

  it("treats blank optional variables as unset", () => {
    expect(configFromEnv({ ...base, REPLICA_REGION: "", REPLICA_VAULT_NAME: " ", SNS_TOPIC_ARN: "" })).toMatchObject({ replica: undefined, snsTopicArn: undefined });
  });
});

describe("contract", () => {
  it("lists every environment variable the parser reads, and only those", () => {
    expect(ENV_VAR_NAMES).toEqual(Object.keys(ENV_VARS));
    const read: string[] = [];
    const env = new Proxy({ ...base } as Record<string, string>, { get: (t, k) => (typeof k === "string" && read.push(k), t[k as string]) });
    configFromEnv(env);
    expect(new Set(read.filter((k) => k !== "AWS_REGION"))).toEqual(new Set(ENV_VAR_NAMES));
  });

  it("has twenty-one distinct finding codes", () => {
    expect(new Set(FINDING_CODES).size).toBe(21);
  });
});

describe("parseEvent", () => {
  it("accepts {}, null, scheduled events and send_full_report", () => {
    expect(parseEvent({})).toEqual({ sendFullReport: false });
    expect(parseEvent(undefined)).toEqual({ sendFullReport: false });
    expect(parseEvent({ version: "0", id: "x", "detail-type": "Scheduled Event", source: "aws.events", account: "1", time: "t", region: "r", resources: [], detail: {} }))
      .toEqual({ sendFullReport: false });
    expect(parseEvent({ send_full_report: true })).toEqual({ sendFullReport: true });
    expect(parseEvent({ send_full_report: false })).toEqual({ sendFullReport: false });
  });

  it.each([
    [[], /must be \{\}/],
    ["run", /must be \{\}/],
    [{ source: "aws.backup", "detail-type": "Backup Job State Change" }, /scheduled events/],
    [{ send_full_report: "true" }, /event.send_full_report.*true or false/],
    [{ full: true }, /event.full.*only accepted field/],
  ])("rejects %j", (event, message) => {
    expect(() => parseEvent(event)).toThrow(InputError);
    expect(() => parseEvent(event)).toThrow(message);
  });
});
