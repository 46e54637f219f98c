import { TerraformOutput, TerraformStack, Token } from "cdktf";
import { BackupModule } from "./backup-module";

/** The outputs a user wires elsewhere, by Terraform output name. */
export function backupOutputs(backup: BackupModule): Record<string, { value: unknown; description: string }> {
  return {
    backup_vault_name: { value: backup.vault.name, description: "Name of the primary backup vault" },
    backup_vault_arn: { value: backup.vault.arn, description: "ARN of the primary backup vault" },
    replica_backup_vault_name: { value: backup.replicaVault.name, description: "Name of the replica vault (null without cross-region copies)" },
    replica_backup_vault_arn: { value: backup.replicaVault.arn, description: "ARN of the replica vault (null without cross-region copies)" },
    backup_plan_id: { value: backup.plan.plan.id, description: "ID of the backup plan" },
    backup_plan_arn: { value: backup.plan.plan.arn, description: "ARN of the backup plan" },
    backup_role_arn: { value: backup.selections.roleArn, description: "ARN of the IAM role AWS Backup uses (existing_backup_role_arn, or the module's)" },
    backup_role_name: { value: backup.selections.roleName, description: "Name of the IAM role AWS Backup uses" },
    kms_key_arn: { value: backup.kmsKeyArn ?? Token.nullValue(), description: "ARN of the backup KMS key: existing_kms_key_arn, or the module's (null when encryption is off)" },
    kms_key_alias: { value: backup.key.alias.attribute("name"), description: "Alias of the backup KMS key" },
    replica_kms_key_arn: { value: backup.replicaKey.arn, description: "ARN of the replica region's KMS key" },
    sns_topic_arn: { value: backup.notifications.topicArn, description: "ARN of the backup notification topic (null when notifications are off)" },
    validator_function_name: { value: backup.validator.function.attribute("function_name"), description: "Name of the backup validator Lambda (null when validation is off)" },
    validator_function_arn: { value: backup.validator.function.attribute("arn"), description: "ARN of the backup validator Lambda (null when validation is off)" },
  };
}

/** Declares {@link backupOutputs} on a stack, under their Terraform names. */
export function addBackupOutputs(stack: TerraformStack, backup: BackupModule): void {
  for (const [name, output] of Object.entries(backupOutputs(backup))) {
    new TerraformOutput(stack, name, output);
  }
}
