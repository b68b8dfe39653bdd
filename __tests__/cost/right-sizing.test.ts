import { rightSizingSteps, rightSizingTable } from "../../cost/right-sizing";
import { DEFAULT_ASSUMPTIONS } from "../../cost/estimate";
import { configWith } from "../helpers";

const config = configWith({
  "desktops.users": [
    { userName: "jane", computeType: "STANDARD" },
    { userName: "john", computeType: "PERFORMANCE" },
    { userName: "max", computeType: "POWER", rootVolumeGib: 175, userVolumeGib: 100 },
    { userName: "kiosk", tags: { "right-sizing-opt-out": "true" } },
  ],
  rightSizing: {},
});

// us-east-1's shipped prices, AUTO_STOP 80 h, volumes priced at 0.10 a GiB-month above or below the bundle's pair:
// STANDARD (80+50) 9.75 + 0.30 × 80 = 33.75. PERFORMANCE (80+100) 13 + 0.57 × 80 = 58.60: on 80+50 GiB 53.60, on
// 175+100 68.10. POWER (175+100) 19 + 0.74 × 80 = 78.20: on 80+50 GiB 63.70. So jane +19.85; john +10.10 / −19.85;
// max −10.10 (POWER is the ceiling).
it("prices one compute step each way per desktop, within maxComputeType (POWER), leaving opted-out desktops out", () => {
  expect(rightSizingSteps(config, DEFAULT_ASSUMPTIONS)).toEqual([
    { userName: "jane", computeType: "STANDARD", monthly: 33.75, up: { computeType: "PERFORMANCE", difference: 19.85 }, down: undefined },
    {
      userName: "john",
      computeType: "PERFORMANCE",
      monthly: 53.6,
      up: { computeType: "POWER", difference: 10.1 },
      down: { computeType: "STANDARD", difference: -19.85 },
    },
    { userName: "max", computeType: "POWER", monthly: 78.2, up: undefined, down: { computeType: "PERFORMANCE", difference: -10.1 } },
  ]);
});

it("prints the section with the fleet's totals, and nothing without rightSizing", () => {
  const table = rightSizingTable(config, DEFAULT_ASSUMPTIONS);
  expect(table).toMatch(/Every desktop one step up: \+29\.95 a month; every desktop one step down: −29\.95 a month\./);
  expect(rightSizingTable(configWith(), DEFAULT_ASSUMPTIONS)).toBe("");
});
