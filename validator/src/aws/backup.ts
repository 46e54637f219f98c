import {
  GetBackupPlanCommand,
  ListBackupJobsCommand,
  ListCopyJobsCommand,
  ListProtectedResourcesCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRestoreJobsCommand,
  type BackupClient,
  type BackupJob,
  type BackupJobState,
  type CopyJob,
  type CopyJobState,
  type RestoreJobStatus,
  type GetBackupPlanCommandOutput,
  type ProtectedResource,
  type RecoveryPointByBackupVault,
  type RestoreJobsListMember,
} from "@aws-sdk/client-backup";
import type { PlanCopyRules } from "../checks/copy-jobs";
import type {
  BackupJobRecord,
  CopyJobRecord,
  ProtectedResourceRecord,
  RecoveryPointRecord,
  RestoreJobRecord,
} from "../records";
import type { Deadline } from "./deadline";
import { paginate } from "./paginate";

/** The largest page the Backup list APIs return. */
export const PAGE_SIZE = 1000;

const ms = (d: Date | undefined) => (d ? d.getTime() : undefined);

/** Maps an SDK backup job to a record. */
export function toBackupJobRecord(j: BackupJob): BackupJobRecord {
  return {
    jobId: j.BackupJobId ?? "",
    ...(j.AccountId && { accountId: j.AccountId }),
    state: j.State ?? "UNKNOWN",
    resourceArn: j.ResourceArn,
    resourceType: j.ResourceType,
    vaultName: j.BackupVaultName,
    recoveryPointArn: j.RecoveryPointArn,
    messageCategory: j.MessageCategory,
    statusMessage: j.StatusMessage,
    createdAt: ms(j.CreationDate),
    completedAt: ms(j.CompletionDate),
    createdBy: j.CreatedBy?.BackupPlanId
      ? { planId: j.CreatedBy.BackupPlanId, versionId: j.CreatedBy.BackupPlanVersion, ruleId: j.CreatedBy.BackupRuleId }
      : undefined,
  };
}

/** Maps an SDK copy job to a record. */
export function toCopyJobRecord(j: CopyJob): CopyJobRecord {
  return {
    jobId: j.CopyJobId ?? "",
    ...(j.AccountId && { accountId: j.AccountId }),
    state: j.State ?? "UNKNOWN",
    resourceArn: j.ResourceArn,
    sourceVaultArn: j.SourceBackupVaultArn,
    sourceRecoveryPointArn: j.SourceRecoveryPointArn,
    destinationVaultArn: j.DestinationBackupVaultArn,
    statusMessage: j.StatusMessage,
    createdAt: ms(j.CreationDate),
    completedAt: ms(j.CompletionDate),
  };
}

/** Maps an SDK restore job to a record. */
export function toRestoreJobRecord(j: RestoreJobsListMember): RestoreJobRecord {
  return {
    jobId: j.RestoreJobId ?? "",
    ...(j.AccountId && { accountId: j.AccountId }),
    status: j.Status ?? "UNKNOWN",
    resourceArn: j.SourceResourceArn ?? j.CreatedResourceArn,
    resourceType: j.ResourceType,
    recoveryPointArn: j.RecoveryPointArn,
    vaultArn: j.BackupVaultArn,
    statusMessage: j.StatusMessage,
    createdAt: ms(j.CreationDate),
    completedAt: ms(j.CompletionDate),
    validationStatus: j.ValidationStatus,
    validationMessage: j.ValidationStatusMessage,
    restoreTestingPlanArn: j.CreatedBy?.RestoreTestingPlanArn,
    createdResourceArn: j.CreatedResourceArn,
    deletionStatus: j.DeletionStatus,
    deletionMessage: j.DeletionStatusMessage,
  };
}

/** Maps an SDK recovery point to a record. */
export function toRecoveryPointRecord(rp: RecoveryPointByBackupVault, vaultName: string): RecoveryPointRecord {
  return {
    recoveryPointArn: rp.RecoveryPointArn ?? "",
    vaultName: rp.BackupVaultName ?? vaultName,
    status: rp.Status,
    statusMessage: rp.StatusMessage,
    resourceArn: rp.ResourceArn,
    resourceType: rp.ResourceType,
    isEncrypted: rp.IsEncrypted,
    encryptionKeyArn: rp.EncryptionKeyArn,
    createdAt: ms(rp.CreationDate),
    completedAt: ms(rp.CompletionDate),
  };
}

/** Maps an SDK protected resource to a record. */
export function toProtectedResourceRecord(r: ProtectedResource): ProtectedResourceRecord {
  return {
    resourceArn: r.ResourceArn ?? "",
    resourceType: r.ResourceType,
    lastBackupTime: ms(r.LastBackupTime),
    lastBackupVaultArn: r.LastBackupVaultArn,
  };
}

/** Filters of a job listing (all three job APIs take the same ones; `state` is ByState or ByStatus). */
export interface JobFilter {
  createdAfter?: Date;
  createdBefore?: Date;
  completeAfter?: Date;
  state?: string;
  /** Only jobs started by this restore testing plan (ListRestoreJobs only). */
  restoreTestingPlanArn?: string;
  /**
   * Jobs of this account (ByAccountId); `"*"` lists every account's jobs when called from the
   * organization's management account (or the delegated administrator for AWS Backup).
   */
  accountId?: string;
}

