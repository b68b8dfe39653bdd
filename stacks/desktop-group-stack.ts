import type { Construct } from "constructs";
import { TerraformOutput, type IResolvable } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { unhealthyAlarms } from "../modules/fleet-monitoring";
import { moveDesktops } from "../modules/desktop-moves";
import { WorkspaceFleet } from "../modules/workspace-fleet";
import type { SharedWorkspaces } from "./desktops-stack";
import { desktopMovesOf, fleetSettingsOf } from "./desktops/fleet-settings";
import { VdiStack } from "./vdi-stack";
import { desktopGroupStackName } from "../topology";

/** What the group's stack offers to others: its desktops' IDs. */
export interface DesktopGroupOutputs {
  /** User name → WorkSpace ID of the group's desktops. */
  readonly workspaceIdsByUser: IResolvable;
}

/**
 * One desktop group (`desktops.groups[]`) as a stack of its own, `desktops-<group>`: the group's WorkSpaces (the
 * same WorkspaceFleet as the desktops stack's) and an `Unhealthy` alarm per desktop, with its own state. The
 * registration, the volume key, the alarm topic and the dashboard stay in the desktops stack, read here by
 * cross-stack references. The stack holds nothing but the group's own desktops: adding or removing a user of one
 * group leaves every other group's stack byte-identical.
 */
export class DesktopGroupStack extends VdiStack {
  readonly outputs: DesktopGroupOutputs;

  constructor(scope: Construct, config: VdiConfig, group: string, shared: SharedWorkspaces) {
    super(scope, desktopGroupStackName(group), config);
    const fleet = new WorkspaceFleet(this, "fleet", {
      directoryId: shared.directoryId,
      volumeKeyArn: shared.volumeKeyArn,
      desktops: config.desktops.users.filter((user) => user.group === group),
      ...fleetSettingsOf(config),
      // The schema keeps image builders in desktops.users (the image pipeline is the desktops stack's).
    });
    moveDesktops(fleet, { ...desktopMovesOf(config, group), directoryId: shared.directoryId, volumeKeyArn: shared.volumeKeyArn });
    // The group's name in the alarms' names: a user moving between groups never has two alarms of one name.
    unhealthyAlarms(this, { name: `${this.prefix}-${group}`, workspaceIdsByUser: fleet.workspaceIdsByUser, topicArn: shared.alarmTopicArn });
    new TerraformOutput(this, "workspace_ids", { value: fleet.workspaceIdsByUser, description: `WorkSpace ID per user name of group ${group}` });
    this.outputs = { workspaceIdsByUser: fleet.workspaceIdsByUser };
  }
}
