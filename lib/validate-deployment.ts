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

function checkRdsPlacement(instances: RdsInstance[] | unknown, checks: InputChecks, deployment: Deployment): void {
  const placements = [
    { field: "region", expected: deployment.region, name: "deployment_region", what: "the provider's region" },
    { field: "account", expected: deployment.accountId, name: "deployment_account_id", what: "the deploying account" },
  ] as const;
  const rule = (what: string, expected: string) =>
    `must be in ${what}${isKnown(expected) ? ` (${expected})` : ""}: AWS Backup backs up only resources of its own account and region, and would silently skip this one`;
  if (!Array.isArray(instances)) {
    for (const p of placements) {
      const index = ARN_FIELDS[p.field];
      checks.relation(
        "rds_instances",
        { rds_instances: instances, [p.name]: p.expected },
        `each arn ${rule(p.what, p.expected)}`,
        () => true,
        (r) => `alltrue([for i in ${r.rds_instances} : try(split(":", i.arn)[${index}] == ${r[p.name]}, false)])`,
      );
    }
    return;
  }
  (instances as RdsInstance[]).forEach((instance, i) => {
    const input = `rds_instances[${i}].arn`;
    if (isKnown(instance.arn) && !RULES.rds_arn.test(instance.arn)) return; // reported by the ARN rule
    for (const p of placements) {
      const index = ARN_FIELDS[p.field];
      checks.relation(
        input,
        { [input]: instance.arn, [p.name]: p.expected },
        rule(p.what, p.expected),
        () => instance.arn.split(":")[index] === p.expected,
        (r) => `try(split(":", ${r[input]})[${index}] == ${r[p.name]}, false)`,
      );
    }
  });
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
