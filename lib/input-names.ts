/**
 * The two names of every input: the Terraform variable name (the spec's, `delete_after_days`)
 * and the TypeScript property of `BackupModuleConfig` (`deleteAfterDays`), its camelCase.
 */

/** `delete_after_days` → `deleteAfterDays`; `rds_instances[1].arn` → `rdsInstances[1].arn`. */
export function configKeyOf(variableName: string): string {
  return variableName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * An input as a TypeScript user knows it, with the Terraform name beside it when they differ:
 * `deleteAfterDays (delete_after_days)`, `tags`.
 */
export function describeInput(variableName: string): string {
  const property = configKeyOf(variableName);
  return property === variableName ? property : `${property} (${variableName})`;
}
