import { Construct } from "constructs";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVaultPolicy } from "@cdktf/provider-aws/lib/backup-vault-policy";
import { Fn, Token } from "cdktf";
import { BooleanInput } from "./config";
import { OptionalResource } from "./values";

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
  /** COMPLIANCE mode's grace period in days; null for GOVERNANCE (the resolution step decides). */
  readonly changeableForDays: number | null;
  readonly blockRecoveryPointDeletion: BooleanInput;
  /** Principals exempt from the access policy's deny (a list, or a list expression). */
  readonly policyAdminArns: string[];
  /** The access policy as JSON, when the caller built it once for several vaults. @default built from policyAdminArns */
  readonly accessPolicy?: string;
  readonly preventDestroy: boolean;
  /** Plan-time conditions the vault must meet. */
  readonly preconditions?: { condition: string; errorMessage: string }[];
  readonly tags: Record<string, string>;
}

/**
 * Actions the access policy denies so that recovery points live out their lifecycle, and so that
 * nobody removes the policy to get round it (AWS Config's backup-recovery-point-manual-deletion-disabled).
 */
export const PROTECTED_RECOVERY_POINT_ACTIONS = [
  "backup:DeleteRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:PutBackupVaultAccessPolicy",
  "backup:DeleteBackupVaultAccessPolicy",
];

/**
 * The vault access policy: deny the protected actions to every principal except the admins
 * (`aws:PrincipalArn`, so an assumed-role session matches its role's ARN).
 */
export function vaultAccessPolicy(adminArns: string[]): string {
  const document = vaultAccessPolicyDocument(adminArns);
  // A list known only at plan time must stay a list: JSON.stringify would nest it in another.
  return Token.isUnresolved(adminArns) ? Token.asString(Fn.jsonencode(document)) : JSON.stringify(document);
}

/** The vault access policy as a document (an object), for a caller that names it once for both vaults. */
export function vaultAccessPolicyDocument(adminArns: string[]): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyManualRecoveryPointDeletion",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: PROTECTED_RECOVERY_POINT_ACTIONS,
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalArn": adminArns } },
      },
    ],
  };
}


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
    this.lock = OptionalResource.when(
      [props.enabled, props.vaultLock],
      (count) =>
        new BackupVaultLockConfiguration(this, "lock", {
          count,
          region: props.region,
          backupVaultName: vaultName,
          minRetentionDays: props.minRetentionDays,
          maxRetentionDays: props.maxRetentionDays,
          // GOVERNANCE mode is the absence of changeable_for_days; with it the lock becomes COMPLIANCE.
          changeableForDays: props.changeableForDays ?? undefined,
          lifecycle: { preventDestroy: props.preventDestroy },
        }),
    );
    this.accessPolicy = OptionalResource.when(
      [props.enabled, props.blockRecoveryPointDeletion],
      (count) =>
        new BackupVaultPolicy(this, "access_policy", {
          count,
          region: props.region,
          backupVaultName: vaultName,
          policy: props.accessPolicy ?? vaultAccessPolicy(props.policyAdminArns),
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
