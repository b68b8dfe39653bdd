import type { VdiConfig } from "../config/schema";
import type { DesktopSpec } from "../modules/workspace-fleet";
import { inventoryOf, synthesizedStacks, type RegionInventory, type StackJson } from "./inventory";
import { CURRENCY, PRICE_DATE, pricesOf, round, type BundlePrice, type Price, type RegionPrices } from "./price-table";

/** What the estimate assumes about usage; every value is printed with the estimate. */
export interface UsageAssumptions {
  /** Hours a month an AUTO_STOP desktop runs (connected plus the auto-stop timeout after each session). */
  readonly autoStopHours: number;
  /** GB a month each desktop sends or receives through the NAT gateways (web browsing, updates; not streaming). */
  readonly natGbPerDesktop: number;
  /** GB a month of logs ingested per desktop (flow logs and access events). */
  readonly logGbPerDesktop: number;
}

export const DEFAULT_ASSUMPTIONS: UsageAssumptions = { autoStopHours: 80, natGbPerDesktop: 10, logGbPerDesktop: 0.5 };

/** Hours in an average month (8,760 / 12), as AWS prices monthly amounts. */
export const HOURS_PER_MONTH = 730;

export interface CostItem {
  readonly name: string;
  readonly monthly: number;
  /** Priced with at least one value not checked against its AWS source. */
  readonly estimate: boolean;
}

export interface CostEstimate {
  readonly currency: string;
  readonly monthlyTotal: number;
  readonly items: readonly CostItem[];
  readonly priceDate: string;
  readonly region: string;
  readonly assumptions: UsageAssumptions;
}

const item = (name: string, monthly: number, ...prices: { verified: boolean }[]): CostItem => ({
  name,
  monthly: round(monthly),
  estimate: prices.some((price) => !price.verified),
});

/** A desktop's monthly cost: the bundle's price for its mode, plus storage beyond (or below) the bundle's volumes. */
export function desktopMonthly(
  desktop: Pick<DesktopSpec, "runningMode" | "rootVolumeGib" | "userVolumeGib">,
  bundle: BundlePrice,
  storage: Price,
  autoStopHours: number,
): number {
  const extraGib = desktop.rootVolumeGib + desktop.userVolumeGib - bundle.rootGib - bundle.userGib;
  const compute = desktop.runningMode === "ALWAYS_ON" ? bundle.alwaysOnMonthly : bundle.autoStopMonthly + bundle.autoStopHourly * autoStopHours;
  return compute + extraGib * storage.usd;
}

function desktopItems(config: VdiConfig, inventory: RegionInventory, prices: RegionPrices, assumptions: UsageAssumptions): CostItem[] {
  // In a dry run the optimizer switches nothing: desktops keep their configured billing.
  const optimized = config.costOptimization.enabled && !config.costOptimization.dryRun;
  return inventory.desktops.map((desktop) => {
    const bundle = prices.bundles[desktop.computeType as keyof RegionPrices["bundles"]];
    const volumes = `${desktop.rootVolumeGib}+${desktop.userVolumeGib} GiB`;
    const asConfigured = desktopMonthly(desktop, bundle, prices.storagePerGibMonth, assumptions.autoStopHours);
    if (!optimized) {
      const mode = desktop.runningMode === "ALWAYS_ON" ? "ALWAYS_ON" : `AUTO_STOP ${assumptions.autoStopHours} h`;
      return item(`desktop ${desktop.userName} (${desktop.computeType}, ${mode}, ${volumes})`, asConfigured, bundle, prices.storagePerGibMonth);
    }
    // The optimizer settles each desktop on the cheaper billing for its usage.
    const hourly = desktopMonthly({ ...desktop, runningMode: "AUTO_STOP" }, bundle, prices.storagePerGibMonth, assumptions.autoStopHours);
    const monthly = desktopMonthly({ ...desktop, runningMode: "ALWAYS_ON" }, bundle, prices.storagePerGibMonth, assumptions.autoStopHours);
    const mode = hourly <= monthly ? `AUTO_STOP ${assumptions.autoStopHours} h` : "ALWAYS_ON";
    return item(
      `desktop ${desktop.userName} (${desktop.computeType}, ${mode} by the optimizer, ${volumes})`,
      Math.min(hourly, monthly),
      bundle,
      prices.storagePerGibMonth,
    );
  });
}

/** A standby WorkSpace does not run until failover: priced at its bundle's AutoStop monthly fee (an estimate). */
function standbyItems(inventory: RegionInventory, prices: RegionPrices): CostItem[] {
  return inventory.standbyDesktops.map((standby) => {
    const bundle = prices.bundles[standby.computeType as keyof RegionPrices["bundles"]];
    return {
      name: `standby desktop ${standby.userName} (${standby.computeType}, not running)`,
      monthly: round(bundle.autoStopMonthly),
      estimate: true,
    };
  });
}

