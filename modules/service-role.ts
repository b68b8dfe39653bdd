import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsIamRoles } from "@cdktf/provider-aws/lib/data-aws-iam-roles";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { accountOf } from "./account";
import { forgetEarlierResources } from "./removed-blocks";

/** WorkSpaces looks the role up by this exact name; there is one per account. */
export const WORKSPACES_SERVICE_ROLE_NAME = "workspaces_DefaultRole";

const MANAGED_POLICIES = ["AmazonWorkSpacesServiceAccess", "AmazonWorkSpacesSelfServiceAccess"] as const;

/**
 * Creates the account-wide `workspaces_DefaultRole` WorkSpaces needs before a directory can be registered.
 * One per account: only one deployment of an account may create it, in a stack of its own that no
 * environment's teardown touches.
 */
export class WorkspacesServiceRole extends Construct {
  /** The role is usable only once both managed policies are attached. */
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

/**
 * The account's existing `workspaces_DefaultRole`, looked up at plan time. A missing role is a plan error that
 * names the fix, instead of a registration that fails after the directory took half an hour to create.
 */
export class ExistingWorkspacesServiceRole extends Construct {
  /** Depend on this before registering a directory. */
  readonly lookup: ITerraformDependable;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.lookup = new DataAwsIamRoles(this, "lookup", {
      nameRegex: `^${WORKSPACES_SERVICE_ROLE_NAME}$`,
      lifecycle: {
        postcondition: [
          {
            condition: "${length(self.names) == 1}",
            errorMessage:
              `This account has no IAM role ${WORKSPACES_SERVICE_ROLE_NAME}, which WorkSpaces needs to register a directory. ` +
              "Create it once per account: set directory.createServiceRole: true in one deployment's configuration and " +
              "run `npm run deploy -- account`, or launch a WorkSpace once in the WorkSpaces console.",
          },
        ],
      },
    });
  }
}

/**
 * The addresses the role and its attachments had in the desktops stack of earlier versions, which created the role
 * there by default (construct path `service-role`; the account stack uses the same path, so the same addresses).
 */
export const EARLIER_SERVICE_ROLE_ADDRESSES = [
  "aws_iam_role.service-role_4867CF3C",
  "aws_iam_role_policy_attachment.service-role_AmazonWorkSpacesSelfServiceAccess_719735B2",
  "aws_iam_role_policy_attachment.service-role_AmazonWorkSpacesServiceAccess_7110B1E2",
] as const;

/**
 * Terraform `removed` blocks (destroy = false) for a role an earlier version of this stack created: upgrading
 * forgets it instead of deleting the role every WorkSpaces directory of the account depends on. A block for an
 * address that is not in the state changes nothing.
 */
export function forgetServiceRoleCreatedByEarlierVersions(scope: Construct): void {
  forgetEarlierResources(scope, EARLIER_SERVICE_ROLE_ADDRESSES);
}
