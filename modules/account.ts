import { Construct, type IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";

/** The account and partition a stack deploys into, resolved by Terraform at plan time. */
export interface AccountFacts {
  /** The AWS account ID the stack deploys to. */
  readonly accountId: string;
  /** The AWS partition (`aws`, `aws-cn`, `aws-us-gov`) ARNs are built with. */
  readonly partition: string;
}

const ACCOUNT_FACTS_ID = "account-facts";

class StackAccountFacts extends Construct implements AccountFacts {
  readonly accountId: string;
  readonly partition: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, "caller").accountId;
    this.partition = new DataAwsPartition(this, "partition").partition;
  }
}

/** The stack's account facts: one pair of data sources per stack, however many modules ask. */
export function accountOf(scope: IConstruct): AccountFacts {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(ACCOUNT_FACTS_ID) as StackAccountFacts | undefined) ?? new StackAccountFacts(stack, ACCOUNT_FACTS_ID);
}
