import {
  GetBackupSelectionCommand,
  ListBackupSelectionsCommand,
  type BackupClient,
  type BackupSelection,
  type Condition,
  type ConditionParameter,
} from "@aws-sdk/client-backup";
import { tagKey } from "../checks/selection";
import type { SelectionRecord, TagCondition } from "../records";
import type { Deadline } from "./deadline";
import { paginate } from "./paginate";
import { PAGE_SIZE } from "./backup";

/** Maps GetBackupSelection's selection to a record. */
export function toSelectionRecord(selectionId: string, s: BackupSelection | undefined): SelectionRecord {
  const conditionsOf = (type: TagCondition["type"], list: ConditionParameter[] | undefined): TagCondition[] =>
    (list ?? []).flatMap((c) => (c.ConditionKey && c.ConditionValue !== undefined ? [{ type, key: tagKey(c.ConditionKey), value: c.ConditionValue }] : []));
  const c = s?.Conditions;
  return {
    selectionId,
    name: s?.SelectionName ?? selectionId,
    resources: s?.Resources ?? [],
    notResources: s?.NotResources ?? [],
    listOfTags: (s?.ListOfTags ?? []).flatMap((t: Condition) =>
      t.ConditionKey && t.ConditionValue !== undefined ? [{ type: "StringEquals" as const, key: tagKey(t.ConditionKey), value: t.ConditionValue }] : []),
    conditions: [
      ...conditionsOf("StringEquals", c?.StringEquals),
      ...conditionsOf("StringNotEquals", c?.StringNotEquals),
      ...conditionsOf("StringLike", c?.StringLike),
      ...conditionsOf("StringNotLike", c?.StringNotLike),
    ],
  };
}

/** Pages of a plan's selection ids. */
export function listSelectionIds(client: BackupClient, planId: string, deadline: Deadline): AsyncGenerator<string[]> {
  return paginate(async (NextToken, abortSignal) => {
    const out = await client.send(new ListBackupSelectionsCommand({ BackupPlanId: planId, MaxResults: PAGE_SIZE, NextToken }), { abortSignal });
    return { items: (out.BackupSelectionsList ?? []).flatMap((s) => (s.SelectionId ? [s.SelectionId] : [])), nextToken: out.NextToken };
  }, deadline);
}

/** One selection's rules. */
export async function getSelection(client: BackupClient, planId: string, selectionId: string, deadline: Deadline): Promise<SelectionRecord> {
  const out = await client.send(new GetBackupSelectionCommand({ BackupPlanId: planId, SelectionId: selectionId }), { abortSignal: deadline.signal() });
  return toSelectionRecord(selectionId, out.BackupSelection);
}
