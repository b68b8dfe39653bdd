import type { ComputeType } from "../modules/compute-types";

/**
 * The prices `npm run cost` estimates with, shipped with the project so that an estimate needs no AWS
 * account and no network. USD, list prices, Windows with the license included, no free tier, no tax.
 *
 * PRICE DATE: 2025-06-01 (the date the us-east-1 figures were compiled).
 *
 * SOURCES (the AWS pricing pages cannot be fetched from the machine this table was built on; every
 * value was checked against what could be found, and each value says whether it was):
 * - WorkSpaces Personal bundles: https://aws.amazon.com/workspaces/pricing/ (us-east-1, "Windows, license
 *   included", monthly = AlwaysOn, hourly = AutoStop monthly fee + hourly fee). Not readable here: every
 *   bundle price is an ESTIMATE. Cross-check that was possible: the break-even hours they imply, (monthly -
 *   AutoStop fee) / hourly rate, match the defaults of the AWS Solution "Cost Optimizer for Amazon WorkSpaces"
 *   (aws-solutions/cost-optimizer-for-amazon-workspaces, source/lib/cost-optimizer-for-amazon-workspaces-hub-stack.ts:
 *   VALUE 81, STANDARD 85, PERFORMANCE 83, POWER 83, POWERPRO 80, GRAPHICS 217, GRAPHICSPRO 80 hours).
 * - NAT gateway: https://aws.amazon.com/vpc/pricing/ — $0.045 per gateway-hour and per GB processed in
 *   us-east-1, public IPv4 $0.005 per hour (the same figures in several independent write-ups of the page:
 *   cloudburn.io/blog/aws-nat-gateway-pricing, basavytix.com/blog/aws-nat-gateway-pricing). VERIFIED as far as
 *   that goes.
 * - Directory Service: https://aws.amazon.com/directoryservice/pricing/ — ESTIMATE. Simple AD and AD Connector
 *   are free while WorkSpaces use them (AWS WorkSpaces FAQ; a directory with no WorkSpaces in use for 30
 *   consecutive days is billed: /work/shared/reference/aws-workspaces.md).
 * - CloudWatch (logs, alarms, dashboards), KMS, Secrets Manager, Route 53 health checks: their public pricing
 *   pages — ESTIMATE.
 * - Other Regions: scaled from us-east-1 by a factor per Region — ESTIMATE. Run `npm run cost -- --live` with
 *   AWS credentials for the Price List API's current prices.
 *
 * REFRESH: with credentials, `npm run cost -- --live --json` prints the live figures next to these; update the
 * values, `PRICE_DATE` and the sources above, and set `verified` for what you checked on the AWS page.
 */
export const PRICE_DATE = "2025-06-01";
export const CURRENCY = "USD";

/** A price and whether it was checked against its AWS source (unchecked ones are printed as estimates). */
export interface Price {
  readonly usd: number;
  readonly verified: boolean;
}

export interface BundlePrice {
  /** The volume pair the bundle price includes (GiB). */
  readonly rootGib: number;
  readonly userGib: number;
  /** ALWAYS_ON: the monthly price. */
  readonly alwaysOnMonthly: number;
  /** AUTO_STOP: the fixed monthly fee (storage and infrastructure)… */
  readonly autoStopMonthly: number;
  /** …plus this per hour the desktop runs. */
  readonly autoStopHourly: number;
  readonly verified: boolean;
}

export interface RegionPrices {
  readonly bundles: Readonly<Record<ComputeType, BundlePrice>>;
  /** Root or user volume above (or below) the bundle's pair, per GiB-month. */
  readonly storagePerGibMonth: Price;
  readonly natGatewayHourly: Price;
  readonly natGatewayPerGb: Price;
  readonly publicIpv4Hourly: Price;
  /** Per directory-hour, by type and size/edition (two domain controllers for Managed Microsoft AD). */
  readonly directoryHourly: Readonly<Record<string, Price>>;
  readonly logsIngestPerGb: Price;
  readonly logsStoragePerGbMonth: Price;
  readonly alarmMonthly: Price;
  readonly dashboardMonthly: Price;
  readonly kmsKeyMonthly: Price;
  readonly secretMonthly: Price;
  /** A Route 53 health check on a CloudWatch alarm (global: one price everywhere). */
  readonly healthCheckMonthly: Price;
}

const estimate = (usd: number): Price => ({ usd, verified: false });
const verified = (usd: number): Price => ({ usd, verified: true });
const bundle = (rootGib: number, userGib: number, alwaysOnMonthly: number, autoStopMonthly: number, autoStopHourly: number): BundlePrice => ({
  rootGib,
  userGib,
  alwaysOnMonthly,
  autoStopMonthly,
  autoStopHourly,
  verified: false,
});

