/**
 * The organization mode's public contract: the member role, environment variables, the items the
 * distributed map runs over, S3 key layout and metric names. No runtime dependencies, so
 * infrastructure code (lib/organization) imports it without the AWS SDK.
 */

/**
 * Name of the read-only role in every member account that the worker assumes. The member-role
 * StackSet creates it under this name unless told otherwise.
 */
export const DEFAULT_MEMBER_ROLE_NAME = "arrakis-backup-validator-member";

/** Environment variables of the coordinator and the worker (besides the validator's own settings). */
export const ORGANIZATION_ENV_VARS = {
  /** Comma-separated regions every member account is checked in. Required. */
  ORGANIZATION_REGIONS: "ORGANIZATION_REGIONS",
  /** Bucket of the run's working files and of the merged organization report. Required. */
  ORGANIZATION_REPORT_BUCKET: "ORGANIZATION_REPORT_BUCKET",
  /** Name of the member role the worker assumes. @default {@link DEFAULT_MEMBER_ROLE_NAME} */
  MEMBER_ROLE_NAME: "MEMBER_ROLE_NAME",
  /** External id the member role's trust policy requires. Optional. */
  MEMBER_ROLE_EXTERNAL_ID: "MEMBER_ROLE_EXTERNAL_ID",
  /**
   * Comma-separated names of the organization policies' backup plans (one per environment): the
   * first one a member account has says, by its selections, what must be protected. Optional.
   */
  ORGANIZATION_PLAN_NAME: "ORGANIZATION_PLAN_NAME",
  /** Comma-separated account ids not to check (e.g. a recovery account holding no workloads). Optional. */
  EXCLUDED_ACCOUNT_IDS: "EXCLUDED_ACCOUNT_IDS",
} as const;

/** Prefix of everything one run writes besides the merged report: `runs/<runId>/`. */
export const RUNS_PREFIX = "runs/";

/** Prefix of the merged organization reports. */
export const ORGANIZATION_REPORTS_PREFIX = "organization-reports/";

/** One account × region the distributed map checks. Kept small: 2,000 of them fit one S3 object, not the state payload. */
export interface OrganizationItem {
  runId: string;
  accountId: string;
  accountName?: string;
  region: string;
  /** Evaluation time of the whole run (ISO 8601), so every worker judges the same window. */
  evaluatedAt: string;
  /**
   * S3 key of the region's jobs, listed by the coordinator: one object per region, each
   * account's slice at {@link jobsRange}. Absent: the account had no jobs there.
   */
  jobsKey?: string;
  /** First and last byte of the account's slice in {@link jobsKey} (an HTTP Range). */
  jobsRange?: [number, number];
  /** The organization-wide listing of this region failed: the worker lists the account's jobs itself. */
  listJobs?: boolean;
}

/** What the coordinator's plan step returns to the state machine (small: the items live in S3). */
export interface PlanOutput {
  runId: string;
  bucket: string;
  /** S3 key of the JSON array of {@link OrganizationItem}s the distributed map reads. */
  itemsKey: string;
  evaluatedAt: string;
  accounts: number;
  items: number;
  /** Jobs listed for accounts not checked (not active, or excluded). */
  jobsOfOtherAccounts: number;
  /** What the plan could not do itself (a failed organization-wide listing), for the report. */
  notes: string[];
}

/** A worker's verdict on one account × region, as stored in S3 and returned to the map. */
export interface WorkerOutcome {
  accountId: string;
  region: string;
  /** The validator's status, or UNCHECKED when the member's view could not be had (role not assumed). */
  status: "PASS" | "WARN" | "FAIL" | "INCOMPLETE" | "UNCHECKED";
  /** S3 key of the full outcome. */
  resultKey: string;
}

/** Run id of an evaluation time: sortable, usable in S3 keys and execution names. */
export const runIdOf = (evaluatedAt: string) => evaluatedAt.replace(/[:.]/g, "-");

/** S3 key of the items of a run. */
export const itemsKeyOf = (runId: string) => `${RUNS_PREFIX}${runId}/items.json`;

/** S3 key of one region's jobs (every account's slice, one after the other). */
export const jobsKeyOf = (runId: string, region: string) => `${RUNS_PREFIX}${runId}/jobs/${region}.json`;

/** S3 key of one account × region's outcome. */
export const resultKeyOf = (runId: string, accountId: string, region: string) => `${RUNS_PREFIX}${runId}/results/${accountId}/${region}.json`;

/** Where the distributed map's ResultWriter writes. */
export const mapResultsPrefixOf = (runId: string) => `${RUNS_PREFIX}${runId}/map`;

/** S3 key of a merged organization report. */
export const organizationReportKeyOf = (evaluatedAt: string) =>
  `${ORGANIZATION_REPORTS_PREFIX}${evaluatedAt.slice(0, 10).replace(/-/g, "/")}/${runIdOf(evaluatedAt)}.json`;

/** Dimension of the organization metrics: the coordinator function's name. */
export const ORGANIZATION_METRICS_DIMENSION = "Organization";

/** Organization-level metric names (namespace ArrakisBackup/Validator). */
export const ORGANIZATION_METRIC_NAMES = {
  /** Active accounts checked (or meant to be). */
  OrganizationAccounts: "OrganizationAccounts",
  /** Accounts with a FAIL verdict in some region. */
  OrganizationAccountsFailed: "OrganizationAccountsFailed",
  /** Accounts that could not be checked in full (role not assumed, worker failed, listing errors). */
  OrganizationAccountsPartial: "OrganizationAccountsPartial",
  /** Accounts with WARN at worst. */
  OrganizationAccountsWarn: "OrganizationAccountsWarn",
  /** HIGH findings over every account and region. */
  OrganizationHighFindings: "OrganizationHighFindings",
  /** Account × region items without a result (a worker that failed after its retries). */
  OrganizationItemsMissing: "OrganizationItemsMissing",
  /** 1 when the organization report is FAIL. */
  OrganizationValidationFailed: "OrganizationValidationFailed",
} as const;

/**
 * IAM actions the member role must allow for the worker: the member's view (recovery points,
 * plans and selections, tags, vault lock, restore testing, and job listings in regions the
 * coordinator did not list). The member-role StackSet (lib/organization/member-role.ts) grants
 * these; a test holds the two lists together.
 */
export const MEMBER_ROLE_ACTIONS: readonly string[] = [
  "backup:ListBackupJobs",
  "backup:ListCopyJobs",
  "backup:ListRestoreJobs",
  "backup:ListProtectedResources",
  "backup:ListRecoveryPointsByBackupVault",
  "backup:ListBackupPlans",
  "backup:GetBackupPlan",
  "backup:ListBackupSelections",
  "backup:GetBackupSelection",
  "backup:DescribeBackupVault",
  "backup:ListRestoreTestingPlans",
  "backup:ListRestoreTestingSelections",
  "backup:GetRestoreTestingSelection",
  "tag:GetResources",
];

/** IAM actions of the coordinator's organization-wide listings ("*": no resource-level permissions). */
export const COORDINATOR_LIST_ACTIONS: readonly string[] = [
  "organizations:ListAccounts",
  "backup:ListBackupJobs",
  "backup:ListCopyJobs",
  "backup:ListRestoreJobs",
];
