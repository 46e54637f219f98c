/**
 * A local stand-in for the AWS Backup (REST-JSON), Resource Groups Tagging (JSON 1.1), SNS (query),
 * S3 (REST-XML), STS (query) and Organizations (JSON 1.1) endpoints, for driving the real SDK over
 * HTTP. With an `organization`, requests signed with credentials from AssumeRole are served from
 * that member account's listings, and job listings with `accountId=*` concatenate every member's
 * (as from the management account). Listings are generated lazily, one page at a time, so a
 * listing of 100,000 items costs no more memory than one page.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A listing of `count` items, item `i` built on demand. Items are in the service's JSON shape. */
export interface Listing {
  count: number;
  item: (i: number) => Record<string, unknown>;
}

/** An error response, as AWS sends it. */
export interface Fault {
  status: number;
  type: string;
  message: string;
}

/** One request the fake received. */
export interface RecordedRequest {
  service: "backup" | "tagging" | "sns" | "s3" | "sts" | "organizations";
  /** The member account whose assumed-role credentials signed the request, if any. */
  account?: string;
  region?: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** Status the fake answered with. */
  status: number;
}

/** Account-wide listings, which differ per region. */
export interface RegionalListings {
  backupJobs?: Listing;
  copyJobs?: Listing;
  restoreJobs?: Listing;
  protectedResources?: Listing;
}

/** The account the fake serves. */
export interface FakeAccount extends RegionalListings {
  /** Listings of other regions than the default (us-west-2), by region. */
  regions?: Record<string, RegionalListings>;
  /** GetBackupSelection outputs (`BackupSelection` documents) by plan id, then selection id. */
  selections?: Record<string, Record<string, Record<string, unknown>>>;
  /** Resources the Tagging API knows: `{ ResourceARN, Tags: [{ Key, Value }] }` items. */
  taggedResources?: Listing;
  /** Recovery points per vault, keyed `region/vaultName`; a Fault makes every listing of that vault fail. */
  vaults?: Record<string, Listing | Fault>;
  /** GetBackupPlan outputs by plan id. */
  plans?: Record<string, Record<string, unknown>>;
  /** ListRestoreTestingPlans items (`RestoreTestingPlanForList`). */
  restoreTestingPlans?: Listing;
  /** GetRestoreTestingSelection documents (`RestoreTestingSelection`) by plan name, then selection name. */
  restoreTestingSelections?: Record<string, Record<string, Record<string, unknown>>>;
  /** DescribeBackupVault outputs, keyed `region/vaultName`. */
  vaultDescriptions?: Record<string, Record<string, unknown>>;
  /** Called before each request is served; a Fault returned is sent instead of the response. */
  fault?: (req: { service: string; path: string; query: Record<string, string>; attempt: number; region?: string }) => Fault | undefined;
  /** Fault for every SNS publish. */
  snsFault?: Fault;
  /** Milliseconds to wait before answering each Backup request. */
  latencyMs?: number;
  /** Milliseconds to wait before answering a given request (any service); overrides latencyMs. */
  latency?: (req: { service: string; path: string; query: Record<string, string> }) => number | undefined;
  /** Region of each S3 bucket; a request signed for another region gets a 301 redirect. */
  bucketRegions?: Record<string, string>;
  /** An organization: the management account's view (ListAccounts, `accountId=*`) and the members' views. */
  organization?: FakeOrganization;
}

/** Member accounts of a fake organization. */
export interface FakeOrganization {
  /** ListAccounts items (`{ Id, Name, State, ... }`). */
  accounts: Listing;
  /** Each member's own view, by account id; job items get their AccountId added. */
  members: (accountId: string) => FakeAccount | undefined;
  /** Account ids with listings, in order: what `accountId=*` concatenates. */
  memberIds: string[];
  /** A fault for AssumeRole into an account (e.g. access denied). */
  assumeRoleFault?: (accountId: string, roleArn: string) => Fault | undefined;
}

/** A running fake. */
export interface FakeAws {
  url: string;
  requests: RecordedRequest[];
  /** Bodies of S3 objects written, by `bucket/key`. */
  objects: Map<string, string>;
  /** SNS publishes (form fields). */
  published: Record<string, string>[];
  close(): Promise<void>;
}

const emptyListing: Listing = { count: 0, item: () => ({}) };

/** An epoch-seconds timestamp, as REST-JSON carries it. */
export const epoch = (ms: number) => ms / 1000;

