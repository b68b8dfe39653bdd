import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { parseConfig } from "../../config/load";
import { breakEvenHoursFor, estimateCost, HOURS_PER_MONTH } from "../../cost/estimate";
import { costJson, costTable } from "../../cost/format";
import { breakEvenHours, PRICE_DATE, PRICED_REGIONS, pricesOf } from "../../cost/price-table";
import { WORKSPACES_REGIONS } from "../../config/regions";
import { configWith, yamlWith } from "../helpers";

const ASSUME = { autoStopHours: 100, natGbPerDesktop: 20, logGbPerDesktop: 1 };
const us = pricesOf("us-east-1");
const itemNamed = (estimate: ReturnType<typeof estimateCost>, start: string) => estimate.items.find((entry) => entry.name.startsWith(start))!;

describe("the price table", () => {
  it("has prices for every Region the configuration accepts", () => {
    expect([...WORKSPACES_REGIONS].sort()).toEqual([...PRICED_REGIONS].sort());
    for (const region of WORKSPACES_REGIONS) expect(pricesOf(region).bundles.STANDARD.alwaysOnMonthly).toBeGreaterThan(0);
  });

  it("implies the break-even hours the AWS Cost Optimizer for WorkSpaces uses by default", () => {
    const aws = { VALUE: 81, STANDARD: 85, PERFORMANCE: 83, POWER: 83, POWERPRO: 80, GRAPHICS: 217, GRAPHICSPRO: 80 };
    for (const [type, hours] of Object.entries(aws)) expect([type, breakEvenHours(us.bundles[type as keyof typeof aws])]).toEqual([type, hours]);
  });

  it("marks scaled Regions' values as estimates", () => {
    expect(us.natGatewayHourly.verified).toBe(true);
    expect(pricesOf("eu-west-1").natGatewayHourly.verified).toBe(false);
  });
});

describe("estimateCost", () => {
  it("prices an AUTO_STOP desktop as the monthly fee plus the hourly rate times the assumed hours", () => {
    const estimate = estimateCost(configWith(), ASSUME);
    const desktop = itemNamed(estimate, "desktop Administrator");
    expect(desktop.monthly).toBeCloseTo(us.bundles.STANDARD.autoStopMonthly + 100 * us.bundles.STANDARD.autoStopHourly, 2);
    expect(desktop.name).toContain("AUTO_STOP 100 h");
  });

  it("prices an ALWAYS_ON desktop at the monthly price, plus storage beyond the bundle's volumes", () => {
    const config = configWith({
      "desktops.defaults.runningMode": "ALWAYS_ON",
      "desktops.defaults.autoStopTimeoutMinutes": undefined,
      "desktops.defaults.userVolumeGib": 100,
    });
    const desktop = itemNamed(estimateCost(config, ASSUME), "desktop Administrator");
    expect(desktop.monthly).toBeCloseTo(us.bundles.STANDARD.alwaysOnMonthly + 50 * us.storagePerGibMonth.usd, 2);
  });

  it("counts Simple AD as free with desktops, and bills Managed Microsoft AD by the hour", () => {
    expect(itemNamed(estimateCost(configWith(), ASSUME), "directory").monthly).toBe(0);
    const msad = configWith({ "directory.type": "MicrosoftAD", "directory.size": undefined, "desktops.users.0.userName": "Admin" });
    expect(itemNamed(estimateCost(msad, ASSUME), "directory").monthly).toBeCloseTo(
      us.directoryHourly["MicrosoftAD Standard"].usd * HOURS_PER_MONTH,
      2,
    );
    const empty = configWith({ "desktops.users": [] });
    expect(itemNamed(estimateCost(empty, ASSUME), "directory").monthly).toBeGreaterThan(0);
  });

  it("prices one NAT gateway per AZ in perAz mode and the assumed data through them", () => {
    const single = estimateCost(configWith(), ASSUME);
    const perAz = estimateCost(configWith({ "network.natGateways": "perAz" }), ASSUME);
    expect(itemNamed(perAz, "NAT gateways").monthly).toBeCloseTo(2 * itemNamed(single, "NAT gateways").monthly, 2);
    expect(itemNamed(single, "NAT data").monthly).toBeCloseTo(20 * us.natGatewayPerGb.usd, 2);
  });

  it("with the optimizer, settles each desktop on the cheaper billing for the assumed hours", () => {
    const config = configWith({ "costOptimization.enabled": true });
    const light = itemNamed(estimateCost(config, { ...ASSUME, autoStopHours: 20 }), "desktop");
    const heavy = itemNamed(estimateCost(config, { ...ASSUME, autoStopHours: 300 }), "desktop");
    expect(light.name).toContain("AUTO_STOP 20 h by the optimizer");
    expect(heavy.name).toContain("ALWAYS_ON by the optimizer");
    expect(heavy.monthly).toBeCloseTo(us.bundles.STANDARD.alwaysOnMonthly, 2);
  });

  it("totals the items and carries the price date", () => {
    const estimate = estimateCost(configWith(), ASSUME);
    expect(estimate.monthlyTotal).toBeCloseTo(
      estimate.items.reduce((sum, entry) => sum + entry.monthly, 0),
      2,
    );
    expect(estimate.priceDate).toBe(PRICE_DATE);
  });

  it("takes the break-even hours from the price table, with the configuration's overrides", () => {
    const hours = breakEvenHoursFor(configWith({ "costOptimization.breakEvenHours": { POWER: 120 } }));
    expect(hours.STANDARD).toBe(85);
    expect(hours.POWER).toBe(120);
  });
});

