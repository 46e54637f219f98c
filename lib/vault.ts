import { Construct } from "constructs";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVaultPolicy } from "@cdktf/provider-aws/lib/backup-vault-policy";
import { BooleanInput } from "./config";
import { Expressions, OptionalResource, and, equals } from "./values";

/** Properties of {@link LockedVault}. */
export interface LockedVaultProps {
  /** Create the vault at all (the replica exists only with cross-region copies). */
  readonly enabled: BooleanInput;
  readonly name: string;
  /** The vault's region; undefined for the provider's region. */
  readonly region?: string;
  /** The customer-managed key's ARN, or null for the AWS-managed backup key. */
  readonly kmsKeyArn: string | null;
  readonly vaultLock: BooleanInput;
  readonly complianceMode: string;
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;
  readonly changeableForDays: number;
  readonly blockRecoveryPointDeletion: BooleanInput;
  readonly preventDestroy: boolean;
  /** Plan-time conditions the vault must meet. */
  readonly preconditions?: { condition: string; errorMessage: string }[];
  readonly tags: Record<string, string>;
}

/** Actions the access policy denies so that recovery points live out their lifecycle. */
export const PROTECTED_RECOVERY_POINT_ACTIONS = ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"];

/**
 * A backup vault with its optional lock (GOVERNANCE or COMPLIANCE) and an optional access policy
 * that denies manual deletion of recovery points.
 */
export class LockedVault extends Construct {
  readonly vault: OptionalResource<BackupVault>;
  readonly lock: OptionalResource<BackupVaultLockConfiguration>;
  readonly accessPolicy: OptionalResource<BackupVaultPolicy>;

  constructor(scope: Construct, id: string, props: LockedVaultProps) {
    super(scope, id);
    const expressions = new Expressions(this);
    this.vault = OptionalResource.when(
      props.enabled,
      (count) =>
        new BackupVault(this, "vault", {
          count,
          region: props.region,
          name: props.name,
          kmsKeyArn: props.kmsKeyArn ?? undefined,
          // A vault that still holds recovery points must never be deleted by Terraform.
          forceDestroy: false,
          tags: props.tags,
          lifecycle: { preventDestroy: props.preventDestroy, precondition: props.preconditions },
        }),
    );
    const vaultName = this.vault.attribute("name");
    const compliance = equals(props.complianceMode, "COMPLIANCE");
    this.lock = OptionalResource.when(
      and(props.enabled, props.vaultLock),
      (count) =>
        new BackupVaultLockConfiguration(this, "lock", {
          count,
          region: props.region,
          backupVaultName: vaultName,
          minRetentionDays: props.minRetentionDays,
          maxRetentionDays: props.maxRetentionDays,
          // GOVERNANCE mode is the absence of changeable_for_days; with it the lock becomes COMPLIANCE.
          changeableForDays: expressions.choose<number | undefined>("compliance_changeable_for_days", compliance, props.changeableForDays, undefined),
          lifecycle: { preventDestroy: props.preventDestroy },
        }),
    );
    this.accessPolicy = OptionalResource.when(
      and(props.enabled, props.blockRecoveryPointDeletion),
      (count) =>
        new BackupVaultPolicy(this, "access_policy", {
          count,
          region: props.region,
          backupVaultName: vaultName,
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "DenyManualRecoveryPointDeletion",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: PROTECTED_RECOVERY_POINT_ACTIONS,
                Resource: "*",
              },
            ],
          }),
        }),
    );
  }

  /** The vault's name (null when absent). */
  get name(): string {
    return this.vault.attribute("name");
  }

  /** The vault's ARN (null when absent). */
  get arn(): string {
    return this.vault.attribute("arn");
  }
}
