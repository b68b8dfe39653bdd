import { Construct } from "constructs";
import { Fn, TerraformIterator, TerraformLocal, Token, type IResolvable, type ITerraformDependable } from "cdktf";
import { DataAwsWorkspacesBundle } from "@cdktf/provider-aws/lib/data-aws-workspaces-bundle";
import { WorkspacesWorkspace } from "@cdktf/provider-aws/lib/workspaces-workspace";
import { objectOf, PlainLocal } from "../synthesis/plain-value";
import { addCheckBlock, addressOf } from "./checks";
import { COMPUTE_TYPE_FAMILIES, familyOf } from "./compute-types";

/** A bundle by ID, or by name (and owner: `AMAZON` for public bundles). */
export type BundleSelector = { readonly bundleId: string } | { readonly owner?: string; readonly name: string };

export interface DesktopSpec {
  /** An existing user of the directory; WorkSpaces cannot create users. */
  readonly userName: string;
  /** The bundle the desktop is created from. */
  readonly bundle: BundleSelector;
  /** `AUTO_STOP` bills by the hour and stops after the timeout; `ALWAYS_ON` bills monthly. */
  readonly runningMode: "AUTO_STOP" | "ALWAYS_ON";
  /** Used with AUTO_STOP; a multiple of 60. */
  readonly autoStopTimeoutMinutes: number;
  /** Root volume size; with `userVolumeGib` one of the pairs WorkSpaces accepts. */
  readonly rootVolumeGib: number;
  /** User volume size (the user's data). */
  readonly userVolumeGib: number;
  /** WorkSpaces compute type, e.g. `STANDARD`; a GPU type needs a bundle of its family. */
  readonly computeType: string;
  /** Tags of this desktop, added to the default tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Desktop settings users may change themselves through the registration's self-service permissions. */
export type UserManagedSetting = "volumeSizes" | "computeType" | "runningMode";

/** The `workspace_properties` arguments each user-managed setting covers. */
const USER_MANAGED_ARGUMENTS: Record<UserManagedSetting, readonly string[]> = {
  volumeSizes: ["root_volume_size_gib", "user_volume_size_gib"],
  computeType: ["compute_type_name"],
  runningMode: ["running_mode", "running_mode_auto_stop_timeout_in_minutes"],
};

export interface WorkspaceFleetProps {
  /** The registered directory (the registration's ID, so desktops wait for it). */
  readonly directoryId: string;
  /** Symmetric customer-managed key for the root and user volumes. */
  readonly volumeKeyArn: string;
  /** One desktop per user; users are the `for_each` keys. */
  readonly desktops: readonly DesktopSpec[];
  /**
   * Refuse `terraform destroy` and replacements of desktops: they hold users' data.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Settings users change themselves (self-service): Terraform leaves them as the users set them instead of
   * reverting them on the next apply (or failing it: volumes cannot shrink). The configured values apply at creation.
   * @default none
   */
  readonly userManaged?: readonly UserManagedSetting[];
  /**
   * Users whose desktops are image builders: created without volume encryption, because WorkSpaces cannot make an
   * image of an encrypted desktop. Encryption cannot change on an existing desktop: listing or unlisting a user
   * replaces their desktop.
   * @default none
   */
  readonly imageBuilders?: readonly string[];
  /**
   * Checks the desktops wait for (the WorkSpaces quota): when one fails, Terraform plans no desktop, so the plan
   * stops at that check instead of also reporting the desktops' own checks as unknown.
   * @default none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** WorkSpace states that need an administrator (the others are normal, e.g. STOPPED for AUTO_STOP). */
const FAILED_STATES = ["ERROR", "UNHEALTHY", "IMPAIRED", "SUSPENDED"];

const bundleKey = (bundle: BundleSelector) => ("bundleId" in bundle ? `id ${bundle.bundleId}` : `${bundle.owner ?? "account"} ${bundle.name}`);

/**
 * One bundle lookup per distinct bundle (by ID or by owner and name). Each checks, at plan time, what WorkSpaces
 * would otherwise refuse only at creation, an hour into the apply: the bundle's root volume fits the smallest root
 * volume asked of it, and its compute type is of the family of every compute type asked of it (no GPU compute
 * type on a Standard bundle). The conditions use no `||`, which short-circuits only from Terraform 1.12.
 */
function lookUpBundles(scope: Construct, desktops: readonly DesktopSpec[]): Map<string, string> {
  const needs = new Map<string, { bundle: BundleSelector; rootGib: number; computeTypes: Set<string> }>();
  for (const desktop of desktops) {
    const key = bundleKey(desktop.bundle);
    const need = needs.get(key) ?? { bundle: desktop.bundle, rootGib: desktop.rootVolumeGib, computeTypes: new Set<string>() };
    need.rootGib = Math.min(need.rootGib, desktop.rootVolumeGib);
    need.computeTypes.add(desktop.computeType);
    needs.set(key, need);
  }
  const ids = new Map<string, string>();
  for (const [key, { bundle, rootGib, computeTypes }] of needs) {
    const label = "bundleId" in bundle ? bundle.bundleId : `"${bundle.name}"`;
    const families = [...new Set([...computeTypes].map((computeType) => familyOf(computeType)!))];
    const lookup = new DataAwsWorkspacesBundle(scope, `bundle ${key}`, {
      ...("bundleId" in bundle ? { bundleId: bundle.bundleId } : { owner: bundle.owner, name: bundle.name }),
      lifecycle: {
        postcondition: [
          {
            condition: `\${alltrue([for storage in self.root_storage : tonumber(storage.capacity) <= ${rootGib}])}`,
            errorMessage: `Bundle ${label} needs a root volume larger than the ${rootGib} GiB configured: raise rootVolumeGib or pick another bundle.`,
          },
          ...families.map((family) => {
            const members = COMPUTE_TYPE_FAMILIES[family];
            const asked = [...computeTypes].filter((computeType) => familyOf(computeType) === family);
            return {
              condition: `\${alltrue([for type in self.compute_type : contains(${JSON.stringify(members)}, type.name)])}`,
              errorMessage: `Bundle ${label} is a \${join(", ", self.compute_type[*].name)} bundle: it cannot run compute type ${asked.join(", ")}; pick a bundle of that family.`,
            };
          }),
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
 *
 * Terraform time grows linearly with the fleet too: Terraform evaluates a resource's `for_each` expression again
 * for every instance (in plan and apply) and parses it again for every instance's reference analysis, so the
 * `for_each` is a short reference to a local map of user names, and each desktop reads its settings from another
 * local by its key. A `for_each` map literal holding every desktop's settings made plan time grow with the square
 * of the fleet (500 desktops: 466 s instead of 7 s, mocked provider; docs/performance.md).
 */
export class WorkspaceFleet extends Construct {
  /** The for_each resource; one instance per user name. */
  readonly workspaces: WorkspacesWorkspace;
  /** User name → WorkSpace ID. */
  readonly workspaceIdsByUser: IResolvable;
  private readonly workspaceIds: TerraformLocal;

  constructor(scope: Construct, id: string, props: WorkspaceFleetProps) {
    super(scope, id);
    const bundleIds = lookUpBundles(this, props.desktops);
    const bundleIdOf = (bundle: BundleSelector) => bundleIds.get(bundleKey(bundle))!;
    const builders = new Set(props.imageBuilders ?? []);

    // Plain values, which cdktf's resolver skips: walking them was most of a 1,000-user synth (docs/performance.md).
    const settings = new PlainLocal(
      this,
      "desktop-settings",
      objectOf(
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
            encrypted: !builders.has(spec.userName),
            volume_key: builders.has(spec.userName) ? null : props.volumeKeyArn,
          },
        ]),
      ),
    );
    const users = new PlainLocal(this, "users", objectOf(props.desktops.map((spec) => [spec.userName, spec.userName])));
    const desktop = TerraformIterator.fromMap(users.asAnyMap);
    const setting = (name: string) => Fn.lookupNested(settings.asAnyMap, [desktop.key, name]);
    this.workspaces = new WorkspacesWorkspace(this, "desktops", {
      forEach: desktop,
      directoryId: props.directoryId,
      userName: desktop.key,
      bundleId: Token.asString(setting("bundle_id")),
      rootVolumeEncryptionEnabled: setting("encrypted"),
      userVolumeEncryptionEnabled: setting("encrypted"),
      volumeEncryptionKey: Token.asString(setting("volume_key")),
      workspaceProperties: {
        computeTypeName: Token.asString(setting("compute_type")),
        rootVolumeSizeGib: Token.asNumber(setting("root_volume_gib")),
        userVolumeSizeGib: Token.asNumber(setting("user_volume_gib")),
        runningMode: Token.asString(setting("running_mode")),
        runningModeAutoStopTimeoutInMinutes: Token.asNumber(setting("auto_stop_timeout_minutes")),
      },
      tags: Token.asStringMap(setting("tags")),
      // A WorkSpace takes up to an hour to become available.
      timeouts: { create: "90m", update: "60m", delete: "60m" },
      dependsOn: props.dependsOn && [...props.dependsOn],
      lifecycle: {
        preventDestroy: props.preventDestroy ? true : undefined,
        // bundle_id forces a new WorkSpace, which loses the user's volume. A bundle looked up by name can get a new
        // ID when AWS replaces a public bundle: that, or a changed bundle, applies to new desktops only.
        ignoreChanges: [
          "bundle_id",
          ...(props.userManaged ?? []).flatMap((setting) => USER_MANAGED_ARGUMENTS[setting].map((argument) => `workspace_properties[0].${argument}`)),
        ],
      },
    });
    // The recipe's final check, as a warning on every plan and apply: a postcondition here would block every
    // change to the fleet (a new user, an IP rule) while one desktop is unhealthy, which happens in normal
    // operations. The Unhealthy alarm reports it too.
    const desktops = addressOf(this.workspaces);
    const failed = `contains(${JSON.stringify(FAILED_STATES)}, desktop.state) || desktop.ip_address == ""`;
    addCheckBlock(this, "desktops_usable", {
      assertions: () => [
        {
          condition: `\${alltrue([for user, desktop in ${desktops} : !(${failed})])}`,
          errorMessage: `WorkSpaces that need attention (see their state in the WorkSpaces console): \${join(", ", [for user, desktop in ${desktops} : "\${user} (\${desktop.id}, \${desktop.state})" if ${failed}])}`,
        },
      ],
    });
    // One local for every reader of the IDs (the alarms, one user's ID, the output): a reference to one instance
    // (`resource["key"].id`) or a `for_each` over the resource makes Terraform build the whole fleet's value for
    // every referring instance, while a local is evaluated once per plan.
    this.workspaceIds = new TerraformLocal(
      this,
      "workspace-ids",
      TerraformIterator.fromResources(this.workspaces).forExpressionForMap("key", "val.id"),
    );
    this.workspaceIdsByUser = Token.asAny(this.workspaceIds.asAnyMap);
  }

  /** The WorkSpace ID of one user's desktop. */
  workspaceIdOf(userName: string): string {
    return Token.asString(Fn.lookupNested(this.workspaceIds.asAnyMap, [userName]));
  }
}
