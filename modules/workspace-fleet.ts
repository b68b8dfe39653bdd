import { Construct } from "constructs";
import { TerraformIterator, type IResolvable } from "cdktf";
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

/**
 * One encrypted WorkSpace per user, as a single resource with `for_each` keyed by user name: each
 * desktop's address is `…["<user name>"]`, so adding or removing a user never touches another
 * user's desktop, and synth time barely grows with the fleet.
 */
export class WorkspaceFleet extends Construct {
  /** The for_each resource; one instance per user name. */
  readonly workspaces: WorkspacesWorkspace;
  /** User name → WorkSpace ID. */
  readonly workspaceIdsByUser: IResolvable;

  constructor(scope: Construct, id: string, props: WorkspaceFleetProps) {
    super(scope, id);
    const bundleIds = lookUpBundles(this, props.desktops);
    const bundleIdOf = (bundle: BundleSelector) => ("bundleId" in bundle ? bundle.bundleId : bundleIds.get(bundleKey(bundle))!);

    const desktop = TerraformIterator.fromMap(
      Object.fromEntries(
        props.desktops.map((spec) => [
          spec.userName,
          {
            bundle_id: bundleIdOf(spec.bundle),
            compute_type: spec.computeType,
            root_volume_gib: spec.rootVolumeGib,
            user_volume_gib: spec.userVolumeGib,
            running_mode: spec.runningMode,
            auto_stop_timeout_minutes: spec.runningMode === "AUTO_STOP" ? spec.autoStopTimeoutMinutes : null,
            tags: { ...spec.tags, user: spec.userName },
          },
        ]),
      ),
    );
    this.workspaces = new WorkspacesWorkspace(this, "desktops", {
      forEach: desktop,
      directoryId: props.directoryId,
      userName: desktop.key,
      bundleId: desktop.getString("bundle_id"),
      rootVolumeEncryptionEnabled: true,
      userVolumeEncryptionEnabled: true,
      volumeEncryptionKey: props.volumeKeyArn,
      workspaceProperties: {
        computeTypeName: desktop.getString("compute_type"),
        rootVolumeSizeGib: desktop.getNumber("root_volume_gib"),
        userVolumeSizeGib: desktop.getNumber("user_volume_gib"),
        runningMode: desktop.getString("running_mode"),
        runningModeAutoStopTimeoutInMinutes: desktop.getNumber("auto_stop_timeout_minutes"),
      },
      tags: desktop.getStringMap("tags"),
      // A WorkSpace takes up to an hour to become available.
      timeouts: { create: "90m", update: "60m", delete: "60m" },
      lifecycle: {
        preventDestroy: props.preventDestroy ? true : undefined,
        // The recipe's final check, on every apply and plan: the desktop is usable.
        postcondition: [
          {
            condition: `\${!contains(${JSON.stringify(FAILED_STATES)}, self.state) && self.ip_address != ""}`,
            errorMessage: "The WorkSpace of ${each.key} (${self.id}) is ${self.state} without a usable IP address: see its state in the WorkSpaces console.",
          },
        ],
      },
    });
    this.workspaceIdsByUser = TerraformIterator.fromResources(this.workspaces).forExpressionForMap("key", "val.id");
  }
}
