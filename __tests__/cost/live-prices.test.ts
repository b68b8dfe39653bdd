import { GetProductsCommand, PricingClient } from "@aws-sdk/client-pricing";
import { mockClient } from "aws-sdk-client-mock";
import { livePricesOf } from "../../cost/live-prices";
import { pricesOf } from "../../cost/price-table";

const pricing = mockClient(PricingClient);
afterEach(() => pricing.reset());

/** A Price List entry as GetProducts returns it: a JSON string with the product and its on-demand price. */
const product = (attributes: Record<string, string>, usd: number, unit: string) =>
  JSON.stringify({
    product: { attributes },
    terms: { OnDemand: { "SKU.TERM": { priceDimensions: { "SKU.TERM.RATE": { unit, pricePerUnit: { USD: String(usd) } } } } } },
  });

const standard = { bundle: "Standard", rootVolume: "80 GB", userVolume: "50 GB" };

it("replaces the table's prices with the Price List API's, and marks them verified", async () => {
  pricing
    .on(GetProductsCommand, { ServiceCode: "AmazonWorkSpaces" })
    .resolvesOnce({
      PriceList: [product({ ...standard, runningMode: "AlwaysOn" }, 36, "Month"), product({ ...standard, runningMode: "AutoStop" }, 10, "Month")],
      NextToken: "page-2",
    })
    .resolvesOnce({ PriceList: [product({ ...standard, runningMode: "AutoStop" }, 0.31, "Hour")] });
  pricing.on(GetProductsCommand, { ServiceCode: "AmazonEC2" }).resolves({
    PriceList: [product({ usagetype: "EU-NatGateway-Hours" }, 0.048, "Hrs")],
  });

  const live = await livePricesOf("eu-west-1", new PricingClient({ region: "us-east-1" }));

  expect(live.bundles.STANDARD).toMatchObject({ alwaysOnMonthly: 36, autoStopMonthly: 10, autoStopHourly: 0.31, verified: true });
  expect(live.natGatewayHourly).toEqual({ usd: 0.048, verified: true });
  // Unanswered values keep the table's price and its estimate mark.
  expect(live.bundles.VALUE).toEqual(pricesOf("eu-west-1").bundles.VALUE);
  expect(live.natGatewayPerGb).toEqual(pricesOf("eu-west-1").natGatewayPerGb);
  // Both pages were read, filtered to the Region, Windows and the included license.
  const workspacesCalls = pricing.commandCalls(GetProductsCommand, { ServiceCode: "AmazonWorkSpaces" });
  expect(workspacesCalls).toHaveLength(2);
  expect(workspacesCalls[1].args[0].input.NextToken).toBe("page-2");
  expect(workspacesCalls[0].args[0].input.Filters).toEqual(
    expect.arrayContaining([
      { Type: "TERM_MATCH", Field: "regionCode", Value: "eu-west-1" },
      { Type: "TERM_MATCH", Field: "license", Value: "Included" },
    ]),
  );
});

it("fails when the API fails, so that the command can say so instead of printing table prices as live", async () => {
  pricing.on(GetProductsCommand).rejects(new Error("AccessDeniedException"));
  await expect(livePricesOf("us-east-1", new PricingClient({ region: "us-east-1" }))).rejects.toThrow("AccessDeniedException");
});
