import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** `npm run cost` with options, on the embedded default configuration. */
const ROOT = join(__dirname, "..", "..");
const cost = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "scripts", "app.js"), "commands/cost.ts", "--json", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, VDI_CONFIG: "" },
  });

describe("npm run cost options", () => {
  it.each([
    ["--nat-gb", "1e308", "from 0 to 1,000,000 (GB a month per desktop)"],
    ["--log-gb", "1000001", "from 0 to 1,000,000 (GB a month per desktop)"],
    ["--auto-stop-hours", "745", "from 0 to 744 (hours in a 31-day month)"],
    ["--auto-stop-hours", "-1", "from 0 to 744 (hours in a 31-day month)"],
    ["--nat-gb", "Infinity", "from 0 to 1,000,000 (GB a month per desktop)"],
    ["--nat-gb", "NaN", "from 0 to 1,000,000 (GB a month per desktop)"],
    ["--nat-gb", "0x10", "from 0 to 1,000,000 (GB a month per desktop)"],
    ["--log-gb", "", "from 0 to 1,000,000 (GB a month per desktop)"],
    ["--log-gb", "ten", "from 0 to 1,000,000 (GB a month per desktop)"],
  ])("refuses %s %j in one line, printing no estimate", (option, value, range) => {
    const result = cost(option, value);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `error: option '${option} <${option === "--auto-stop-hours" ? "hours" : "gb"}>' argument '${value}' is invalid. must be a number ${range}\n`,
    );
  });

  it.each([
    ["--auto-stop-hours", "744"],
    ["--auto-stop-hours", "0"],
    ["--nat-gb", "1e6"],
    ["--log-gb", "0.5"],
  ])("accepts %s %s at or within the limits, with a finite total", (option, value) => {
    const result = cost(option, value);
    expect(result.stderr).toBe("");
    expect(Number.isFinite(JSON.parse(result.stdout).monthlyTotal)).toBe(true);
  });
});
