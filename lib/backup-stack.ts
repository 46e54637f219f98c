import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { BackupModule, BackupModuleOptions } from "./backup-module";
import { BackupModuleConfig } from "./config";
import { addBackupOutputs } from "./outputs";

/** Properties of {@link BackupStack}. */
export interface BackupStackProps {
  /** The primary region (the AWS provider's region). */
  readonly region: string;
  /** The account deployed to, if known: its RDS ARNs are then checked at synth. @default checked at plan time */
  readonly accountId?: string;
  readonly backup: BackupModuleConfig;
  readonly options?: BackupModuleOptions;
}

/** A root stack: the AWS provider, one {@link BackupModule} and its outputs. */
export class BackupStack extends TerraformStack {
  readonly backup: BackupModule;

  constructor(scope: Construct, id: string, props: BackupStackProps) {
    super(scope, id);
    try {
      // The stack knows its region (and maybe its account): rules that involve them are judged at synth.
      this.backup = new BackupModule(this, "backup", props.backup, { region: props.region, accountId: props.accountId, ...props.options });
    } catch (error) {
      // A stack holding only a provider is a half-written output: take the stack out of the app.
      scope.node.tryRemoveChild(id);
      throw error;
    }
    new AwsProvider(this, "aws", { region: props.region });
    addBackupOutputs(this, this.backup);
  }
}
