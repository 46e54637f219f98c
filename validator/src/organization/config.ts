import { ENV_VARS } from "../contract";
import { blank, DEFAULTS, MAX_LOOKBACK_HOURS, parseHours, requireMatch, rules, splitList } from "../config";
import { InputError } from "../errors";
import { DEFAULT_MEMBER_ROLE_NAME, ORGANIZATION_ENV_VARS as ORG } from "./contract";

/** Settings of the organization coordinator and worker. */
export interface OrganizationConfig {
  regions: string[];
  bucket: string;
  memberRoleName: string;
  externalId?: string;
  /** Names of the organization policies' backup plans (one per environment); the first an account has is its plan. */
  planNames: string[];
  excludedAccountIds: ReadonlySet<string>;
  lookbackHours: number;
  snsTopicArn?: string;
  /** SSE-KMS key of the objects written; undefined: the bucket's default encryption. */
  kmsKeyArn?: string;
}

// IAM role names: 1-64 of letters, digits and +=,.@_-.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// sts:ExternalId: 2-1224 of letters, digits and +=,.@:/-.
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const BACKUP_PLAN_NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;

/** Reads and validates the organization settings; throws {@link InputError} naming the variable. */
export function organizationConfigFromEnv(env: NodeJS.ProcessEnv): OrganizationConfig {
  const regions = splitList(ORG.ORGANIZATION_REGIONS, env[ORG.ORGANIZATION_REGIONS] ?? "");
  if (regions.length === 0) throw new InputError(ORG.ORGANIZATION_REGIONS, env[ORG.ORGANIZATION_REGIONS] ?? "", "at least one region is required");
  regions.forEach((r) => rules.region(ORG.ORGANIZATION_REGIONS, r));
  const bucket = env[ORG.ORGANIZATION_REPORT_BUCKET];
  if (blank(bucket)) throw new InputError(ORG.ORGANIZATION_REPORT_BUCKET, "", "the organization report bucket is required");
  const optional = (name: string, check: (input: string, v: string) => string) => (blank(env[name]) ? undefined : check(name, env[name]!.trim()));
  const excluded = splitList(ORG.EXCLUDED_ACCOUNT_IDS, env[ORG.EXCLUDED_ACCOUNT_IDS] ?? "");
  excluded.forEach((a) => rules.accountId(ORG.EXCLUDED_ACCOUNT_IDS, a));
  return {
    regions,
    bucket: rules.bucket(ORG.ORGANIZATION_REPORT_BUCKET, bucket.trim()),
    memberRoleName: optional(ORG.MEMBER_ROLE_NAME, (i, v) => requireMatch(i, v, ROLE_NAME, "IAM role names are 1-64 letters, digits and +=,.@_-"))
      ?? DEFAULT_MEMBER_ROLE_NAME,
    externalId: optional(ORG.MEMBER_ROLE_EXTERNAL_ID, (i, v) => requireMatch(i, v, EXTERNAL_ID, "external ids are 2-1224 letters, digits and +=,.@:/-")),
    planNames: splitList(ORG.ORGANIZATION_PLAN_NAME, env[ORG.ORGANIZATION_PLAN_NAME] ?? "")
      .map((n) => requireMatch(ORG.ORGANIZATION_PLAN_NAME, n, BACKUP_PLAN_NAME, "backup plan names are 1-50 letters, digits and -_.")),
    excludedAccountIds: new Set(excluded),
    lookbackHours: blank(env[ENV_VARS.LOOKBACK_HOURS]) ? DEFAULTS.lookbackHours : parseHours(ENV_VARS.LOOKBACK_HOURS, env[ENV_VARS.LOOKBACK_HOURS]!, MAX_LOOKBACK_HOURS),
    snsTopicArn: optional(ENV_VARS.SNS_TOPIC_ARN, rules.snsTopicArn),
    kmsKeyArn: optional(ENV_VARS.REPORT_KMS_KEY_ARN, rules.kmsKeyArn),
  };
}
