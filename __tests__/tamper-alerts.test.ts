import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { BackupConfigErrors } from "../lib/errors";
import {
  JOB_TAMPER_EVENTS, KEY_TAMPER_EVENTS, PLAN_TAMPER_EVENTS, TamperAlerts, TamperAlertsProps, VAULT_TAMPER_EVENTS, tamperEventPattern, tamperRules,
} from "../lib/tamper-alerts";
import { TerraformJson, expandForEach } from "./synth";

const KEY = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC = "arn:aws:sns:us-west-2:111122223333:arrakis-backup-notifications-production";
const props: TamperAlertsProps = {
  projectName: "arrakis",
  environment: "production",
  vaultNames: ["arrakis-backup-vault-production"],
  planId: "0f7a4c0e-plan",
  keyArns: [KEY],
  topicArn: TOPIC,
  tags: { Environment: "production" },
};

function synth(p: TamperAlertsProps = props): TerraformJson {
  const stack = new TerraformStack(Testing.app(), "tamper");
  new TamperAlerts(stack, "tamper", p);
  return expandForEach(JSON.parse(Testing.synth(stack)) as TerraformJson);
}

/**
 * EventBridge's matching for the pattern features used here: a list matches when the event's value
 * (or any element of an array value) equals one entry; an object matches field by field (any
 * element of an array of objects may match). A field the pattern names must be present.
 */
function matches(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(pattern)) {
    const values = Array.isArray(event) ? event : [event];
    return values.some((v) => pattern.includes(v));
  }
  if (Array.isArray(event)) return event.some((e) => matches(pattern, e));
  if (typeof event !== "object" || event === null) return false;
  return Object.entries(pattern as Record<string, unknown>).every(([k, p]) => k in event && matches(p, (event as Record<string, unknown>)[k]));
}

/** A CloudTrail management event as EventBridge delivers it (shape of AWS's published examples). */
function apiCall(source: string, eventName: string, detail: Record<string, unknown>) {
  return {
    source,
    "detail-type": "AWS API Call via CloudTrail",
    account: "111122223333",
    region: "us-west-2",
    detail: {
      eventSource: `${source.slice(4)}.amazonaws.com`,
      eventName,
      eventTime: "2026-12-02T09:00:00Z",
      sourceIPAddress: "192.0.2.10",
      userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/admin/alice" },
      ...detail,
    },
  };
}

const matchingRules = (event: unknown) => tamperRules(props).filter((r) => matches(tamperEventPattern(r), event)).map((r) => r.id);

describe("tamper alert event patterns", () => {
  it("watches exactly the calls the issue lists", () => {
    expect([...VAULT_TAMPER_EVENTS, ...PLAN_TAMPER_EVENTS, ...JOB_TAMPER_EVENTS, ...KEY_TAMPER_EVENTS].sort()).toEqual([
      "DeleteBackupPlan", "DeleteBackupSelection", "DeleteBackupVault", "DeleteBackupVaultAccessPolicy",
      "DeleteBackupVaultLockConfiguration", "DeleteRecoveryPoint", "DisableKey", "PutBackupVaultAccessPolicy",
      "PutBackupVaultLockConfiguration", "ScheduleKeyDeletion", "StopBackupJob", "UpdateRecoveryPointLifecycle",
    ]);
  });

  it.each(VAULT_TAMPER_EVENTS)("%s on our vault matches the vault rule; on another vault nothing", (name) => {
    expect(matchingRules(apiCall("aws.backup", name, { requestParameters: { backupVaultName: "arrakis-backup-vault-production" } }))).toEqual(["vault"]);
    expect(matchingRules(apiCall("aws.backup", name, { requestParameters: { backupVaultName: "someone-elses-vault" } }))).toEqual([]);
  });

  it.each(PLAN_TAMPER_EVENTS)("%s of our plan matches the plan rule; of another plan nothing", (name) => {
    expect(matchingRules(apiCall("aws.backup", name, { requestParameters: { backupPlanId: props.planId, selectionId: "s-1" } }))).toEqual(["plan"]);
    expect(matchingRules(apiCall("aws.backup", name, { requestParameters: { backupPlanId: "other-plan" } }))).toEqual([]);
  });

  it("StopBackupJob matches account-wide: the event names only the job", () => {
    expect(matchingRules(apiCall("aws.backup", "StopBackupJob", { requestParameters: { backupJobId: "job-1" } }))).toEqual(["jobs"]);
  });

  it.each(KEY_TAMPER_EVENTS)("%s of our key matches by resources[].ARN whatever keyId the caller passed", (name) => {
    const event = (arn: string) => apiCall("aws.kms", name, {
      requestParameters: { keyId: "alias/backup", pendingWindowInDays: 7 },
      resources: [{ accountId: "111122223333", type: "AWS::KMS::Key", ARN: arn }],
    });
    expect(matchingRules(event(KEY))).toEqual(["keys"]);
    expect(matchingRules(event(KEY.replace("1234abcd", "9999abcd")))).toEqual([]);
  });

  it("read-only and harmless calls match nothing", () => {
    for (const name of ["ListRecoveryPointsByBackupVault", "StartBackupJob", "PutBackupVaultNotifications", "CreateBackupVault"]) {
      expect(matchingRules(apiCall("aws.backup", name, { requestParameters: { backupVaultName: "arrakis-backup-vault-production" } }))).toEqual([]);
    }
    expect(matchingRules(apiCall("aws.kms", "EnableKey", { resources: [{ ARN: KEY }] }))).toEqual([]);
  });

  it("without keys there is no key rule", () => {
    expect(tamperRules({ ...props, keyArns: [] }).map((r) => r.id)).toEqual(["vault", "plan", "jobs"]);
  });
});

