import { Construct } from "constructs";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA as S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";

/**
 * What every bucket of the project has: versioning, no public access and ACLs disabled
 * (BucketOwnerEnforced), created in `scope` as `versioning`, `public_access` and `ownership`.
 * @param count - the bucket's own `count` (undefined for a bucket that always exists)
 */
export function privateBucketBasics(scope: Construct, bucket: string, count?: number) {
  return {
    versioning: new S3BucketVersioning(scope, "versioning", { count, bucket, versioningConfiguration: { status: "Enabled" } }),
    publicAccess: new S3BucketPublicAccessBlock(scope, "public_access", {
      count, bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    }),
    ownership: new S3BucketOwnershipControls(scope, "ownership", { count, bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }),
  };
}

/** The bucket policy statement that refuses every request not made over TLS. */
export function denyInsecureTransport(bucketArn: string): Record<string, unknown> {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** SSE-KMS with the key and a Bucket Key, or SSE-S3 without a key. */
export function defaultEncryptionRule(kmsKeyArn: string | undefined) {
  return kmsKeyArn === undefined
    ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
    : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyArn }, bucketKeyEnabled: true };
}
