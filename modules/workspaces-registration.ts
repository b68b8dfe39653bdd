import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { WorkspacesDirectory } from "@cdktf/provider-aws/lib/workspaces-directory";

export type DeviceAccess = "ALLOW" | "DENY";

export interface DeviceAccessRules {
  /** Windows client. */
  readonly windows: DeviceAccess;
  /** macOS client. */
  readonly osx: DeviceAccess;
  /** Linux client. */
  readonly linux: DeviceAccess;
  /** iPad client. */
  readonly ios: DeviceAccess;
  /** Android client. */
  readonly android: DeviceAccess;
  /** Chromebook client. */
  readonly chromeOs: DeviceAccess;
  /** PCoIP zero clients. */
  readonly zeroClient: DeviceAccess;
  /** Web Access (browser). */
  readonly web: DeviceAccess;
}

/** What users may do to their own desktop from the WorkSpaces client. */
export interface SelfServicePermissions {
  /** Users may restart their desktop. */
  readonly restartWorkspace: boolean;
  /** Users may grow their volumes. */
  readonly increaseVolumeSize: boolean;
  /** Users may change their compute type. */
  readonly changeComputeType: boolean;
  /** Users may switch their running mode. */
  readonly switchRunningMode: boolean;
  /** Users may rebuild their desktop from its bundle. */
  readonly rebuildWorkspace: boolean;
}

/** SAML 2.0 sign-in through an identity provider (IAM Identity Center, Entra ID, Okta…). */
export interface SamlSignIn {
  /** The identity provider's user access URL for the WorkSpaces application (https). */
  readonly userAccessUrl: string;
  /**
   * The query parameter the identity provider reads the relay state from.
   * @default "RelayState"
   */
  readonly relayStateParameterName?: string;
  /**
   * Let clients without SAML 2.0 support sign in with the directory password instead.
   * @default false
   */
  readonly allowDirectoryLoginFallback?: boolean;
}

const RESTART_ONLY: SelfServicePermissions = {
  restartWorkspace: true,
  increaseVolumeSize: false,
  changeComputeType: false,
  switchRunningMode: false,
  rebuildWorkspace: false,
};

export interface WorkspacesRegistrationProps {
  /** The directory to register with WorkSpaces. */
  readonly directoryId: string;
  /** The two private subnets; they can never be changed after registration. */
  readonly subnetIds: string[];
  /** IP access control groups; none means any address may connect. */
  readonly ipGroupIds: string[];
  /** Which clients may connect. */
  readonly devices: DeviceAccessRules;
  /** Resources to exist first, such as the service role's policy attachments. @default none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Give desktops public IPs. Off: desktops in private subnets reach the internet through NAT.
   * @default false
   */
  readonly enableInternetAccess?: boolean;
  /** @default false */
  readonly userEnabledAsLocalAdministrator?: boolean;
  /** @default restarts only */
  readonly selfService?: SelfServicePermissions;
  /**
   * Automatic Windows updates during the maintenance window.
   * @default true
   */
  readonly enableMaintenanceMode?: boolean;
  /**
   * A security group of the registered subnets' VPC, added to every new desktop. Once set, WorkSpaces cannot unset it.
   * @default none
   */
  readonly customSecurityGroupId?: string;
  /**
   * Distinguished name of the OU for new desktops' computer objects. Once set, WorkSpaces cannot unset it.
   * @default the directory's Computers container
   */
  readonly defaultOu?: string;
  /**
   * SAML 2.0 sign-in; without it, SAML is explicitly disabled, so removing it turns SAML off.
   * @default directory sign-in only
   */
  readonly saml?: SamlSignIn;
  /**
   * AWS Private CA for certificate-based authentication after SAML sign-in (no Windows password prompt); needs `saml`.
   * @default disabled
   */
  readonly certificateAuthorityArn?: string;
}

/** Registers a directory with WorkSpaces (recipe step 6); self-service, creation and sign-in settings default to the conservative choice. */
export class WorkspacesRegistration extends Construct {
  /** The registered directory's ID: using it orders desktops after the registration. */
  readonly directoryId: string;
  /** Users enter this code in the WorkSpaces client. */
  readonly registrationCode: string;

  constructor(scope: Construct, id: string, props: WorkspacesRegistrationProps) {
    super(scope, id);
    if (props.certificateAuthorityArn !== undefined && props.saml === undefined) {
      throw new Error(
        `${this.node.path}: certificateAuthorityArn is ${props.certificateAuthorityArn} but saml is not set: certificate-based authentication ` +
          "follows a SAML 2.0 sign-in; set saml too, or leave certificateAuthorityArn out",
      );
    }
    const devices = props.devices;
    const saml = props.saml;
    const selfService = props.selfService ?? RESTART_ONLY;
    const registration = new WorkspacesDirectory(this, "directory", {
      directoryId: props.directoryId,
      subnetIds: props.subnetIds,
      ipGroupIds: props.ipGroupIds,
      selfServicePermissions: {
        restartWorkspace: selfService.restartWorkspace,
        increaseVolumeSize: selfService.increaseVolumeSize,
        changeComputeType: selfService.changeComputeType,
        switchRunningMode: selfService.switchRunningMode,
        rebuildWorkspace: selfService.rebuildWorkspace,
      },
      // Both blocks are optional and computed in the provider: left out, a later removal from the
      // configuration would leave SAML or certificate-based authentication on. SAML is applied first.
      samlProperties: saml
        ? {
            status: saml.allowDirectoryLoginFallback ? "ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK" : "ENABLED",
            userAccessUrl: saml.userAccessUrl,
            relayStateParameterName: saml.relayStateParameterName ?? "RelayState",
          }
        : { status: "DISABLED" },
      certificateBasedAuthProperties: props.certificateAuthorityArn
        ? { status: "ENABLED", certificateAuthorityArn: props.certificateAuthorityArn }
        : { status: "DISABLED" },
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
        enableMaintenanceMode: props.enableMaintenanceMode ?? true,
        customSecurityGroupId: props.customSecurityGroupId,
        defaultOu: props.defaultOu,
      },
      dependsOn: props.dependsOn,
    });
    this.directoryId = registration.id;
    this.registrationCode = registration.registrationCode;
  }
}