/** A fault that looks like AWS throttling. */
export const THROTTLED: Fault = { status: 400, type: "ThrottlingException", message: "Rate exceeded" };

/** A fault that looks like an IAM denial. */
export const accessDenied = (what: string): Fault => ({
  status: 403,
  type: "AccessDeniedException",
  message: `User: arn:aws:sts::123456789012:assumed-role/validator/fn is not authorized to perform: ${what}`,
});

function regionOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization ?? "";
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth)?.[1];
}

/** The signing name of a request's credential scope (`backup`, `s3`, `sts`, `organizations`, ...). */
function signingNameOf(req: IncomingMessage): string | undefined {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? "")?.[1];
}

/** Access key prefix of credentials AssumeRole hands out: the member account id follows it. */
const MEMBER_KEY_PREFIX = "ASIAFAKE";

/** The member account of assumed-role credentials, from the request's access key. */
function memberOf(req: IncomingMessage): string | undefined {
  return new RegExp(`Credential=${MEMBER_KEY_PREFIX}(\\d{12})/`).exec(req.headers.authorization ?? "")?.[1];
}

/** Listings of several members concatenated, each item tagged with its AccountId. */
function concatenated(parts: { accountId: string; listing: Listing }[]): Listing {
  const starts: number[] = [];
  let count = 0;
  for (const p of parts) {
    starts.push(count);
    count += p.listing.count;
  }
  return {
    count,
    item: (i) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= i) lo = mid;
        else hi = mid - 1;
      }
      const part = parts[lo]!;
      return { ...part.listing.item(i - starts[lo]!), AccountId: part.accountId };
    },
  };
}

/** Filters the SDK can send on job listings; the fake honours the ones the validator uses. */
function matches(item: Record<string, unknown>, query: Record<string, string>): boolean {
  const created = typeof item.CreationDate === "number" ? item.CreationDate * 1000 : undefined;
  const completed = typeof item.CompletionDate === "number" ? item.CompletionDate * 1000 : undefined;
  if (query.createdAfter && created !== undefined && created < Date.parse(query.createdAfter)) return false;
  if (query.createdBefore && created !== undefined && created > Date.parse(query.createdBefore)) return false;
  // A job without a completion date has not completed after anything.
  if (query.completeAfter && (completed === undefined || completed < Date.parse(query.completeAfter))) return false;
  const state = query.state ?? query.status;
  if (state && (item.State ?? item.Status) !== state) return false;
  if (query.restoreTestingPlanArn && (item.CreatedBy as { RestoreTestingPlanArn?: string } | undefined)?.RestoreTestingPlanArn !== query.restoreTestingPlanArn) return false;
  return true;
}

/** One page of a listing, starting at the index the token names. */
function page(listing: Listing, query: Record<string, string>, key: string): Record<string, unknown> {
  const size = Math.min(Number(query.maxResults ?? 1000), 1000);
  const filtered = ["createdAfter", "createdBefore", "completeAfter", "state", "status", "restoreTestingPlanArn"].some((k) => query[k] !== undefined);
  const items: Record<string, unknown>[] = [];
  let i = query.nextToken ? Number(query.nextToken.replace(/^t/, "")) : 0;
  for (; i < listing.count && items.length < size; i++) {
    const item = listing.item(i);
    if (!filtered || matches(item, query)) items.push(item);
  }
  return { [key]: items, ...(i < listing.count && { NextToken: `t${i}` }) };
}

