import { Construct } from "constructs";
import { BackupLogicallyAirGappedVault } from "@cdktf/provider-aws/lib/backup-logically-air-gapped-vault";
import { RamPrincipalAssociation } from "@cdktf/provider-aws/lib/ram-principal-association";
import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { AIR_GAPPED_VAULT_SUFFIX, AirGappedSettings } from "./air-gapped-settings";
import { OptionalResource } from "./values";

// lib/index.ts exports the vault's suffix with the construct.
export { AIR_GAPPED_VAULT_SUFFIX };

/** Properties of {@link AirGappedVault}. */
export interface AirGappedVaultProps extends AirGappedSettings {
  /** The primary vault's name: the air-gapped vault is `<name>-air-gapped`. */
  readonly vaultName: string;
  readonly preventDestroy: boolean;
  readonly tags: Record<string, string>;
}

/**
 * A logically air-gapped vault (AWS-owned key, locked in compliance mode by AWS between its
 * minimum and maximum retention) that the plan's rules copy to, shared with a recovery account
 * through AWS RAM so that account can restore when this one is compromised.
 */
export class AirGappedVault extends Construct {
  readonly vault: OptionalResource<BackupLogicallyAirGappedVault>;
  readonly share: OptionalResource<RamResourceShare>;

  constructor(scope: Construct, id: string, props: AirGappedVaultProps) {
    super(scope, id);
    this.vault = OptionalResource.when(
      props.enabled,
      (count) =>
        new BackupLogicallyAirGappedVault(this, "vault", {
          count,
          name: `${props.vaultName}${AIR_GAPPED_VAULT_SUFFIX}`,
          minRetentionDays: props.minRetentionDays,
          maxRetentionDays: props.maxRetentionDays,
          tags: props.tags,
          lifecycle: { preventDestroy: props.preventDestroy },
        }),
    );
    const { shared } = props;
    this.share = OptionalResource.when(
      shared,
      (count) =>
        new RamResourceShare(this, "share", {
          count,
          name: `${props.vaultName}${AIR_GAPPED_VAULT_SUFFIX}`,
          // The recovery account is expected inside the organization; RAM refuses others.
          allowExternalPrincipals: false,
          tags: props.tags,
        }),
    );
    OptionalResource.when(
      shared,
      (count) => new RamResourceAssociation(this, "share_vault", { count, resourceShareArn: this.share.attribute("arn"), resourceArn: this.arn }),
    );
    OptionalResource.when(
      shared,
      (count) =>
        new RamPrincipalAssociation(this, "share_recovery_account", {
          count,
          resourceShareArn: this.share.attribute("arn"),
          principal: props.recoveryAccountId ?? "",
        }),
    );
  }

  /** The vault's ARN (null when absent). */
  get arn(): string {
    return this.vault.attribute("arn");
  }
}
