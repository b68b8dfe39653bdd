import type { Construct } from "constructs";
import type { IResolvable } from "cdktf";
import { EncryptionKey, alarmPublishersStatement, workspacesVolumesStatement } from "./encryption-key";
import { ExistingSecret } from "./existing-secret";
import { FleetMonitoring, type FleetMonitoringProps } from "./fleet-monitoring";
import { IpAccessControl, type IpRule } from "./ip-access";
import { RadiusMfa, type RadiusMfaProps } from "./radius-mfa";
import { ExistingWorkspacesServiceRole } from "./service-role";
import { WorkspacesRegistration, type WorkspacesRegistrationProps } from "./workspaces-registration";

/** The registration's settings, the same in every Region: all but what the Region's own stacks provide. */
export type RegistrationSettings = Omit<WorkspacesRegistrationProps, "directoryId" | "subnetIds" | "ipGroupIds" | "dependsOn">;

/** The monitoring's settings, the same in every Region. */
export type MonitoringSettings = Pick<FleetMonitoringProps, "alarmEmail" | "connectionFailureThreshold" | "logRetentionDays">;

/** RADIUS MFA's settings, the same in every Region; the shared secret is read from Secrets Manager. */
export interface RadiusSettings extends Omit<RadiusMfaProps, "directoryId" | "directorySecurityGroupId" | "sharedSecret"> {
  /** Secrets Manager ID or ARN of the shared secret. */
  readonly sharedSecretId: string;
}

export interface RegionalWorkspacesProps {
  /** Prefix of resource names in this Region; distinct per Region where AWS names are account-wide (dashboards). */
  readonly name: string;
  /** The Region the stacks deploy to: the keys admit its WorkSpaces and CloudWatch only. */
  readonly region: string;
  /** Client address ranges that may connect. */
  readonly ipRules: readonly IpRule[];
  /** The registration's settings. */
  readonly registration: RegistrationSettings;
  /** The alarms' and access log's settings. */
  readonly monitoring: MonitoringSettings;
  /** RADIUS MFA on the directory. @default none */
  readonly radius?: RadiusSettings;
  /** Where the secrets the deployment names (RADIUS shared secret, service account password) live. @default this Region */
  readonly secretRegion?: string;
}

/** The monitoring of one Region's registered directory. */
export interface RegionalMonitoring {
  /** Encrypts the alarm topic and the access log; other functions of the stack log with it too. */
  readonly key: EncryptionKey;
  /** The alarm topic: the stack's other alarms and functions report there. */
  readonly topicArn: string;
  /** The CloudWatch dashboard of the directory's fleet. */
  readonly dashboardName: string;
}

/**
 * What every Region of the deployment builds alike from one set of typed settings: RADIUS MFA on its directory, the
 * directory's WorkSpaces registration with its IP access groups, the key of its WorkSpaces volumes, and its
 * monitoring. Not a construct: each part is created directly in the scope asked for (the Region's identity or
 * desktops stack) under the construct IDs written here, so its resources keep the addresses they have directly under
 * their stack. Those IDs are a contract (the resource-address snapshot): one scope takes each part once.
 */
export class RegionalWorkspaces {
  constructor(readonly props: RegionalWorkspacesProps) {}

  /** RADIUS MFA on `directory` when configured, with an egress rule per server on the directory's security group. */
  radiusMfa(scope: Construct, directory: { readonly directoryId: string; readonly securityGroupId: string }): void {
    const radius = this.props.radius;
    if (!radius) return;
    const { sharedSecretId, ...settings } = radius;
    const sharedSecret = new ExistingSecret(scope, "radius-shared-secret", { secretId: sharedSecretId, region: this.props.secretRegion });
    new RadiusMfa(scope, "radius-mfa", {
      directoryId: directory.directoryId,
      directorySecurityGroupId: directory.securityGroupId,
      ...settings,
      sharedSecret: sharedSecret.value,
    });
  }

  /** A secret the deployment names (the AD Connector's service account password), read where it lives. */
  existingSecret(scope: Construct, id: string, secretId: string): ExistingSecret {
    return new ExistingSecret(scope, id, { secretId, region: this.props.secretRegion });
  }

  /** The directory registered with WorkSpaces after the service role lookup, with the IP access groups and the settings. */
  registerDirectory(scope: Construct, directoryId: string, subnetIds: string[]): WorkspacesRegistration {
    const serviceRole = new ExistingWorkspacesServiceRole(scope, "service-role");
    const ipAccess = new IpAccessControl(scope, "ip-access", { name: this.props.name, rules: this.props.ipRules });
    return new WorkspacesRegistration(scope, "registration", {
      ...this.props.registration,
      directoryId,
      subnetIds,
      ipGroupIds: ipAccess.groupIds,
      dependsOn: [serviceRole.lookup],
    });
  }

  /** The key of the Region's WorkSpaces volumes, usable only through WorkSpaces in the Region. */
  volumeKey(scope: Construct): EncryptionKey {
    return new EncryptionKey(scope, "volume-key", {
      alias: `${this.props.name}-workspaces-volumes`,
      description: `${this.props.name}: encrypts the WorkSpaces root and user volumes`,
      serviceStatements: (account) => [workspacesVolumesStatement(this.props.region, account)],
    });
  }

  /**
   * The encrypted alarm topic, alarms, access log and dashboard of a registered directory, and their key;
   * `workspaceIdsByUser` (desktops this deployment's Terraform manages) each get an `Unhealthy` alarm.
   */
  monitoring(scope: Construct, directoryId: string, workspaceIdsByUser?: IResolvable): RegionalMonitoring {
    const key = new EncryptionKey(scope, "monitoring-key", {
      alias: `${this.props.name}-workspaces-monitoring`,
      description: `${this.props.name}: encrypts the WorkSpaces alarm topic and access log`,
      cloudWatchLogsRegion: this.props.region,
      serviceStatements: (account) => [alarmPublishersStatement(this.props.region, account)],
    });
    const monitoring = new FleetMonitoring(scope, "monitoring", {
      name: this.props.name,
      region: this.props.region,
      directoryId,
      workspaceIdsByUser,
      key,
      ...this.props.monitoring,
    });
    return { key, topicArn: monitoring.topicArn, dashboardName: monitoring.dashboardName };
  }
}
