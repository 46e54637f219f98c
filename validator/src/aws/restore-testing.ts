import {
  DescribeBackupVaultCommand,
  GetRestoreTestingSelectionCommand,
  ListRestoreTestingPlansCommand,
  ListRestoreTestingSelectionsCommand,
  type BackupClient,
} from "@aws-sdk/client-backup";
import type { RestoreTestingPlanRecord, RestoreTestingSelectionRecord } from "../records";
import { PAGE_SIZE } from "./backup";
import type { Deadline } from "./deadline";
import { paginate } from "./paginate";

const ms = (d: Date | undefined) => (d ? d.getTime() : undefined);

/** Pages of the account's restore testing plans in the client's region (name, ARN, creation and last run). */
export function listRestoreTestingPlans(client: BackupClient, deadline: Deadline): AsyncGenerator<RestoreTestingPlanRecord[]> {
  return paginate(async (NextToken, abortSignal) => {
    const out = await client.send(new ListRestoreTestingPlansCommand({ MaxResults: PAGE_SIZE, NextToken }), { abortSignal });
    const items = (out.RestoreTestingPlans ?? []).map((p) => ({
      name: p.RestoreTestingPlanName ?? "",
      arn: p.RestoreTestingPlanArn ?? "",
      createdAt: ms(p.CreationTime),
      lastExecutedAt: ms(p.LastExecutionTime),
    }));
    return { items, nextToken: out.NextToken };
  }, deadline);
}

/** Pages of the names of a restore testing plan's selections. */
export function listRestoreTestingSelectionNames(client: BackupClient, planName: string, deadline: Deadline): AsyncGenerator<string[]> {
  return paginate(async (NextToken, abortSignal) => {
    const out = await client.send(
      new ListRestoreTestingSelectionsCommand({ RestoreTestingPlanName: planName, MaxResults: PAGE_SIZE, NextToken }),
      { abortSignal },
    );
    return { items: (out.RestoreTestingSelections ?? []).flatMap((s) => (s.RestoreTestingSelectionName ? [s.RestoreTestingSelectionName] : [])), nextToken: out.NextToken };
  }, deadline);
}

/** One restore testing selection: its resource type and the ARNs it names (the listing carries no ARNs). */
export async function getRestoreTestingSelection(
  client: BackupClient, planName: string, selectionName: string, deadline: Deadline,
): Promise<RestoreTestingSelectionRecord> {
  const out = await client.send(
    new GetRestoreTestingSelectionCommand({ RestoreTestingPlanName: planName, RestoreTestingSelectionName: selectionName }),
    { abortSignal: deadline.signal() },
  );
  const s = out.RestoreTestingSelection;
  return {
    planName,
    name: s?.RestoreTestingSelectionName ?? selectionName,
    resourceType: s?.ProtectedResourceType ?? "",
    resourceArns: s?.ProtectedResourceArns ?? [],
    validationWindowHours: s?.ValidationWindowHours,
  };
}

/** Lock settings of a vault (DescribeBackupVault). */
export interface VaultLockRecord {
  locked: boolean;
  minRetentionDays?: number;
  maxRetentionDays?: number;
}

/** Reads a vault's lock settings. */
export async function describeVaultLock(client: BackupClient, vaultName: string, deadline: Deadline): Promise<VaultLockRecord> {
  const out = await client.send(new DescribeBackupVaultCommand({ BackupVaultName: vaultName }), { abortSignal: deadline.signal() });
  return { locked: out.Locked === true, minRetentionDays: out.MinRetentionDays, maxRetentionDays: out.MaxRetentionDays };
}
