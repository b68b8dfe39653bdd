import * as z from "zod/mini";
import { COMPUTE_TYPES, familyOf, familyOfPublicBundleName } from "../modules/compute-types";
import type { DesktopSpec } from "../modules/workspace-fleet";
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

const userSchema = z.strictObject({
  userName: directoryUserName.check(
    z.describe(
      "The user's directory user name (must exist in the directory): 1–20 characters, no spaces or any of \" / \\ [ ] : ; | = , + * ? < > @; unique, case-insensitive.",
    ),
  ),
  ...desktopSettings,
  tags: z
    ._default(tagMap, {})
    .check(
      z.describe(
        "Tags added to this user's desktop, with the rules of `tags`; not `user` (set by the deployment); at most 50 on the desktop with every other tag.",
      ),
    ),
});

/** The `desktops` section as written: the loaded configuration has every key but `defaults`, resolved into each user. */
export const desktopsInput = z.strictObject({
  defaults: z._default(z.strictObject(desktopSettings), {}).check(z.describe("Settings of every desktop; each user may override any of them.")),
  users: z._default(z.array(userSchema), []).check(z.describe("One WorkSpace per user: the user name, tags, and any default overridden.")),
  allowDestroy: z._default(z.boolean(), false).check(z.describe("In `prod`, desktops carry `prevent_destroy` unless this is `true`.")),
  internetAccess: z
    ._default(z.boolean(), false)
    .check(
      z.describe("`true` gives desktops public IP addresses (registration `enable_internet_access`); off, they reach the internet through NAT."),
    ),
  localAdministrator: z._default(z.boolean(), false).check(z.describe("`true` makes each user a local administrator of their desktop.")),
  ...registrationSettings,
});

/** Checks across users and defaults (see `acrossKeys`: both have passed their own checks). */
function desktopsIssues({ defaults, users }: Pick<z.output<typeof desktopsInput>, "defaults" | "users">): Issue[] {
  const issues: Issue[] = [];
  const settingsAt: [(string | number)[], DesktopSettings][] = [
    [["defaults"], defaults],
    ...users.map((user, index): [(string | number)[], DesktopSettings] => [["users", index], user]),
  ];
  for (const [path, settings] of settingsAt) {
    if (settings.bundleId !== undefined && settings.bundle !== undefined) {
      issues.push({ path: [...path, "bundle"], message: "cannot be combined with bundleId: choose one way to name the bundle" });
    }
    if (settings.runningMode === "ALWAYS_ON" && settings.autoStopTimeoutMinutes !== undefined) {
      issues.push({ path: [...path, "autoStopTimeoutMinutes"], message: "applies only to runningMode AUTO_STOP, not ALWAYS_ON" });
    }
  }
  issues.push(...bundleFamilyIssues(defaults, users));
  const firstIndexByName = new Map<string, number>();
  users.forEach((user, index) => {
    const key = user.userName.toLowerCase();
    const first = firstIndexByName.get(key);
    if (first !== undefined) {
      issues.push({
        path: ["users", index, "userName"],
        message: `is already used by users[${first}] (one WorkSpace per user; names are case-insensitive)`,
      });
    } else {
      firstIndexByName.set(key, index);
    }
  });
  const defaultRoot = defaults.rootVolumeGib ?? BUILT_IN_DEFAULTS.rootVolumeGib;
  const defaultUser = defaults.userVolumeGib ?? BUILT_IN_DEFAULTS.userVolumeGib;
  if (!isValidVolumePair(defaultRoot, defaultUser)) {
    issues.push({
      path: ["defaults"],
      message: `root ${defaultRoot} GiB with user ${defaultUser} GiB is not a valid volume pair: ${VOLUME_PAIR_RULE}`,
    });
  }
  users.forEach((user, index) => {
    const root = user.rootVolumeGib;
    const userGib = user.userVolumeGib;
    if (root === undefined && userGib === undefined) return;
    if (!isValidVolumePair(root ?? defaultRoot, userGib ?? defaultUser)) {
      issues.push({
        path: ["users", index],
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
function bundleFamilyIssues(defaults: DesktopSettings, users: readonly z.output<typeof userSchema>[]): Issue[] {
  const issues: Issue[] = [];
  const check = (path: (string | number)[], bundle: DesktopSpec["bundle"], computeType: string | undefined) => {
    if (computeType === undefined || familyOf(computeType) === undefined || "bundleId" in bundle || bundle.owner !== "AMAZON") return;
    const bundleFamily = familyOfPublicBundleName(bundle.name);
    if (familyOf(computeType) === bundleFamily) return;
    issues.push({
      path,
      message:
        bundleFamily === "general"
          ? `needs a bundle of its own GPU family, not "${bundle.name}" (e.g. a "Graphics.g4dn with …" bundle for GRAPHICS_G4DN)`
          : `cannot run on the GPU bundle "${bundle.name}": use a compute type of that bundle's family`,
    });
  };
  const defaultBundle = bundleOf(defaults) ?? DEFAULT_BUNDLE;
  check(["defaults", "computeType"], defaultBundle, defaults.computeType ?? BUILT_IN_DEFAULTS.computeType);
  users.forEach((user, index) => {
    if (user.computeType === undefined && bundleOf(user) === undefined) return;
    const computeType = user.computeType ?? defaults.computeType ?? BUILT_IN_DEFAULTS.computeType;
    check(["users", index, user.computeType !== undefined ? "computeType" : "bundle"], bundleOf(user) ?? defaultBundle, computeType);
  });
  return issues;
}

export const desktopsSchema = z.pipe(
  desktopsInput.check(
    z.describe("The desktops stack: the WorkSpaces registration and one desktop per user."),
    acrossKeys(desktopsInput, [["defaults"], ["users"]], desktopsIssues),
  ),
  // Every other key passes through as validated: a key added to the schema reaches the stacks without a line here.
  z.transform(({ defaults, users, ...settings }: z.output<typeof desktopsInput>) => ({
    users: users.map((user) => resolveDesktop(defaults, user)),
    ...settings,
  })),
);

type DesktopSettings = z.output<z.ZodMiniObject<typeof desktopSettings>>;

function bundleOf(settings: DesktopSettings): DesktopSpec["bundle"] | undefined {
  if (settings.bundleId !== undefined) return { bundleId: settings.bundleId };
  return settings.bundle;
}

/**
 * A user's desktop with every setting decided: a user's own bundle choice replaces the default one
 * whole; every other setting falls back alone, to `desktops.defaults`, then to the built-in defaults.
 */
export function resolveDesktop(defaults: DesktopSettings, user: z.output<typeof userSchema>): DesktopSpec {
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
