import { Construct } from "constructs";
import type { EncryptionKey } from "./encryption-key";
import { Fn, TerraformIterator, TerraformLocal, type IResolvable } from "cdktf";
import { objectOf, PlainLocal } from "../synthesis/plain-value";
import { accountOf } from "./account";
import { AwsApiCall } from "./aws-api-call";
import { LambdaFunction } from "./lambda-function";

export interface StandbyWorkspacesProps {
  /** The Region of the primary WorkSpaces. */
  readonly primaryRegion: string;
  /** The stack's Region, where the standby WorkSpaces are. */
  readonly region: string;
  /** The registered directory of `region`. */
  readonly directoryId: string;
  /** User name → primary WorkSpace ID. */
  readonly primaryWorkspaceIds: IResolvable;
  /** User name → tags of that user's standby WorkSpace (the provider's default tags do not reach it). */
  readonly desktops: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** A customer-managed key for the standby volumes, usable through WorkSpaces in `region`. */
  readonly volumeKeyArn: string;
  /** Name of the function, its role and log group. */
  readonly functionName: string;
  /** Days the log group keeps the function's log. */
  readonly logRetentionDays: number;
  /** The key of the function's log group; it must admit CloudWatch Logs in the function's Region. */
  readonly logKey: EncryptionKey;
}

/**
 * One standby WorkSpace (Multi-Region Resilience) per user, linked to the user's primary WorkSpace, created,
 * replaced (a Terraform replacement when the primary WorkSpace changes) and terminated with the user's entry. The provider has no resource for them: CreateStandbyWorkspaces
 * and TerminateWorkspaces are called through an `AwsApiCall` per user.
 */
export class StandbyWorkspaces extends Construct {
  /** User name → standby WorkSpace ID. */
  readonly workspaceIdsByUser: IResolvable;

  constructor(scope: Construct, id: string, props: StandbyWorkspacesProps) {
    super(scope, id);
    const account = accountOf(this);
    const arn = (region: string, resource: string) => `arn:${account.partition}:workspaces:${region}:${account.accountId}:${resource}`;
    const standby = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      runtimeName: "standby-workspaces",
      description: "Creates and terminates the standby WorkSpaces of the primary ones (Terraform-managed)",
      statements: [
        { sid: "FindStandbyWorkspaces", actions: ["workspaces:DescribeWorkspaces"], resources: ["*"] },
        {
          sid: "CreateStandbyOfPrimaryInThisDirectory",
          // The Service Authorization Reference: CreateStandbyWorkspaces takes a directory and WorkSpaces.
          actions: ["workspaces:CreateStandbyWorkspaces"],
          resources: [arn(props.region, `directory/${props.directoryId}`), arn(props.region, "workspace/*"), arn(props.primaryRegion, "workspace/*")],
        },
        // CreateStandbyWorkspaces with tags also needs CreateTags, an action without resource types ("*" only).
        { sid: "TagTheStandbyWorkspaces", actions: ["workspaces:CreateTags"], resources: ["*"] },
        { sid: "TerminateStandbyWorkspaces", actions: ["workspaces:TerminateWorkspaces"], resources: [arn(props.region, "workspace/*")] },
      ],
      logRetentionDays: props.logRetentionDays,
      logKey: props.logKey,
      // Not part of each call's input: the security policy checks it is a key of this deployment.
      environment: { VOLUME_ENCRYPTION_KEY_ARN: props.volumeKeyArn },
    });
    // As the primary fleet (WorkspaceFleet): the for_each is a local map of user names and each call reads its tags
    // and its primary WorkSpace from locals by key. A for_each map literal holding every user's tags, and a reference
    // into the other stack's state per call, made Terraform's plan time grow with the square of the users.
    const users = new PlainLocal(this, "users", objectOf(Object.keys(props.desktops).map((user) => [user, user])));
    const tags = new PlainLocal(this, "tags", props.desktops);
    const primaryIds = new TerraformLocal(this, "primary-workspace-ids", props.primaryWorkspaceIds);
    const desktop = TerraformIterator.fromMap(users.asAnyMap);
    const primaryWorkspaceId = Fn.lookupNested(primaryIds.asAnyMap, [desktop.key]);
    const calls = new AwsApiCall(this, "standby", {
      functionName: standby.functionName,
      forEach: desktop,
      input: {
        primaryRegion: props.primaryRegion,
        primaryWorkspaceId,
        directoryId: props.directoryId,
        userName: desktop.key,
        tags: Fn.lookupNested(tags.asAnyMap, [desktop.key]),
      },
      // A new primary WorkSpace (or directory) is another standby: terminated, then created, as a Terraform replacement.
      replacedWhenChanged: { primaryWorkspaceId, directoryId: props.directoryId },
    });
    this.workspaceIdsByUser = calls.resultsByKey("workspaceId");
  }
}
