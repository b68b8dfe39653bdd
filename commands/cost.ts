import { Command, InvalidArgumentError } from "commander";
import { loadConfigOrExit } from "../config/load-or-exit";
import { DEFAULT_ASSUMPTIONS, estimateCost } from "../cost/estimate";
import { costJson, costTable } from "../cost/format";
import { livePricesOf } from "../cost/live-prices";
import { rightSizingTable } from "../cost/right-sizing";

/** `npm run cost`: the monthly cost of the configuration named by VDI_CONFIG, before anything is deployed. */

/** Hours in the longest month: a desktop cannot run more. */
const HOURS_IN_A_MONTH = 744;
/** A petabyte a month per desktop: more is a typing mistake, and far larger numbers overflow the estimate to ∞. */
const MAX_GB_PER_DESKTOP = 1_000_000;

/** An option's parser: a decimal number from 0 to `maximum` (no empty text, hexadecimal, ∞ or NaN). */
const numberUpTo = (maximum: number, unit: string) => (value: string) => {
  const number = /^\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!(number >= 0 && number <= maximum)) {
    throw new InvalidArgumentError(`must be a number from 0 to ${maximum.toLocaleString("en-US")} (${unit})`);
  }
  return number;
};

interface Options {
  json?: boolean;
  live?: boolean;
  autoStopHours: number;
  natGb: number;
  logGb: number;
}

new Command("cost")
  .description("Estimate the monthly cost of the configuration (VDI_CONFIG) from the shipped price table")
  .option("--json", "print {currency, monthlyTotal, items: [{name, monthly}], priceDate}")
  .option("--live", "read current prices from the AWS Price List API (needs AWS credentials with pricing:GetProducts)")
  .option(
    "--auto-stop-hours <hours>",
    "hours a month an AUTO_STOP desktop runs",
    numberUpTo(HOURS_IN_A_MONTH, "hours in a 31-day month"),
    DEFAULT_ASSUMPTIONS.autoStopHours,
  )
  .option(
    "--nat-gb <gb>",
    "GB a month each desktop sends or receives through NAT",
    numberUpTo(MAX_GB_PER_DESKTOP, "GB a month per desktop"),
    DEFAULT_ASSUMPTIONS.natGbPerDesktop,
  )
  .option(
    "--log-gb <gb>",
    "GB of logs a month per desktop",
    numberUpTo(MAX_GB_PER_DESKTOP, "GB a month per desktop"),
    DEFAULT_ASSUMPTIONS.logGbPerDesktop,
  )
  .action(async (options: Options) => {
    const config = loadConfigOrExit();
    const assumptions = { autoStopHours: options.autoStopHours, natGbPerDesktop: options.natGb, logGbPerDesktop: options.logGb };
    let estimate = estimateCost(config, assumptions);
    if (options.live) {
      try {
        const live = await livePricesOf(config.region);
        estimate = estimateCost(config, assumptions, () => live, `live ${new Date().toISOString().slice(0, 10)}`);
      } catch (error) {
        process.stderr.write(`error: the Price List API did not answer (${(error as Error).message}); without --live the shipped table is used\n`);
        process.exit(1);
      }
    }
    process.stdout.write(options.json ? costJson(estimate) : costTable(estimate) + rightSizingTable(config, assumptions));
  })
  .parseAsync();
