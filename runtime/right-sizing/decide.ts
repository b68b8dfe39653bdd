import { COMPUTE_TYPE_STEPS } from "../../modules/compute-types";

/**
 * Right-sizing decisions, free of AWS calls: one compute step or one volume step per desktop, within the rules of
 * AWS's admin guide, "Modify a WorkSpace in WorkSpaces Personal"
 * (https://docs.aws.amazon.com/workspaces/latest/adminguide/modify-workspaces.html):
 * - a WorkSpace is modified only when AVAILABLE or STOPPED, and never its volume size and compute type at the same time;
 * - "You can request a larger compute type once in a 6-hour period or a smaller compute type once every 30 days. For a
 *   newly launched WorkSpace, you must wait 6 hours before requesting a larger compute type";
 * - compute types switch between Standard, Performance, Power, PowerPro, GeneralPurpose.4xlarge and .8xlarge; from
 *   PowerPro to GeneralPurpose only on Windows Server 2022 or Windows 11 and with volumes of at least 175/100 GB;
 *   Graphics.g4dn and GraphicsPro.g4dn only to each other; Graphics and GraphicsPro to nothing (Value is not listed);
 * - volumes only grow, up to 2000 GB, "once in a 6-hour period", root and user not at the same time, nothing in the
 *   first 6 hours after launch, in the pairs [80, 10], [80, 50], [80, 100], [175–2000, 100–2000] (GPU desktops: both
 *   from 100); the root volume grows past 80 only once the user volume is 100.
 */

/** Compute types in the order they step, per group AWS lets a WorkSpace switch within. */
export const COMPUTE_LADDERS: readonly (readonly string[])[] = COMPUTE_TYPE_STEPS;
const GPU_TYPES = ["GRAPHICS", "GRAPHICSPRO", "GRAPHICS_G4DN", "GRAPHICSPRO_G4DN"];
const GENERAL_PURPOSE = ["GENERALPURPOSE_4XLARGE", "GENERALPURPOSE_8XLARGE"];
/** "If your source operating system is anything other than Windows Server 2022 or Windows 11, you cannot change your compute type from PowerPro to GeneralPurpose." */
const GENERAL_PURPOSE_SYSTEMS = ["WINDOWS_SERVER_2022", "WINDOWS_11"];

export const MODIFIABLE_STATES = ["AVAILABLE", "STOPPED"];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** AWS's waiting times: after launch, between two larger compute types, between two volume growths. */
export const SIX_HOURS = 6 * HOUR;
/** AWS's waiting time between two smaller compute types. */
export const THIRTY_DAYS = 30 * DAY;
const MAX_VOLUME_GIB = 2000;

export interface Thresholds {
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly days: number;
}

export interface Policy {
  readonly maxComputeType: string;
  /** User name (lower case) → the largest compute type of that user's desktop. */
  readonly maxComputeTypeByUser: Readonly<Record<string, string>>;
  readonly upgrade: Thresholds;
  readonly downgrade: Thresholds;
  readonly growAtPercent: number;
}

/** One day of a desktop's use: the day starts at `start` (ms); undefined where the metric has no data. */
export interface DayOfUse {
  readonly start: number;
  readonly cpuPercent?: number;
  readonly memoryPercent?: number;
}

export interface Desktop {
  readonly workspaceId: string;
  readonly userName: string;
  readonly state: string;
  readonly computeType: string;
  readonly rootGib: number;
  readonly userGib: number;
  readonly operatingSystem?: string;
  /** Resources with a modification in progress (ModificationStates: COMPUTE_TYPE, ROOT_VOLUME, USER_VOLUME). */
  readonly modificationsInProgress: readonly string[];
}

export interface Usage {
  /** Daily averages over the window, oldest first; days without data are absent. */
  readonly days: readonly DayOfUse[];
  /** Highest use of each volume over the last day, in percent. */
  readonly rootDiskPercent?: number;
  readonly userDiskPercent?: number;
}

/** What changed the desktop lately (CloudTrail), whoever did it. */
export interface History {
  readonly lastComputeChange?: number;
  readonly lastVolumeChange?: number;
}

export type Action = "compute-up" | "compute-down" | "grow-root" | "grow-user" | "keep" | "skip";

export interface Decision {
  readonly workspaceId: string;
  readonly userName: string;
  readonly computeType: string;
  readonly rootGib: number;
  readonly userGib: number;
  readonly metrics: {
    readonly cpuPercent: readonly (number | null)[];
    readonly memoryPercent: readonly (number | null)[];
    readonly rootDiskPercent: number | null;
    readonly userDiskPercent: number | null;
  };
  readonly action: Action;
  /** The rule that decided (see `RULES`). */
  readonly rule: Rule;
  readonly reason: string;
  /** The properties a change sets (ModifyWorkspaceProperties' WorkspaceProperties). */
  readonly change?: { readonly ComputeTypeName?: string; readonly RootVolumeSizeGib?: number; readonly UserVolumeSizeGib?: number };
}

