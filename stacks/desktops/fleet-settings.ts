import type { VdiConfig } from "../../config/schema";
import type { DesktopMovesProps } from "../../modules/desktop-moves";
import type { WorkspaceFleetProps } from "../../modules/workspace-fleet";
import { safeguardsOf } from "../../topology";

/** The settings every fleet of the deployment shares, grouped or not. */
export function fleetSettingsOf(config: VdiConfig): Pick<WorkspaceFleetProps, "preventDestroy" | "userManaged"> {
  return {
    preventDestroy: safeguardsOf(config.environment).protectDesktops && !config.desktops.allowDestroy,
    userManaged: [
      // Users (self-service) or the right-sizing function own compute types and volume sizes; both obey AWS's limits.
      ...(config.desktops.selfService.increaseVolumeSize || config.rightSizing ? (["volumeSizes"] as const) : []),
      ...(config.desktops.selfService.changeComputeType || config.rightSizing ? (["computeType"] as const) : []),
      // Users (self-service) or the cost optimizer own the running mode; the configuration refuses both at once.
      ...(config.desktops.selfService.switchRunningMode || config.costOptimization.enabled ? (["runningMode"] as const) : []),
    ],
  };
}

/**
 * The desktops moving into and out of one stack's fleet (`movedFrom`): `group` is the stack's group (undefined: the
 * desktops stack).
 */
export function desktopMovesOf(config: VdiConfig, group: string | undefined): Pick<DesktopMovesProps, "arriving" | "leaving"> {
  const { users } = config.desktops;
  return {
    arriving: users
      .filter((user) => user.group === group && user.movedFrom)
      .map((user) => ({ userName: user.userName, workspaceId: user.movedFrom!.workspaceId })),
    leaving: users.filter((user) => user.movedFrom && user.movedFrom.group === group && user.group !== group).map((user) => user.userName),
  };
}
