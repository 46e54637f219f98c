import { describe, expect, it } from "vitest";
import { BackupConfigErrors } from "../lib/errors";
import { baseConfig, resourcesOf, synthBackup } from "./synth";

/* existing_kms_key_arn and existing_backup_role_arn: use the user's key and role, create none. */

const KEY = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function errorsOf(overrides: Parameters<typeof baseConfig>[1]): string[] {
  try {
    synthBackup(baseConfig("production", overrides));
  } catch (error) {
    if (error instanceof BackupConfigErrors) return error.errors.map((e) => `${e.input}: ${e.rule}`);
    throw error;
  }
  return [];
}

describe("existing_kms_key_arn", () => {
  const json = synthBackup(baseConfig("production", { existingKmsKeyArn: KEY }));

  it("creates no key and no alias, in either region", () => {
    expect(resourcesOf(json, "aws_kms_key")).toEqual({});
    expect(resourcesOf(json, "aws_kms_alias")).toEqual({});
  });

  it("encrypts the primary vault, the topic, the validator's logs and environment with it", () => {
    const vaults = Object.values(resourcesOf(json, "aws_backup_vault"));
    expect(vaults.find((v) => !String(v.name).endsWith("-replica"))!.kms_key_arn).toBe(KEY);
    expect(Object.values(resourcesOf(json, "aws_sns_topic"))[0].kms_master_key_id).toBe(KEY);
    expect(Object.values(resourcesOf(json, "aws_cloudwatch_log_group"))[0].kms_key_id).toBe(KEY);
    const fn = Object.values(resourcesOf(json, "aws_lambda_function"))[0];
    expect(fn.kms_key_arn).toBe(KEY);
    expect(fn.environment.variables.EXPECTED_KMS_KEY_ARN).toBe(KEY);
    const policy = JSON.parse(Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p) => p.name === "backup-validation")!.policy);
    const decrypt = policy.Statement.find((s: { Sid: string }) => s.Sid === "DecryptEnvironment");
    expect(decrypt.Resource).toEqual([KEY]);
  });

  it("leaves the replica vault on AWS Backup's managed key (a key ARN is regional)", () => {
    const replica = Object.values(resourcesOf(json, "aws_backup_vault")).find((v) => String(v.name).endsWith("-replica"))!;
    expect(replica.kms_key_arn).toBeUndefined();
  });

  it("is the kms_key_arn output", () => {
    expect(Object.values(json.output ?? {}).length).toBeGreaterThan(0);
    expect((json.output as Record<string, { value: unknown }>).kms_key_arn.value).toBe(KEY);
  });

  it("rejects a key that is not a key ARN, of another region, or with encryption off", () => {
    expect(errorsOf({ existingKmsKeyArn: "alias/mine" })).toEqual([expect.stringMatching(/^existing_kms_key_arn: must be a KMS key ARN/)]);
    expect(errorsOf({ existingKmsKeyArn: KEY.replace("us-west-2", "eu-west-1") })).toEqual([
      expect.stringMatching(/^existing_kms_key_arn: must be in the provider's region \(us-west-2\)/),
    ]);
    expect(errorsOf({ existingKmsKeyArn: KEY, enableBackupEncryption: false })).toEqual([expect.stringMatching(/^existing_kms_key_arn: needs enable_backup_encryption = true/)]);
  });
});

describe("existing_backup_role_arn", () => {
  const ROLE = "arn:aws:iam::123456789012:role/service-roles/platform-backup";
  const json = synthBackup(baseConfig("production", { existingBackupRoleArn: ROLE, rdsInstances: [{ identifier: "db1", arn: "arn:aws:rds:us-west-2:123456789012:db:db1" }] }));

  it("creates no role and no policy attachment", () => {
    expect(resourcesOf(json, "aws_iam_role_policy_attachment")).toEqual({});
    expect(Object.values(resourcesOf(json, "aws_iam_role")).map((r) => r.name)).not.toContain("arrakis-backup-role-production");
  });

  it("is the role of every selection, and the backup_role_arn/backup_role_name outputs", () => {
    const selections = Object.values(resourcesOf(json, "aws_backup_selection"));
    expect(selections.length).toBeGreaterThanOrEqual(2);
    for (const selection of selections) expect(selection.iam_role_arn).toBe(ROLE);
    const outputs = json.output as Record<string, { value: unknown }>;
    expect(outputs.backup_role_arn.value).toBe(ROLE);
    expect(outputs.backup_role_name.value).toBe("platform-backup");
  });

  it("rejects what is not an IAM role ARN", () => {
    expect(errorsOf({ existingBackupRoleArn: "arn:aws:iam::123456789012:user/backup" })).toEqual([expect.stringMatching(/^existing_backup_role_arn: must be an IAM role ARN/)]);
  });
});
