/** The public API of arrakis-backup's cdktf constructs. */
export * from "./config";
export * from "./environment-defaults";
export * from "./errors";
export * from "./backup-module";
export * from "./backup-stack";
export * from "./outputs";
export { BACKUP_CRON_PATTERN, RULES, Rule, SCHEDULE_EXPRESSION_PATTERN } from "./rules";
export { ValidatorPackage } from "./validator-package";
export { BackupTerraformModuleStack } from "./terraform-module/module-stack";
