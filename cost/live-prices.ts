import { GetProductsCommand, PricingClient, type Filter } from "@aws-sdk/client-pricing";
import { pricesOf, type BundlePrice, type Price, type RegionPrices } from "./price-table";

/**
 * Current prices from the AWS Price List API (`pricing:GetProducts`, served from us-east-1), over the shipped
 * table: what the API answers replaces the table's value and counts as verified; what it does not answer keeps
 * the table's value and its estimate mark.
 *
 * Products are matched on these Price List attributes: AmazonWorkSpaces `runningMode` (AlwaysOn | AutoStop),
 * `bundle` or `bundleDescription` (the bundle family, e.g. "Standard"), `rootVolume` / `userVolume` ("80 GB"),
 * `operatingSystem` (Windows), `license` (Included), and the price dimension's unit (month or hour);
 * AmazonEC2 NAT gateways by `usagetype` (…NatGateway-Hours, …NatGateway-Bytes). These names come from the
 * Price List API's attribute catalogue (`aws pricing describe-services --service-code AmazonWorkSpaces`) and
 * could not be checked against a live answer where this was written: anything unmatched falls back to the table.
 */

/** The bundle family names the Price List uses, by compute type. */
const BUNDLE_NAMES: Record<string, string> = {
  VALUE: "Value",
  STANDARD: "Standard",
  PERFORMANCE: "Performance",
  POWER: "Power",
  POWERPRO: "PowerPro",
  GENERALPURPOSE_4XLARGE: "GeneralPurpose.4xlarge",
  GENERALPURPOSE_8XLARGE: "GeneralPurpose.8xlarge",
  GRAPHICS: "Graphics",
  GRAPHICSPRO: "GraphicsPro",
  GRAPHICS_G4DN: "Graphics.g4dn",
  GRAPHICSPRO_G4DN: "GraphicsPro.g4dn",
};

interface Product {
  readonly attributes: Record<string, string>;
  readonly usd: number;
  readonly unit: string;
}

/** The on-demand price of each product in a GetProducts page (Price List JSON strings). */
function parseProducts(priceList: readonly (string | object)[] | undefined): Product[] {
  return (priceList ?? []).flatMap((entry) => {
    const parsed = typeof entry === "string" ? JSON.parse(entry) : entry;
    const attributes = parsed?.product?.attributes ?? {};
    const dimensions = Object.values(parsed?.terms?.OnDemand ?? {}).flatMap((term: any) => Object.values(term?.priceDimensions ?? {})) as any[];
    return dimensions
      .map((dimension) => ({ attributes, usd: Number(dimension?.pricePerUnit?.USD), unit: String(dimension?.unit ?? "").toLowerCase() }))
      .filter((product) => Number.isFinite(product.usd) && product.usd > 0);
  });
}

async function products(client: PricingClient, serviceCode: string, filters: Filter[]): Promise<Product[]> {
  const found: Product[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetProductsCommand({ ServiceCode: serviceCode, Filters: filters, NextToken: nextToken, MaxResults: 100 }));
    found.push(...parseProducts(page.PriceList));
    nextToken = page.NextToken;
  } while (nextToken);
  return found;
}

const term = (field: string, value: string): Filter => ({ Type: "TERM_MATCH", Field: field, Value: value });
const gib = (text: string | undefined) => Number(/(\d+)\s*GB/i.exec(text ?? "")?.[1]);

function liveBundle(type: string, table: BundlePrice, workspaces: Product[]): BundlePrice {
  const name = BUNDLE_NAMES[type];
  const matches = (product: Product, mode: string) =>
    product.attributes.runningMode === mode &&
    (product.attributes.bundle === name || product.attributes.bundleDescription === name) &&
    gib(product.attributes.rootVolume) === table.rootGib &&
    gib(product.attributes.userVolume) === table.userGib;
  const price = (mode: string, unit: string) => workspaces.find((product) => matches(product, mode) && product.unit.includes(unit))?.usd;
  const alwaysOnMonthly = price("AlwaysOn", "month");
  const autoStopMonthly = price("AutoStop", "month");
  const autoStopHourly = price("AutoStop", "hour");
  if (alwaysOnMonthly === undefined || autoStopMonthly === undefined || autoStopHourly === undefined) return table;
  return { ...table, alwaysOnMonthly, autoStopMonthly, autoStopHourly, verified: true };
}

function livePrice(table: Price, products: Product[], usageTypeSuffix: string): Price {
  const usd = products.find((product) => product.attributes.usagetype?.endsWith(usageTypeSuffix))?.usd;
  return usd === undefined ? table : { usd, verified: true };
}

/** The shipped prices of `region`, with every value the Price List API answers replaced by the current one. */
export async function livePricesOf(region: string, client = new PricingClient({ region: "us-east-1" })): Promise<RegionPrices> {
  const table = pricesOf(region);
  const [workspaces, nat] = await Promise.all([
    products(client, "AmazonWorkSpaces", [term("regionCode", region), term("operatingSystem", "Windows"), term("license", "Included")]),
    products(client, "AmazonEC2", [term("regionCode", region), term("productFamily", "NAT Gateway")]),
  ]);
  return {
    ...table,
    bundles: Object.fromEntries(
      Object.entries(table.bundles).map(([type, bundle]) => [type, liveBundle(type, bundle, workspaces)]),
    ) as RegionPrices["bundles"],
    natGatewayHourly: livePrice(table.natGatewayHourly, nat, "NatGateway-Hours"),
    natGatewayPerGb: livePrice(table.natGatewayPerGb, nat, "NatGateway-Bytes"),
  };
}
