import { DEFAULT_CONCURRENCY } from "../commands/stack-runs";
import { DESKTOPS_PARALLELISM, MODELLED_WORKSPACE_CREATE_MINUTES, modelledApplyHours, TERRAFORM_DEFAULT_PARALLELISM } from "../topology/parallelism";

// Expected values worked out by hand (rounds of WorkSpaces in creation × 20 minutes), not with the formula.
describe("modelledApplyHours", () => {
  it.each([
    ["1,000 in one stack at 10: 100 rounds, 2,000 min", { desktops: 1000, parallelism: 10 }, 2000 / 60],
    ["1,000 in one stack at 25: 40 rounds, 800 min", { desktops: 1000, parallelism: 25 }, 800 / 60],
    ["2 groups of 500 at 25, 4 at once: 20 rounds, 400 min", { desktops: 1000, stacks: 2, parallelism: 25, concurrency: 4 }, 400 / 60],
    ["4 groups of 250 at 25, 4 at once: 10 rounds, 200 min", { desktops: 1000, stacks: 4, parallelism: 25, concurrency: 4 }, 200 / 60],
    ["4 groups of 250 at 25, 2 at once: 2 waves of 10 rounds, 400 min", { desktops: 1000, stacks: 4, parallelism: 25, concurrency: 2 }, 400 / 60],
    ["4 groups of 250 at 25, one after the other: 4 × 10 rounds, 800 min", { desktops: 1000, stacks: 4, parallelism: 25 }, 800 / 60],
    ["10 groups of 100 at 25, 4 at once: 3 waves of 4 rounds, 240 min", { desktops: 1000, stacks: 10, parallelism: 25, concurrency: 4 }, 4],
    ["1,001 in one stack at 10: the last desktop is a round of its own, 101 rounds", { desktops: 1001, parallelism: 10 }, 2020 / 60],
    [
      "3 groups for 1,000 at 25, 4 at once: the largest holds 334, 14 rounds",
      { desktops: 1000, stacks: 3, parallelism: 25, concurrency: 4 },
      280 / 60,
    ],
    ["26 desktops at 25: 2 rounds", { desktops: 26, parallelism: 25 }, 40 / 60],
    ["no desktops: nothing to wait for", { desktops: 0, parallelism: 25 }, 0],
    ["30 minutes a WorkSpace instead of 20: 40 rounds, 1,200 min", { desktops: 1000, parallelism: 25, minutesPerWorkspace: 30 }, 20],
  ])("%s", (_, apply, hours) => {
    expect(modelledApplyHours(apply)).toBeCloseTo(hours, 9);
  });

  it("gives docs/deploy.md's figures with the project's defaults (about 33 h at 10, 13 h at 25, 3.3 h as four groups of 250)", () => {
    expect(MODELLED_WORKSPACE_CREATE_MINUTES).toBe(20);
    expect(modelledApplyHours({ desktops: 1000, parallelism: TERRAFORM_DEFAULT_PARALLELISM }).toFixed(1)).toBe("33.3");
    expect(modelledApplyHours({ desktops: 1000, parallelism: DESKTOPS_PARALLELISM }).toFixed(1)).toBe("13.3");
    expect(modelledApplyHours({ desktops: 1000, stacks: 4, parallelism: DESKTOPS_PARALLELISM, concurrency: DEFAULT_CONCURRENCY }).toFixed(1)).toBe(
      "3.3",
    );
  });

  it.each([
    [{ desktops: 1000, parallelism: 0 }, "parallelism must be a whole number of at least 1, not 0"],
    [{ desktops: 1000, stacks: 0, parallelism: 25 }, "stacks must be a whole number of at least 1, not 0"],
    [{ desktops: 1000, parallelism: 25, concurrency: 1.5 }, "concurrency must be a whole number of at least 1, not 1.5"],
    [{ desktops: -1, parallelism: 25 }, "desktops must be a whole number, not -1"],
  ])("refuses %j", (apply, message) => {
    expect(() => modelledApplyHours(apply)).toThrow(message);
  });
});
