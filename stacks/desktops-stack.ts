import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { EncryptionKey, alarmPublishersStatement, cloudWatchLogsStatement, workspacesVolumesStatement } from "../modules/encryption-key";
import { FleetMonitoring } from "../modules/fleet-monitoring";
import { IpAccessControl } from "../modules/ip-access";
import { ExistingWorkspacesServiceRole } from "../modules/service-role";
import { WorkspaceFleet } from "../modules/workspace-fleet";
import { WorkspacesRegistration } from "../modules/workspaces-registration";
import type { IdentityOutputs } from "./identity-stack";
import type { NetworkOutputs } from "./network-stack";
import { VdiStack } from "./vdi-stack";

/** Recipe steps 6–9: registration, IP access control, encrypted desktops and monitoring. */
export class DesktopsStack extends VdiStack {
  constructor(scope: Construct, config: VdiConfig, network: NetworkOutputs, identity: IdentityOutputs) {
    super(scope, "desktops", config);

    const serviceRole = new ExistingWorkspacesServiceRole(this, "service-role");
    const ipAccess = new IpAccessControl(this, "ip-access", { name: this.prefix, rules: config.access.ipRules });
    const registration = new WorkspacesRegistration(this, "registration", {
      directoryId: identity.directoryId,
      subnetIds: network.privateSubnetIds,
      ipGroupIds: ipAccess.groupIds,
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
      dependsOn: [serviceRole.lookup],
    });

    const volumeKey = new EncryptionKey(this, "volume-key", {
      alias: `${this.prefix}-workspaces-volumes`,
      description: `${this.prefix}: encrypts the WorkSpaces root and user volumes`,
      serviceStatements: (account) => [workspacesVolumesStatement(config.region, account)],
    });
    const fleet = new WorkspaceFleet(this, "fleet", {
      directoryId: registration.directoryId,
      volumeKeyArn: volumeKey.arn,
      desktops: config.desktops.users,
      preventDestroy: config.environment === "prod" && !config.desktops.allowDestroy,
      userManaged: [
        ...(config.desktops.selfService.increaseVolumeSize ? (["volumeSizes"] as const) : []),
        ...(config.desktops.selfService.changeComputeType ? (["computeType"] as const) : []),
        ...(config.desktops.selfService.switchRunningMode ? (["runningMode"] as const) : []),
      ],
    });

    const monitoringKey = new EncryptionKey(this, "monitoring-key", {
      alias: `${this.prefix}-workspaces-monitoring`,
      description: `${this.prefix}: encrypts the WorkSpaces alarm topic and access log`,
      serviceStatements: (account) => [cloudWatchLogsStatement(config.region, account), alarmPublishersStatement(config.region, account)],
    });
    const monitoring = new FleetMonitoring(this, "monitoring", {
      name: this.prefix,
      region: config.region,
      directoryId: registration.directoryId,
      workspaces: fleet.workspaces,
      kmsKeyArn: monitoringKey.arn,
      alarmEmail: config.monitoring.alarmEmail,
      connectionFailureThreshold: config.monitoring.connectionFailureThreshold,
      logRetentionDays: config.monitoring.logRetentionDays,
    });

    new TerraformOutput(this, "registration_code", {
      value: registration.registrationCode,
      description: "Users enter this code in the WorkSpaces client",
    });
    new TerraformOutput(this, "directory_id", { value: registration.directoryId, description: "ID of the directory registered with WorkSpaces" });
    new TerraformOutput(this, "workspace_ids", { value: fleet.workspaceIdsByUser, description: "WorkSpace ID per user name" });
    new TerraformOutput(this, "dashboard_name", { value: monitoring.dashboardName, description: "Name of the fleet's CloudWatch dashboard" });
    new TerraformOutput(this, "alarm_topic_arn", { value: monitoring.topicArn, description: "SNS topic the alarms notify; subscribe more endpoints to it" });
  }
}
