import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { AccountFacts } from "./account";

/**
 * WorkSpaces actions on the desktops of this deployment only: WorkSpace ARNs of the account and Region, and
 * only those carrying every one of the deployment's tags (the provider's default tags are on each desktop).
 */
export function workspacesOfThisDeployment(
  actions: string[],
  region: string,
  account: AccountFacts,
  tags: Readonly<Record<string, string>>,
): DataAwsIamPolicyDocumentStatement {
  return {
    actions,
    resources: [`arn:${account.partition}:workspaces:${region}:${account.accountId}:workspace/*`],
    condition: Object.entries(tags).map(([key, value]) => ({ test: "StringEquals", variable: `aws:ResourceTag/${key}`, values: [value] })),
  };
}
