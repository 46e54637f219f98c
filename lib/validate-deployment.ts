import { RdsInstance } from "./config";
import { InputChecks } from "./input-checks";
import { RULES } from "./rules";
import { BackupSettings } from "./settings";
import { isKnown } from "./values";

/** Where the plan-time checks of the replica vault go (see {@link InputChecks.preconditionsAt}). */
export const REPLICA_VAULT_SITE = "replica_vault";

/** The deploying account and region: literals where the caller knows them, else the provider's data sources. */
export interface Deployment {
  readonly region: string;
  readonly accountId: string;
}

/**
 * Checks that tie inputs to where the module is deployed: RDS ARNs of the deploying account and
 * region (AWS Backup silently backs up nothing of another account's or region's databases), and a
 * replica region other than the primary. Judged at synth when account or region are literals, by
 * preconditions otherwise.
 */
export function checkDeployment(settings: BackupSettings, checks: InputChecks, deployment: Deployment): void {
  checkRdsPlacement(settings.rdsInstances, checks, deployment);
  checks.relation(
    "replica_region",
    { replica_region: settings.replicaRegion, deployment_region: deployment.region, cross_region: settings.crossRegion },
    `must differ from the provider's region${isKnown(deployment.region) ? ` (${deployment.region})` : ""}, or the copies would not leave the primary region`,
    () => !settings.crossRegion || settings.replicaRegion !== deployment.region,
    (r) => `!${r.cross_region} || ${r.replica_region} != ${r.deployment_region}`,
    REPLICA_VAULT_SITE,
  );
}

const ARN_FIELDS = { region: 3, account: 4 } as const;

/** Where a database must be: one field of its ARN against the deployment's value. */
interface Placement {
  readonly field: keyof typeof ARN_FIELDS;
  readonly expected: string;
  /** The expected value's name in a precondition. */
  readonly name: string;
  readonly what: string;
}

function placementRule(placement: Placement, subject: string): string {
  const { what, expected } = placement;
  return (
    `must be in ${what}${isKnown(expected) ? ` (${expected})` : ""}: AWS Backup backs up only resources of its own account and region, ` +
    `and would silently skip ${subject}`
  );
}

function checkRdsPlacement(instances: RdsInstance[] | unknown, checks: InputChecks, deployment: Deployment): void {
  const placements: readonly Placement[] = [
    { field: "region", expected: deployment.region, name: "deployment_region", what: "the provider's region" },
    { field: "account", expected: deployment.accountId, name: "deployment_account_id", what: "the deploying account" },
  ];
  if (!Array.isArray(instances)) {
    for (const p of placements) {
      checks.relation(
        "rds_instances",
        { rds_instances: instances, [p.name]: p.expected },
        `each arn ${placementRule(p, "this one")}`,
        () => true,
        (r) => `alltrue([for i in ${r.rds_instances} : try(split(":", i.arn)[${ARN_FIELDS[p.field]}] == ${r[p.name]}, false)])`,
      );
    }
    return;
  }
  const checked = (instances as RdsInstance[])
    .map((instance, index) => ({ arn: instance.arn, index }))
    .filter(({ arn }) => !isKnown(arn) || RULES.rds_arn.test(arn)); // a malformed ARN is reported by the ARN rule
  for (const p of placements) {
    if (isKnown(p.expected)) checkEachArn(checked, p, checks);
    else checkArnFieldsAtPlanTime(checked, p, checks);
  }
}

/** Each ARN on its own: an error per database at synth (or a precondition for an ARN only Terraform knows). */
function checkEachArn(instances: readonly { arn: string; index: number }[], p: Placement, checks: InputChecks): void {
  const index = ARN_FIELDS[p.field];
  for (const { arn, index: i } of instances) {
    const input = `rds_instances[${i}].arn`;
    checks.relation(
      input,
      { [input]: arn, [p.name]: p.expected },
      placementRule(p, "this one"),
      () => arn.split(":")[index] === p.expected,
      (r) => `try(split(":", ${r[input]})[${index}] == ${r[p.name]}, false)`,
    );
  }
}

/**
 * The deployment's value is known only at plan time: one precondition per distinct value the
 * literal ARNs hold in that field (a thousand databases of one account make one check, not a
 * thousand), naming the databases that hold it.
 */
function checkArnFieldsAtPlanTime(instances: readonly { arn: string; index: number }[], p: Placement, checks: InputChecks): void {
  const byValue = new Map<string, number[]>();
  const unknown: { arn: string; index: number }[] = [];
  for (const instance of instances) {
    if (!isKnown(instance.arn)) {
      unknown.push(instance);
      continue;
    }
    const value = instance.arn.split(":")[ARN_FIELDS[p.field]];
    byValue.set(value, [...(byValue.get(value) ?? []), instance.index]);
  }
  for (const [value, indices] of byValue) {
    const input = indices.length === 1 ? `rds_instances[${indices[0]}].arn` : `rds_instances[${indexList(indices)}].arn`;
    const subject = indices.length === 1 ? "this one" : `these ${indices.length} (${p.field} ${value})`;
    checks.relation(
      input,
      { [input]: value, [p.name]: p.expected },
      placementRule(p, subject),
      () => true,
      (r) => `${r[input]} == ${r[p.name]}`,
    );
  }
  checkEachArn(unknown, p, checks);
}

const LISTED_INDICES = 5;

/** `0, 1, 2`, or `0, 1, 2, 3, 4 and 995 more` */
function indexList(indices: readonly number[]): string {
  const listed = indices.slice(0, LISTED_INDICES).join(", ");
  return indices.length > LISTED_INDICES ? `${listed} and ${indices.length - LISTED_INDICES} more` : listed;
}

/**
 * Warnings for switches that leave something half on: alarms nobody is told about, an email that
 * gets nothing, production data under AWS-managed keys.
 */
export function checkSwitches(settings: BackupSettings, checks: InputChecks): void {
  const off = (value: unknown) => isKnown(value) && value === false;
  const on = (value: unknown) => isKnown(value) && value === true;
  if (off(settings.notifications)) {
    if (on(settings.monitoring)) {
      checks.warn(
        "enable_backup_notifications = false: the CloudWatch alarms of enable_backup_monitoring (failed jobs, and the validator's) " +
          "have no action, so nobody will be told when they fire. Turn notifications on, or monitoring off.",
      );
    }
    if (isKnown(settings.notificationEmail) && settings.notificationEmail !== "") {
      checks.warn(`notification_email = ${JSON.stringify(settings.notificationEmail)} is ignored: enable_backup_notifications = false creates no topic to subscribe it to.`);
    }
  }
  if (off(settings.encryption) && isKnown(settings.environment) && settings.environment === "production") {
    checks.warn(
      "enable_backup_encryption = false in production: vaults use the AWS-managed backup key and the notification topic is unencrypted; " +
        "key policies and rotation are then out of your control.",
    );
  }
}
