/** A fake organization for the organization mode's tests and bench, and a local stand-in for the distributed map. */
import type { FakeAccount, FakeOrganization, Listing } from "./fake-aws";
import { epoch } from "./fake-aws";
import type { MergeOutput } from "../../src/organization/coordinator";
import type { OrganizationItem, PlanOutput } from "../../src/organization/contract";

/** One member: id, name, state and its own view. */
export interface Member {
  id: string;
  name: string;
  state?: string;
  view: FakeAccount;
}

/** A FakeOrganization over members; `denied` accounts refuse AssumeRole. */
export function fakeOrganization(members: Member[], denied: ReadonlySet<string> = new Set()): FakeOrganization {
  const byId = new Map(members.map((m) => [m.id, m]));
  return {
    accounts: { count: members.length, item: (i) => ({ Id: members[i]!.id, Name: members[i]!.name, State: members[i]!.state ?? "ACTIVE", Arn: `arn:aws:organizations::000000000000:account/o-fake/${members[i]!.id}` }) },
    members: (id) => byId.get(id)?.view,
    memberIds: members.map((m) => m.id),
    assumeRoleFault: (id, roleArn) => (denied.has(id)
      ? { status: 403, type: "AccessDenied", message: `User: arn:aws:sts::000000000000:assumed-role/worker/fn is not authorized to perform: sts:AssumeRole on resource: ${roleArn}` }
      : undefined),
  };
}

const H = 3_600_000;

/**
 * A member's healthy view in `regions`: `jobs` completed backups per region, each with its fresh
 * recovery point; optionally `copies` completed copy jobs and `restores` completed restores.
 */
export function healthyMember(accountId: string, regions: string[], now: number, jobs = 3, over: { failedJob?: boolean; copies?: number; restores?: number; vault?: string } = {}): FakeAccount {
  const vault = over.vault ?? "primary";
  const vaultArn = (region: string) => `arn:aws:backup:${region}:${accountId}:backup-vault:${vault}`;
  const volume = (region: string, i: number) => `arn:aws:ec2:${region}:${accountId}:volume/vol-${String(i).padStart(8, "0")}`;
  const rp = (region: string, i: number) => `arn:aws:ec2:${region}::snapshot/snap-${accountId}-${i}`;
  const backupJobs = (region: string): Listing => ({
    count: jobs,
    item: (i) => ({
      BackupJobId: `job-${accountId}-${region}-${i}`, BackupVaultName: vault, BackupVaultArn: vaultArn(region), RecoveryPointArn: rp(region, i),
      ResourceArn: volume(region, i), ResourceType: "EBS", CreationDate: epoch(now - 6 * H + i * 1000), CompletionDate: epoch(now - 5 * H + i * 1000),
      ...(over.failedJob && i === 0 && region === regions[0]
        ? { State: "FAILED", MessageCategory: "AccessDenied", StatusMessage: "Insufficient privileges to perform this action" }
        : { State: "COMPLETED", MessageCategory: "SUCCESS" }),
    }),
  });
  const points = (region: string): Listing => ({
    count: jobs,
    item: (i) => ({
      RecoveryPointArn: rp(region, i), BackupVaultName: vault, BackupVaultArn: vaultArn(region), ResourceArn: volume(region, i), ResourceType: "EBS",
      Status: "COMPLETED", IsEncrypted: true, CreationDate: epoch(now - 6 * H), CompletionDate: epoch(now - 5 * H),
    }),
  });
  const protectedResources = (region: string): Listing => ({
    count: jobs,
    item: (i) => ({ ResourceArn: volume(region, i), ResourceType: "EBS", LastBackupTime: epoch(now - 5 * H), LastBackupVaultArn: vaultArn(region) }),
  });
  const copyJobs = (region: string): Listing => ({
    count: over.copies ?? 0,
    item: (i) => ({
      CopyJobId: `copy-${accountId}-${region}-${i}`, SourceBackupVaultArn: vaultArn(region), SourceRecoveryPointArn: rp(region, i % jobs),
      DestinationBackupVaultArn: `arn:aws:backup:eu-west-1:${accountId}:backup-vault:replica`, ResourceArn: volume(region, i % jobs), ResourceType: "EBS",
      State: "COMPLETED", CreationDate: epoch(now - 4 * H + i * 1000), CompletionDate: epoch(now - 3 * H + i * 1000),
    }),
  });
  const restoreJobs = (region: string): Listing => ({
    count: over.restores ?? 0,
    item: (i) => ({
      RestoreJobId: `restore-${accountId}-${region}-${i}`, RecoveryPointArn: rp(region, i % jobs), BackupVaultArn: vaultArn(region), ResourceType: "EBS",
      Status: "COMPLETED", CreationDate: epoch(now - 3 * H), CompletionDate: epoch(now - 2 * H),
    }),
  });
  const listings = (r: string) => ({ backupJobs: backupJobs(r), copyJobs: copyJobs(r), restoreJobs: restoreJobs(r), protectedResources: protectedResources(r) });
  const [home, ...others] = regions;
  return {
    ...listings(home!),
    regions: Object.fromEntries(others.map((r) => [r, listings(r)])),
    vaults: Object.fromEntries(regions.map((r) => [`${r}/${vault}`, points(r)])),
    vaultDescriptions: Object.fromEntries(regions.map((r) => [`${r}/${vault}`, { BackupVaultArn: vaultArn(r), Locked: false }])),
  };
}

type Handler = (event: unknown, context?: Record<string, unknown>) => Promise<unknown>;

/** What a local run of the state machine did. */
export interface LocalRun {
  plan: PlanOutput;
  items: OrganizationItem[];
  /** Items whose worker threw (after the retries the state machine would make). */
  failed: OrganizationItem[];
  merge: MergeOutput;
}

/**
 * Runs the state machine's steps in order, in process: plan, the distributed map over the items
 * (read from the fake's S3, as the ItemReader does) with `concurrency` workers at once, then
 * merge, with the map's error when more than `toleratedFailurePercentage` of the items failed.
 */
export async function runOrganizationLocally(opts: {
  coordinator: Handler;
  worker: Handler;
  objects: Map<string, string>;
  concurrency?: number;
  toleratedFailurePercentage?: number;
  context?: Record<string, unknown>;
}): Promise<LocalRun> {
  const plan = (await opts.coordinator({ action: "plan" }, opts.context)) as PlanOutput;
  const items = JSON.parse(opts.objects.get(`${plan.bucket}/${plan.itemsKey}`) ?? "[]") as OrganizationItem[];
  const failed: OrganizationItem[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await opts.worker(item, opts.context);
      } catch {
        failed.push(item);
      }
    }
  }));
  const tolerated = opts.toleratedFailurePercentage ?? 10;
  const mapError = items.length > 0 && (failed.length / items.length) * 100 > tolerated
    ? { Error: "States.ExceedToleratedFailureThreshold", Cause: `${failed.length} of ${items.length} items failed` } : undefined;
  const merge = (await opts.coordinator({ action: "merge", plan, ...(mapError && { mapError }) }, opts.context)) as MergeOutput;
  return { plan, items, failed, merge };
}
