import type { BackupClient } from "@aws-sdk/client-backup";
import { errorMessage, listBackupJobs, listCopyJobs, listRestoreJobs, type JobFilter } from "../aws/backup";
import type { Deadline } from "../aws/deadline";
import type { BackupJobRecord, CopyJobRecord, RestoreJobRecord } from "../records";
import { OPEN_JOB_STATES, windowListings, type PreListedJobs } from "../validate";

/** One account's jobs in one region, as the coordinator stores them for the worker. */
export interface JobSlice {
  backupJobs: BackupJobRecord[];
  copyJobs: CopyJobRecord[];
  restoreJobs: RestoreJobRecord[];
}

/** A listing of one region that failed: its accounts' workers list for themselves. */
export interface ListingError {
  region: string;
  source: string;
  message: string;
}

/** What one region's organization-wide listings cost and found. */
export interface RegionListing {
  region: string;
  /** Jobs by account id. */
  slices: Map<string, JobSlice>;
  /** Requests made (pages read). */
  pages: number;
  /** Items read, per listing, to check the page count against Σ ceil(items / 1000). */
  listings: { source: string; items: number; pages: number }[];
  error?: ListingError;
}

const emptySlice = (): JobSlice => ({ backupJobs: [], copyJobs: [], restoreJobs: [] });

/**
 * Lists every account's backup, copy and restore jobs of one region in one pass
 * (`ByAccountId = "*"`), with the validator's own window listings, and splits them by account.
 * A job listed twice (by two window listings) is kept once. Stops at the first failed listing:
 * the region's slices are then incomplete and the error says so.
 */
export async function listOrganizationJobs(client: BackupClient, region: string, windowStart: Date, deadline: Deadline): Promise<RegionListing> {
  const out: RegionListing = { region, slices: new Map(), pages: 0, listings: [] };
  const seen = new Set<string>();
  const sliceOf = (accountId: string | undefined) => {
    const id = accountId ?? "unknown";
    let s = out.slices.get(id);
    if (!s) out.slices.set(id, (s = emptySlice()));
    return s;
  };
  const kinds: { name: string; kind: keyof JobSlice; list: (f: JobFilter) => AsyncGenerator<{ jobId: string; accountId?: string }[]> }[] = [
    { name: "ListBackupJobs", kind: "backupJobs", list: (f) => listBackupJobs(client, f, deadline) },
    { name: "ListCopyJobs", kind: "copyJobs", list: (f) => listCopyJobs(client, f, deadline) },
    { name: "ListRestoreJobs", kind: "restoreJobs", list: (f) => listRestoreJobs(client, f, deadline) },
  ];
  for (const { name, kind, list } of kinds) {
    for (const { label, filter } of windowListings(windowStart, OPEN_JOB_STATES[kind])) {
      const source = `${name}${label} ${region}`;
      const counted = { source, items: 0, pages: 0 };
      out.listings.push(counted);
      try {
        for await (const page of list({ ...filter, accountId: "*" })) {
          counted.pages++;
          out.pages++;
          counted.items += page.length;
          for (const job of page) {
            const key = `${kind}/${job.jobId}`;
            if (seen.has(key)) continue;
            seen.add(key);
            (sliceOf(job.accountId)[kind] as unknown[]).push(job);
          }
        }
      } catch (err) {
        out.error = { region, source, message: errorMessage(err) };
        return out;
      }
      if (deadline.reached) {
        out.error = { region, source, message: "stopped at the deadline" };
        return out;
      }
    }
  }
  return out;
}

/** Whether a job matches a listing filter, the way the API applies it. */
export function matchesJobFilter(job: { createdAt?: number; completedAt?: number }, state: string, f: JobFilter): boolean {
  if (f.createdAfter && (job.createdAt === undefined || job.createdAt < f.createdAfter.getTime())) return false;
  if (f.createdBefore && (job.createdAt === undefined || job.createdAt > f.createdBefore.getTime())) return false;
  if (f.completeAfter && (job.completedAt === undefined || job.completedAt < f.completeAfter.getTime())) return false;
  if (f.state && state !== f.state) return false;
  return true;
}

/** The validator's job listings of one region, answered from a slice instead of the API. */
export function sliceListings(region: string, slice: JobSlice): PreListedJobs {
  // eslint-disable-next-line require-yield
  async function* one<T>(items: T[]): AsyncGenerator<T[]> {
    yield items;
  }
  return {
    region,
    backupJobs: (f) => one(slice.backupJobs.filter((j) => matchesJobFilter(j, j.state, f))),
    copyJobs: (f) => one(slice.copyJobs.filter((j) => matchesJobFilter(j, j.state, f))),
    restoreJobs: (f) => one(slice.restoreJobs.filter((j) => matchesJobFilter(j, j.status, f) && (!f.restoreTestingPlanArn || j.restoreTestingPlanArn === f.restoreTestingPlanArn))),
  };
}
