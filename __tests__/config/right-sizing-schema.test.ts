import { configWith, problemsOf, yamlWith } from "../helpers";

const users = [
  { userName: "alice", computeType: "STANDARD" },
  {
    userName: "gpu",
    computeType: "GRAPHICS_G4DN",
    rootVolumeGib: 175,
    userVolumeGib: 100,
    bundle: { owner: "AMAZON", name: "Graphics.g4dn with Windows 10 (Server 2022 based)" },
  },
];

describe("rightSizing configuration", () => {
  it("is absent unless configured", () => {
    expect(configWith().rightSizing).toBeUndefined();
  });

  it("gets the issue's defaults from an empty section: a dry run, daily at 03:00, up to POWER", () => {
    expect(configWith({ rightSizing: {} }).rightSizing).toEqual({
      dryRun: true,
      schedule: "cron(0 3 * * ? *)",
      maxComputeType: "POWER",
      maxComputeTypeByUser: {},
      upgrade: { cpuPercent: 80, memoryPercent: 85, days: 3 },
      downgrade: { cpuPercent: 20, memoryPercent: 30, days: 30 },
      volumes: { growAtPercent: 90 },
    });
  });

  it.each([
    [{ maxComputeType: "GRAPHICS" }, /rightSizing\.maxComputeType: "GRAPHICS" must be a compute type WorkSpaces switches between/],
    [{ maxComputeType: "VALUE" }, /rightSizing\.maxComputeType: "VALUE" must be a compute type WorkSpaces switches between/],
    [{ schedule: "cron(0 3 * * *)" }, /rightSizing\.schedule: "cron\(0 3 \* \* \*\)" has 5 cron fields/],
    [{ upgrade: { days: 0 } }, /rightSizing\.upgrade\.days: 0/],
    [{ downgrade: { days: 120 } }, /rightSizing\.downgrade\.days: 120/],
    [{ volumes: { growAtPercent: 100 } }, /rightSizing\.volumes\.growAtPercent: 100/],
    [{ alarms: { hours: 48 } }, /rightSizing\.alarms\.hours: 48/],
  ])("refuses %j", (section, problem) => {
    expect(problemsOf(yamlWith({ rightSizing: section })).join("\n")).toMatch(problem);
  });

  it("refuses a per-user maximum for someone without a desktop, or of another family than the desktop", () => {
    const problems = problemsOf(
      yamlWith({
        "desktops.users": users,
        rightSizing: { maxComputeTypeByUser: { bob: "POWER", alice: "GRAPHICSPRO_G4DN", gpu: "POWERPRO" } },
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/rightSizing\.maxComputeTypeByUser\.bob: .*is not a user of desktops\.users/),
      expect.stringMatching(/rightSizing\.maxComputeTypeByUser\.alice: .*the desktop is STANDARD: a desktop is stepped only within its own family/),
      expect.stringMatching(/rightSizing\.maxComputeTypeByUser\.gpu: .*the desktop is GRAPHICS_G4DN/),
    ]);
    expect(
      configWith({ "desktops.users": users, rightSizing: { maxComputeTypeByUser: { GPU: "GRAPHICSPRO_G4DN" } } }).rightSizing?.maxComputeTypeByUser,
    ).toEqual({
      GPU: "GRAPHICSPRO_G4DN",
    });
  });

  it("refuses the billing optimizer's schedule: the two must not change desktops at the same moment", () => {
    const same = {
      "costOptimization.enabled": true,
      "costOptimization.schedule": "cron(0 2 * * ? *)",
      rightSizing: { schedule: "cron(0 2 * * ? *)" },
    };
    expect(problemsOf(yamlWith(same)).join("\n")).toMatch(/rightSizing\.schedule: .* is the billing optimizer's schedule/);
    expect(problemsOf(yamlWith({ ...same, "costOptimization.enabled": false }))).toEqual([]);
    expect(problemsOf(yamlWith({ ...same, rightSizing: { schedule: "cron(0 4 * * ? *)" } }))).toEqual([]);
  });
});