describe("the output", () => {
  const estimate = estimateCost(configWith(), ASSUME);

  it("--json has exactly currency, monthlyTotal, items of name and monthly, and priceDate", () => {
    const json = JSON.parse(costJson(estimate));
    expect(Object.keys(json)).toEqual(["currency", "monthlyTotal", "items", "priceDate"]);
    expect(json.currency).toBe("USD");
    for (const entry of json.items) expect(Object.keys(entry)).toEqual(["name", "monthly"]);
    expect(json.items.find((entry: { name: string }) => entry.name.startsWith("desktop")).name).toMatch(/\(estimate\)$/);
    expect(json.items.find((entry: { name: string }) => entry.name.startsWith("NAT gateways")).name).not.toMatch(/estimate/);
  });

  it("the table lists every item, the total, the estimate mark and the assumptions", () => {
    const table = costTable(estimate);
    for (const entry of estimate.items) expect(table).toContain(entry.name);
    expect(table).toMatch(/^total\s+\d+\.\d\d$/m);
    expect(table).toMatch(/\* priced with a value not verified/);
    expect(table).toContain("run 100 h a month (--auto-stop-hours)");
  });
});

describe("npm run cost", () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(__dirname, "..", "..", "scripts", "app.js"), "scripts/cost.ts", ...args], {
      cwd: join(__dirname, "..", ".."),
      encoding: "utf8",
      env: { ...process.env, ...env },
    });

  it("prints the JSON estimate of the configuration named by VDI_CONFIG, with the assumptions given", () => {
    const result = run(["--json", "--auto-stop-hours", "100", "--nat-gb", "20", "--log-gb", "1"], { VDI_CONFIG: "config/default.yaml" });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).monthlyTotal).toBe(estimateCost(configWith(), ASSUME).monthlyTotal);
  });

  it("refuses a bad configuration with one line per problem and no stack trace", () => {
    const result = run([], { VDI_CONFIG: "does-not-exist.yaml" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("does-not-exist.yaml: configuration file not found");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

it("a configuration with the optimizer and switchRunningMode is refused", () => {
  expect(() => parseConfig(yamlWith({ "costOptimization.enabled": true, "desktops.selfService.switchRunningMode": true }), "t.yaml")).toThrow(
    ConfigError,
  );
});
