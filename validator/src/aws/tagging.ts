import { GetResourcesCommand, type ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import type { TagQuery } from "../checks/selection";
import type { TaggedResourceRecord } from "../records";
import type { Deadline } from "./deadline";
import { paginate } from "./paginate";

/** The largest page GetResources returns. */
export const TAGGING_PAGE_SIZE = 100;

/** Pages of the resources (in the client's region) of the query's types that carry all its tags. */
export function getTaggedResources(client: ResourceGroupsTaggingAPIClient, query: TagQuery, deadline: Deadline): AsyncGenerator<TaggedResourceRecord[]> {
  return paginate(async (PaginationToken, abortSignal) => {
    const out = await client.send(
      new GetResourcesCommand({
        PaginationToken,
        ResourcesPerPage: TAGGING_PAGE_SIZE,
        ResourceTypeFilters: query.resourceTypes,
        TagFilters: Object.entries(query.tagFilters).map(([Key, value]) => ({ Key, Values: [value] })),
      }),
      { abortSignal },
    );
    return {
      items: (out.ResourceTagMappingList ?? []).flatMap((m) =>
        m.ResourceARN ? [{ resourceArn: m.ResourceARN, tags: Object.fromEntries((m.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])) }] : []),
      nextToken: out.PaginationToken,
    };
  }, deadline);
}
