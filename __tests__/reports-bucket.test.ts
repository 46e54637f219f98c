/** Issue 11, item 6: the reports bucket. */
import { Testing, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { BackupConfigErrors } from "../lib/errors";
import { ReportsBucket } from "../lib/reports-bucket";
import { bucketProps, KEY, synthRecovery } from "./recovery-stack";
import { resourceOf } from "./synth";

describe("ReportsBucket", () => {
  const { json } = synthRecovery();
  const bucketRef = expect.stringMatching(/^\$\{aws_s3_bucket\.reports_bucket_\w+\.id\}$/);

  it("is encrypted with the module's key (Bucket Key on), versioned, private and owner-enforced", () => {
    expect(resourceOf(json, "aws_s3_bucket", "reports").bucket).toBe("arrakis-backup-reports-production");
    expect(resourceOf(json, "aws_s3_bucket_server_side_encryption_configuration")).toMatchObject({ bucket: bucketRef,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY }, bucket_key_enabled: true }] });
    expect(resourceOf(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(resourceOf(json, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(resourceOf(json, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  it("refuses plain HTTP and lets only AWS Backup's report role deliver under its prefix", () => {
    const policy = JSON.parse(resourceOf(json, "aws_s3_bucket_policy").policy);
    const [tls, delivery] = policy.Statement;
    expect(tls).toMatchObject({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } },
      Resource: ["arn:aws:s3:::arrakis-backup-reports-production", "arn:aws:s3:::arrakis-backup-reports-production/*"] });
    expect(delivery).toMatchObject({ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::arrakis-backup-reports-production/backup-reports/*",
      Principal: { AWS: "arn:aws:iam::123456789012:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports" } });
  });

  it("keeps reports for the archival retention and noncurrent versions 30 days", () => {
    expect(resourceOf(json, "aws_s3_bucket_lifecycle_configuration").rule).toEqual([{
      id: "report-retention", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: 2555 }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }]);
  });

  it.each([
    [{ bucketName: "Arrakis_Reports" }, /reportsBucketName \(reports_bucket_name\) = "Arrakis_Reports": must be an S3 bucket name/],
    [{ bucketName: "10.0.0.1" }, /not an IP address/],
    [{ retentionDays: 0 }, /reports_retention_days\) = 0: must be a whole number of days from 1 to 36500/],
  ])("rejects %j", (over, message) => {
    const make = () => new ReportsBucket(new TerraformStack(Testing.app(), "bad"), "reports", bucketProps(over));
    expect(make).toThrow(BackupConfigErrors);
    expect(make).toThrow(message);
  });
});

describe("ReportsBucket without the module's key", () => {
  it("falls back to S3-managed encryption when encryption is off", () => {
    const stack = new TerraformStack(Testing.app(), "sse-s3");
    new ReportsBucket(stack, "reports", bucketProps({ kmsKeyArn: null }));
    const sse = Object.values(JSON.parse(Testing.synth(stack)).resource.aws_s3_bucket_server_side_encryption_configuration)[0] as any;
    expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });
});
