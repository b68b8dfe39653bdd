import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AccountFacts } from "./account";

export interface ServicePrincipalRoleProps {
  /** The role's name (IAM names are account-wide: include the deployment's prefix). */
  readonly name: string;
  /** The service that assumes the role, e.g. `lambda.amazonaws.com`. */
  readonly service: string;
  /**
   * Confused-deputy protection: the service may assume the role only on behalf of this account's resources whose
   * ARN matches `sourceArn` (the trust's `aws:SourceAccount` and `aws:SourceArn` conditions).
   * @default none (for services that pass neither key, such as Lambda)
   */
  readonly onBehalfOf?: { readonly account: AccountFacts; readonly sourceArn: string };
  /** Everything the role may do, each statement scoped to its resources. */
  readonly statements: DataAwsIamPolicyDocumentStatement[];
}

/** An IAM role an AWS service assumes, with exactly the given permissions as its one inline policy. */
export class ServicePrincipalRole extends Construct {
  readonly arn: string;
  readonly name: string;
  /** The inline policy: depend on it before the service first uses the role. */
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServicePrincipalRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [props.service] }],
          condition: props.onBehalfOf && [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.onBehalfOf.account.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [props.onBehalfOf.sourceArn] },
          ],
        },
      ],
    });
    const role = new IamRole(this, "role", { name: props.name, assumeRolePolicy: trust.json });
    const permissions = new DataAwsIamPolicyDocument(this, "permissions", { statement: props.statements });
    this.policy = new IamRolePolicy(this, "policy", { role: role.id, name: "permissions", policy: permissions.json });
    this.arn = role.arn;
    this.name = role.name;
  }
}

/**
 * A role EventBridge Scheduler assumes only for this account's schedules of the `default` group in `region`
 * (confused-deputy protection: Scheduler's documentation names the schedule group as the source ARN).
 */
export function schedulerRole(
  scope: Construct,
  id: string,
  name: string,
  account: AccountFacts,
  region: string,
  statements: DataAwsIamPolicyDocumentStatement[],
) {
  return new ServicePrincipalRole(scope, id, {
    name,
    service: "scheduler.amazonaws.com",
    onBehalfOf: { account, sourceArn: `arn:${account.partition}:scheduler:${region}:${account.accountId}:schedule-group/default` },
    statements,
  });
}
