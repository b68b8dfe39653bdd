import { Construct } from "constructs";
import { TerraformOutput, type IResolvable } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { EncryptionKey, alarmPublishersStatement, workspacesVolumesStatement } from "../modules/encryption-key";
import { FleetMonitoring } from "../modules/fleet-monitoring";
import { IpAccessControl } from "../modules/ip-access";
import { ExistingWorkspacesServiceRole, forgetServiceRoleCreatedByEarlierVersions } from "../modules/service-role";
import { WorkspaceFleet } from "../modules/workspace-fleet";
import { WorkspacesQuotaCheck } from "../modules/workspaces-quota";
import { WorkspacesRegistration } from "../modules/workspaces-registration";
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

/** Recipe steps 6–9: registration, IP access control, encrypted desktops and monitoring. */
export class DesktopsStack extends VdiStack {
  readonly outputs: DesktopsOutputs;

  constructor(scope: Construct, config: VdiConfig, network: NetworkOutputs, identity: IdentityOutputs) {
    super(scope, PRIMARY_REGION_STACKS.desktops, config);

    forgetServiceRoleCreatedByEarlierVersions(this);
    const registration = registerDirectory(this, identity.directoryId, network.privateSubnetIds);
    const volumeKey = workspacesVolumeKey(this);
    // The Region's WorkSpaces quota defaults to 1: the plan fails with the number to request before any desktop is planned.
    const quota = new WorkspacesQuotaCheck(this, "workspaces-quota", { desktops: config.desktops.users.length });
    const fleet = new WorkspaceFleet(this, "fleet", {
      directoryId: registration.directoryId,
      volumeKeyArn: volumeKey.arn,
      desktops: config.desktops.users,
      preventDestroy: safeguardsOf(config.environment).protectDesktops && !config.desktops.allowDestroy,
      userManaged: [
        // Users (self-service) or the right-sizing function own compute types and volume sizes; both obey AWS's limits.
        ...(config.desktops.selfService.increaseVolumeSize || config.rightSizing ? (["volumeSizes"] as const) : []),
        ...(config.desktops.selfService.changeComputeType || config.rightSizing ? (["computeType"] as const) : []),
        // Users (self-service) or the cost optimizer own the running mode; the configuration refuses both at once.
        ...(config.desktops.selfService.switchRunningMode || config.costOptimization.enabled ? (["runningMode"] as const) : []),
      ],
      imageBuilders: config.images.map((image) => image.builderUser),
      dependsOn: [quota],
    });
    const monitoring = desktopsMonitoring(this, registration.directoryId, fleet.workspaceIdsByUser);
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
  }
}

/**
 * The directory registered with WorkSpaces in the stack's Region, after the service role lookup, with the IP
 * access groups and the settings of the configuration: the same in every Region.
 */
export function registerDirectory(stack: VdiStack, directoryId: string, subnetIds: string[]): WorkspacesRegistration {
  const config = stack.config;
  const serviceRole = new ExistingWorkspacesServiceRole(stack, "service-role");
  const ipAccess = new IpAccessControl(stack, "ip-access", { name: stack.prefix, rules: config.access.ipRules });
  return new WorkspacesRegistration(stack, "registration", {
    ...registrationSettings(config),
    directoryId,
    subnetIds,
    ipGroupIds: ipAccess.groupIds,
    dependsOn: [serviceRole.lookup],
  });
}

function registrationSettings(config: VdiConfig) {
  return {
    devices: config.access.devices,
    enableInternetAccess: config.desktops.internetAccess,
    userEnabledAsLocalAdministrator: config.desktops.localAdministrator,
    selfService: config.desktops.selfService,
    enableMaintenanceMode: config.desktops.maintenanceMode,
    customSecurityGroupId: config.desktops.customSecurityGroupId,
    defaultOu: config.desktops.defaultOu,
    saml: config.access.saml && {
      userAccessUrl: config.access.saml.userAccessUrl,
      relayStateParameterName: config.access.saml.relayStateParameterName,
      allowDirectoryLoginFallback: config.access.saml.mode === "fallback",
    },
    certificateAuthorityArn: config.access.certificateBasedAuth?.certificateAuthorityArn,
  };
}

/** The key of the stack's WorkSpaces volumes, usable only through WorkSpaces in the stack's Region. */
export function workspacesVolumeKey(stack: VdiStack): EncryptionKey {
  return new EncryptionKey(stack, "volume-key", {
    alias: `${stack.prefix}-workspaces-volumes`,
    description: `${stack.prefix}: encrypts the WorkSpaces root and user volumes`,
    serviceStatements: (account) => [workspacesVolumesStatement(stack.region, account)],
  });
}

/** The encrypted alarm topic, alarms, access log and dashboard of a registered directory, and their key. */
export function desktopsMonitoring(stack: VdiStack, directoryId: string, workspaceIdsByUser?: IResolvable) {
  const config = stack.config;
  const monitoringKey = new EncryptionKey(stack, "monitoring-key", {
    alias: `${stack.prefix}-workspaces-monitoring`,
    description: `${stack.prefix}: encrypts the WorkSpaces alarm topic and access log`,
    cloudWatchLogsRegion: stack.region,
    serviceStatements: (account) => [alarmPublishersStatement(stack.region, account)],
  });
  const monitoring = new FleetMonitoring(stack, "monitoring", {
    name: stack.prefix,
    region: stack.region,
    directoryId,
    workspaceIdsByUser,
    key: monitoringKey,
    alarmEmail: config.monitoring.alarmEmail,
    connectionFailureThreshold: config.monitoring.connectionFailureThreshold,
    logRetentionDays: config.monitoring.logRetentionDays,
  });
  return { key: monitoringKey, topicArn: monitoring.topicArn, dashboardName: monitoring.dashboardName };
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
