import * as z from "zod/mini";
import { COMPUTE_TYPES, familyOf, familyOfPublicBundleName } from "../modules/compute-types";
import type { DesktopSpec } from "../modules/workspace-fleet";
import { desktopGroupStackName, PRIMARY_REGION_STACKS } from "../topology";
import { formatKeyPath } from "./errors";
import { registrationSettings } from "./registration-schema";
import { acrossKeys, type Issue } from "./refine-when";
import { directoryUserName, tagMap } from "./rules";

export const RUNNING_MODES = ["AUTO_STOP", "ALWAYS_ON"] as const;

/** Settings of a desktop that neither `desktops.defaults` nor the user sets. */
const BUILT_IN_DEFAULTS = {
  runningMode: "AUTO_STOP",
  autoStopTimeoutMinutes: 60,
  rootVolumeGib: 80,
  userVolumeGib: 50,
  computeType: "STANDARD",
} as const;

/** A public bundle that exists in every WorkSpaces region; list others with `aws workspaces describe-workspace-bundles --owner AMAZON`. */
export const DEFAULT_BUNDLE = { owner: "AMAZON", name: "Standard with Windows 10 (Server 2022 based)" } as const;

export const VOLUME_PAIR_RULE = "valid (root, user) GiB pairs are (80, 10), (80, 50), (80, 100), or root 175–2000 with user 100–2000";

const bundleByName = z.strictObject({
  owner: z.optional(z.string().check(z.minLength(1))).check(z.describe("`AMAZON` for public bundles; leave it out for the account's own bundles.")),
  name: z.string().check(z.minLength(1), z.describe("The bundle's name, as `aws workspaces describe-workspace-bundles` lists it.")),
});

/** Every setting a user may override; all optional so that a user states only what differs. */
const desktopSettings = {
  bundleId: z
    .optional(z.string().check(z.regex(/^wsb-[0-9a-z]{8,63}$/, { message: "is not a WorkSpaces bundle ID (wsb-…)" })))
    .check(z.describe("A bundle ID (`wsb-…`); not together with `bundle`.")),
  bundle: z
    .optional(bundleByName)
    .check(
      z.describe(
        `A bundle looked up by owner and name; not together with \`bundleId\`. Neither set: \`{owner: ${DEFAULT_BUNDLE.owner}, name: ${DEFAULT_BUNDLE.name}}\`.`,
      ),
    ),
  runningMode: z
    .optional(z.enum(RUNNING_MODES))
    .check(z.describe(`\`AUTO_STOP\` stops the desktop after the timeout and bills by the hour; unset: \`${BUILT_IN_DEFAULTS.runningMode}\`.`)),
  autoStopTimeoutMinutes: z
    .optional(z.int().check(z.minimum(60), z.maximum(36000), z.multipleOf(60, { message: "must be a multiple of 60" })))
    .check(
      z.describe(
        `AUTO_STOP only: idle minutes before the desktop stops, a multiple of 60 from 60 to 36000; unset: ${BUILT_IN_DEFAULTS.autoStopTimeoutMinutes}.`,
      ),
    ),
  rootVolumeGib: z
    .optional(z.int())
    .check(z.describe(`Root volume in GiB, paired with \`userVolumeGib\` (${VOLUME_PAIR_RULE}); unset: ${BUILT_IN_DEFAULTS.rootVolumeGib}.`)),
  userVolumeGib: z
    .optional(z.int())
    .check(z.describe(`User volume in GiB, paired with \`rootVolumeGib\`; unset: ${BUILT_IN_DEFAULTS.userVolumeGib}.`)),
  computeType: z
    .optional(z.enum(COMPUTE_TYPES))
    .check(
      z.describe(
        `A GPU type needs a bundle of its family (\`Graphics.g4dn …\` for the G4dn types) and a GPU bundle a GPU type; unset: \`${BUILT_IN_DEFAULTS.computeType}\`.`,
      ),
    ),
};

/**
 * Desktops per stack (the `desktops` stack's own users, and each group): Terraform's plan time grows with a stack's
 * desktops (6.7 s for 500, 13.1 s for 1,000 with the provider mocked, bench/terraform-fleet-curve.md), and on a real
 * account its refresh makes about two API calls per desktop, which WorkSpaces throttles (docs/desktop-groups.md).
 */