const US_EAST_1: RegionPrices = {
  bundles: {
    VALUE: bundle(80, 10, 25, 7.25, 0.22),
    STANDARD: bundle(80, 50, 35, 9.75, 0.3),
    PERFORMANCE: bundle(80, 100, 60, 13, 0.57),
    POWER: bundle(175, 100, 80, 19, 0.74),
    POWERPRO: bundle(175, 100, 124, 19, 1.32),
    GENERALPURPOSE_4XLARGE: bundle(175, 100, 280, 19, 3.2),
    GENERALPURPOSE_8XLARGE: bundle(175, 100, 550, 19, 6.4),
    GRAPHICS: bundle(100, 100, 735, 22, 3.29),
    GRAPHICSPRO: bundle(100, 100, 999, 66, 11.7),
    GRAPHICS_G4DN: bundle(100, 100, 502, 66, 1.55),
    GRAPHICSPRO_G4DN: bundle(100, 100, 999, 66, 11.7),
  },
  storagePerGibMonth: estimate(0.1),
  natGatewayHourly: verified(0.045),
  natGatewayPerGb: verified(0.045),
  publicIpv4Hourly: verified(0.005),
  directoryHourly: {
    "SimpleAD Small": estimate(0.05),
    "SimpleAD Large": estimate(0.15),
    "ADConnector Small": estimate(0.05),
    "ADConnector Large": estimate(0.125),
    "MicrosoftAD Standard": estimate(0.12),
    "MicrosoftAD Enterprise": estimate(0.4),
  },
  logsIngestPerGb: estimate(0.5),
  logsStoragePerGbMonth: estimate(0.03),
  alarmMonthly: estimate(0.1),
  dashboardMonthly: estimate(3),
  kmsKeyMonthly: estimate(1),
  secretMonthly: estimate(0.4),
  healthCheckMonthly: estimate(0.5),
};

/** Other Regions cost more than us-east-1 by roughly this much (estimates, to be replaced by real tables). */
const REGION_FACTORS: Readonly<Record<string, number>> = {
  "us-east-1": 1,
  "us-west-2": 1,
  "ca-central-1": 1.06,
  "eu-west-1": 1.06,
  "eu-west-2": 1.1,
  "eu-central-1": 1.1,
  "ap-northeast-1": 1.15,
  "ap-northeast-2": 1.12,
  "ap-south-1": 1.05,
  "ap-southeast-1": 1.15,
  "ap-southeast-2": 1.15,
  "sa-east-1": 1.4,
  "us-east-2": 1,
  "af-south-1": 1.2,
  "ap-southeast-5": 1.1,
  "eu-west-3": 1.1,
  "il-central-1": 1.12,
  "us-gov-east-1": 1.2,
  "us-gov-west-1": 1.2,
};

const scaled = (prices: RegionPrices, factor: number): RegionPrices => {
  // Only us-east-1's figures were checked; another Region's are estimates even where the factor is 1.
  const price = (value: Price): Price => ({ usd: round(value.usd * factor, 4), verified: false });
  return {
    bundles: Object.fromEntries(
      Object.entries(prices.bundles).map(([type, b]) => [
        type,
        {
          ...b,
          alwaysOnMonthly: round(b.alwaysOnMonthly * factor, 2),
          autoStopMonthly: round(b.autoStopMonthly * factor, 2),
          autoStopHourly: round(b.autoStopHourly * factor, 4),
          verified: false,
        },
      ]),
    ) as Record<ComputeType, BundlePrice>,
    storagePerGibMonth: price(prices.storagePerGibMonth),
    natGatewayHourly: price(prices.natGatewayHourly),
    natGatewayPerGb: price(prices.natGatewayPerGb),
    publicIpv4Hourly: price(prices.publicIpv4Hourly),
    directoryHourly: Object.fromEntries(Object.entries(prices.directoryHourly).map(([key, value]) => [key, price(value)])),
    logsIngestPerGb: price(prices.logsIngestPerGb),
    logsStoragePerGbMonth: price(prices.logsStoragePerGbMonth),
    alarmMonthly: price(prices.alarmMonthly),
    dashboardMonthly: price(prices.dashboardMonthly),
    // KMS and Secrets Manager cost the same in every Region.
    kmsKeyMonthly: prices.kmsKeyMonthly,
    secretMonthly: prices.secretMonthly,
    healthCheckMonthly: prices.healthCheckMonthly,
  };
};

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The shipped prices of a WorkSpaces Region (every Region the configuration accepts has an entry). */
export function pricesOf(region: string): RegionPrices {
  const factor = REGION_FACTORS[region];
  if (factor === undefined) throw new Error(`no prices for region ${region} in cost/price-table.ts`);
  return factor === 1 && region === "us-east-1" ? US_EAST_1 : scaled(US_EAST_1, factor);
}

export const PRICED_REGIONS = Object.keys(REGION_FACTORS);

/**
 * Hours a month at which AUTO_STOP costs as much as ALWAYS_ON: (monthly price - AutoStop fee) / hourly rate,
 * rounded up. Above it, monthly billing is cheaper.
 */
export function breakEvenHours(price: Pick<BundlePrice, "alwaysOnMonthly" | "autoStopMonthly" | "autoStopHourly">): number {
  return Math.ceil((price.alwaysOnMonthly - price.autoStopMonthly) / price.autoStopHourly);
}
