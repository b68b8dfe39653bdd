import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { parseConfig } from "../../config/load";
import { breakEvenHoursFor } from "../../cost/break-even";
import { estimateCost } from "../../cost/estimate";
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
    // STANDARD in us-east-1: 9.75 a month + 0.30 an hour × 100 h.
    expect(desktop.monthly).toBe(39.75);
    expect(desktop.name).toContain("AUTO_STOP 100 h");
  });

  it("prices an ALWAYS_ON desktop at the monthly price, plus storage beyond the bundle's volumes", () => {
    const config = configWith({
      "desktops.defaults.runningMode": "ALWAYS_ON",
      "desktops.defaults.autoStopTimeoutMinutes": undefined,
      "desktops.defaults.userVolumeGib": 100,
    });
    const desktop = itemNamed(estimateCost(config, ASSUME), "desktop Administrator");
    // 35.00 a month, plus 50 GiB over the bundle's 80 + 50 at 0.10.
    expect(desktop.monthly).toBe(40);
  });

  it("counts Simple AD as free with desktops, and bills Managed Microsoft AD by the hour", () => {
    expect(itemNamed(estimateCost(configWith(), ASSUME), "directory").monthly).toBe(0);
    const msad = configWith({ "directory.type": "MicrosoftAD", "directory.size": undefined, "desktops.users.0.userName": "Admin" });
    // 0.12 an hour × 730 h.
    expect(itemNamed(estimateCost(msad, ASSUME), "directory").monthly).toBe(87.6);
    const empty = configWith({ "desktops.users": [] });
    expect(itemNamed(estimateCost(empty, ASSUME), "directory").monthly).toBeGreaterThan(0);
  });

  it("prices one NAT gateway per AZ in perAz mode and the assumed data through them", () => {
    const single = estimateCost(configWith(), ASSUME);
    const perAz = estimateCost(configWith({ "network.natGateways": "perAz" }), ASSUME);
    expect(itemNamed(perAz, "NAT gateways").monthly).toBeCloseTo(2 * itemNamed(single, "NAT gateways").monthly, 2);
    expect(itemNamed(perAz, "NAT gateways").name).toContain("(2 × 730 h");
    // 20 GB for the one desktop × 0.045.
    expect(itemNamed(single, "NAT data").monthly).toBe(0.9);
  });

  it("with the optimizer, settles each desktop on the cheaper billing for the assumed hours", () => {
    const config = configWith({ "costOptimization.enabled": true });
    const light = itemNamed(estimateCost(config, { ...ASSUME, autoStopHours: 20 }), "desktop");
    const heavy = itemNamed(estimateCost(config, { ...ASSUME, autoStopHours: 300 }), "desktop");
    expect(light.name).toContain("AUTO_STOP 20 h by the optimizer");
    expect(heavy.name).toContain("ALWAYS_ON by the optimizer");
    expect(heavy.monthly).toBe(35);
  });

  it("counts what the synthesized stacks create: one Unhealthy alarm per desktop beside the connection alarm", () => {
    const three = configWith({ "desktops.users": [{ userName: "a.one" }, { userName: "b.two" }, { userName: "c.three" }] });
    expect(itemNamed(estimateCost(three, ASSUME), "CloudWatch alarms").name).toBe("CloudWatch alarms (4)");
  });

  it("prices the DR Region's replica and its AD Connector, both counted from the synthesized dr-identity stack", () => {
    const config = parseConfig(readFileSync(join(__dirname, "..", "..", "config", "examples", "disaster-recovery.yaml"), "utf8"), "dr.yaml");
    const directoriesIn = (estimate: ReturnType<typeof estimateCost>) =>
      estimate.items.filter((entry) => entry.name.startsWith("DR us-west-2: directory")).map((entry) => [entry.name, entry.monthly]);
    // The replica's two domain controllers cost what the primary's do; the connector is free while the standby desktops use it.
    const primary = itemNamed(estimateCost(config, ASSUME), "directory (MicrosoftAD Enterprise");
    expect(directoriesIn(estimateCost(config, ASSUME))).toEqual([
      ["DR us-west-2: directory (ADConnector Small, free while WorkSpaces use it)", 0],
      [`DR us-west-2: ${primary.name}`, primary.monthly],
    ]);
    // Without standby desktops nothing uses the DR connector: it is billed by the hour.
    const noStandby = parseConfig(
      yamlWith({ "disasterRecovery.standby": false }, readFileSync("config/examples/disaster-recovery.yaml", "utf8")),
      "dr.yaml",
    );
    expect(directoriesIn(estimateCost(noStandby, ASSUME))[0]).toEqual([
      expect.stringMatching(/^DR us-west-2: directory \(ADConnector Small, 730 h\)/),
      expect.any(Number),
    ]);
    expect(directoriesIn(estimateCost(noStandby, ASSUME))[0][1]).toBeGreaterThan(0);
  });

  it("prices the disaster-recovery Region too: its NAT, replica directory, standby desktops and health check", () => {
    const config = parseConfig(readFileSync(join(__dirname, "..", "..", "config", "examples", "disaster-recovery.yaml"), "utf8"), "dr.yaml");
    const estimate = estimateCost(config, ASSUME);
    const dr = estimate.items.filter((entry) => entry.name.startsWith("DR us-west-2: ")).map((entry) => entry.name.slice("DR us-west-2: ".length));
    expect(dr).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^NAT gateways \(1 × 730 h/),
        expect.stringMatching(/^directory \(MicrosoftAD \w+, 730 h\)$/),
        expect.stringMatching(/^standby desktop Admin \(/),
        expect.stringMatching(/^standby desktop jane\.doe \(/),
      ]),
    );
    // The failover health check is in the primary Region's redirection stack.
    expect(estimate.items.map((entry) => entry.name)).toContain("Route 53 health checks (1)");
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
    spawnSync(process.execPath, [join(__dirname, "..", "..", "scripts", "app.js"), "commands/cost.ts", ...args], {
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
