import { billableHours, billingMonth, decide, type DesktopUsage } from "../../runtime/billing-optimizer/decide";

const BREAK_EVEN = { STANDARD: 85, POWER: 120 };
const desktop = (changes: Partial<DesktopUsage> = {}): DesktopUsage => ({
  workspaceId: "ws-1",
  userName: "jdoe",
  state: "AVAILABLE",
  runningMode: "AUTO_STOP",
  computeType: "STANDARD",
  billableHours: 10,
  ...changes,
});
const MID_MONTH = new Date("2026-03-15T01:00:00Z");
const LAST_DAY = new Date("2026-03-31T01:00:00Z");

describe("billingMonth", () => {
  it("is the UTC calendar month, with its last day", () => {
    expect(billingMonth(MID_MONTH)).toMatchObject({
      start: new Date("2026-03-01T00:00:00Z"),
      end: new Date("2026-04-01T00:00:00Z"),
      hours: 744,
      lastDay: false,
    });
    expect(billingMonth(LAST_DAY).lastDay).toBe(true);
    expect(billingMonth(new Date("2026-02-28T23:30:00Z"))).toMatchObject({ hours: 672, lastDay: true });
  });

  it("follows UTC, not the local time zone of a Berlin morning already in April", () => {
    // 2026-03-31T23:30Z is 01:30 on April 1 in Berlin: still March's last day for billing.
    expect(billingMonth(new Date("2026-03-31T23:30:00Z"))).toMatchObject({ lastDay: true, start: new Date("2026-03-01T00:00:00Z") });
  });
});

describe("decide", () => {
  it("switches AUTO_STOP to ALWAYS_ON at the compute type's break-even hours, any day", () => {
    expect(decide(desktop({ billableHours: 84 }), BREAK_EVEN, MID_MONTH).action).toBe("keep");
    expect(decide(desktop({ billableHours: 85 }), BREAK_EVEN, MID_MONTH).action).toBe("switch-to-ALWAYS_ON");
    expect(decide(desktop({ billableHours: 100, computeType: "POWER" }), BREAK_EVEN, MID_MONTH).action).toBe("keep");
  });

  it("switches ALWAYS_ON back to AUTO_STOP only on the last day of the month, on the projected month's use", () => {
    const light = desktop({ runningMode: "ALWAYS_ON", billableHours: 20 });
    expect(decide(light, BREAK_EVEN, MID_MONTH).action).toBe("keep");
    expect(decide(light, BREAK_EVEN, LAST_DAY).action).toBe("switch-to-AUTO_STOP");
    // 82 h in 30 days projects to ~85 h over 31: monthly stays cheaper.
    expect(decide(desktop({ runningMode: "ALWAYS_ON", billableHours: 82 }), BREAK_EVEN, LAST_DAY).action).toBe("keep");
  });

  it("skips desktops that are not AVAILABLE or STOPPED, and compute types without break-even hours", () => {
    for (const state of ["PENDING", "REBOOTING", "MAINTENANCE", "ERROR", "UNHEALTHY", "STOPPING", "STARTING"]) {
      expect(decide(desktop({ state, billableHours: 500 }), BREAK_EVEN, MID_MONTH).action).toBe("skip");
    }
    expect(decide(desktop({ state: "STOPPED", billableHours: 500 }), BREAK_EVEN, MID_MONTH).action).toBe("switch-to-ALWAYS_ON");
    expect(decide(desktop({ computeType: "VALUE", billableHours: 500 }), BREAK_EVEN, MID_MONTH)).toMatchObject({
      action: "skip",
      reason: expect.stringContaining("VALUE"),
    });
  });
});

describe("billableHours", () => {
  const at = (iso: string, value: number) => ({ timestamp: new Date(iso).getTime(), value });

  it("AUTO_STOP: counts each hour the desktop was running at some point (Stopped minimum 0)", () => {
    const points = [at("2026-03-02T08:00:00Z", 0), at("2026-03-02T09:00:00Z", 0), at("2026-03-02T10:00:00Z", 1), at("2026-03-02T11:00:00Z", 0)];
    expect(billableHours("AUTO_STOP", points, 1)).toBe(3);
  });

  it("ALWAYS_ON: connected hours plus the auto-stop timeout, reconnects within it counted once", () => {
    // Connected 08-09 and again at 10 (within a 1-hour timeout): billed 08, 09, 10, 11 — not 6 hours.
    const points = [
      at("2026-03-02T08:00:00Z", 1),
      at("2026-03-02T09:00:00Z", 1),
      at("2026-03-02T10:00:00Z", 1),
      at("2026-03-02T11:00:00Z", 0),
      at("2026-03-02T12:00:00Z", 0),
    ];
    expect(billableHours("ALWAYS_ON", points, 1)).toBe(4);
  });

  it("never counts more hours than the data covers", () => {
    const points = Array.from({ length: 48 }, (_, index) => at(new Date(Date.UTC(2026, 2, 1, index)).toISOString(), 1));
    expect(billableHours("ALWAYS_ON", points, 4)).toBe(48);
  });
});
