import { ListAccountsCommand, type Account, type OrganizationsClient } from "@aws-sdk/client-organizations";
import type { Deadline } from "../aws/deadline";
import { paginate } from "../aws/paginate";

/** One account of the organization. */
export interface AccountRecord {
  id: string;
  name?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED. */
  state: string;
}

/** ListAccounts returns at most 20 accounts a page. */
export const ACCOUNTS_PAGE_SIZE = 20;

/**
 * Maps an Organizations account. `State` replaced `Status` (retired September 2026); an older
 * answer with only `Status` is still read.
 */
export function toAccountRecord(a: Account): AccountRecord {
  return { id: a.Id ?? "", ...(a.Name && { name: a.Name }), state: a.State ?? a.Status ?? "UNKNOWN" };
}

/** Pages of the organization's accounts (from the management or a delegated administrator account). */
export function listAccounts(client: OrganizationsClient, deadline: Deadline): AsyncGenerator<AccountRecord[]> {
  return paginate(async (NextToken, abortSignal) => {
    const out = await client.send(new ListAccountsCommand({ MaxResults: ACCOUNTS_PAGE_SIZE, NextToken }), { abortSignal });
    return { items: (out.Accounts ?? []).map(toAccountRecord), nextToken: out.NextToken };
  }, deadline);
}

/** Whether an account is to be checked: active (a suspended or closing account runs no backups). */
export const isActive = (a: AccountRecord) => a.state === "ACTIVE";
