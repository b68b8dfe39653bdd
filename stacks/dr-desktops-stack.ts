import { Construct } from "constructs";
import { Fn, TerraformOutput } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { ConnectionAlias } from "../modules/connection-alias";
import { StandbyWorkspaces } from "../modules/standby-workspaces";
import { WorkspacesQuotaCheck } from "../modules/workspaces-quota";
import type { RegionalWorkspaces } from "../modules/regional-workspaces";
import type { DesktopGroupOutputs } from "./desktop-group-stack";
import type { DesktopsOutputs } from "./desktops-stack";
import type { IdentityOutputs } from "./identity-stack";
import type { NetworkOutputs } from "./network-stack";
import { DR_REGION_STACKS, defaultTags } from "../topology";
import { VdiStack } from "./vdi-stack";

/** What the redirection stack reads from the DR desktops. */
export interface DrDesktopsOutputs {
  /** The DR Region's association of the connection alias. */
  readonly connectionIdentifier: string;
}

/**
 * The DR Region's WorkSpaces: the registration with the primary's access rules and settings, the connection
 * alias associated with it, a volume key, standby WorkSpaces linked to the primary ones, and monitoring.
 */
export class DrDesktopsStack extends VdiStack {
  readonly outputs: DrDesktopsOutputs;

  constructor(
    scope: Construct,
    config: VdiConfig,
    network: NetworkOutputs,
    identity: IdentityOutputs,
    primary: { readonly desktops: DesktopsOutputs; readonly groups: readonly DesktopGroupOutputs[] },
    regional: RegionalWorkspaces,
  ) {
    super(scope, DR_REGION_STACKS.desktops, config);
    const dr = config.disasterRecovery!;
    const registration = regional.registerDirectory(this, identity.directoryId, network.privateSubnetIds);
    const monitoring = regional.monitoring(this, registration.directoryId);
    const functionSettings = { logRetentionDays: config.monitoring.logRetentionDays, logKey: monitoring.key };
    const alias = new ConnectionAlias(this, "connection-alias", {
      connectionString: dr.connectionAlias,
      directoryId: registration.directoryId,
      region: this.region,
      functionName: `${this.prefix}-connection-alias`,
      ...functionSettings,
    });
    if (dr.standby) {
      // Standby WorkSpaces count against the DR Region's own WorkSpaces quota: one per user.
      new WorkspacesQuotaCheck(this, "workspaces-quota", { desktops: config.desktops.users.length });
      const volumeKey = regional.volumeKey(this);
      const standby = new StandbyWorkspaces(this, "standby", {
        primaryRegion: config.region,
        region: this.region,
        directoryId: registration.directoryId,
        primaryWorkspaceIds: primaryWorkspaceIdsOf(primary),
        desktops: Object.fromEntries(
          config.desktops.users.map((user) => [
            user.userName,
            // The function creates these desktops: they get the tags the provider gives the stack's resources.
            { ...defaultTags(config, DR_REGION_STACKS.desktops), ...user.tags, user: user.userName },
          ]),
        ),
        volumeKeyArn: volumeKey.arn,
        functionName: `${this.prefix}-standby-workspaces`,
        ...functionSettings,
      });
      new TerraformOutput(this, "standby_workspace_ids", { value: standby.workspaceIdsByUser, description: "Standby WorkSpace ID per user name" });
    }
    new TerraformOutput(this, "registration_code", {
      value: registration.registrationCode,
      description: "The DR Region's own registration code (users use the connection alias)",
    });
    new TerraformOutput(this, "directory_id", {
      value: registration.directoryId,
      description: "The directory registered with WorkSpaces in the DR Region",
    });
    new TerraformOutput(this, "connection_identifier", {
      value: alias.connectionIdentifier,
      description: "The DR Region's SECONDARY TXT record value",
    });
    new TerraformOutput(this, "dashboard_name", { value: monitoring.dashboardName, description: "Name of the DR Region's CloudWatch dashboard" });
    new TerraformOutput(this, "alarm_topic_arn", {
      value: monitoring.topicArn,
      description: "SNS topic the DR Region's alarms notify; subscribe more endpoints to it",
    });
    this.outputs = { connectionIdentifier: alias.connectionIdentifier };
  }
}

/**
 * Every user's primary WorkSpace ID: the desktops stack's and each desktop group's, read (cross-stack references,
 * through topology's stateReadOf) from their states' replicas in the DR Region. User names are unique across the
 * stacks, so the merge loses none. Without groups, the desktops stack's map as it is.
 */
function primaryWorkspaceIdsOf(primary: { readonly desktops: DesktopsOutputs; readonly groups: readonly DesktopGroupOutputs[] }) {
  if (primary.groups.length === 0) return primary.desktops.workspaceIdsByUser;
  return Fn.merge([primary.desktops.workspaceIdsByUser, ...primary.groups.map((group) => group.workspaceIdsByUser)]);
}
