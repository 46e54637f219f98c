import { BackupConfigError } from "./errors";
import { LiteralChecks } from "./literal-checks";
import { RULES } from "./rules";
import type { TamperAlertsProps } from "./tamper-alerts";

/** A KMS key ARN (not an alias ARN): EventBridge matches the key's ARN exactly. */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[a-zA-Z0-9-]+$/;

/** Rejected props, each naming the property, the value and the rule; values unknown at synth pass. */
export function checkTamperAlertsProps(props: TamperAlertsProps): BackupConfigError[] {
  const checks = new LiteralChecks();
  checks.check("vault_names", props.vaultNames, (names) => names.length > 0, "must name at least one vault to watch");
  props.vaultNames.forEach((name, i) => checks.check(`vault_names[${i}]`, name, (n) => RULES.backup_vault_name.test(n), RULES.backup_vault_name.description));
  checks.check("plan_id", props.planId, (id) => id.trim() !== "", "must be the backup plan's id");
  props.keyArns.forEach((arn, i) =>
    checks.check(`key_arns[${i}]`, arn, (a) => KMS_KEY_ARN.test(a), "must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID), not an alias"),
  );
  checks.check("topic_arn", props.topicArn, (a) => /^arn:aws[a-z-]*:sns:/.test(a), "must be an SNS topic ARN");
  return checks.errors;
}
