import type { SelectionRecord, TagCondition } from "../records";

/**
 * Resource types AWS Backup protects, as the Resource Groups Tagging API names them
 * (`service[:type]`): the scope of a selection that names no resource ARN.
 */
export const BACKUP_RESOURCE_TYPES = [
  "cloudformation:stack", "dynamodb:table", "ec2:instance", "ec2:volume", "elasticfilesystem:file-system", "fsx",
  "rds:cluster", "rds:db", "redshift:cluster", "s3", "storagegateway", "timestream",
] as const;

/** One Resource Groups Tagging API query: resources of these types carrying every tag filter. */
export interface TagQuery {
  resourceTypes: string[];
  /** Tag key -> required value (AND). */
  tagFilters: Record<string, string>;
}

/** What a selection needs resolved: literal ARNs it names, and tag queries for the rest. */
export interface SelectionPlan {
  /** ARNs named literally (no wildcard), before NotResources and conditions. */
  literalArns: string[];
  /** Queries whose results are candidates; empty when the selection names only literal ARNs without tag rules. */
  queries: TagQuery[];
}

const TAG_PREFIX = "aws:ResourceTag/";

/** A condition key as a tag key: `aws:ResourceTag/team` and `team` both mean the tag `team`. */
export function tagKey(conditionKey: string): string {
  return conditionKey.startsWith(TAG_PREFIX) ? conditionKey.slice(TAG_PREFIX.length) : conditionKey;
}

const isPattern = (s: string) => /[*?]/.test(s);

/** IAM-style wildcard match: `*` any run of characters, `?` one character, case-sensitive. */
export function globMatch(pattern: string, value: string): boolean {
  if (!isPattern(pattern)) return pattern === value;
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`, "s").test(value);
}

/** The Tagging API resource type an ARN or ARN pattern names (`ec2:volume`), or undefined for "any". */
export function resourceTypeOf(arn: string): string | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const service = parts[2]!;
  if (service === "" || isPattern(service)) return undefined;
  if (service === "s3") return "s3";
  const type = /^([a-zA-Z0-9-]+)[/:]/.exec(parts.slice(5).join(":"))?.[1];
  return type && !isPattern(type) ? `${service}:${type}` : service;
}

/** Whether tags meet one condition. Absent tags meet the negative conditions (IAM semantics). */
export function meetsCondition(tags: Record<string, string>, c: TagCondition): boolean {
  const v = tags[c.key];
  switch (c.type) {
    case "StringEquals": return v === c.value;
    case "StringNotEquals": return v !== c.value;
    case "StringLike": return v !== undefined && globMatch(c.value, v);
    case "StringNotLike": return v === undefined || !globMatch(c.value, v);
  }
}

/**
 * Whether a selection picks a resource: (one of its resource patterns matches OR one of its
 * ListOfTags matches; neither given means every supported resource) AND every condition holds,
 * AND no NotResources pattern matches.
 */
export function selects(s: SelectionRecord, resourceArn: string, tags: Record<string, string>): boolean {
  const included = s.resources.length === 0 && s.listOfTags.length === 0
    ? true
    : s.resources.some((p) => p === "*" || globMatch(p, resourceArn)) || s.listOfTags.some((t) => meetsCondition(tags, t));
  return included && s.conditions.every((c) => meetsCondition(tags, c)) && !s.notResources.some((p) => globMatch(p, resourceArn));
}

/** The StringEquals conditions as tag filters the service applies (first value per key wins; the rest are checked locally). */
function equalsFilters(conditions: TagCondition[]): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const c of conditions) if (c.type === "StringEquals" && !(c.key in filters)) filters[c.key] = c.value;
  return filters;
}

/**
 * Plans the Tagging API queries that find every candidate of a selection; the results are then
 * filtered with {@link selects}. A selection of literal ARNs only, without tag rules, needs none.
 */
export function planSelection(s: SelectionRecord): SelectionPlan {
  const literalArns = s.resources.filter((r) => !isPattern(r));
  const patterns = s.resources.filter(isPattern);
  const tagRules = s.conditions.length > 0 || s.listOfTags.length > 0;
  const base = equalsFilters(s.conditions);
  const queries: TagQuery[] = [];
  const allTypes = [...BACKUP_RESOURCE_TYPES];
  if (patterns.length > 0 || (literalArns.length > 0 && s.conditions.length > 0)) {
    const types = [...new Set([...patterns, ...literalArns].map(resourceTypeOf))];
    queries.push({ resourceTypes: types.includes(undefined) ? allTypes : (types as string[]).sort(), tagFilters: base });
  }
  for (const t of s.listOfTags) {
    if (t.type !== "StringEquals") continue;
    queries.push({ resourceTypes: allTypes, tagFilters: { ...base, [t.key]: t.value } });
  }
  if (s.resources.length === 0 && s.listOfTags.length === 0) queries.push({ resourceTypes: allTypes, tagFilters: base });
  return { literalArns, queries: tagRules || patterns.length > 0 ? dedupeQueries(queries) : [] };
}

function dedupeQueries(queries: TagQuery[]): TagQuery[] {
  const seen = new Set<string>();
  return queries.filter((q) => {
    const key = JSON.stringify([q.resourceTypes, Object.entries(q.tagFilters).sort()]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
