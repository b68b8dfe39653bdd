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

/** WorkSpace states that need an administrator (the others are normal, e.g. STOPPED for AUTO_STOP). */
const FAILED_STATES = ["ERROR", "UNHEALTHY", "IMPAIRED", "SUSPENDED"];

const bundleKey = (bundle: { owner?: string; name: string }) => `${bundle.owner ?? "account"} ${bundle.name}`;

/**
 * One bundle lookup per distinct (owner, name). Each checks that the bundle's root volume fits the
 * smallest root volume asked of it, which WorkSpaces would otherwise refuse only at creation.
 */
function lookUpBundles(scope: Construct, desktops: readonly DesktopSpec[]): Map<string, string> {
  const smallestRoot = new Map<string, { bundle: { owner?: string; name: string }; rootGib: number }>();
  for (const desktop of desktops) {
    if ("bundleId" in desktop.bundle) continue;
    const key = bundleKey(desktop.bundle);
    const current = smallestRoot.get(key);
    if (!current || desktop.rootVolumeGib < current.rootGib) smallestRoot.set(key, { bundle: desktop.bundle, rootGib: desktop.rootVolumeGib });
  }
  const ids = new Map<string, string>();
  for (const [key, { bundle, rootGib }] of smallestRoot) {
    const lookup = new DataAwsWorkspacesBundle(scope, `bundle ${key}`, {
      owner: bundle.owner,
      name: bundle.name,
      lifecycle: {
        postcondition: [
          {
            condition: `\${length(self.root_storage) == 0 || tonumber(self.root_storage[0].capacity) <= ${rootGib}}`,
            errorMessage: `Bundle "${bundle.name}" needs a root volume larger than the ${rootGib} GiB configured: raise rootVolumeGib or pick another bundle.`,
          },
        ],
      },
    });
    ids.set(key, lookup.id);
  }
  return ids;
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
    const bundleIds = lookUpBundles(this, props.desktops);
    const bundleIdOf = (bundle: BundleSelector) => ("bundleId" in bundle ? bundle.bundleId : bundleIds.get(bundleKey(bundle))!);

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
        lifecycle: {
          preventDestroy: props.preventDestroy ? true : undefined,
          // The recipe's final check, on every apply and plan: the desktop is usable.
          postcondition: [
            {
              condition: `\${!contains(${JSON.stringify(FAILED_STATES)}, self.state) && self.ip_address != ""}`,
              errorMessage: `The WorkSpace of ${desktop.userName} (\${self.id}) is \${self.state} without a usable IP address: see its state in the WorkSpaces console.`,
            },
          ],
        },
      });
      return { userName: desktop.userName, workspaceId: workspace.id };
    });
  }
}
