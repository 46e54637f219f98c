import { ListBackupPlansCommand, type BackupClient } from "@aws-sdk/client-backup";
import { PAGE_SIZE } from "../aws/backup";
import type { Deadline } from "../aws/deadline";
import { paginate } from "../aws/paginate";
import { describeVaultLock } from "../aws/restore-testing";

/**
 * Finds the id of a member account's backup plan by name: a plan an organization backup policy
 * creates has a different id in every account, but the policy's plan name. With several names
 * (one policy per environment), the first name the account has wins. Undefined when none is there.
 */
export async function findPlanId(client: BackupClient, planNames: readonly string[], deadline: Deadline): Promise<string | undefined> {
  const found = new Map<string, string>();
  const pages = paginate(async (NextToken, abortSignal) => {
    const out = await client.send(new ListBackupPlansCommand({ MaxResults: PAGE_SIZE, NextToken }), { abortSignal });
    return { items: out.BackupPlansList ?? [], nextToken: out.NextToken };
  }, deadline);
  for await (const page of pages) {
    for (const p of page) if (p.BackupPlanName && p.BackupPlanId && planNames.includes(p.BackupPlanName)) found.set(p.BackupPlanName, p.BackupPlanId);
  }
  return planNames.map((n) => found.get(n)).find((id) => id !== undefined);
}

/**
 * The vaults of `names` that exist in the member account: each environment's policy names its
 * own vault, and an account holds only its environment's. When none exists, all are returned, so
 * the run reports them missing (VAULT_UNREADABLE). A vault that cannot be described for another
 * reason is kept: its listing reports the error.
 */
export async function existingVaults(client: BackupClient, names: readonly string[], deadline: Deadline): Promise<string[]> {
  const present = await Promise.all(names.map(async (name) => {
    try {
      await describeVaultLock(client, name, deadline);
      return true;
    } catch (err) {
      return !(err instanceof Error && err.name === "ResourceNotFoundException");
    }
  }));
  const kept = names.filter((_, i) => present[i]);
  return kept.length > 0 ? kept : [...names];
}
