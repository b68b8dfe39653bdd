import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsIamRoles } from "@cdktf/provider-aws/lib/data-aws-iam-roles";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { accountOf } from "./account";

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
