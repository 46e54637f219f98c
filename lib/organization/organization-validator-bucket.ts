import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA as S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { ORGANIZATION_REPORTS_PREFIX, RUNS_PREFIX } from "../../validator/src/organization/contract";

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
    this.bucketArn = `arn:${props.partition}:s3:::${props.bucketName}`;
    new S3BucketVersioning(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfiguration(this, "encryption", {
      bucket,
      rule: [props.kmsKeyArn
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketPublicAccessBlock(this, "public_access", { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
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
        Statement: [{
          Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
          Resource: [this.bucketArn, `${this.bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
      }),
    });
  }
}
