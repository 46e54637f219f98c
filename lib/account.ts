import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";

/** Where the module is deployed: read from the provider at plan time, so no IDs are hard-coded. */
export class AccountContext extends Construct {
  /** The AWS account ID. */
  readonly accountId: string;
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  /** The provider's region: the primary region. */
  readonly region: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, "caller").accountId;
    this.partition = new DataAwsPartition(this, "partition").partition;
    this.region = new DataAwsRegion(this, "region").region;
  }

  /** `arn:<partition>:iam::<account>:root`: the account itself as a policy principal. */
  get rootPrincipal(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }
}
