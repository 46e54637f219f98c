import { describe, expect, it } from "vitest";
import { globMatch, planSelection, resourceTypeOf, selects, tagKey } from "../src/checks/selection";
import type { SelectionRecord } from "../src/records";

const sel = (over: Partial<SelectionRecord>): SelectionRecord => ({
  selectionId: "s", name: "s", resources: [], notResources: [], listOfTags: [], conditions: [], ...over,
});
const VOL = "arn:aws:ec2:us-west-2:123456789012:volume/vol-1";
const DB = "arn:aws:rds:us-west-2:123456789012:db:orders";

describe("backup selection rules", () => {
  it("matches IAM-style wildcards and condition keys with or without the aws:ResourceTag/ prefix", () => {
    expect(globMatch("arn:aws:ec2:*:*:volume/*", VOL)).toBe(true);
    expect(globMatch("arn:aws:ec2:*:*:volume/*", DB)).toBe(false);
    expect(globMatch("prod-?", "prod-1")).toBe(true);
    expect(globMatch("a.b", "aXb")).toBe(false);
    expect(tagKey("aws:ResourceTag/backup")).toBe("backup");
    expect(tagKey("backup")).toBe("backup");
  });

  it("derives Tagging API resource types from ARNs and patterns", () => {
    expect(resourceTypeOf("arn:aws:ec2:*:*:volume/*")).toBe("ec2:volume");
    expect(resourceTypeOf("arn:aws:rds:*:*:db:*")).toBe("rds:db");
    expect(resourceTypeOf("arn:aws:elasticfilesystem:*:*:file-system/*")).toBe("elasticfilesystem:file-system");
    expect(resourceTypeOf("arn:aws:s3:::bucket")).toBe("s3");
    expect(resourceTypeOf("*")).toBeUndefined();
  });

  it("ANDs conditions with the resource patterns, ORs ListOfTags, and removes NotResources", () => {
    const ebs = sel({ resources: ["arn:aws:ec2:*:*:volume/*"], notResources: ["*vol-9"], conditions: [
      { type: "StringEquals", key: "backup", value: "true" }, { type: "StringNotEquals", key: "VolumeType", value: "temporary" },
      { type: "StringLike", key: "team", value: "data-*" }, { type: "StringNotLike", key: "stage", value: "test*" }] });
    const tags = { backup: "true", team: "data-lake" };
    expect(selects(ebs, VOL, tags)).toBe(true);
    expect(selects(ebs, VOL, { ...tags, VolumeType: "temporary" })).toBe(false);
    expect(selects(ebs, VOL, { ...tags, stage: "testing" })).toBe(false);
    expect(selects(ebs, VOL, { backup: "true" })).toBe(false);
    expect(selects(ebs, DB, tags)).toBe(false);
    expect(selects(ebs, VOL.replace("vol-1", "vol-9"), tags)).toBe(false);
    const tagged = sel({ resources: [DB], listOfTags: [{ type: "StringEquals", key: "backup", value: "daily" }, { type: "StringEquals", key: "tier", value: "gold" }] });
    expect(selects(tagged, DB, {})).toBe(true);
    expect(selects(tagged, VOL, { tier: "gold" })).toBe(true);
    expect(selects(tagged, VOL, { tier: "silver" })).toBe(false);
  });

  it("plans no Tagging API call for a selection of listed ARNs, one query per resource pattern and per ListOfTags entry otherwise", () => {
    expect(planSelection(sel({ resources: [DB] })).queries).toEqual([]);
    expect(planSelection(sel({ resources: ["arn:aws:ec2:*:*:volume/*"], conditions: [{ type: "StringEquals", key: "backup", value: "true" },
      { type: "StringNotEquals", key: "VolumeType", value: "temporary" }] })).queries).toEqual([
      { resourceTypes: ["ec2:volume"], tagFilters: { backup: "true" } }]);
    const q = planSelection(sel({ listOfTags: [{ type: "StringEquals", key: "backup", value: "daily" }, { type: "StringEquals", key: "tier", value: "gold" }] })).queries;
    expect(q.map((x) => x.tagFilters)).toEqual([{ backup: "daily" }, { tier: "gold" }]);
    expect(q[0]!.resourceTypes).toContain("rds:db");
  });
});
