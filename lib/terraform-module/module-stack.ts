import { Construct, Node } from "constructs";
import { TerraformDataSource, TerraformElement, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable, Token } from "cdktf";
import { BackupModule } from "../backup-module";
import { BackupModuleConfig } from "../config";
import { ResourceMove } from "../for-each";
import { backupOutputs } from "../outputs";
import { registerReference } from "../values";
import { MODULE_VARIABLES, ModuleVariable, acceptsNull, configKeyOf, validationsOf } from "./variables";

/** Where the module ships the validator package, relative to the module's directory. */
export const MODULE_VALIDATOR_ZIP = "validator/backup-validator.zip";

/** The ids of the BackupModule and of the outputs' scope: left out of every Terraform name. */
const BACKUP_ID = "backup";
const OUTPUTS_ID = "outputs";

/**
 * The Terraform module for HCL users: one variable per spec variable, passed to
 * {@link BackupModule}, and the module's outputs. Names come from construct paths without the
 * hashes cdktf adds, so addresses read well and stay stable.
 */
export class BackupTerraformModuleStack extends TerraformStack {
  readonly variables: Record<string, TerraformVariable> = {};
  readonly backup: BackupModule;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    for (const definition of MODULE_VARIABLES) this.variables[definition.name] = declareVariable(this, definition);
    const config = Object.fromEntries(
      MODULE_VARIABLES.map((definition) => [configKeyOf(definition.name), valueOf(this.variables[definition.name], definition)]),
    ) as unknown as BackupModuleConfig;
    const zip = `\${path.module}/${MODULE_VALIDATOR_ZIP}`;
    this.backup = new BackupModule(this, BACKUP_ID, config, {
      validatorPackage: { filename: zip, sourceCodeHash: `\${filebase64sha256("${zip}")}` },
      variablesValidateInputs: true,
      preventDestroy: true,
    });
    // Outputs share names with variables (backup_vault_name), so they live in a scope of their own.
    const outputs = new Construct(this, OUTPUTS_ID);
    for (const [name, output] of Object.entries(backupOutputs(this.backup))) new TerraformOutput(outputs, name, output);
  }

  private readonly pathsByName = new Map<string, string>();

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof TerraformElement ? element.node : element;
    const path = constructPath(node);
    const name = MODULE_NAMES[path.join("/")] ?? pathName(path);
    // Joining paths with "_" could give two elements one name (a/b_c and a_b/c): refuse it.
    const key = `${namespaceOf(element)} ${name}`;
    const owner = this.pathsByName.get(key);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(`Terraform name "${name}" of ${node.path} is already used by ${owner}; rename one of the construct ids`);
    }
    this.pathsByName.set(key, node.path);
    return name;
  }
}

/** Top-level constructs added after the renaming: their elements never had another name, so they get no `moved` blocks. */
export const SCOPES_WITHOUT_PREVIOUS_NAMES: ReadonlySet<string> = new Set(["recovery", "air_gapped_vault"]);

/** The construct path of an element below the BackupModule (or the outputs' scope). */
export function constructPath(node: Node): string[] {
  return node.scopes.slice(2).map((scope) => scope.node.id).filter((id, i) => !(i === 0 && (id === BACKUP_ID || id === OUTPUTS_ID)));
}

/** The name the module gave an element before it had idiomatic names: its path joined with "_". */
export function pathName(path: readonly string[]): string {
  return path.join("_").replace(/[^a-zA-Z0-9_]/g, "_");
}

/**
 * Idiomatic Terraform names of the module's resources and data sources, by construct path:
 * `aws_backup_vault.this` and `.replica` rather than `vault_vault` and `replica_vault_vault`.
 * Paths not listed keep their path-joined name. Every renamed resource gets a `moved` block
 * (`moved.tf`), so upgrading never destroys what a user deployed.
 */