describe("TamperAlerts construct", () => {
  it("creates one rule and one topic target per pattern, with a readable message", () => {
    const json = synth();
    const rules = json.resource.aws_cloudwatch_event_rule;
    expect(Object.values(rules).map((r) => r.name).sort()).toEqual([
      "arrakis-tamper-jobs-production",
      "arrakis-tamper-keys-production",
      "arrakis-tamper-plan-production",
      "arrakis-tamper-vault-production",
    ]);
    const vault = JSON.parse(Object.values(rules).find((r) => r.name.includes("vault"))!.event_pattern);
    expect(vault).toEqual({
      source: ["aws.backup"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: expect.objectContaining({ eventSource: ["backup.amazonaws.com"], requestParameters: { backupVaultName: ["arrakis-backup-vault-production"] } }),
    });
    const targets = Object.values(json.resource.aws_cloudwatch_event_target);
    expect(targets).toHaveLength(4);
    for (const t of targets) {
      expect(t.arn).toBe(TOPIC);
      const { input_paths: paths, input_template: template } = t.input_transformer;
      expect(paths).toMatchObject({ who: "$.detail.userIdentity.arn", what: "$.detail.eventName", ip: "$.detail.sourceIPAddress", time: "$.detail.eventTime" });
      // A JSON string: SNS mails the text.
      const text = JSON.parse(template) as string;
      expect(text).toMatch(/^AWS Backup tamper alert \(arrakis production\): <who> called <what> on .+ <target> in <where> .*from <ip> at <time>/);
    }
    const keyTarget = targets.find((t) => t.input_transformer.input_paths.target === "$.detail.resources[0].ARN");
    expect(JSON.parse(keyTarget!.input_transformer.input_template)).toContain("on KMS key <target>");
  });

  it("creates nothing when disabled", () => {
    const json = synth({ ...props, enabled: false });
    expect(json.resource?.aws_cloudwatch_event_rule).toBeUndefined();
  });

  it.each([
    [{ vaultNames: [] }, "vaultNames (vault_names) = []: must name at least one vault"],
    [{ vaultNames: ["bad name!"] }, 'vaultNames[0] (vault_names[0]) = "bad name!": must be 2 to 50'],
    [{ planId: " " }, 'planId (plan_id) = " ": must be the backup plan\'s id'],
    [{ keyArns: ["arn:aws:kms:us-west-2:111122223333:alias/backup"] }, "not an alias"],
    [{ topicArn: "arn:aws:sqs:us-west-2:111122223333:q" }, "must be an SNS topic ARN"],
  ])("rejects %j naming the property, value and rule", (override, message) => {
    expect(() => synth({ ...props, ...override } as TamperAlertsProps)).toThrow(BackupConfigErrors);
    expect(() => synth({ ...props, ...override } as TamperAlertsProps)).toThrow(message);
  });
});
