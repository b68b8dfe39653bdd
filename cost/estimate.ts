import type { VdiConfig } from "../config/schema";
import type { DesktopSpec } from "../modules/workspace-fleet";
import { CURRENCY, PRICE_DATE, breakEvenHours, pricesOf, round, type BundlePrice, type Price, type RegionPrices } from "./price-table";

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

function desktopItems(config: VdiConfig, prices: RegionPrices, assumptions: UsageAssumptions): CostItem[] {
  // In a dry run the optimizer switches nothing: desktops keep their configured billing.
  const optimized = config.costOptimization.enabled && !config.costOptimization.dryRun;
  return config.desktops.users.map((desktop) => {
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

function directoryItem(config: VdiConfig, prices: RegionPrices): CostItem {
  const { kind } = config.directory;
  const type = kind.type;
  const size = kind.type === "MicrosoftAD" ? kind.edition : kind.size;
  const hourly = prices.directoryHourly[`${type} ${size}`];
  // Simple AD and AD Connector cost nothing while WorkSpaces use them (billed after 30 days without any).
  if (type !== "MicrosoftAD" && config.desktops.users.length > 0) {
    return { name: `directory (${type} ${size}, free while WorkSpaces use it)`, monthly: 0, estimate: false };
  }
  return item(`directory (${type} ${size}, ${HOURS_PER_MONTH} h)`, hourly.usd * HOURS_PER_MONTH, hourly);
}

function networkItems(config: VdiConfig, prices: RegionPrices, assumptions: UsageAssumptions): CostItem[] {
  const gateways = config.network.natGateways === "perAz" ? config.network.availabilityZoneIds.length : 1;
  const gb = assumptions.natGbPerDesktop * config.desktops.users.length;
  return [
    item(
      `NAT gateways (${gateways} × ${HOURS_PER_MONTH} h, with public IPv4)`,
      gateways * HOURS_PER_MONTH * (prices.natGatewayHourly.usd + prices.publicIpv4Hourly.usd),
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

function operationsItems(config: VdiConfig, prices: RegionPrices, assumptions: UsageAssumptions): CostItem[] {
  const desktops = config.desktops.users.length;
  const optimizer = config.costOptimization.enabled ? 1 : 0;
  // One ConnectionFailure alarm, one Unhealthy alarm per desktop, one on the optimizer's errors.
  const alarms = 1 + desktops + optimizer;
  // State, flow logs, volumes, monitoring; the identity key unless AD Connector (which stores nothing).
  const keys = 4 + (config.directory.type === "ADConnector" ? 0 : 1);
  const secrets = config.directory.type === "ADConnector" ? 0 : 1;
  const logGb = 1 + assumptions.logGbPerDesktop * desktops;
  return [
    item(`CloudWatch alarms (${alarms})`, alarms * prices.alarmMonthly.usd, prices.alarmMonthly),
    item(
      `CloudWatch Logs (assumed ${round(logGb)} GB ingested and kept)`,
      logGb * (prices.logsIngestPerGb.usd + prices.logsStoragePerGbMonth.usd),
      prices.logsIngestPerGb,
      prices.logsStoragePerGbMonth,
    ),
    item(`CloudWatch dashboards (${1 + optimizer})`, (1 + optimizer) * prices.dashboardMonthly.usd, prices.dashboardMonthly),
    item(
      `KMS keys (${keys}) and secrets (${secrets})`,
      keys * prices.kmsKeyMonthly.usd + secrets * prices.secretMonthly.usd,
      prices.kmsKeyMonthly,
      prices.secretMonthly,
    ),
  ];
}

/**
 * Other Regions a configuration deploys to, each estimated with its own Region's prices. Extension point for the
 * disaster-recovery section (issue "Multi-Region disaster recovery"), which does not exist yet: when it lands,
 * return the standby Region's configuration here (its desktops and directory), and its items are added with a
 * "DR <region>:" prefix. Nothing else in the estimator needs to change.
 */
export function additionalRegions(_config: VdiConfig): readonly VdiConfig[] {
  return [];
}

function regionItems(config: VdiConfig, prices: RegionPrices, assumptions: UsageAssumptions): CostItem[] {
  return [
    ...desktopItems(config, prices, assumptions),
    directoryItem(config, prices),
    ...networkItems(config, prices, assumptions),
    ...operationsItems(config, prices, assumptions),
  ];
}

/** The monthly cost of a configuration with the given prices (the shipped table by default). */
export function estimateCost(
  config: VdiConfig,
  assumptions: UsageAssumptions = DEFAULT_ASSUMPTIONS,
  pricesFor: (region: string) => RegionPrices = pricesOf,
  priceDate: string = PRICE_DATE,
): CostEstimate {
  const items = [
    ...regionItems(config, pricesFor(config.region), assumptions),
    ...additionalRegions(config).flatMap((other) =>
      regionItems(other, pricesFor(other.region), assumptions).map((entry) => ({ ...entry, name: `DR ${other.region}: ${entry.name}` })),
    ),
  ];
  return {
    currency: CURRENCY,
    monthlyTotal: round(items.reduce((sum, entry) => sum + entry.monthly, 0)),
    items,
    priceDate,
    region: config.region,
    assumptions,
  };
}

/** Break-even hours per compute type for the optimizer: the price table's, with the configuration's overrides. */
export function breakEvenHoursFor(config: VdiConfig, prices: RegionPrices = pricesOf(config.region)): Record<string, number> {
  const fromTable = Object.fromEntries(Object.entries(prices.bundles).map(([type, bundle]) => [type, breakEvenHours(bundle)]));
  return { ...fromTable, ...config.costOptimization.breakEvenHours };
}