function sendFault(res: ServerResponse, f: Fault, xml: boolean): number {
  if (xml) {
    res.writeHead(f.status, { "content-type": "text/xml" });
    res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${f.type.replace(/Exception$/, "")}</Code><Message>${f.message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
  } else {
    res.writeHead(f.status, { "content-type": "application/json", "x-amzn-errortype": f.type });
    res.end(JSON.stringify({ __type: f.type, message: f.message }));
  }
  return f.status;
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeAws(account: FakeAccount): Promise<FakeAws> {
  const requests: RecordedRequest[] = [];
  const objects = new Map<string, string>();
  const published: Record<string, string>[] = [];
  const attempts = new Map<string, number>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const query = Object.fromEntries(url.searchParams);
      const path = decodeURIComponent(url.pathname);
      const target = String(req.headers["x-amz-target"] ?? "");
      const signingName = signingNameOf(req);
      const service: RecordedRequest["service"] = signingName === "sts" ? "sts" : signingName === "organizations" ? "organizations"
        : target.startsWith("ResourceGroupsTaggingAPI") ? "tagging"
          : req.method === "POST" && body.includes("Action=") ? "sns" : req.method === "PUT" || signingName === "s3" ? "s3" : "backup";
      const member = memberOf(req);
      const record: RecordedRequest = { service, region: regionOf(req), ...(member && { account: member }), method: req.method ?? "", path, query, body, headers: req.headers, status: 200 };
      requests.push(record);
      const attemptKey = `${req.method} ${req.url} ${record.region}`;
      const attempt = (attempts.get(attemptKey) ?? 0) + 1;
      attempts.set(attemptKey, attempt);
      const answer = () => {
        const view = member ? account.organization?.members(member) ?? {} : account;
        record.status = serve(view, service, req.method ?? "", path, query, body, record.region, attempt, res, req.headers);
      };
      const delay = account.latency?.({ service, path, query }) ?? (service === "backup" ? account.latencyMs : undefined);
      if (delay) setTimeout(answer, delay);
      else answer();
    });
  });

  function serve(
    account: FakeAccount, service: RecordedRequest["service"], method: string, path: string, query: Record<string, string>,
    body: string, region: string | undefined, attempt: number, res: ServerResponse, headers: IncomingMessage["headers"] = {},
  ): number {
    const injected = account.fault?.({ service, path, query, attempt, region });
    if (injected) return sendFault(res, injected, service === "sns" || service === "s3");
    if (service === "sns") {
      const form = Object.fromEntries(new URLSearchParams(body));
      if (account.snsFault) return sendFault(res, account.snsFault, true);
      published.push(form);
      res.writeHead(200, { "content-type": "text/xml" });
      res.end(`<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>msg-${published.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`);
      return 200;
    }
    if (service === "tagging") return tagging(account, JSON.parse(body || "{}"), res);
    if (service === "sts") return assumeRole(Object.fromEntries(new URLSearchParams(body)), res);
    if (service === "organizations") return listAccounts(JSON.parse(body || "{}"), res);
    if (service === "s3" && method === "GET") {
      const key = path.replace(/^\//, "");
      const object = objects.get(key);
      if (object === undefined) {
        res.writeHead(404, { "content-type": "application/xml" });
        res.end(`<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key></Error>`);
        return 404;
      }
      const range = /^bytes=(\d+)-(\d+)$/.exec(String(headers.range ?? ""));
      if (range) {
        const bytes = Buffer.from(object).subarray(Number(range[1]), Number(range[2]) + 1);
        res.writeHead(206, { "content-type": "application/json", etag: '"e"', "content-range": `bytes ${range[1]}-${range[2]}/${Buffer.byteLength(object)}` });
        res.end(bytes);
        return 206;
      }
      res.writeHead(200, { "content-type": "application/json", etag: '"e"' });
      res.end(object);
      return 200;
    }
    if (service === "s3") {
      const bucket = path.split("/")[1] ?? "";
      const home = account.bucketRegions?.[bucket];
      if (home && home !== region) {
        res.writeHead(301, { "content-type": "application/xml", "x-amz-bucket-region": home });
        res.end(`<Error><Code>PermanentRedirect</Code><Message>The bucket is in ${home}</Message><BucketRegion>${home}</BucketRegion></Error>`);
        return 301;
      }
      objects.set(path.replace(/^\//, ""), body);
      res.writeHead(200, { etag: '"e"' });
      res.end();
      return 200;
    }
    const json = (status: number, doc: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(doc));
      return status;
    };
    const p = path.replace(/\/$/, "");
    if (method !== "GET") return sendFault(res, { status: 400, type: "InvalidRequestException", message: `unexpected ${method} ${path}` }, false);
    const regional = (a: FakeAccount): RegionalListings => (region && region !== "us-west-2" ? a.regions?.[region] ?? {} : a);
    const listings = regional(account);
    const jobs = (kind: "backupJobs" | "copyJobs" | "restoreJobs"): Listing => {
      const org = account.organization;
      if (query.accountId === "*" && org) {
        return organizationListing(kind, region ?? "us-west-2", () =>
          concatenated(org.memberIds.map((id) => ({ accountId: id, listing: regional(org.members(id) ?? {})[kind] ?? emptyListing }))));
      }
      return listings[kind] ?? emptyListing;
    };
    if (p === "/backup-jobs") return json(200, page(jobs("backupJobs"), query, "BackupJobs"));
    if (p === "/copy-jobs") return json(200, page(jobs("copyJobs"), query, "CopyJobs"));
    if (p === "/restore-jobs") return json(200, page(jobs("restoreJobs"), query, "RestoreJobs"));
    if (p === "/resources") return json(200, page(listings.protectedResources ?? emptyListing, query, "Results"));
    const selection = /^\/backup\/plans\/([^/]+)\/selections(?:\/([^/]+))?$/.exec(p);
    if (selection) {
      const all = account.selections?.[selection[1]!];
      if (!all) return sendFault(res, { status: 404, type: "ResourceNotFoundException", message: `plan ${selection[1]} not found` }, false);
      if (selection[2] === undefined) {
        const ids = Object.keys(all);
        return json(200, page({ count: ids.length, item: (i) => ({ SelectionId: ids[i], SelectionName: all[ids[i]!]!.SelectionName, BackupPlanId: selection[1] }) }, query, "BackupSelectionsList"));
      }
      const doc = all[selection[2]];
      return doc ? json(200, { BackupPlanId: selection[1], SelectionId: selection[2], BackupSelection: doc })
        : sendFault(res, { status: 404, type: "ResourceNotFoundException", message: `selection ${selection[2]} not found` }, false);
    }
    if (p === "/restore-testing/plans") return json(200, page(account.restoreTestingPlans ?? emptyListing, query, "RestoreTestingPlans"));
    const testing = /^\/restore-testing\/plans\/([^/]+)\/selections(?:\/([^/]+))?$/.exec(p);
    if (testing) {
      const all = account.restoreTestingSelections?.[testing[1]!];
      if (!all) return sendFault(res, { status: 404, type: "ResourceNotFoundException", message: `restore testing plan ${testing[1]} not found` }, false);
      if (testing[2] === undefined) {
        const names = Object.keys(all);
        return json(200, page({ count: names.length, item: (i) => ({ RestoreTestingSelectionName: names[i], RestoreTestingPlanName: testing[1],
          ProtectedResourceType: all[names[i]!]!.ProtectedResourceType, IamRoleArn: "arn:aws:iam::1:role/r", CreationTime: 0 }) }, query, "RestoreTestingSelections"));
      }
      const doc = all[testing[2]];
      return doc ? json(200, { RestoreTestingSelection: { RestoreTestingPlanName: testing[1], RestoreTestingSelectionName: testing[2], ...doc } })
        : sendFault(res, { status: 404, type: "ResourceNotFoundException", message: `selection ${testing[2]} not found` }, false);
    }
    const described = /^\/backup-vaults\/([^/]+)$/.exec(p);
    if (described) {
      const doc = account.vaultDescriptions?.[`${region}/${described[1]}`];
      return doc ? json(200, { BackupVaultName: described[1], ...doc })
        : sendFault(res, { status: 404, type: "ResourceNotFoundException", message: `Backup vault ${described[1]} not found in ${region}` }, false);
    }
    const vault = /^\/backup-vaults\/([^/]+)\/recovery-points$/.exec(p);
    if (vault) {
      const spec = account.vaults?.[`${region}/${vault[1]}`];
      if (!spec) return sendFault(res, { status: 404, type: "ResourceNotFoundException", message: `Backup vault ${vault[1]} not found in ${region}` }, false);
      if ("type" in spec) return sendFault(res, spec, false);
      return json(200, page(spec, query, "RecoveryPoints"));
    }
    if (p === "/backup/plans") {
      const plans = Object.values(account.plans ?? {});
      return json(200, page({ count: plans.length, item: (i) => ({ BackupPlanId: plans[i]!.BackupPlanId, VersionId: plans[i]!.VersionId,
        BackupPlanName: (plans[i]!.BackupPlan as { BackupPlanName?: string } | undefined)?.BackupPlanName }) }, query, "BackupPlansList"));
    }
    const plan = /^\/backup\/plans\/([^/]+)$/.exec(p);
    if (plan) {
      const doc = account.plans?.[plan[1]!];
      return doc ? json(200, doc) : sendFault(res, { status: 404, type: "ResourceNotFoundException", message: `plan ${plan[1]} not found` }, false);
    }
    return sendFault(res, { status: 404, type: "UnknownOperationException", message: `no route for ${path}` }, false);
  }

  /** Organization-wide listings, built once per kind and region. */
  const orgListings = new Map<string, Listing>();
  function organizationListing(kind: string, region: string, build: () => Listing): Listing {
    const key = `${kind}/${region}`;
    let l = orgListings.get(key);
    if (!l) orgListings.set(key, (l = build()));
    return l;
  }

  /** STS AssumeRole (query protocol): credentials whose access key names the member account. */
  function assumeRole(form: Record<string, string>, res: ServerResponse): number {
    const roleArn = form.RoleArn ?? "";
    const accountId = /^arn:[^:]+:iam::(\d{12}):role\//.exec(roleArn)?.[1];
    const org = account.organization;
    const fault = !accountId || !org
      ? { status: 400, type: "ValidationError", message: `bad RoleArn ${roleArn}` }
      : org.assumeRoleFault?.(accountId, roleArn);
    if (fault) return sendFault(res, fault, true);
    const expires = new Date(Date.now() + 900_000).toISOString();
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>`
      + `<AccessKeyId>${MEMBER_KEY_PREFIX}${accountId}</AccessKeyId><SecretAccessKey>secret-${accountId}</SecretAccessKey>`
      + `<SessionToken>token-${accountId}</SessionToken><Expiration>${expires}</Expiration></Credentials>`
      + `<AssumedRoleUser><AssumedRoleId>AROAFAKE:${form.RoleSessionName}</AssumedRoleId><Arn>${roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")}/${form.RoleSessionName}</Arn></AssumedRoleUser>`
      + `</AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`);
    return 200;
  }

  /** Organizations ListAccounts (JSON 1.1): pages of at most 20. */
  function listAccounts(input: { NextToken?: string; MaxResults?: number }, res: ServerResponse): number {
    const query = { maxResults: String(Math.min(input.MaxResults ?? 20, 20)), ...(input.NextToken ? { nextToken: input.NextToken } : {}) };
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    res.end(JSON.stringify(page(account.organization?.accounts ?? emptyListing, query, "Accounts")));
    return 200;
  }

  /** GetResources: TagFilters (AND of keys, OR of values) and ResourceTypeFilters, pages of ResourcesPerPage. */
  function tagging(account: FakeAccount, input: { PaginationToken?: string; ResourcesPerPage?: number; TagFilters?: { Key: string; Values?: string[] }[]; ResourceTypeFilters?: string[] }, res: ServerResponse): number {
    const listing = account.taggedResources ?? emptyListing;
    const size = Math.min(input.ResourcesPerPage ?? 50, 100);
    const typeOf = (arn: string) => {
      const parts = arn.split(":");
      const type = /^([a-zA-Z0-9-]+)[/:]/.exec(parts.slice(5).join(":"))?.[1];
      return parts[2] === "s3" ? ["s3"] : [parts[2]!, `${parts[2]}:${type}`];
    };
    const items: Record<string, unknown>[] = [];
    let i = input.PaginationToken ? Number(input.PaginationToken.replace(/^p/, "")) : 0;
    for (; i < listing.count && items.length < size; i++) {
      const item = listing.item(i) as { ResourceARN: string; Tags: { Key: string; Value: string }[] };
      const tags = new Map(item.Tags.map((t) => [t.Key, t.Value]));
      if (input.TagFilters?.some((f) => !tags.has(f.Key) || (f.Values?.length && !f.Values.includes(tags.get(f.Key)!)))) continue;
      if (input.ResourceTypeFilters?.length && !typeOf(item.ResourceARN).some((t) => input.ResourceTypeFilters!.includes(t))) continue;
      items.push(item);
    }
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    res.end(JSON.stringify({ ResourceTagMappingList: items, PaginationToken: i < listing.count ? `p${i}` : "" }));
    return 200;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    objects,
    published,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** Environment pointing the SDK at the fake, with fake credentials. */
export function fakeAwsEnv(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_BACKUP: url,
    AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API: url,
    AWS_ENDPOINT_URL_SNS: url,
    AWS_ENDPOINT_URL_S3: url,
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_ORGANIZATIONS: url,
    AWS_ACCESS_KEY_ID: "AKIDFAKEFAKEFAKE",
    AWS_SECRET_ACCESS_KEY: "fake-secret",
    AWS_REGION: "us-west-2",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}
