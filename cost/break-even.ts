import type { VdiConfig } from "../config/schema";
import { breakEvenHours, pricesOf, type RegionPrices } from "./price-table";

/** Break-even hours per compute type for the optimizer: the price table's, with the configuration's overrides. */
export function breakEvenHoursFor(config: VdiConfig, prices: RegionPrices = pricesOf(config.region)): Record<string, number> {
  const fromTable = Object.fromEntries(Object.entries(prices.bundles).map(([type, bundle]) => [type, breakEvenHours(bundle)]));
  return { ...fromTable, ...config.costOptimization.breakEvenHours };
}