export const MODULE_NAMES: Readonly<Record<string, string>> = {
  // Keys and vaults
  "kms/key": "this",
  "kms/alias": "this",
  "replica_kms/key": "replica",
  "replica_kms/alias": "replica",
  "vault/vault": "this",
  "vault/lock": "this",
  "vault/access_policy": "this",
  "replica_vault/vault": "replica",
  "replica_vault/lock": "replica",
  "replica_vault/access_policy": "replica",
  // The air-gapped vault (issue 12): new resources, named idiomatically from the start (no moved blocks)
  "air_gapped_vault/vault": "this",
  "air_gapped_vault/share": "air_gapped_vault",
  "air_gapped_vault/share_vault": "air_gapped_vault",
  "air_gapped_vault/share_recovery_account": "air_gapped_vault",
  // Plan and selections
  "plan/plan": "this",
  "selection/role": "backup",
  "selection/backup_policy": "backup",
  "selection/restore_policy": "restore",
  "selection/rds": "rds",
  "selection/ebs": "ebs",
  "selection/efs": "efs",
  // Notifications
  "notifications/topic": "this",
  "notifications/topic_policy": "this",
  "notifications/email": "email",
  "notifications/vault_notifications": "this",
  "notifications/backup_job_failed": "backup_job_failed",
  "notifications/backup_job_failed_target": "backup_job_failed",
  "notifications/backup_job_issues": "backup_job_issues",
  "notifications/backup_job_issues_target": "backup_job_issues",
  "notifications/copy_job_failed": "copy_job_failed",
  "notifications/copy_job_failed_target": "copy_job_failed",
  "notifications/restore_job_failed": "restore_job_failed",
  "notifications/restore_job_failed_target": "restore_job_failed",
  // Monitoring, in the primary and the replica region
  "monitoring/backup_jobs_failed": "backup_jobs_failed",
  "monitoring/copy_jobs_failed": "copy_jobs_failed",
  "monitoring/restore_jobs_failed": "restore_jobs_failed",
  "replica_monitoring/alarms/copy_jobs_failed": "replica_copy_jobs_failed",
  "replica_monitoring/alarms/restore_jobs_failed": "replica_restore_jobs_failed",
  "monitoring/alarms": "failed_jobs",
  "monitoring/alarm_instances": "failed_job_alarms",
  "replica_monitoring/alarms/alarms": "replica_failed_jobs",
  "replica_monitoring/alarms/alarm_instances": "replica_failed_job_alarms",
  "replica_monitoring/role": "event_forwarding",
  "replica_monitoring/role_policy": "event_forwarding",
  "replica_monitoring/forward_jobs": "forward_jobs",
  "replica_monitoring/forward_jobs_target": "forward_jobs",
  "replica_monitoring/forward_alarms": "forward_alarms",
  "replica_monitoring/forward_alarms_target": "forward_alarms",
  "replica_monitoring/replica_alarms": "replica_alarms",
  "replica_monitoring/replica_alarms_target": "replica_alarms",
  // The validator
  "validator/function": "validator",
  "validator/role": "validator",
  "validator/permissions": "validator",
  "validator/logs": "validator",
  "validator/dead_letters": "validator_dead_letters",
  "validator/schedule": "validator_schedule",
  "validator/schedule_target": "validator_schedule",
  "validator/schedule_permission": "validator_schedule",
  "validator/errors_alarm": "validator_errors",
  "validator/no_successful_run_alarm": "validator_not_run",
  // Issue 13: private networking, capacity and duration alarms, tamper alerts
  "validator_subnet": "validator",
  "validator_endpoints/security_group": "validator_endpoints",
  "validator_endpoints/backup": "backup",
  "validator_endpoints/tagging": "tagging",
  "validator_endpoints/sns": "sns",
  "validator_endpoints/s3": "s3",
  "validator_endpoints/interfaces": "validator",
  "validator_endpoints/interface_instances": "validator_endpoints",
  "capacity_alarms/backup_jobs_in_flight": "backup_jobs_in_flight",
  "capacity_alarms/recovery_points_partial": "recovery_points_partial",
  "capacity_alarms/recovery_points_expired": "recovery_points_expired",
  "duration_alarm/alarm": "backup_duration",
  "tamper_alerts/vault": "tamper_vault",
  "tamper_alerts/vault_target": "tamper_vault",
  "tamper_alerts/plan": "tamper_plan",
  "tamper_alerts/plan_target": "tamper_plan",
  "tamper_alerts/jobs": "tamper_jobs",
  "tamper_alerts/jobs_target": "tamper_jobs",
  "tamper_alerts/keys": "tamper_keys",
  "tamper_alerts/keys_target": "tamper_keys",
  // Issue 9: repeated resources as one resource with for_each (the ids above name what each instance was)
  "tamper_alerts/rules": "tamper",
  "tamper_alerts/targets": "tamper",
  "tamper_alerts/rule_instances": "tamper_alerts",
  "replica_monitoring/forwarding_rules": "replica_forwarding",
  "replica_monitoring/forwarding_targets": "replica_forwarding",
  "replica_monitoring/forwarding_instances": "replica_forwarding",
  "capacity_alarms/recovery_points": "recovery_points",
  "capacity_alarms/recovery_point_instances": "recovery_point_alarms",
  "notifications/job_rules": "job_alerts",
  "notifications/job_rule_targets": "job_alerts",
  "notifications/job_rule_instances": "job_alerts",
  // Locals of the constructs, named for what they hold
  "plan/rules": "backup_rules",
  "plan/built_in_rules": "built_in_backup_rules",
  "plan/additional_rules": "additional_backup_rules",
  "notifications/vault_events_by_level": "vault_events_by_level",
  "validator/policy_statements": "validator_policy_statements",
  "selection/role_arn": "backup_role_arn",
  "selection/role_name": "backup_role_name",
  "selection/rds_instances": "rds_instances",
  // Recovery proof (issue 11): new resources, named idiomatically from the start (no moved blocks)
  "recovery/restore_testing/plan": "this",
  "recovery/restore_testing/selection_rds": "rds",
  "recovery/restore_testing/selection_ebs": "ebs",
  "recovery/restore_testing/selection_efs": "efs",
  "recovery/point_in_time_recovery/plan": "point_in_time_recovery",
  "recovery/point_in_time_recovery/selection": "point_in_time_recovery",
  "recovery/audit/framework": "this",
  "recovery/audit/backup_job_report": "backup_jobs",
  "recovery/audit/copy_job_report": "copy_jobs",
  "recovery/audit/restore_job_report": "restore_jobs",
  "recovery/audit/control_compliance_report": "control_compliance",
  "recovery/audit/resource_compliance_report": "resource_compliance",
  "recovery/audit/report_plans": "this",
  "recovery/audit/report_plan_instances": "report_plans",
  "recovery/reports/bucket": "reports",
  "recovery/reports/versioning": "reports",
  "recovery/reports/encryption": "reports",
  "recovery/reports/public_access": "reports",
  "recovery/reports/ownership": "reports",
  "recovery/reports/lifecycle": "reports",
  "recovery/reports/policy": "reports",
  "recovery/dashboard/dashboard": "this",
  "recovery/reports_bucket_name": "reports_bucket_name",
  "recovery/reports/reports_sse_algorithm": "reports_sse_algorithm",
  "recovery/reports/reports_bucket_key": "reports_bucket_key_enabled",
  "recovery/point_in_time_copy": "point_in_time_copy_vault_arn",
  "recovery/restore_test_rds_overrides": "restore_test_rds_overrides",
  "recovery/validator_restore_testing_plans": "validator_restore_testing_plans",
  "recovery/validator_report_bucket": "validator_report_bucket",
  "recovery/validator_report_key": "validator_report_key_arn",
  "recovery/validator_replica_lock_min_days": "validator_replica_lock_min_days",
  "recovery/validator_replica_lock_max_days": "validator_replica_lock_max_days",
  // Where the module runs
  "account/caller": "current",
  "account/partition": "current",
  "account/region": "current",
  "account/session": "current",
};

