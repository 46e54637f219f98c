import { BackupConfigError } from "./errors";
import { RULES } from "./rules";
import type { TamperAlertsProps } from "./tamper-alerts";
import { isKnown } from "./values";

/** A KMS key ARN (not an alias ARN): EventBridge matches the key's ARN exactly. */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[a-zA-Z0-9-]+$/;

/** Rejected props, each naming the property, the value and the rule; values unknown at synth pass. */
export function checkTamperAlertsProps(props: TamperAlertsProps): BackupConfigError[] {
  const errors: BackupConfigError[] = [];
  if (isKnown(props.vaultNames) && props.vaultNames.length === 0) {
    errors.push(new BackupConfigError("vault_names", props.vaultNames, "must name at least one vault to watch"));
  }
  props.vaultNames.forEach((name, i) => {
    if (isKnown(name) && !RULES.backup_vault_name.test(name)) errors.push(new BackupConfigError(`vault_names[${i}]`, name, RULES.backup_vault_name.description));
  });
  if (isKnown(props.planId) && props.planId.trim() === "") errors.push(new BackupConfigError("plan_id", props.planId, "must be the backup plan's id"));
  props.keyArns.forEach((arn, i) => {
    if (isKnown(arn) && !KMS_KEY_ARN.test(arn)) {
      errors.push(new BackupConfigError(`key_arns[${i}]`, arn, "must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID), not an alias"));
    }
  });
  if (isKnown(props.topicArn) && !/^arn:aws[a-z-]*:sns:/.test(props.topicArn)) {
    errors.push(new BackupConfigError("topic_arn", props.topicArn, "must be an SNS topic ARN"));
  }
  return errors;
}
