import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { ORGANIZATION_REPORTS_PREFIX, RUNS_PREFIX } from "../../validator/src/organization/contract";
import { s3BucketArn } from "../names";
import { defaultEncryptionRule, denyInsecureTransport, privateBucketBasics } from "../private-bucket";

/** Properties of {@link OrganizationValidatorBucket}. */
export interface OrganizationValidatorBucketProps {
  readonly bucketName: string;
  readonly partition: string;
  /** SSE-KMS key; undefined: S3-managed keys. */
  readonly kmsKeyArn?: string;
  /** Days merged organization reports are kept. */
  readonly reportRetentionDays: number;
  /** Days a run's working files (items, job slices, results) are kept. */
  readonly runRetentionDays: number;
  readonly tags: Record<string, string>;
}

/**
 * The organization validator's bucket: run files under `runs/` (short-lived) and merged reports
 * under `organization-reports/`. Encrypted, versioned, no public access, ACLs disabled, TLS only.
 */
export class OrganizationValidatorBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: OrganizationValidatorBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", { bucket: props.bucketName, tags: props.tags });
    const bucket = this.bucket.id;
    this.bucketArn = s3BucketArn(props.partition, props.bucketName);
    privateBucketBasics(this, bucket);
    new S3BucketServerSideEncryptionConfiguration(this, "encryption", { bucket, rule: [defaultEncryptionRule(props.kmsKeyArn || undefined)] });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        { id: "run-files", status: "Enabled", filter: [{ prefix: RUNS_PREFIX }], expiration: [{ days: props.runRetentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }] },
        { id: "organization-reports", status: "Enabled", filter: [{ prefix: ORGANIZATION_REPORTS_PREFIX }], expiration: [{ days: props.reportRetentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] },
      ],
    });
    new S3BucketPolicy(this, "policy", {
      bucket,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [denyInsecureTransport(this.bucketArn)],
      }),
    });
  }
}
