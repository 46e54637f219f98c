import { REPORT_PREFIXES } from "./reports-bucket";
import { replaceAll } from "./values";

/**
 * Resource name patterns used by more than one construct, each defined once here. (A name only
 * one construct uses stays beside that resource.)
 */

/** The validator's Lambda function: `<project>-backup-validator-<env>` (also its role's name and its alarms' dimension). */
export function validatorFunctionName(project: string, environment: string): string {
  return `${project}-backup-validator-${environment}`;
}

/** The IAM role AWS Backup assumes: `<project>-backup-role-<env>` (the account module's, and the one organization policies name in each account). */
export function backupRoleName(project: string, environment: string): string {
  return `${project}-backup-role-${environment}`;
}

/** The log group Lambda writes a function's logs to (the key's log-group grant names it too). */
export function lambdaLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/**
 * The restore testing plan: `<project>_rtest_<env>` with hyphens as underscores (restore testing
 * plan names allow `[a-zA-Z0-9_]` only). At most 32 + 7 + 11 characters, within AWS's 50.
 */
export function restoreTestingPlanName(project: string, environment: string): string {
  return `${replaceAll(project, "-", "_")}_rtest_${replaceAll(environment, "-", "_")}`;
}

/** The Backup Audit Manager framework: `<project>_backup_<env>`, hyphens as underscores (frameworks allow `[a-zA-Z][_a-zA-Z0-9]*`). */
export function auditFrameworkName(project: string, environment: string): string {
  return `${replaceAll(project, "-", "_")}_backup_${replaceAll(environment, "-", "_")}`;
}

/** The reports bucket's default name: bucket names are global, so it carries the account id. */
export function defaultReportsBucketName(project: string, environment: string, accountId: string): string {
  return `${project}-backup-reports-${environment}-${accountId}`;
}

/** The objects the validator writes in the reports bucket (its IAM permission and the S3 endpoint's policy name them). */
export function validatorReportObjectsArn(partition: string, bucketName: string): string {
  return `${s3BucketArn(partition, bucketName)}/${REPORT_PREFIXES.validator}/*`;
}

/** An S3 bucket's ARN (its objects' ARNs add `/KEY`). */
export function s3BucketArn(partition: string, bucketName: string): string {
  return `arn:${partition}:s3:::${bucketName}`;
}

/** A regional resource's ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. */
export function regionalArn(partition: string, service: string, region: string, accountId: string, resource: string): string {
  return `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
}

/** A CloudWatch Logs log group's ARN (as the logs service names it in its encryption context). */
export function logGroupArn(partition: string, region: string, accountId: string, logGroupName: string): string {
  return regionalArn(partition, "logs", region, accountId, `log-group:${logGroupName}`);
}

/** An AWS managed IAM policy's ARN, e.g. `service-role/AWSBackupServiceRolePolicyForBackup`. */
export function awsManagedPolicyArn(partition: string, policyName: string): string {
  return `arn:${partition}:iam::aws:policy/${policyName}`;
}
