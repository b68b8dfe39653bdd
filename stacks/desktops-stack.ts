import { Construct } from "constructs";
import { TerraformOutput, type IResolvable } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { moveDesktops } from "../modules/desktop-moves";
import type { RegionalWorkspaces } from "../modules/regional-workspaces";
import { forgetServiceRoleCreatedByEarlierVersions } from "../modules/service-role";
import { WorkspaceFleet } from "../modules/workspace-fleet";
import { WorkspacesQuotaCheck } from "../modules/workspaces-quota";
import type { addCostOptimization } from "./desktops/cost-optimization";
import type { addCustomImages } from "./desktops/custom-images";
import { desktopMovesOf, fleetSettingsOf } from "./desktops/fleet-settings";
import type { addRightSizing } from "./desktops/right-sizing";
import type { IdentityOutputs } from "./identity-stack";
import type { NetworkOutputs } from "./network-stack";
import { VdiStack } from "./vdi-stack";
import { PRIMARY_REGION_STACKS } from "../topology";

/** What the disaster-recovery stacks read from the desktops stack. */
export interface DesktopsOutputs {
  /** The registered directory. */
  readonly directoryId: string;
  /** User name → WorkSpace ID. */
  readonly workspaceIdsByUser: IResolvable;
}

/**
 * What the desktop group stacks read from the desktops stack (cross-stack references: an output here exists only
 * when a group reads it, so a configuration without groups synthesizes as before).
 */
export interface SharedWorkspaces {
  /** The registered directory (the registration's ID, so desktops wait for it). */
  readonly directoryId: string;
  /** The key of the Region's WorkSpaces volumes. */
  readonly volumeKeyArn: string;
  /** The alarm topic the groups' `Unhealthy` alarms notify. */
  readonly alarmTopicArn: string;
}

/** Recipe steps 6–9: registration, IP access control, encrypted desktops and monitoring. */
export class DesktopsStack extends VdiStack {
  readonly outputs: DesktopsOutputs;
  readonly shared: SharedWorkspaces;

  constructor(scope: Construct, config: VdiConfig, network: NetworkOutputs, identity: IdentityOutputs, regional: RegionalWorkspaces) {
    super(scope, PRIMARY_REGION_STACKS.desktops, config);

    forgetServiceRoleCreatedByEarlierVersions(this);
    const registration = regional.registerDirectory(this, identity.directoryId, network.privateSubnetIds);
    const volumeKey = regional.volumeKey(this);
    // The Region's WorkSpaces quota defaults to 1: the plan fails with the number to request before any desktop is planned.
    // It counts every desktop, the groups' too: the group stacks deploy after this one (docs/desktop-groups.md).
    const quota = new WorkspacesQuotaCheck(this, "workspaces-quota", { desktops: config.desktops.users.length });
    const fleet = new WorkspaceFleet(this, "fleet", {
      directoryId: registration.directoryId,
      volumeKeyArn: volumeKey.arn,
      // desktops.users; each group's desktops are in its own stack (DesktopGroupStack).
      desktops: config.desktops.users.filter((user) => user.group === undefined),
      ...fleetSettingsOf(config),
      imageBuilders: config.images.map((image) => image.builderUser),
      dependsOn: [quota],
    });
    moveDesktops(fleet, {
      ...desktopMovesOf(config, undefined),
      directoryId: registration.directoryId,
      volumeKeyArn: volumeKey.arn,
      imageBuilders: config.images.map((image) => image.builderUser),
    });
    const monitoring = regional.monitoring(this, registration.directoryId, fleet.workspaceIdsByUser);
    if (config.images.length > 0)
      customImages()(this, config, { prefix: this.prefix, fleet, topicArn: monitoring.topicArn, topicKey: monitoring.key });
    if (config.costOptimization.enabled)
      costOptimization()(this, config, {
        prefix: this.prefix,
        directoryId: registration.directoryId,
        fleet,
        logKey: monitoring.key,
        alarmTopicArn: monitoring.topicArn,
      });
    if (config.rightSizing)
      rightSizing()(this, config, {
        prefix: this.prefix,
        directoryId: registration.directoryId,
        logKey: monitoring.key,
        alarmTopicArn: monitoring.topicArn,
        alarmTopicKeyArn: monitoring.key.arn,
      });
    new TerraformOutput(this, "registration_code", {
      value: registration.registrationCode,
      description: "Users enter this code in the WorkSpaces client",
    });
    new TerraformOutput(this, "directory_id", { value: registration.directoryId, description: "ID of the directory registered with WorkSpaces" });
    new TerraformOutput(this, "workspace_ids", { value: fleet.workspaceIdsByUser, description: "WorkSpace ID per user name" });
    new TerraformOutput(this, "dashboard_name", { value: monitoring.dashboardName, description: "Name of the fleet's CloudWatch dashboard" });
    new TerraformOutput(this, "alarm_topic_arn", {
      value: monitoring.topicArn,
      description: "SNS topic the alarms notify; subscribe more endpoints to it",
    });
    this.outputs = { directoryId: registration.directoryId, workspaceIdsByUser: fleet.workspaceIdsByUser };
    this.shared = { directoryId: registration.directoryId, volumeKeyArn: volumeKey.arn, alarmTopicArn: monitoring.topicArn };
  }
}

/*
 * The optional features are loaded only when configured: a configuration without them never runs their modules
 * (Scheduler, SSM, Lambda resource classes), which keeps its synth as fast as before they existed.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loads, which static imports cannot be */
const customImages = (): typeof addCustomImages => (require("./desktops/custom-images") as typeof import("./desktops/custom-images")).addCustomImages;
const costOptimization = (): typeof addCostOptimization =>
  (require("./desktops/cost-optimization") as typeof import("./desktops/cost-optimization")).addCostOptimization;
const rightSizing = (): typeof addRightSizing => (require("./desktops/right-sizing") as typeof import("./desktops/right-sizing")).addRightSizing;
/* eslint-enable @typescript-eslint/no-require-imports */
