export * from "./config";
export * from "./environment-defaults";
export * from "./errors";
export * from "./backup-module";
export * from "./outputs";
export { RULES, BACKUP_CRON_PATTERN, SCHEDULE_EXPRESSION_PATTERN } from "./rules";
