import { Construct } from "constructs";
import { dependable, TerraformIterator, TerraformOutput, Token, type IResolvable } from "cdktf";
import { DataAwsWorkspacesWorkspace } from "@cdktf/provider-aws/lib/data-aws-workspaces-workspace";
import type { VdiConfig } from "../config/schema";
import type { RegionalWorkspaces } from "../modules/regional-workspaces";
import { forgetServiceRoleCreatedByEarlierVersions } from "../modules/service-role";
import { addressOf } from "../modules/checks";
import { forgetInstances, importInstances } from "../modules/removed-blocks";
import { WorkspaceFleet, type WorkspaceFleetProps } from "../modules/workspace-fleet";
import { WorkspacesQuotaCheck } from "../modules/workspaces-quota";
import type { addCostOptimization } from "./desktops/cost-optimization";
import type { addCustomImages } from "./desktops/custom-images";
import type { addRightSizing } from "./desktops/right-sizing";
import type { IdentityOutputs } from "./identity-stack";
import type { NetworkOutputs } from "./network-stack";
import { VdiStack } from "./vdi-stack";
import { PRIMARY_REGION_STACKS, safeguardsOf } from "../topology";

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

/** What an arriving desktop must already be for its import to change it in place, never replace it. */
export interface ArrivalExpectations {
  /** The directory the stack's desktops are in (the registration's ID). */
  readonly directoryId: string;
  /** The key the stack's desktops' volumes are encrypted with. */
  readonly volumeKeyArn: string;
  /** Users whose desktops the stack creates unencrypted (image builders: the desktops stack only). */
  readonly imageBuilders?: readonly string[];
}

/**
 * A stack's side of users moving between stacks (`movedFrom`): the desktops arriving are imported by WorkSpace ID,
 * the ones leaving forgotten without being destroyed. `group` is the stack's group (undefined: the desktops stack).
 *
 * Each arriving WorkSpace is first read by its ID (`data "aws_workspaces_workspace"`), and a postcondition fails the
 * plan unless it is what the fleet would import without replacing it: `user_name`, `directory_id`, both volume
 * encryption flags and `volume_encryption_key` force a new WorkSpace (ForceNew in the provider's
 * internal/service/workspaces/workspace.go). Without it, a mistyped ID naming another user's WorkSpace, or an
 * unencrypted desktop moving among encrypted ones, plans "import, then replace": the apply would terminate that
 * desktop and its user volume.
 */
export function moveDesktops(config: VdiConfig, fleet: WorkspaceFleet, group: string | undefined, expected: ArrivalExpectations): void {
  const arriving = config.desktops.users.filter((user) => user.group === group && user.movedFrom);
  const leaving = config.desktops.users.filter((user) => user.movedFrom && user.movedFrom.group === group && user.group !== group);
  const resource = addressOf(fleet.workspaces);
  importInstances(fleet, resource, Object.fromEntries(arriving.map((user) => [user.userName, user.movedFrom!.workspaceId])));
  if (arriving.length > 0) checkArrivals(fleet, arriving, expected);
  forgetInstances(
    fleet,
    resource,
    leaving.map((user) => user.userName),
  );
}

/** The plan-time check of `moveDesktops`: one read per arriving WorkSpace, keyed by user name. */
function checkArrivals(fleet: WorkspaceFleet, arriving: readonly VdiConfig["desktops"]["users"][number][], expected: ArrivalExpectations): void {
  const builders = new Set(expected.imageBuilders ?? []);
  const arrival = TerraformIterator.fromMap(
    Object.fromEntries(
      arriving.map((user) => {
        const encrypted = !builders.has(user.userName);
        return [
          user.userName,
          {
            id: user.movedFrom!.workspaceId,
            directory_id: expected.directoryId,
            encrypted,
            // The provider reads an unencrypted WorkSpace's key as "".
            volume_key: encrypted ? expected.volumeKeyArn : "",
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
  const reads = new DataAwsWorkspacesWorkspace(fleet, "arriving", {
    forEach: arrival,
    workspaceId: Token.asString(arrival.getString("id")),
    lifecycle: {
      postcondition: [
        {
          condition:
            "${self.user_name == each.key && self.directory_id == each.value.directory_id && " +
            "self.root_volume_encryption_enabled == each.value.encrypted && self.user_volume_encryption_enabled == each.value.encrypted && " +
            "self.volume_encryption_key == each.value.volume_key}",
          errorMessage:
            "movedFrom of user ${each.key} names WorkSpace ${each.value.id}, which importing would replace (terminating it with its user volume): " +
            `\${join("; ", compact([${differences.join(", ")}]))}. Correct movedFrom.workspaceId (the old stack's workspace_ids output); ` +
            "a WorkSpace of other encryption cannot move here without being replaced.",
        },
      ],
    },
  });
  // The desktops wait for the reads, as for the quota check: when one fails, Terraform plans no desktop (no import,
  // no replacement), and the plan stops at that postcondition instead of also reporting the desktops' checks unknown.
  fleet.workspaces.dependsOn = [...(fleet.workspaces.dependsOn ?? []), dependable(reads)];
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
    moveDesktops(config, fleet, undefined, {
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
