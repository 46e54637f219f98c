import { ListBackupPlansCommand, type BackupClient } from "@aws-sdk/client-backup";
import { PAGE_SIZE } from "../aws/backup";
import type { Deadline } from "../aws/deadline";
import { paginate } from "../aws/paginate";

/**
 * Finds the id of a member account's backup plan by name: a plan an organization backup policy
 * creates has a different id in every account, but the policy's plan name. Undefined when absent.
 */
export async function findPlanId(client: BackupClient, planName: string, deadline: Deadline): Promise<string | undefined> {
  const pages = paginate(async (NextToken, abortSignal) => {
    const out = await client.send(new ListBackupPlansCommand({ MaxResults: PAGE_SIZE, NextToken }), { abortSignal });
    return { items: out.BackupPlansList ?? [], nextToken: out.NextToken };
  }, deadline);
  for await (const page of pages) {
    const hit = page.find((p) => p.BackupPlanName === planName);
    if (hit?.BackupPlanId) return hit.BackupPlanId;
  }
  return undefined;
}
