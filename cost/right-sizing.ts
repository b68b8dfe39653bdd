import type { VdiConfig } from "../config/schema";
import { COMPUTE_TYPE_STEPS } from "../modules/compute-types";
import { RIGHT_SIZING_OPT_OUT_TAG } from "../modules/right-sizing";
import { desktopMonthly, type UsageAssumptions } from "./estimate";
import { pricesOf, round, type RegionPrices } from "./price-table";

/** What one compute step up or down would change in one desktop's monthly cost, at the assumed usage. */
export interface StepPrice {
  readonly userName: string;
  readonly computeType: string;
  readonly monthly: number;
  /** The next larger type within maxComputeType and its monthly difference; none at the ceiling or without a price. */
  readonly up?: { readonly computeType: string; readonly difference: number };
  readonly down?: { readonly computeType: string; readonly difference: number };
}

/**
 * Per desktop, the price difference of one compute step each way, as right-sizing would take it (within the family,
 * never past the desktop's maxComputeType). Volume growth is priced per GiB-month of storage.
 */
export function rightSizingSteps(config: VdiConfig, assumptions: UsageAssumptions, prices: RegionPrices = pricesOf(config.region)): StepPrice[] {
  const settings = config.rightSizing;
  if (!settings) return [];
  const maxOf = new Map(Object.entries(settings.maxComputeTypeByUser).map(([user, max]) => [user.toLowerCase(), max]));
  // A desktop tagged to opt out in the configuration is never changed (a tag set in the console is not known here).
  const optedOut = (tags: Readonly<Record<string, string>>) =>
    RIGHT_SIZING_OPT_OUT_TAG in tags && tags[RIGHT_SIZING_OPT_OUT_TAG].toLowerCase() !== "false";
  return config.desktops.users
    .filter((desktop) => !optedOut(desktop.tags))
    .map((desktop) => {
      const monthlyAs = (computeType: string) => {
        const bundle = prices.bundles[computeType as keyof RegionPrices["bundles"]];
        return bundle && desktopMonthly(desktop, bundle, prices.storagePerGibMonth, assumptions.autoStopHours);
      };
      const monthly = monthlyAs(desktop.computeType) ?? 0;
      const steps = COMPUTE_TYPE_STEPS.find((ladder) => (ladder as readonly string[]).includes(desktop.computeType)) as readonly string[] | undefined;
      const step = (offset: number) => {
        const computeType = steps?.[steps.indexOf(desktop.computeType) + offset];
        const price = computeType === undefined ? undefined : monthlyAs(computeType);
        return computeType === undefined || price === undefined ? undefined : { computeType, difference: round(price - monthly) };
      };
      const max = maxOf.get(desktop.userName.toLowerCase()) ?? settings.maxComputeType;
      const below = (computeType: string) => steps !== undefined && steps.includes(max) && steps.indexOf(computeType) <= steps.indexOf(max);
      const up = step(1);
      return {
        userName: desktop.userName,
        computeType: desktop.computeType,
        monthly: round(monthly),
        up: up && below(up.computeType) ? up : undefined,
        down: step(-1),
      };
    });
}

const signed = (amount: number) => `${amount < 0 ? "−" : "+"}${Math.abs(amount).toFixed(2)}`;

/** The section `npm run cost` prints under the estimate when rightSizing is configured. */
export function rightSizingTable(config: VdiConfig, assumptions: UsageAssumptions, prices?: RegionPrices): string {
  const steps = rightSizingSteps(config, assumptions, prices);
  if (steps.length === 0) return "";
  const width = Math.max(12, ...steps.map((step) => step.userName.length + 2));
  const rows = steps.map(
    (step) =>
      `${step.userName.padEnd(width)} ${`${step.computeType} ${step.monthly.toFixed(2)}`.padEnd(28)} ` +
      `${(step.up ? `${step.up.computeType} ${signed(step.up.difference)}` : "—").padEnd(32)} ${step.down ? `${step.down.computeType} ${signed(step.down.difference)}` : "—"}`,
  );
  const total = (key: "up" | "down") => round(steps.reduce((sum, step) => sum + (step[key]?.difference ?? 0), 0));
  const storage = (prices ?? pricesOf(config.region)).storagePerGibMonth.usd;
  return [
    "",
    `Right-sizing (${config.rightSizing!.dryRun ? "dry run: it changes nothing yet" : "changes desktops"}): what one compute step would change per month (desktops tagged ${RIGHT_SIZING_OPT_OUT_TAG} left out)`,
    `${"desktop".padEnd(width)} ${"now".padEnd(28)} ${`one step up (≤ maxComputeType)`.padEnd(32)} one step down`,
    ...rows,
    `Every desktop one step up: ${signed(total("up"))} a month; every desktop one step down: ${signed(total("down"))} a month.`,
    `A volume that grows adds storage at ${storage.toFixed(2)} a GiB-month (a user volume 50 → 100 GiB: +${(50 * storage).toFixed(2)}); volumes never shrink.`,
    "",
  ].join("\n");
}
