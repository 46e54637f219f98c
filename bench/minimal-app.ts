/**
 * The baseline app: the smallest cdktf app that synthesizes one deep-imported AWS resource.
 * Imports nothing from lib/, so loading this module costs only cdktf and two provider modules.
 */
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";

/**
 * Builds and synthesizes one stack holding an AWS provider and one backup vault.
 * @param outdir - where `app.synth()` writes `cdktf.out`'s contents
 */
export function synthMinimalApp(outdir: string): void {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "minimal");
  new AwsProvider(stack, "aws", { region: "us-west-2" });
  new BackupVault(stack, "vault", { name: "bench-vault" });
  app.synth();
}