export type Rule =
  | "state"
  | "modification-in-progress"
  | "launched-within-6h"
  | "volume-grow"
  | "volume-growth-within-6h"
  | "volume-at-maximum"
  | "volume-pair-unknown"
  | "compute-up"
  | "compute-down"
  | "compute-changed-recently"
  | "compute-type-fixed"
  | "max-compute-type"
  | "general-purpose-needs"
  | "no-evidence"
  | "opt-out"
  | "changed-meanwhile";

const round = (value: number | undefined) => (value === undefined ? null : Math.round(value * 10) / 10);

/** The next valid (root, user) pair on the way to growing `volume`, or why there is none. */
export function nextVolumes(volume: "root" | "user", rootGib: number, userGib: number, gpu: boolean): { root: number; user: number } | string {
  const grow = (size: number) => Math.min(MAX_VOLUME_GIB, Math.ceil((size * 1.5) / 10) * 10);
  const lowest = gpu ? 100 : 175;
  if (rootGib >= lowest && userGib >= 100) {
    const size = volume === "root" ? rootGib : userGib;
    if (size >= MAX_VOLUME_GIB) return `the ${volume} volume is at WorkSpaces' maximum of ${MAX_VOLUME_GIB} GiB`;
    return volume === "root" ? { root: grow(rootGib), user: userGib } : { root: rootGib, user: grow(userGib) };
  }
  if (gpu || rootGib !== 80 || ![10, 50, 100].includes(userGib))
    return `volumes ${rootGib}/${userGib} GiB are not one of WorkSpaces' pairs [80, 10], [80, 50], [80, 100], [175–2000, 100–2000]`;
  // On root 80 the user volume steps 10 → 50 → 100; past that, and for the root volume, the root goes to 175 once the user volume is 100.
  if (volume === "user" && userGib < 100) return { root: 80, user: userGib === 10 ? 50 : 100 };
  return userGib < 100 ? { root: 80, user: 100 } : { root: 175, user: 100 };
}

function ladderOf(computeType: string) {
  return COMPUTE_LADDERS.find((ladder) => ladder.includes(computeType));
}