const jobQuery = (f: JobFilter) => ({
  ByCreatedAfter: f.createdAfter,
  ByCreatedBefore: f.createdBefore,
  ByCompleteAfter: f.completeAfter,
  ByAccountId: f.accountId,
});

/** Pages of backup jobs (ListBackupJobs covers the last 30 days). */
export function listBackupJobs(client: BackupClient, filter: JobFilter, deadline: Deadline): AsyncGenerator<BackupJobRecord[]> {
  return paginate(async (NextToken, abortSignal) => {
    const out = await client.send(
      new ListBackupJobsCommand({ MaxResults: PAGE_SIZE, NextToken, ...jobQuery(filter), ByState: filter.state as BackupJobState | undefined }),
      { abortSignal },
    );
    return { items: (out.BackupJobs ?? []).map(toBackupJobRecord), nextToken: out.NextToken };
  }, deadline);
}

/** Pages of copy jobs. */
export function listCopyJobs(client: BackupClient, filter: JobFilter, deadline: Deadline): AsyncGenerator<CopyJobRecord[]> {
  return paginate(async (NextToken, abortSignal) => {
    const out = await client.send(
      new ListCopyJobsCommand({ MaxResults: PAGE_SIZE, NextToken, ...jobQuery(filter), ByState: filter.state as CopyJobState | undefined }),
      { abortSignal },
    );
    return { items: (out.CopyJobs ?? []).map(toCopyJobRecord), nextToken: out.NextToken };
  }, deadline);
}

/** Pages of restore jobs in the client's region. */
export function listRestoreJobs(client: BackupClient, filter: JobFilter, deadline: Deadline): AsyncGenerator<RestoreJobRecord[]> {
  return paginate(async (NextToken, abortSignal) => {
    const out = await client.send(
      new ListRestoreJobsCommand({
        MaxResults: PAGE_SIZE, NextToken, ...jobQuery(filter), ByStatus: filter.state as RestoreJobStatus | undefined,
        ByRestoreTestingPlanArn: filter.restoreTestingPlanArn,
      }),
      { abortSignal },
    );
    return { items: (out.RestoreJobs ?? []).map(toRestoreJobRecord), nextToken: out.NextToken };
  }, deadline);
}

/** Pages of every recovery point in a vault; the listing carries status, encryption and key. */
export function listRecoveryPoints(client: BackupClient, vaultName: string, deadline: Deadline): AsyncGenerator<RecoveryPointRecord[]> {
  return paginate(async (NextToken, abortSignal) => {
    const out = await client.send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vaultName, MaxResults: PAGE_SIZE, NextToken }),
      { abortSignal },
    );
    return { items: (out.RecoveryPoints ?? []).map((rp) => toRecoveryPointRecord(rp, vaultName)), nextToken: out.NextToken };
  }, deadline);
}

/** Pages of protected resources in the client's region. */
export function listProtectedResources(client: BackupClient, deadline: Deadline): AsyncGenerator<ProtectedResourceRecord[]> {
  return paginate(async (NextToken, abortSignal) => {
    const out = await client.send(new ListProtectedResourcesCommand({ MaxResults: PAGE_SIZE, NextToken }), { abortSignal });
    return { items: (out.Results ?? []).map(toProtectedResourceRecord), nextToken: out.NextToken };
  }, deadline);
}

/** Maps GetBackupPlan's output to the copy destinations of each rule. */
export function toPlanCopyRules(out: Pick<GetBackupPlanCommandOutput, "BackupPlan">): PlanCopyRules {
  const rules: Record<string, string[]> = {};
  for (const rule of out.BackupPlan?.Rules ?? []) {
    if (!rule.RuleId) continue;
    rules[rule.RuleId] = (rule.CopyActions ?? []).flatMap((a) => (a.DestinationBackupVaultArn ? [a.DestinationBackupVaultArn] : []));
  }
  return { rules };
}

/**
 * Looks up plan versions' copy rules once each. A plan that cannot be read yields undefined
 * (its backups are then not checked for copies) and the error is kept for the report. Each
 * request carries the run's deadline.
 */
export class PlanCopyRuleCache {
  private readonly cache = new Map<string, Promise<PlanCopyRules | undefined>>();
  /** Errors met, with the plan id and version. */
  readonly errors: { planId: string; planKey: string; message: string }[] = [];

  constructor(private readonly client: BackupClient, private readonly deadline: Deadline) {}

  /** Copy rules of one plan version. */
  get(planId: string, versionId: string | undefined): Promise<PlanCopyRules | undefined> {
    const key = `${planId}@${versionId ?? "latest"}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.deadline.expired()
        ? Promise.resolve(undefined)
        : this.client
          .send(new GetBackupPlanCommand({ BackupPlanId: planId, VersionId: versionId }), { abortSignal: this.deadline.signal() })
          .then(toPlanCopyRules)
          .catch((err: unknown) => {
            if (this.deadline.expired()) this.deadline.markReached();
            else this.errors.push({ planId, planKey: key, message: errorMessage(err) });
            return undefined;
          });
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** Number of distinct plan versions looked up. */
  get size(): number {
    return this.cache.size;
  }
}

/** A short description of an SDK or other error: its name and message. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return `${err.name}: ${err.message}${status ? ` (HTTP ${status})` : ""}`;
  }
  return String(err);
}
