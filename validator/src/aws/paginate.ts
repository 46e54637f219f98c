import { Deadline } from "./deadline";

/** One page of a listing. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * Yields the pages of a listing one at a time, so callers aggregate while paging and never hold
 * the whole listing. Stops quietly (marking the deadline reached) when the deadline passes
 * before a page is requested or while it is in flight; other errors propagate.
 */
export async function* paginate<T>(
  fetchPage: (nextToken: string | undefined, abortSignal: AbortSignal | undefined) => Promise<Page<T>>,
  deadline: Deadline,
): AsyncGenerator<T[]> {
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    if (deadline.expired()) return;
    let page: Page<T>;
    try {
      page = await fetchPage(token, deadline.signal());
    } catch (err) {
      if (deadline.expired()) {
        deadline.markReached();
        return;
      }
      throw err;
    }
    yield page.items;
    token = page.nextToken || undefined;
    // A service returning a token it already gave would page forever.
    if (token !== undefined) {
      if (seen.has(token)) throw new Error(`Pagination loop: NextToken ${JSON.stringify(token)} returned twice`);
      seen.add(token);
    }
  } while (token !== undefined);
}
