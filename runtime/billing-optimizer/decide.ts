/**
 * The optimizer's decisions, free of AWS calls: which billing each desktop should have, by the billing rule
 * (AWS WorkSpaces FAQ, "Can I switch between hourly and monthly billing?"): hourly → monthly takes effect at
 * once (the rest of the month is charged pro rata), monthly → hourly only from the next month, as the month was
 * paid on its first day at 00:00 UTC.
 */

export type RunningMode = "AUTO_STOP" | "ALWAYS_ON";

/** States in which ModifyWorkspaceProperties may change the running mode. */
export const SWITCHABLE_STATES = ["AVAILABLE", "STOPPED"];

export interface DesktopUsage {
  readonly workspaceId: string;
  readonly userName: string;
  readonly state: string;
  readonly runningMode: string;
  readonly computeType: string;
  /** Hours billed (AUTO_STOP) or that would be billed hourly (ALWAYS_ON) since the start of the month. */
  readonly billableHours: number;
  /** Resources with a change in progress (ModificationStates); none when unknown. */
  readonly modificationsInProgress?: readonly string[];
}

export type Action = "switch-to-ALWAYS_ON" | "switch-to-AUTO_STOP" | "keep" | "skip";

export interface Decision {
  readonly workspaceId: string;
  readonly userName: string;
  readonly computeType: string;
  readonly runningMode: string;
  readonly billableHours: number;
  readonly breakEvenHours?: number;
  readonly action: Action;
  readonly reason: string;
}

/** The UTC billing month `now` is in, how much of it has passed, and whether `now` is on its last day. */
export function billingMonth(now: Date) {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const hours = (end.getTime() - start.getTime()) / 3_600_000;
  const elapsedHours = (now.getTime() - start.getTime()) / 3_600_000;
  return { start, end, hours, elapsedHours, lastDay: end.getTime() - now.getTime() <= 24 * 3_600_000 };
}

export function decide(desktop: DesktopUsage, breakEvenHours: Readonly<Record<string, number>>, now: Date): Decision {
  const threshold = breakEvenHours[desktop.computeType];
  const base = { ...desktop, breakEvenHours: threshold };
  if (!SWITCHABLE_STATES.includes(desktop.state)) {
    return { ...base, action: "skip", reason: `state ${desktop.state}: the running mode can change only when AVAILABLE or STOPPED` };
  }
  // One change at a time: right-sizing (or a user) may be changing its compute type or a volume.
  if ((desktop.modificationsInProgress ?? []).length > 0)
    return { ...base, action: "skip", reason: `a change of ${desktop.modificationsInProgress!.join(", ")} is in progress` };
  if (threshold === undefined) return { ...base, action: "skip", reason: `no break-even hours for compute type ${desktop.computeType}` };
  const month = billingMonth(now);
  if (desktop.runningMode === "AUTO_STOP") {
    return desktop.billableHours >= threshold
      ? {
          ...base,
          action: "switch-to-ALWAYS_ON",
          reason: `${desktop.billableHours} h billed this month ≥ ${threshold} h: monthly billing is cheaper from now on`,
        }
      : { ...base, action: "keep", reason: `${desktop.billableHours} h billed this month < ${threshold} h` };
  }
  if (desktop.runningMode === "ALWAYS_ON") {
    if (!month.lastDay) {
      return {
        ...base,
        action: "keep",
        reason: "monthly billing is switched back to hourly only on the last day of a month, to take effect for the next",
      };
    }
    // The month so far, projected to the whole month: the usage the next month is expected to have.
    const projected = Math.round((desktop.billableHours * month.hours) / Math.max(month.elapsedHours, 1));
    return projected < threshold
      ? {
          ...base,
          action: "switch-to-AUTO_STOP",
          reason: `about ${projected} h of use this month < ${threshold} h: hourly billing from the next month`,
        }
      : { ...base, action: "keep", reason: `about ${projected} h of use this month ≥ ${threshold} h: monthly billing stays cheaper` };
  }
  return { ...base, action: "skip", reason: `running mode ${desktop.runningMode} is not managed` };
}

/**
 * Billable hours from hourly data points (timestamps in ms, UTC hours):
 * - AUTO_STOP, from `Stopped` (Minimum per hour): an hour whose minimum is 0 had the desktop running at some
 *   point, and a started hour is billed. This counts the auto-stop timeout after each session and maintenance
 *   windows, which `UserConnected` misses (aws-solutions/cost-optimizer-for-amazon-workspaces#17).
 * - ALWAYS_ON, from `UserConnected` (Maximum per hour): what hourly billing would have cost, each connected hour
 *   plus the auto-stop timeout after it; reconnects within the timeout are not counted twice (#23).
 * Hours are a set of distinct UTC hours, so the result never exceeds the hours elapsed (#9, #67); hours without
 * data count as not billed, which errs towards keeping hourly billing.
 */
export function billableHours(mode: RunningMode, points: readonly { timestamp: number; value: number }[], timeoutHours: number): number {
  const hour = (timestamp: number) => Math.floor(timestamp / 3_600_000);
  if (mode === "AUTO_STOP") return new Set(points.filter((point) => point.value === 0).map((point) => hour(point.timestamp))).size;
  const billed = new Set<number>();
  for (const point of points) {
    if (point.value <= 0) continue;
    for (let offset = 0; offset <= timeoutHours; offset++) billed.add(hour(point.timestamp) + offset);
  }
  const lastDataHour = Math.max(...points.map((point) => hour(point.timestamp)));
  return [...billed].filter((value) => value <= lastDataHour).length;
}