/** Terraform's namespace of an element: names must be unique within it only. */
function namespaceOf(element: TerraformElement | Node): string {
  // A moved block carries the name its resource had: that resource's namespace, apart from the resource's own.
  if (element instanceof ResourceMove) return `moved.${element.resourceType}`;
  if (element instanceof TerraformResource) return `resource.${element.terraformResourceType}`;
  if (element instanceof TerraformDataSource) return `data.${element.terraformResourceType}`;
  return element.constructor.name;
}

function declareVariable(scope: Construct, definition: ModuleVariable): TerraformVariable {
  const variable = new TerraformVariable(scope, definition.name, {
    type: definition.type,
    description: definition.description,
    // A fixed default is never replaced by null: the module reads such variables directly.
    nullable: definition.default === undefined ? undefined : acceptsNull(definition),
    default: definition.default === null ? undefined : definition.default,
    validation: validationsOf(definition),
  });
  // cdktf drops a null default; Terraform needs it to make the variable optional.
  if (definition.default === null) variable.addOverride("default", null);
  return variable;
}

function valueOf(variable: TerraformVariable, definition: ModuleVariable): unknown {
  const value = readVariable(variable, definition);
  registerReference(variable, value, `var.${definition.name}`);
  return value;
}

function readVariable(variable: TerraformVariable, definition: ModuleVariable): unknown {
  if (definition.type === "string") return variable.stringValue;
  if (definition.type === "number") return variable.numberValue;
  if (definition.type === "bool") return variable.booleanValue;
  if (definition.type.startsWith("map(")) return Token.asStringMap(variable.value);
  return Token.asAny(variable.value);
}