export const MAX_DESKTOPS_PER_STACK = 500;

/** A group's name: it becomes the stack name `desktops-<name>` and part of its state key and alarm names. */
const GROUP_NAME_PATTERN = /^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])?$/;

const workspaceId = z.string().check(z.regex(/^ws-[0-9a-z]{8,63}$/, { message: "is not a WorkSpace ID (ws-…)" }));

const movedFromSchema = z.strictObject({
  group: z
    .optional(z.string())
    .check(z.describe("The group whose stack held the desktop until now; unset: `desktops.users` (the `desktops` stack).")),
  workspaceId: workspaceId.check(
    z.describe("The desktop's WorkSpace ID (`ws-…`, the old stack's `workspace_ids` output): the new stack imports it."),
  ),
});

const userSchema = z.strictObject({
  userName: directoryUserName.check(
    z.describe(
      "The user's directory user name (must exist in the directory): 1–20 characters, no spaces or any of \" / \\ [ ] : ; | = , + * ? < > @; unique, case-insensitive, across `desktops.users` and every group.",
    ),
  ),
  ...desktopSettings,
  movedFrom: z
    .optional(movedFromSchema)
    .check(
      z.describe(
        "The user's desktop moves here from another stack without being replaced: the old stack forgets it (`removed`, destroy = false), this one imports it (see Desktop groups). Remove the key once both stacks are applied.",
      ),
    ),
  tags: z
    ._default(tagMap, {})
    .check(
      z.describe(
        "Tags added to this user's desktop, with the rules of `tags`; not `user` (set by the deployment); at most 50 on the desktop with every other tag.",
      ),
    ),
});

const usersSchema = z._default(z.array(userSchema), []);

const groupSchema = z.strictObject({
  name: z.string().check(
    z.regex(GROUP_NAME_PATTERN, {
      message: "must be 1–20 lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen",
    }),
    z.describe("The group's stack is `desktops-<name>`: 1–20 lower-case letters, digits or hyphens, starting with a letter; unique."),
  ),
  defaults: z
    ._default(z.strictObject(desktopSettings), {})
    .check(z.describe("Settings of the group's desktops; unset ones fall back to `desktops.defaults`, then to the built-in ones.")),
  users: usersSchema.check(z.describe(`One WorkSpace per user, as in \`desktops.users\`; at most ${MAX_DESKTOPS_PER_STACK}.`)),
});

/** The `desktops` section as written: the loaded configuration has every key but `defaults`, resolved into each user. */
export const desktopsInput = z.strictObject({
  defaults: z._default(z.strictObject(desktopSettings), {}).check(z.describe("Settings of every desktop; each user may override any of them.")),
  users: usersSchema.check(
    z.describe(
      `One WorkSpace per user: the user name, tags, and any default overridden; in the \`desktops\` stack, at most ${MAX_DESKTOPS_PER_STACK}.`,
    ),
  ),
  groups: z
    ._default(z.array(groupSchema), [])
    .check(
      z.describe(
        "Desktop groups, each a stack of its own (`desktops-<name>`) with its own defaults and users, planned and applied apart from the others (see Desktop groups); `desktops.users` stay in the `desktops` stack.",
      ),
    ),
  allowDestroy: z._default(z.boolean(), false).check(z.describe("In `prod`, desktops carry `prevent_destroy` unless this is `true`.")),
  internetAccess: z
    ._default(z.boolean(), false)
    .check(
      z.describe("`true` gives desktops public IP addresses (registration `enable_internet_access`); off, they reach the internet through NAT."),
    ),
  localAdministrator: z._default(z.boolean(), false).check(z.describe("`true` makes each user a local administrator of their desktop.")),
  ...registrationSettings,
});

type DesktopsInput = Pick<z.output<typeof desktopsInput>, "defaults" | "users" | "groups">;
type UserInput = z.output<typeof userSchema>;

/** One stack's desktops as written: where they are in the file, their defaults (a group's over `desktops.defaults`), users. */
interface FleetInput {
  readonly path: (string | number)[];
  readonly group?: string;
  /** The defaults as written at `path` (`desktops.defaults` for the `desktops` stack). */
  readonly ownDefaults: DesktopSettings;
  /** What the users fall back to: a group's defaults over `desktops.defaults`. */
  readonly defaults: DesktopSettings;
  readonly users: readonly UserInput[];
}

