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
export { AdditionalBackupRule, AdditionalBackupRules, ADDITIONAL_RULE_DEFAULTS } from "./additional-rules";
export { INPUTS, InputDefinition, DefaultKind, defaultKind, acceptsNull, inputNamed, inputOf } from "./inputs";
export { BackupSettings, ResolvedRule, RuleRetention, Namer, UNNAMED, resolveSettings } from "./settings";
export { BackupKey, BackupKeyProps } from "./encryption";
export { BackupSelections, BackupSelectionsProps } from "./selection";