function directoryItems(inventory: RegionInventory, prices: RegionPrices): CostItem[] {
  const inUse = inventory.desktops.length + inventory.standbyDesktops.length > 0;
  return inventory.directories.map((directory) => {
    // Simple AD and AD Connector cost nothing while WorkSpaces use them (billed after 30 days without any).
    if (!directory.startsWith("MicrosoftAD") && inUse)
      return { name: `directory (${directory}, free while WorkSpaces use it)`, monthly: 0, estimate: false };
    const hourly = prices.directoryHourly[directory];
    return item(`directory (${directory}, ${HOURS_PER_MONTH} h)`, hourly.usd * HOURS_PER_MONTH, hourly);
  });
}

function networkItems(inventory: RegionInventory, prices: RegionPrices, assumptions: UsageAssumptions): CostItem[] {
  if (inventory.natGateways === 0) return [];
  const gb = assumptions.natGbPerDesktop * inventory.desktops.length;
  return [
    item(
      `NAT gateways (${inventory.natGateways} × ${HOURS_PER_MONTH} h, with public IPv4)`,
      inventory.natGateways * HOURS_PER_MONTH * (prices.natGatewayHourly.usd + prices.publicIpv4Hourly.usd),
      prices.natGatewayHourly,
      prices.publicIpv4Hourly,
    ),
    item(
      `NAT data processing (assumed ${assumptions.natGbPerDesktop} GB per desktop: ${round(gb)} GB)`,
      gb * prices.natGatewayPerGb.usd,
      prices.natGatewayPerGb,
    ),
  ];
}

function operationsItems(inventory: RegionInventory, prices: RegionPrices, assumptions: UsageAssumptions): CostItem[] {
  const logGb = 1 + assumptions.logGbPerDesktop * inventory.desktops.length;
  const items = [
    item(`CloudWatch alarms (${inventory.alarms})`, inventory.alarms * prices.alarmMonthly.usd, prices.alarmMonthly),
    item(
      `CloudWatch Logs (assumed ${round(logGb)} GB ingested and kept)`,
      logGb * (prices.logsIngestPerGb.usd + prices.logsStoragePerGbMonth.usd),
      prices.logsIngestPerGb,
      prices.logsStoragePerGbMonth,
    ),
    item(`CloudWatch dashboards (${inventory.dashboards})`, inventory.dashboards * prices.dashboardMonthly.usd, prices.dashboardMonthly),
    item(
      `KMS keys (${inventory.kmsKeys}) and secrets (${inventory.secrets})`,
      inventory.kmsKeys * prices.kmsKeyMonthly.usd + inventory.secrets * prices.secretMonthly.usd,
      prices.kmsKeyMonthly,
      prices.secretMonthly,
    ),
  ];
  if (inventory.healthChecks > 0) {
    items.push(
      item(`Route 53 health checks (${inventory.healthChecks})`, inventory.healthChecks * prices.healthCheckMonthly.usd, prices.healthCheckMonthly),
    );
  }
  return items;
}

function regionItems(config: VdiConfig, inventory: RegionInventory, prices: RegionPrices, assumptions: UsageAssumptions): CostItem[] {
  return [
    ...desktopItems(config, inventory, prices, assumptions),
    ...standbyItems(inventory, prices),
    ...directoryItems(inventory, prices),
    ...networkItems(inventory, prices, assumptions),
    ...operationsItems(inventory, prices, assumptions),
  ];
}

/**
 * The monthly cost of a configuration with the given prices (the shipped table by default), of what its synthesized
 * stacks create in every Region: items of another Region than the configuration's are named `DR <region>: …`.
 */
export function estimateCost(
  config: VdiConfig,
  assumptions: UsageAssumptions = DEFAULT_ASSUMPTIONS,
  pricesFor: (region: string) => RegionPrices = pricesOf,
  priceDate: string = PRICE_DATE,
  stacks: Readonly<Record<string, StackJson>> = synthesizedStacks(config),
): CostEstimate {
  const regions = inventoryOf(stacks).sort((a, b) => Number(b.region === config.region) - Number(a.region === config.region));
  const items = regions.flatMap((inventory) =>
    regionItems(config, inventory, pricesFor(inventory.region), assumptions).map((entry) =>
      inventory.region === config.region ? entry : { ...entry, name: `DR ${inventory.region}: ${entry.name}` },
    ),
  );
  return {
    currency: CURRENCY,
    monthlyTotal: round(items.reduce((sum, entry) => sum + entry.monthly, 0)),
    items,
    priceDate,
    region: config.region,
    assumptions,
  };
}