function fleetsOf({ defaults, users, groups }: DesktopsInput): FleetInput[] {
  return [
    { path: [], ownDefaults: defaults, defaults, users },
    ...groups.map((group, index) => ({
      path: ["groups", index],
      group: group.name,
      ownDefaults: group.defaults,
      defaults: groupDefaults(defaults, group.defaults),
      users: group.users,
    })),
  ];
}

/** A group's defaults over `desktops.defaults`: a group's bundle choice replaces the outer one whole, every other setting falls back alone. */
function groupDefaults(outer: DesktopSettings, inner: DesktopSettings): DesktopSettings {
  const merged: Record<string, unknown> = { ...outer };
  for (const [key, value] of Object.entries(inner)) if (value !== undefined) merged[key] = value;
  const bundle = bundleOf(inner) ?? bundleOf(outer);
  delete merged.bundle;
  delete merged.bundleId;
  return { ...(merged as DesktopSettings), ...(bundle === undefined ? {} : "bundleId" in bundle ? { bundleId: bundle.bundleId } : { bundle }) };
}

/** Checks across users, groups and defaults (see `acrossKeys`: each has passed its own checks). */
function desktopsIssues(input: DesktopsInput): Issue[] {
  const issues: Issue[] = [];
  const fleets = fleetsOf(input);
  for (const fleet of fleets) issues.push(...fleetIssues(fleet));
  const firstPathByName = new Map<string, (string | number)[]>();
  for (const fleet of fleets) {
    fleet.users.forEach((user, index) => {
      const key = user.userName.toLowerCase();
      const first = firstPathByName.get(key);
      const path = [...fleet.path, "users", index];
      if (first !== undefined) {
        issues.push({
          path: [...path, "userName"],
          message: `is already used by ${formatKeyPath(first)} (one WorkSpace per user; names are case-insensitive, across desktops.users and every group)`,
        });
      } else {
        firstPathByName.set(key, path);
      }
    });
    if (fleet.users.length > MAX_DESKTOPS_PER_STACK) {
      issues.push({
        path: [...fleet.path, "users"],
        message: `has ${fleet.users.length} desktops: at most ${MAX_DESKTOPS_PER_STACK} in one stack (Terraform's plan, refresh and apply time grow with a stack's desktops; docs/desktop-groups.md): split them into desktops.groups of at most ${MAX_DESKTOPS_PER_STACK}`,
      });
    }
  }
  const groupNames = new Map<string, number>();
  input.groups.forEach((group, index) => {
    const first = groupNames.get(group.name);
    if (first !== undefined)
      issues.push({
        path: ["groups", index, "name"],
        message: `is already the name of desktops.groups[${first}] (each group is a stack of its own)`,
      });
    else groupNames.set(group.name, index);
  });
  for (const fleet of fleets) {
    fleet.users.forEach((user, index) => {
      const moved = user.movedFrom;
      if (moved === undefined) return;
      const path = [...fleet.path, "users", index, "movedFrom", "group"];
      if (moved.group === fleet.group) {
        issues.push({
          path: moved.group === undefined ? [...fleet.path, "users", index, "movedFrom"] : path,
          message: `names the stack this user is in (${stackOfGroup(fleet.group)}): movedFrom names the group the desktop leaves`,
        });
      } else if (moved.group !== undefined && !groupNames.has(moved.group)) {
        issues.push({
          path,
          message: `is not a group of desktops.groups (${[...groupNames.keys()].join(", ") || "none"}): keep the old group, even empty, until both stacks are applied, so that its stack forgets the desktop instead of destroying it`,
        });
      }
    });
  }
  return issues;
}

/** `desktops` for `desktops.users`, `desktops-<group>` for a group. */
const stackOfGroup = (group: string | undefined) => (group === undefined ? PRIMARY_REGION_STACKS.desktops : desktopGroupStackName(group));

