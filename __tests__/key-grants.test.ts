import { describe, expect, it } from "vitest";
import { baseConfig, resourcesOf, synthBackup } from "./synth";

/* The key policy is made of grants: the constructs that use the key ask for them, aws-cdk style. */

describe("key grants", () => {
  const json = synthBackup(baseConfig("production"));
  const keys = Object.values(resourcesOf(json, "aws_kms_key"));
  const statements = (key: { policy: string }) => (JSON.parse(key.policy).Statement as { Sid: string; Condition?: any }[]);
  const primary = keys.find((k) => !k.region)!;
  const replica = keys.find((k) => k.region)!;

  // The topic asks for each publisher's grant as the publisher asks the topic: its vault notifications, its job rules, then the alarms.
  it("the primary key grants the topic's publishers (notifications), report delivery (reports bucket) and the validator's log group (validator)", () => {
    expect(statements(primary).map((s) => s.Sid)).toEqual([
      "KeepAccountInControl",
      "AllowAwsBackupInThisAccount",
      "AllowBackupVaultNotificationsToEncryptedTopic",
      "AllowEventRulesToEncryptedTopic",
      "AllowAlarmsToEncryptedTopic",
      "AllowBackupReportDelivery",
      "AllowValidatorLogGroup",
    ]);
  });

  // Issue 11: Backup Audit Manager writes its reports into the bucket encrypted with this key, through S3 only.
  it("lets only Backup Audit Manager's service-linked role of this account use the key for report delivery, via S3", () => {
    const grant = statements(primary).find((s) => s.Sid === "AllowBackupReportDelivery")! as any;
    expect(grant.Principal.AWS).toMatch(/:role\/aws-service-role\/reports\.backup\.\$\{data\.aws_partition\.[^}]+\.dns_suffix\}\/AWSServiceRoleForBackupReports$/);
    expect(grant.Action).toEqual(["kms:GenerateDataKey*", "kms:Encrypt"]);
    expect(grant.Condition.StringEquals["kms:ViaService"]).toMatch(/^s3\./);
  });

  it("the log group granted is the validator's own log group, named in one place", () => {
    const logGroup = Object.values(resourcesOf(json, "aws_cloudwatch_log_group"))[0];
    const grant = statements(primary).find((s) => s.Sid === "AllowValidatorLogGroup")!;
    expect(grant.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toMatch(new RegExp(`:log-group:${logGroup.name.replace(/\//g, "\\/")}$`));
  });

  it("the replica key, which nothing else uses, grants nothing beyond AWS Backup", () => {
    expect(statements(replica).map((s) => s.Sid)).toEqual(["KeepAccountInControl", "AllowAwsBackupInThisAccount"]);
  });
});
