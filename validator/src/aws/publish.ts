import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, type PublishCommandInput, type SNSClient } from "@aws-sdk/client-sns";
import { errorMessage } from "./backup";

/** Outcome of one delivery. */
export interface DeliveryResult {
  status: "SENT" | "SKIPPED" | "FAILED";
  /** Why it was skipped, or the error. */
  detail?: string;
  /** SNS message id or S3 URI. */
  id?: string;
}

/** One SNS message. */
export interface SummaryMessage {
  topicArn: string;
  subject: string;
  message: string;
  /** Identifies the run: the deduplication id on FIFO topics. */
  runId: string;
}

/** Message group of every summary on a FIFO topic (one validator, one ordered stream). */
export const FIFO_MESSAGE_GROUP = "backup-validation";

/** The Publish input; FIFO topics get a message group and a deduplication id (runId, max 128 characters). */
export function publishInput(m: SummaryMessage): PublishCommandInput {
  const fifo = m.topicArn.endsWith(".fifo");
  return {
    TopicArn: m.topicArn,
    Subject: m.subject,
    Message: m.message,
    ...(fifo && { MessageGroupId: FIFO_MESSAGE_GROUP, MessageDeduplicationId: m.runId.replace(/[^A-Za-z0-9]/g, "").slice(0, 128) }),
  };
}

/** Publishes the summary to SNS; errors (an abort at the deadline included) are returned, never thrown. */
export async function publishSummary(client: SNSClient, m: SummaryMessage, abortSignal?: AbortSignal): Promise<DeliveryResult> {
  try {
    const out = await client.send(new PublishCommand(publishInput(m)), { abortSignal });
    return { status: "SENT", id: out.MessageId };
  } catch (err) {
    return { status: "FAILED", detail: errorMessage(err) };
  }
}

/** Where and how the JSON report is stored. */
export interface ReportObject {
  bucket: string;
  key: string;
  body: string | Buffer;
  /** Account that must own the bucket (ExpectedBucketOwner), when known. */
  expectedOwner?: string;
  /** SSE-KMS key; without it the bucket's default encryption applies. */
  kmsKeyArn?: string;
}

/** The PutObject input. */
export function putObjectInput(o: ReportObject): PutObjectCommandInput {
  return {
    Bucket: o.bucket,
    Key: o.key,
    Body: o.body,
    ContentType: "application/json",
    ...(o.expectedOwner && { ExpectedBucketOwner: o.expectedOwner }),
    ...(o.kmsKeyArn && { ServerSideEncryption: "aws:kms", SSEKMSKeyId: o.kmsKeyArn, BucketKeyEnabled: true }),
  };
}

/** Writes the JSON report to S3; errors (an abort at the deadline included) are returned, never thrown. */
export async function storeReport(client: S3Client, o: ReportObject, abortSignal?: AbortSignal): Promise<DeliveryResult> {
  try {
    await client.send(new PutObjectCommand(putObjectInput(o)), { abortSignal });
    return { status: "SENT", id: `s3://${o.bucket}/${o.key}` };
  } catch (err) {
    return { status: "FAILED", detail: errorMessage(err) };
  }
}