/** One stack's checks: settings that contradict each other, bundles of the wrong family, volume pairs. */
function fleetIssues(fleet: FleetInput): Issue[] {
  const issues: Issue[] = [];
  const settingsAt: [(string | number)[], DesktopSettings][] = [
    [[...fleet.path, "defaults"], fleet.ownDefaults],
    ...fleet.users.map((user, index): [(string | number)[], DesktopSettings] => [[...fleet.path, "users", index], user]),
  ];
  for (const [path, settings] of settingsAt) {
    if (settings.bundleId !== undefined && settings.bundle !== undefined) {
      issues.push({ path: [...path, "bundle"], message: "cannot be combined with bundleId: choose one way to name the bundle" });
    }
    if (settings.runningMode === "ALWAYS_ON" && settings.autoStopTimeoutMinutes !== undefined) {
      issues.push({ path: [...path, "autoStopTimeoutMinutes"], message: "applies only to runningMode AUTO_STOP, not ALWAYS_ON" });
    }
  }
  issues.push(...bundleFamilyIssues(fleet));
  const defaults = fleet.defaults;
  const defaultRoot = defaults.rootVolumeGib ?? BUILT_IN_DEFAULTS.rootVolumeGib;
  const defaultUser = defaults.userVolumeGib ?? BUILT_IN_DEFAULTS.userVolumeGib;
  if (!isValidVolumePair(defaultRoot, defaultUser)) {
    issues.push({
      path: [...fleet.path, "defaults"],
      message: `root ${defaultRoot} GiB with user ${defaultUser} GiB is not a valid volume pair: ${VOLUME_PAIR_RULE}`,
    });
  }
  fleet.users.forEach((user, index) => {
    const root = user.rootVolumeGib;
    const userGib = user.userVolumeGib;
    if (root === undefined && userGib === undefined) return;
    if (!isValidVolumePair(root ?? defaultRoot, userGib ?? defaultUser)) {
      issues.push({
        path: [...fleet.path, "users", index],
        message: `root ${root ?? defaultRoot} GiB with user ${userGib ?? defaultUser} GiB is not a valid volume pair: ${VOLUME_PAIR_RULE}`,
      });
    }
  });
  return issues;
}

/**
 * A GPU compute type needs a bundle of its own family, and a GPU bundle a GPU compute type. Public bundles show
 * their family in their name; the account's own bundles and bundle IDs are checked against the looked-up bundle
 * at plan time.
 */
function bundleFamilyIssues({ path: at, ownDefaults, defaults, users }: FleetInput): Issue[] {
  const issues: Issue[] = [];
  const check = (path: (string | number)[], bundle: DesktopSpec["bundle"], computeType: string | undefined) => {
    if (computeType === undefined || familyOf(computeType) === undefined || "bundleId" in bundle || bundle.owner !== "AMAZON") return;
    const bundleFamily = familyOfPublicBundleName(bundle.name);
    if (familyOf(computeType) === bundleFamily) return;
    issues.push({
      path: [...at, ...path],
      message:
        bundleFamily === "general"
          ? `needs a bundle of its own GPU family, not "${bundle.name}" (e.g. a "Graphics.g4dn with …" bundle for GRAPHICS_G4DN)`
          : `cannot run on the GPU bundle "${bundle.name}": use a compute type of that bundle's family`,
    });
  };
  const defaultBundle = bundleOf(defaults) ?? DEFAULT_BUNDLE;
  // A group's defaults are checked where they change something: a group that sets neither its bundle nor its compute type adds nothing.
  if (at.length === 0 || ownDefaults.computeType !== undefined || bundleOf(ownDefaults) !== undefined)
    check(
      ["defaults", ownDefaults.computeType !== undefined || at.length === 0 ? "computeType" : "bundle"],
      defaultBundle,
      defaults.computeType ?? BUILT_IN_DEFAULTS.computeType,
    );
  users.forEach((user, index) => {
    if (user.computeType === undefined && bundleOf(user) === undefined) return;
    const computeType = user.computeType ?? defaults.computeType ?? BUILT_IN_DEFAULTS.computeType;
    check(["users", index, user.computeType !== undefined ? "computeType" : "bundle"], bundleOf(user) ?? defaultBundle, computeType);
  });
  return issues;
}

/** A desktop of the configuration: its settings decided, and the stack it belongs to. */
export interface ConfiguredDesktop extends DesktopSpec {
  /** The group whose stack holds the desktop; unset: the `desktops` stack (`desktops.users`). */
  readonly group?: string;
  /** The stack the desktop moves from, and its WorkSpace ID (see `movedFrom`). */
  readonly movedFrom?: { readonly group?: string; readonly workspaceId: string };
}

