import type { CostEstimate } from "./estimate";

const ESTIMATE_MARK = " (estimate)";

/** Exactly `{currency, monthlyTotal, items: [{name, monthly}], priceDate}`; unverified prices are marked in the name. */
export function costJson(estimate: CostEstimate): string {
  const json = {
    currency: estimate.currency,
    monthlyTotal: estimate.monthlyTotal,
    items: estimate.items.map((entry) => ({ name: `${entry.name}${entry.estimate ? ESTIMATE_MARK : ""}`, monthly: entry.monthly })),
    priceDate: estimate.priceDate,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

const money = (amount: number) => amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A table for the terminal: one line per item, a total, the price date and every assumption. */
export function costTable(estimate: CostEstimate): string {
  const width = Math.max(20, ...estimate.items.map((entry) => entry.name.length + 2));
  const amounts = estimate.items.map((entry) => money(entry.monthly));
  const amountWidth = Math.max(10, money(estimate.monthlyTotal).length, ...amounts.map((amount) => amount.length));
  const line = "-".repeat(width + amountWidth + 3);
  const rows = estimate.items.map(
    (entry, index) => `${entry.name.padEnd(width)} ${amounts[index].padStart(amountWidth)} ${entry.estimate ? "*" : " "}`,
  );
  const { assumptions } = estimate;
  return [
    `Estimated monthly cost, ${estimate.region} (${estimate.currency}, prices of ${estimate.priceDate})`,
    line,
    `${"item".padEnd(width)} ${"per month".padStart(amountWidth)}`,
    line,
    ...rows,
    line,
    `${"total".padEnd(width)} ${money(estimate.monthlyTotal).padStart(amountWidth)}`,
    "",
    ...(estimate.items.some((entry) => entry.estimate)
      ? ["* priced with a value not verified against its AWS source (an estimate): see cost/price-table.ts"]
      : []),
    `Assumptions: AUTO_STOP desktops run ${assumptions.autoStopHours} h a month (--auto-stop-hours); ` +
      `${assumptions.natGbPerDesktop} GB through NAT per desktop (--nat-gb); ${assumptions.logGbPerDesktop} GB of logs per desktop (--log-gb).`,
    "Not included: data transfer out to the internet, taxes, discounts, the free tier.",
    "",
  ].join("\n");
}
