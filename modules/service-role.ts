import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { ITerraformDependable } from "cdktf";
import { accountOf } from "./account";

/** WorkSpaces looks the role up by this exact name; there is one per account. */
export const WORKSPACES_SERVICE_ROLE_NAME = "workspaces_DefaultRole";

const MANAGED_POLICIES = ["AmazonWorkSpacesServiceAccess", "AmazonWorkSpacesSelfServiceAccess"] as const;

/** The account-wide `workspaces_DefaultRole` WorkSpaces needs before a directory can be registered. */
export class WorkspacesServiceRole extends Construct {
  /** Depend on these before registering a directory: the role is usable only once both are attached. */
  readonly attachments: ITerraformDependable[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { partition } = accountOf(this);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["workspaces.amazonaws.com"] }] }],
    });
    const role = new IamRole(this, "role", {
      name: WORKSPACES_SERVICE_ROLE_NAME,
      description: "Lets Amazon WorkSpaces manage the account's WorkSpaces (created by the VDI project)",
      assumeRolePolicy: trust.json,
    });
    this.attachments = MANAGED_POLICIES.map(
      (policy) =>
        new IamRolePolicyAttachment(this, policy, {
          role: role.name,
          policyArn: `arn:${partition}:iam::aws:policy/${policy}`,
        }),
    );
  }
}
