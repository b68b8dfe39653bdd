import { Construct } from "constructs";
import { DataAwsWorkspacesBundle } from "@cdktf/provider-aws/lib/data-aws-workspaces-bundle";
import { WorkspacesWorkspace } from "@cdktf/provider-aws/lib/workspaces-workspace";

/** A bundle by ID, or by name (and owner: `AMAZON` for public bundles). */
export type BundleSelector = { readonly bundleId: string } | { readonly owner?: string; readonly name: string };

export interface DesktopSpec {
  /** An existing user of the directory; WorkSpaces cannot create users. */
  readonly userName: string;
  readonly bundle: BundleSelector;
  readonly runningMode: "AUTO_STOP" | "ALWAYS_ON";
  /** Used with AUTO_STOP; a multiple of 60. */
  readonly autoStopTimeoutMinutes: number;
  readonly rootVolumeGib: number;
  readonly userVolumeGib: number;
  readonly computeType: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface WorkspaceFleetProps {
  /** The registered directory (the registration's ID, so desktops wait for it). */
  readonly directoryId: string;
  /** Symmetric customer-managed key for the root and user volumes. */
  readonly volumeKeyArn: string;
  readonly desktops: readonly DesktopSpec[];
  /**
   * Refuse `terraform destroy` and replacements of desktops: they hold users' data.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

export interface DeployedDesktop {
  readonly userName: string;
  readonly workspaceId: string;
}

/**
 * One encrypted WorkSpace per user. Each desktop's Terraform address is derived from its user name
 * alone, so adding or removing a user never touches another user's desktop.
 */
export class WorkspaceFleet extends Construct {
  readonly desktops: DeployedDesktop[];

  constructor(scope: Construct, id: string, props: WorkspaceFleetProps) {
    super(scope, id);
    const bundleIds = new Map<string, string>();
    const bundleIdOf = (bundle: BundleSelector): string => {
      if ("bundleId" in bundle) return bundle.bundleId;
      const key = `${bundle.owner ?? "self"}/${bundle.name}`;
      let found = bundleIds.get(key);
      if (found === undefined) {
        found = new DataAwsWorkspacesBundle(this, `bundle ${key.replace(/\//g, " ")}`, { owner: bundle.owner, name: bundle.name }).id;
        bundleIds.set(key, found);
      }
      return found;
    };

    this.desktops = props.desktops.map((desktop) => {
      const workspace = new WorkspacesWorkspace(this, `desktop-${desktop.userName.toLowerCase()}`, {
        directoryId: props.directoryId,
        bundleId: bundleIdOf(desktop.bundle),
        userName: desktop.userName,
        rootVolumeEncryptionEnabled: true,
        userVolumeEncryptionEnabled: true,
        volumeEncryptionKey: props.volumeKeyArn,
        workspaceProperties: {
          computeTypeName: desktop.computeType,
          rootVolumeSizeGib: desktop.rootVolumeGib,
          userVolumeSizeGib: desktop.userVolumeGib,
          runningMode: desktop.runningMode,
          runningModeAutoStopTimeoutInMinutes:
            desktop.runningMode === "AUTO_STOP" ? desktop.autoStopTimeoutMinutes : undefined,
        },
        tags: { ...desktop.tags, user: desktop.userName },
        // A WorkSpace takes up to an hour to become available.
        timeouts: { create: "90m", update: "60m", delete: "60m" },
        lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      });
      return { userName: desktop.userName, workspaceId: workspace.id };
    });
  }
}
