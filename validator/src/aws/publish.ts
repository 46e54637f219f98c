import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { errorMessage } from "./backup";

/** Outcome of one delivery. */
export interface DeliveryResult {
  status: "SENT" | "SKIPPED" | "FAILED";
  /** Why it was skipped, or the error. */
  detail?: string;
  /** SNS message id or S3 URI. */
  id?: string;
}

/** Publishes the summary to SNS; errors are returned, never thrown. */
export async function publishSummary(client: SNSClient, topicArn: string, subject: string, message: string): Promise<DeliveryResult> {
  try {
    const out = await client.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    return { status: "SENT", id: out.MessageId };
  } catch (err) {
    return { status: "FAILED", detail: errorMessage(err) };
  }
}

/** Writes the JSON report to S3; errors are returned, never thrown. */
export async function storeReport(client: S3Client, bucket: string, key: string, body: string): Promise<DeliveryResult> {
  try {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/json" }));
    return { status: "SENT", id: `s3://${bucket}/${key}` };
  } catch (err) {
    return { status: "FAILED", detail: errorMessage(err) };
  }
}
