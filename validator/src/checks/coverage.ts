import type { SelectionRecord, TaggedResourceRecord } from "../records";
import { planSelection, selects, type TagQuery } from "./selection";

/** Where an expected resource comes from when it is not a selection. */
export const EXPECTED_ENV_SOURCE = "EXPECTED_RESOURCE_ARNS";

/** Coverage figures. */
export interface CoverageSummary {
  /** Selections of the plan read. */
  selections: number;
  /** Expected resources per selection (and EXPECTED_RESOURCE_ARNS). */
  expectedBySelection: Record<string, number>;
}

/**
 * The resources that must be protected, each with the first selection (or
 * EXPECTED_RESOURCE_ARNS) that names it: one string pair per resource.
 */
export class ExpectedResources {
  private readonly bySource = new Map<string, string>();
  private readonly counts: Record<string, number> = {};
  private selections = 0;

  /** Adds a resource under a selection name; the first source wins. */
  add(resourceArn: string, source: string): void {
    if (this.bySource.has(resourceArn)) return;
    this.bySource.set(resourceArn, source);
    this.counts[source] = (this.counts[source] ?? 0) + 1;
  }

  /** The selection (or EXPECTED_RESOURCE_ARNS) that makes a resource expected. */
  sourceOf(resourceArn: string): string | undefined {
    return this.bySource.get(resourceArn);
  }

  /** Every expected resource with its source. */
  entries(): IterableIterator<[string, string]> {
    return this.bySource.entries();
  }

  get size(): number {
    return this.bySource.size;
  }

  /**
   * Resolves one selection: its literal ARNs, then every tag query's results through
   * {@link selects}. `query` runs one Tagging API query and yields its pages.
   */
  async addSelection(s: SelectionRecord, query: (q: TagQuery) => AsyncIterable<TaggedResourceRecord[]>): Promise<void> {
    this.selections++;
    const plan = planSelection(s);
    const literalTags = new Map<string, Record<string, string>>();
    const literal = new Set(plan.literalArns);
    for (const q of plan.queries) {
      for await (const page of query(q)) {
        for (const r of page) {
          if (literal.has(r.resourceArn)) literalTags.set(r.resourceArn, r.tags);
          if (selects(s, r.resourceArn, r.tags)) this.add(r.resourceArn, s.name);
        }
      }
    }
    // A named resource the Tagging API does not list has no tags.
    for (const arn of plan.literalArns) if (selects(s, arn, literalTags.get(arn) ?? {})) this.add(arn, s.name);
  }

  /** Figures so far. */
  summary(): CoverageSummary {
    return { selections: this.selections, expectedBySelection: { ...this.counts } };
  }
}
