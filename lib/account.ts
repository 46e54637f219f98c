import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { registerReference } from "./values";

/** What is known at synth about where the module is deployed (for synth-time checks only). */
export interface KnownDeployment {
  /** The provider's region, when the caller knows it (a root stack does). */
  readonly region?: string;
  /** The AWS account ID, when the caller knows it. */
  readonly accountId?: string;
}

/** Where the module is deployed: read from the provider at plan time, so no IDs are hard-coded. */
export class AccountContext extends Construct {
  /** The AWS account ID. */
  readonly accountId: string;
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  /** The partition's DNS suffix: `amazonaws.com`, `amazonaws.com.cn`, ... */
  readonly dnsSuffix: string;
  /** The provider's region: the primary region. */
  readonly region: string;
  /** The region and account as literals, where the caller knows them at synth. */
  readonly known: KnownDeployment;
  private readonly caller: DataAwsCallerIdentity;
  private sessionContext?: DataAwsIamSessionContext;

  constructor(scope: Construct, id: string, known: KnownDeployment = {}) {
    super(scope, id);
    this.caller = new DataAwsCallerIdentity(this, "caller");
    this.accountId = this.caller.accountId;
    const partition = new DataAwsPartition(this, "partition");
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
    const region = new DataAwsRegion(this, "region");
    this.region = region.region;
    this.known = known;
    // Conditions written as HCL text (preconditions) read these directly.
    registerReference(this, this.accountId, `data.aws_caller_identity.${this.caller.friendlyUniqueId}.account_id`);
    registerReference(this, this.region, `data.aws_region.${region.friendlyUniqueId}.region`);
  }

  /** `arn:<partition>:iam::<account>:root`: the account itself as a policy principal. */
  get rootPrincipal(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }

  /** A service principal of this partition, e.g. `events.amazonaws.com` (`.amazonaws.com.cn` in China). */
  servicePrincipal(service: string): string {
    return `${service}.${this.dnsSuffix}`;
  }

  /** A regional service endpoint name, e.g. `backup.us-west-2.amazonaws.com` (for `kms:ViaService`). */
  regionalService(service: string, region: string = this.region): string {
    return `${service}.${region}.${this.dnsSuffix}`;
  }

  /**
   * The IAM role (or user) whose credentials run Terraform: the issuer of the caller's session,
   * so an assumed-role session names its role, not the session.
   */
  get terraformPrincipalArn(): string {
    this.sessionContext ??= new DataAwsIamSessionContext(this, "session", { arn: this.caller.arn });
    return this.sessionContext.issuerArn;
  }
}
