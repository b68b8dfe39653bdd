import { dependable, TerraformIterator, Token } from "cdktf";
import { DataAwsWorkspacesWorkspace } from "@cdktf/provider-aws/lib/data-aws-workspaces-workspace";
import { addressOf } from "./checks";
import { forgetInstances, importInstances } from "./removed-blocks";
import type { WorkspaceFleet } from "./workspace-fleet";

/** A desktop arriving from another stack: its user and the WorkSpace it already is. */
export interface ArrivingDesktop {
  /** The user whose desktop it is (the fleet's key). */
  readonly userName: string;
  /** The WorkSpace's ID (the old stack's `workspace_ids` output). */
  readonly workspaceId: string;
}

/** One fleet's side of desktops moving between stacks, and what an arriving desktop must already be. */
export interface DesktopMovesProps {
  /** Desktops the fleet imports instead of creating. */
  readonly arriving: readonly ArrivingDesktop[];
  /** User names whose desktops leave the fleet: forgotten, not destroyed. */
  readonly leaving: readonly string[];
  /** The directory the fleet's desktops are in (the registration's ID). */
  readonly directoryId: string;
  /** The key the fleet's desktops' volumes are encrypted with. */
  readonly volumeKeyArn: string;
  /**
   * Users whose desktops the fleet creates unencrypted (image builders).
   * @default none: every arriving desktop must be encrypted with `volumeKeyArn`
   */
  readonly imageBuilders?: readonly string[];
}

/**
 * A fleet's side of users moving between stacks: the desktops arriving are imported by WorkSpace ID, the ones
 * leaving forgotten without being destroyed.
 *
 * Each arriving WorkSpace is first read by its ID (`data "aws_workspaces_workspace"`), and a postcondition fails the
 * plan unless it is what the fleet would import without replacing it: `user_name`, `directory_id`, both volume
 * encryption flags and `volume_encryption_key` force a new WorkSpace (ForceNew in the provider's
 * internal/service/workspaces/workspace.go). Without it, a mistyped ID naming another user's WorkSpace, or an
 * unencrypted desktop moving among encrypted ones, plans "import, then replace": the apply would terminate that
 * desktop and its user volume.
 */
export function moveDesktops(fleet: WorkspaceFleet, props: DesktopMovesProps): void {
  const resource = addressOf(fleet.workspaces);
  importInstances(fleet, resource, Object.fromEntries(props.arriving.map((desktop) => [desktop.userName, desktop.workspaceId])));
  if (props.arriving.length > 0) checkArrivals(fleet, props);
  forgetInstances(fleet, resource, props.leaving);
}

/** The plan-time check of `moveDesktops`: one read per arriving WorkSpace, keyed by user name. */
function checkArrivals(fleet: WorkspaceFleet, props: DesktopMovesProps): void {
  const builders = new Set(props.imageBuilders ?? []);
  const arrival = TerraformIterator.fromMap(
    Object.fromEntries(
      props.arriving.map((desktop) => {
        const encrypted = !builders.has(desktop.userName);
        return [
          desktop.userName,
          {
            id: desktop.workspaceId,
            directory_id: props.directoryId,
            encrypted,
            // The provider reads an unencrypted WorkSpace's key as "".
            volume_key: encrypted ? props.volumeKeyArn : "",
          },
        ];
      }),
    ),
  );
  const differences = [
    `self.user_name == each.key ? "" : "it is the WorkSpace of user \${self.user_name}"`,
    `self.directory_id == each.value.directory_id ? "" : "it is in directory \${self.directory_id}, the desktops in \${each.value.directory_id}"`,
    `self.root_volume_encryption_enabled == each.value.encrypted ? "" : "its root volume encryption is \${self.root_volume_encryption_enabled}, the fleet's \${each.value.encrypted}"`,
    `self.user_volume_encryption_enabled == each.value.encrypted ? "" : "its user volume encryption is \${self.user_volume_encryption_enabled}, the fleet's \${each.value.encrypted}"`,
    `self.volume_encryption_key == each.value.volume_key ? "" : "its volumes' key is '\${self.volume_encryption_key}', the fleet's '\${each.value.volume_key}'"`,
  ];
  const list = `[${differences.join(", ")}]`;
  const reads = new DataAwsWorkspacesWorkspace(fleet, "arriving", {
    forEach: arrival,
    workspaceId: Token.asString(arrival.getString("id")),
    lifecycle: {
      postcondition: [
        {
          // True when every comparison holds: the same list the message reports the failing ones of.
          condition: `\${join("", ${list}) == ""}`,
          errorMessage:
            "movedFrom of user ${each.key} names WorkSpace ${each.value.id}, which importing would replace (terminating it with its user volume): " +
            `\${join("; ", compact(${list}))}. Correct movedFrom.workspaceId (the old stack's workspace_ids output); ` +
            "a WorkSpace of other encryption cannot move here without being replaced.",
        },
      ],
    },
  });
  // The desktops wait for the reads, as for the quota check: when one fails, Terraform plans no desktop (no import,
  // no replacement), and the plan stops at that postcondition instead of also reporting the desktops' checks unknown.
  fleet.workspaces.dependsOn = [...(fleet.workspaces.dependsOn ?? []), dependable(reads)];
}