export function decide(desktop: Desktop, usage: Usage, history: History, policy: Policy, now: number): Decision {
  const window = (days: number) => usage.days.filter((day) => day.start >= now - days * DAY);
  const base = {
    workspaceId: desktop.workspaceId,
    userName: desktop.userName,
    computeType: desktop.computeType,
    rootGib: desktop.rootGib,
    userGib: desktop.userGib,
    metrics: {
      cpuPercent: window(policy.upgrade.days).map((day) => round(day.cpuPercent)),
      memoryPercent: window(policy.upgrade.days).map((day) => round(day.memoryPercent)),
      rootDiskPercent: round(usage.rootDiskPercent),
      userDiskPercent: round(usage.userDiskPercent),
    },
  };
  const keep = (rule: Rule, reason: string, action: Action = "keep"): Decision => ({ ...base, action, rule, reason });

  if (!MODIFIABLE_STATES.includes(desktop.state))
    return keep("state", `state ${desktop.state}: WorkSpaces modifies a desktop only when AVAILABLE or STOPPED`, "skip");
  if (desktop.modificationsInProgress.length > 0)
    return keep("modification-in-progress", `a change of ${desktop.modificationsInProgress.join(", ")} is in progress: one change at a time`, "skip");
  // Metrics exist only once a desktop runs: data from a day that ended 6 hours ago or earlier proves it launched before that.
  if (!usage.days.some((day) => day.start + DAY <= now - SIX_HOURS))
    return keep("launched-within-6h", "no metrics older than 6 hours: it may have launched less than 6 hours ago", "skip");

  const gpu = GPU_TYPES.includes(desktop.computeType);
  const full = (
    [
      ["user", usage.userDiskPercent],
      ["root", usage.rootDiskPercent],
    ] as const
  )
    .filter(([, percent]) => percent !== undefined && percent >= policy.growAtPercent)
    .sort((a, b) => b[1]! - a[1]!);
  // A full volume stops work, a slow desktop only slows it: volumes first, compute at a later run (never together).
  if (full.length > 0) {
    const [volume, percent] = full[0];
    if (history.lastVolumeChange !== undefined && now - history.lastVolumeChange < SIX_HOURS)
      return keep("volume-growth-within-6h", `the ${volume} volume is ${percent}% full, but a volume changed less than 6 hours ago`);
    const next = nextVolumes(volume, desktop.rootGib, desktop.userGib, gpu);
    if (typeof next === "string") return keep(next.includes("maximum") ? "volume-at-maximum" : "volume-pair-unknown", next);
    const grown = next.root !== desktop.rootGib ? "root" : "user";
    return {
      ...base,
      action: grown === "root" ? "grow-root" : "grow-user",
      rule: "volume-grow",
      reason: `the ${volume} volume is ${percent}% full (≥ ${policy.growAtPercent}%): ${grown} volume ${grown === "root" ? desktop.rootGib : desktop.userGib} → ${grown === "root" ? next.root : next.user} GiB${grown === volume ? "" : ` (WorkSpaces' next valid pair on the way to a larger ${volume} volume)`}`,
      change: grown === "root" ? { RootVolumeSizeGib: next.root } : { UserVolumeSizeGib: next.user },
    };
  }

  const ladder = ladderOf(desktop.computeType);
  if (!ladder) return keep("compute-type-fixed", `WorkSpaces cannot switch compute type ${desktop.computeType} to another`);
  const index = ladder.indexOf(desktop.computeType);
  const sinceCompute = history.lastComputeChange === undefined ? Infinity : now - history.lastComputeChange;

  const high = window(policy.upgrade.days);
  const sustained = (days: readonly DayOfUse[], key: "cpuPercent" | "memoryPercent", test: (value: number) => boolean) =>
    days.every((day) => day[key] !== undefined && test(day[key]));
  const busy =
    high.length >= policy.upgrade.days &&
    (sustained(high, "cpuPercent", (value) => value >= policy.upgrade.cpuPercent) ||
      sustained(high, "memoryPercent", (value) => value >= policy.upgrade.memoryPercent));
  if (busy) {
    const evidence = `CPU or memory at or above ${policy.upgrade.cpuPercent}% / ${policy.upgrade.memoryPercent}% on each of the last ${policy.upgrade.days} days`;
    // A change inside the window would mix two compute types' use; the window is at least a day, longer than AWS's 6 hours.
    if (sinceCompute < Math.max(SIX_HOURS, policy.upgrade.days * DAY))
      return keep("compute-changed-recently", `${evidence}, but its compute type changed within the last ${policy.upgrade.days} days`);
    const max = policy.maxComputeTypeByUser[desktop.userName.toLowerCase()] ?? policy.maxComputeType;
    if (!ladder.includes(max) || ladder.indexOf(max) <= index)
      return keep("max-compute-type", `${evidence}, but ${desktop.computeType} is as large as maxComputeType ${max} allows in its family`);
    const next = ladder[index + 1];
    if (GENERAL_PURPOSE.includes(next)) {
      if (!GENERAL_PURPOSE_SYSTEMS.includes(desktop.operatingSystem ?? ""))
        return keep(
          "general-purpose-needs",
          `${evidence}, but ${next} needs Windows Server 2022 or Windows 11 (it runs ${desktop.operatingSystem ?? "an unknown system"})`,
        );
      if (desktop.rootGib < 175 || desktop.userGib < 100)
        return keep(
          "general-purpose-needs",
          `${evidence}, but ${next} needs volumes of at least 175/100 GiB (it has ${desktop.rootGib}/${desktop.userGib})`,
        );
    }
    return {
      ...base,
      action: "compute-up",
      rule: "compute-up",
      reason: `${evidence}: ${desktop.computeType} → ${next}`,
      change: { ComputeTypeName: next },
    };
  }

  const low = window(policy.downgrade.days);
  // Days without data (an AUTO_STOP desktop unused at weekends) are no evidence either way; half the window must have data.
  const idle =
    index > 0 &&
    low.length >= Math.ceil(policy.downgrade.days / 2) &&
    sustained(low, "cpuPercent", (value) => value < policy.downgrade.cpuPercent) &&
    sustained(low, "memoryPercent", (value) => value < policy.downgrade.memoryPercent);
  if (idle) {
    const evidence = `CPU below ${policy.downgrade.cpuPercent}% and memory below ${policy.downgrade.memoryPercent}% on each of ${low.length} days with data in the last ${policy.downgrade.days}`;
    // Stricter than AWS's 30 days between two smaller types: any compute change in 30 days (or the window) holds a step down.
    if (sinceCompute < Math.max(THIRTY_DAYS, policy.downgrade.days * DAY))
      return keep(
        "compute-changed-recently",
        `${evidence}, but its compute type changed within the last ${Math.max(30, policy.downgrade.days)} days`,
      );
    const next = ladder[index - 1];
    return {
      ...base,
      action: "compute-down",
      rule: "compute-down",
      reason: `${evidence}: ${desktop.computeType} → ${next}`,
      change: { ComputeTypeName: next },
    };
  }
  return keep("no-evidence", "neither sustained high nor sustained low use, and no volume past the growth threshold");
}

/** A change decided for a desktop that turned out to be opted out (its tag), or no longer modifiable. */
export function withdraw(decision: Decision, rule: "opt-out" | "changed-meanwhile", reason: string): Decision {
  return { ...decision, action: "skip", rule, reason: `${reason}; would have: ${decision.reason}`, change: undefined };
}

export const CHANGES: readonly Action[] = ["compute-up", "compute-down", "grow-root", "grow-user"];