export const desktopsSchema = z.pipe(
  desktopsInput.check(
    z.describe("The desktops stack: the WorkSpaces registration and one desktop per user; desktop groups in stacks of their own."),
    acrossKeys(desktopsInput, [["defaults"], ["users"], ["groups"]], desktopsIssues),
  ),
  // Every other key passes through as validated: a key added to the schema reaches the stacks without a line here.
  z.transform(({ defaults, users, groups, ...settings }: z.output<typeof desktopsInput>) => ({
    /** Every desktop of the deployment: `desktops.users`, then each group's users; `group` says which stack holds it. */
    users: fleetsOf({ defaults, users, groups }).flatMap((fleet) =>
      fleet.users.map((user): ConfiguredDesktop => {
        const desktop: ConfiguredDesktop = resolveDesktop(fleet.defaults, user);
        return {
          ...desktop,
          ...(fleet.group === undefined ? {} : { group: fleet.group }),
          ...(user.movedFrom === undefined ? {} : { movedFrom: user.movedFrom }),
        };
      }),
    ),
    /** The groups' names, in the file's order (a group without users still has its stack). */
    groups: groups.map((group) => group.name),
    ...settings,
  })),
);

/** Where each of `users` (the loaded `desktops.users`) is written in the file: `desktops.users[i]` or `desktops.groups[g].users[i]`. */
export function filePathsOfDesktops(desktops: {
  readonly users: readonly ConfiguredDesktop[];
  readonly groups: readonly string[];
}): (string | number)[][] {
  const counts = new Map<string | undefined, number>();
  return desktops.users.map((user) => {
    const index = counts.get(user.group) ?? 0;
    counts.set(user.group, index + 1);
    return user.group === undefined ? ["desktops", "users", index] : ["desktops", "groups", desktops.groups.indexOf(user.group), "users", index];
  });
}

type DesktopSettings = z.output<z.ZodMiniObject<typeof desktopSettings>>;

function bundleOf(settings: DesktopSettings): DesktopSpec["bundle"] | undefined {
  if (settings.bundleId !== undefined) return { bundleId: settings.bundleId };
  return settings.bundle;
}

/**
 * A user's desktop with every setting decided: a user's own bundle choice replaces the default one
 * whole; every other setting falls back alone, to `desktops.defaults`, then to the built-in defaults.
 */
export function resolveDesktop(defaults: DesktopSettings, user: UserInput): DesktopSpec {
  return {
    userName: user.userName,
    bundle: bundleOf(user) ?? bundleOf(defaults) ?? DEFAULT_BUNDLE,
    runningMode: user.runningMode ?? defaults.runningMode ?? BUILT_IN_DEFAULTS.runningMode,
    autoStopTimeoutMinutes: user.autoStopTimeoutMinutes ?? defaults.autoStopTimeoutMinutes ?? BUILT_IN_DEFAULTS.autoStopTimeoutMinutes,
    rootVolumeGib: user.rootVolumeGib ?? defaults.rootVolumeGib ?? BUILT_IN_DEFAULTS.rootVolumeGib,
    userVolumeGib: user.userVolumeGib ?? defaults.userVolumeGib ?? BUILT_IN_DEFAULTS.userVolumeGib,
    computeType: user.computeType ?? defaults.computeType ?? BUILT_IN_DEFAULTS.computeType,
    tags: user.tags,
  };
}

/** The only (root, user) volume sizes WorkSpaces accepts, in GiB. */
export function isValidVolumePair(rootGib: number, userGib: number): boolean {
  if (rootGib === 80) return [10, 50, 100].includes(userGib);
  return rootGib >= 175 && rootGib <= 2000 && userGib >= 100 && userGib <= 2000;
}

/** Users a directory of each size is made for (AWS Directory Service: Simple AD and AD Connector `Small` ≈ 500, `Large` ≈ 5,000). */
export const DIRECTORY_SIZE_USERS = { Small: 500, Large: 5000 } as const;

