import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { TerraformResource } from "cdktf";
import { BooleanInput } from "./config";
import { backupReportsRoleArn } from "./encryption";
import { LiteralChecks, wholeBetween } from "./literal-checks";
import { s3BucketArn } from "./names";
import { defaultEncryptionRule, denyInsecureTransport, privateBucketBasics } from "./private-bucket";
import { OptionalResource } from "./values";

/** S3 bucket names: 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Where AWS Backup Audit Manager and the validator write in the bucket. */
export const REPORT_PREFIXES = { auditManager: "backup-reports", validator: "backup-validation" } as const;

/** Properties of {@link ReportsBucket}. */
export interface ReportsBucketProps {
  readonly enabled: BooleanInput;
  readonly bucketName: string;
  /** The account, and its partition's service principals (`reports.backup.<dns suffix>`). */
  readonly account: { readonly accountId: string; readonly partition: string; servicePrincipal(service: string): string };
  /** The module's KMS key ARN: every object is encrypted with it (SSE-KMS, Bucket Key on); null: S3-managed keys (SSE-S3). */
  readonly kmsKeyArn: string | null;
  /**
   * The server-side encryption, when decided at plan time (the resolution step's `reportsEncryption`).
   * @default SSE-KMS with a Bucket Key when kmsKeyArn is set, else SSE-S3
   */
  readonly encryption?: { readonly sseAlgorithm: string; readonly bucketKeyEnabled?: BooleanInput };
  /** Days reports are kept (the archival retention); noncurrent versions go 30 days after being replaced. */
  readonly retentionDays: number;
  readonly tags: Record<string, string>;
}

/**
 * The reports bucket: Backup Audit Manager's reports and the validator's JSON reports. Encrypted
 * with the module's key, versioned, no public access, ACLs disabled (BucketOwnerEnforced), a
 * policy that refuses plain HTTP and lets AWS Backup's report role deliver, and a lifecycle that
 * keeps reports as long as the archival retention.
 */
export class ReportsBucket extends Construct {
  readonly bucket: OptionalResource<S3Bucket>;
  /** The bucket's name (known at synth). */
  readonly bucketName: string;
  readonly policy: OptionalResource<S3BucketPolicy>;

  constructor(scope: Construct, id: string, props: ReportsBucketProps) {
    super(scope, id);
    reportsBucketChecks(props).throwIfAny(props.enabled);
    const when = <T extends TerraformResource>(factory: (count: number | undefined) => T) => OptionalResource.when(props.enabled, factory);
    this.bucketName = props.bucketName;
    this.bucket = when((count) => new S3Bucket(this, "bucket", { count, bucket: props.bucketName, tags: props.tags }));
    const bucket = this.bucket.attribute("id");
    const bucketArn = s3BucketArn(props.account.partition, props.bucketName);

    // Versioning, public access block and ownership controls, counted like the bucket.
    when((count) => privateBucketBasics(this, bucket, count).versioning);
    when((count) => new S3BucketServerSideEncryptionConfiguration(this, "encryption", {
      count,
      bucket,
      rule: [encryptionRule(props)],
    }));
    when((count) => new S3BucketLifecycleConfiguration(this, "lifecycle", {
      count,
      bucket,
      rule: [{
        id: "report-retention",
        status: "Enabled",
        filter: [{ prefix: "" }],
        expiration: [{ days: props.retentionDays }],
        noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      }],
    }));
    this.policy = when((count) => new S3BucketPolicy(this, "policy", {
      count,
      bucket,
      policy: reportsBucketPolicy(bucketArn, props.account),
    }));
  }
}

/** The resolution step's plan-time encryption, else SSE-KMS with the key (and a Bucket Key) or SSE-S3 without one. */
function encryptionRule(props: ReportsBucketProps) {
  const keyArn = props.kmsKeyArn ?? undefined;
  if (props.encryption === undefined) return defaultEncryptionRule(keyArn);
  const { sseAlgorithm, bucketKeyEnabled } = props.encryption;
  return { applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId: keyArn }, bucketKeyEnabled };
}

/**
 * TLS only; and AWS Backup's report service-linked role may write reports under its prefix, as
 * the report plan documentation asks (`bucket-owner-full-control`, which BucketOwnerEnforced accepts).
 */
export function reportsBucketPolicy(bucketArn: string, account: ReportsBucketProps["account"]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      denyInsecureTransport(bucketArn),
      {
        Sid: "AllowBackupReportDelivery",
        Effect: "Allow",
        Principal: { AWS: backupReportsRoleArn(account) },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/${REPORT_PREFIXES.auditManager}/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
    ],
  });
}

/** The rules of {@link ReportsBucketProps}, named by the module's inputs. */
export function reportsBucketChecks(props: ReportsBucketProps): LiteralChecks {
  return new LiteralChecks()
    .check("reports_bucket_name", props.bucketName, (v) => BUCKET_NAME.test(v) && !v.includes("..") && !/^\d+\.\d+\.\d+\.\d+$/.test(v),
      "must be an S3 bucket name: 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, not an IP address")
    .check("reports_retention_days", props.retentionDays, wholeBetween(1, 36500), "must be a whole number of days from 1 to 36500");
}
