import { Construct, Node } from "constructs";
import { TerraformDataSource, TerraformElement, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable, Token } from "cdktf";
import { BackupModule } from "../backup-module";
import { BackupModuleConfig } from "../config";
import { backupOutputs } from "../outputs";
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
    const path = node.scopes.slice(2).map((scope) => scope.node.id).filter((id, i) => !(i === 0 && (id === BACKUP_ID || id === OUTPUTS_ID)));
    const name = path.join("_").replace(/[^a-zA-Z0-9_]/g, "_");
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

/** Terraform's namespace of an element: names must be unique within it only. */
function namespaceOf(element: TerraformElement | Node): string {
  if (element instanceof TerraformResource) return `resource.${element.terraformResourceType}`;
  if (element instanceof TerraformDataSource) return `data.${element.terraformResourceType}`;
  return element.constructor.name;
}

function declareVariable(scope: Construct, definition: ModuleVariable): TerraformVariable {
  const variable = new TerraformVariable(scope, definition.name, {
    type: definition.type,
    description: definition.description,
    nullable: acceptsNull(definition) ? true : undefined,
    default: definition.default === null ? undefined : definition.default,
    validation: validationsOf(definition),
  });
  // cdktf drops a null default; Terraform needs it to make the variable optional.
  if (definition.default === null) variable.addOverride("default", null);
  return variable;
}

function valueOf(variable: TerraformVariable, definition: ModuleVariable): unknown {
  if (definition.type === "string") return variable.stringValue;
  if (definition.type === "number") return variable.numberValue;
  if (definition.type === "bool") return variable.booleanValue;
  if (definition.type.startsWith("map(")) return Token.asStringMap(variable.value);
  return Token.asAny(variable.value);
}