interface GroupCheckInput {
  readonly directory: { readonly kind: { readonly type: string; readonly size?: "Small" | "Large" } };
  readonly disasterRecovery?: { readonly directoryConnector?: { readonly size: "Small" | "Large" } };
  readonly desktops: { readonly users: readonly ConfiguredDesktop[]; readonly groups: readonly string[] };
  readonly images: readonly { readonly builderUser: string }[];
  readonly costOptimization: { readonly enabled: boolean; readonly startStop: readonly { readonly users?: readonly string[] }[] };
}

/** A Simple AD or AD Connector of `size` serving `desktops` users: refused when it is made for fewer, with the way out. */
function directorySizeIssues(
  path: (string | number)[],
  type: "SimpleAD" | "ADConnector",
  size: "Small" | "Large" | undefined,
  desktops: number,
): Issue[] {
  if (size === undefined || desktops <= DIRECTORY_SIZE_USERS[size]) return [];
  const suggestion =
    size === "Small"
      ? `size: Large (about ${DIRECTORY_SIZE_USERS.Large.toLocaleString("en-US")} users)${type === "SimpleAD" ? ", chosen when the directory is created (a Simple AD's size cannot change)" : ""}`
      : type === "SimpleAD"
        ? "type: MicrosoftAD (Standard about 30,000 directory objects, Enterprise about 500,000)"
        : `at most ${DIRECTORY_SIZE_USERS.Large.toLocaleString("en-US")} desktops (one AD Connector serves about that many; this project builds one per Region)`;
  return [
    {
      path,
      message: `is ${type === "ADConnector" ? "an" : "a"} ${type} of size ${size}, made for about ${DIRECTORY_SIZE_USERS[size].toLocaleString("en-US")} users, and desktops have ${desktops.toLocaleString("en-US")}: use ${suggestion}`,
    },
  ];
}

/**
 * What the deployment's desktops, grouped or not, ask of the other sections: a directory sized for them, and the
 * features that act on the `desktops` stack's own fleet (image builders, start/stop schedules by WorkSpace ID) kept
 * to the desktops it holds. DR standby WorkSpaces cover every user: dr-desktops reads the group stacks' replicas too.
 */
export function desktopGroupIssues(config: GroupCheckInput): Issue[] {
  const issues: Issue[] = [];
  const { users } = config.desktops;
  const kind = config.directory.kind;
  if (kind.type === "SimpleAD" || kind.type === "ADConnector")
    issues.push(...directorySizeIssues(["directory", "size"], kind.type, kind.size, users.length));
  // The DR Region's AD Connector in front of the Managed AD replica serves the same users.
  const drConnector = config.disasterRecovery?.directoryConnector;
  if (drConnector)
    issues.push(...directorySizeIssues(["disasterRecovery", "directoryConnector", "size"], "ADConnector", drConnector.size, users.length));
  const grouped = new Map(users.filter((user) => user.group !== undefined).map((user) => [user.userName.toLowerCase(), user.group!]));
  if (grouped.size === 0) return issues;
  config.images.forEach((image, index) => {
    const group = grouped.get(image.builderUser.toLowerCase());
    if (group !== undefined) {
      issues.push({
        path: ["images", index, "builderUser"],
        message: `is in desktops.groups (${group}): image builders must be desktops.users, the desktops stack's desktops, where the image pipeline reads their WorkSpace IDs`,
      });
    }
  });
  if (config.costOptimization.enabled) {
    config.costOptimization.startStop.forEach((schedule, index) => {
      const path = ["costOptimization", "startStop", index];
      if (schedule.users === undefined) {
        if (users.some((user) => user.group !== undefined && user.runningMode === "AUTO_STOP")) {
          issues.push({
            path,
            message:
              "covers every AUTO_STOP desktop, and some are in desktops.groups: start/stop schedules act on the desktops stack's desktops only (by WorkSpace ID); list users of desktops.users under users",
          });
        }
        return;
      }
      schedule.users.forEach((user, userIndex) => {
        const group = grouped.get(user.toLowerCase());
        if (group !== undefined)
          issues.push({
            path: [...path, "users", userIndex],
            message: `is in desktops.groups (${group}): start/stop schedules act on the desktops stack's desktops only (by WorkSpace ID); keep this user in desktops.users or leave it out`,
          });
      });
    });
  }
  return issues;
}
