import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { WorkspacesDirectory } from "@cdktf/provider-aws/lib/workspaces-directory";

export type DeviceAccess = "ALLOW" | "DENY";

export interface DeviceAccessRules {
  readonly windows: DeviceAccess;
  readonly osx: DeviceAccess;
  readonly linux: DeviceAccess;
  readonly ios: DeviceAccess;
  readonly android: DeviceAccess;
  readonly chromeOs: DeviceAccess;
  readonly zeroClient: DeviceAccess;
  readonly web: DeviceAccess;
}

export interface WorkspacesRegistrationProps {
  readonly directoryId: string;
  /** The two private subnets; they can never be changed after registration. */
  readonly subnetIds: string[];
  /** IP access control groups; none means any address may connect. */
  readonly ipGroupIds: string[];
  readonly devices: DeviceAccessRules;
  /** Resources to exist first, such as the service role's policy attachments. */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Give desktops public IPs. Off: desktops in private subnets reach the internet through NAT.
   * @default false
   */
  readonly enableInternetAccess?: boolean;
  /** @default false */
  readonly userEnabledAsLocalAdministrator?: boolean;
}

/** Registers a directory with WorkSpaces (recipe step 6) with conservative self-service and creation settings. */
export class WorkspacesRegistration extends Construct {
  /** The registered directory's ID: using it orders desktops after the registration. */
  readonly directoryId: string;
  /** Users enter this code in the WorkSpaces client. */
  readonly registrationCode: string;

  constructor(scope: Construct, id: string, props: WorkspacesRegistrationProps) {
    super(scope, id);
    const devices = props.devices;
    const registration = new WorkspacesDirectory(this, "directory", {
      directoryId: props.directoryId,
      subnetIds: props.subnetIds,
      ipGroupIds: props.ipGroupIds,
      selfServicePermissions: {
        restartWorkspace: true,
        increaseVolumeSize: false,
        changeComputeType: false,
        switchRunningMode: false,
        rebuildWorkspace: false,
      },
      workspaceAccessProperties: {
        deviceTypeWindows: devices.windows,
        deviceTypeOsx: devices.osx,
        deviceTypeLinux: devices.linux,
        deviceTypeIos: devices.ios,
        deviceTypeAndroid: devices.android,
        deviceTypeChromeos: devices.chromeOs,
        deviceTypeZeroclient: devices.zeroClient,
        deviceTypeWeb: devices.web,
      },
      workspaceCreationProperties: {
        enableInternetAccess: props.enableInternetAccess ?? false,
        userEnabledAsLocalAdministrator: props.userEnabledAsLocalAdministrator ?? false,
        enableMaintenanceMode: true,
      },
      dependsOn: props.dependsOn,
    });
    this.directoryId = registration.id;
    this.registrationCode = registration.registrationCode;
  }
}
