import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { putObjectInput } from "../aws/publish";

/** Where objects go and how they are encrypted. */
export interface Store {
  client: S3Client;
  bucket: string;
  /** Account that must own the bucket (ExpectedBucketOwner). */
  expectedOwner?: string;
  kmsKeyArn?: string;
}

/** Writes a JSON object. Errors propagate: the step fails and the state machine retries it. */
export async function putJson(store: Store, key: string, value: unknown): Promise<number> {
  return putText(store, key, JSON.stringify(value));
}

/** Writes an object of JSON text. */
export async function putText(store: Store, key: string, body: string | Buffer): Promise<number> {
  await store.client.send(new PutObjectCommand(putObjectInput({ bucket: store.bucket, key, body, expectedOwner: store.expectedOwner, kmsKeyArn: store.kmsKeyArn })));
  return typeof body === "string" ? Buffer.byteLength(body) : body.length;
}

/** Reads a JSON object (or the bytes `range` of it, first and last included); undefined when it does not exist. */
export async function getJson<T>(store: Store, key: string, range?: [number, number]): Promise<T | undefined> {
  try {
    const out = await store.client.send(new GetObjectCommand({
      Bucket: store.bucket, Key: key, ...(range && { Range: `bytes=${range[0]}-${range[1]}` }), ...(store.expectedOwner && { ExpectedBucketOwner: store.expectedOwner }),
    }));
    return JSON.parse(await out.Body!.transformToString()) as T;
  } catch (err) {
    if (err instanceof Error && (err.name === "NoSuchKey" || err.name === "NotFound")) return undefined;
    throw err;
  }
}

/** Runs `task` over `items` with at most `concurrency` at once, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  });
  await Promise.all(lanes);
  return results;
}
