import { imageScheduleProblem } from "../../config/images-schema";
import { configWith } from "../helpers";

describe("images configuration", () => {
  it("is empty by default", () => {
    expect(configWith().images).toEqual([]);
  });

  it.each([
    "cron(0 3 ? * SUN#1 *)",
    "cron(30 2 1 * ? *)",
    "cron(0 3 L * ? 2027)",
    "cron(0 22 ? * MON-FRI *)",
    "rate(1 day)",
    "rate(7 days)",
    "rate(48 hours)",
    "at(2027-01-01T03:00:00)",
  ])("accepts the EventBridge Scheduler expression %s", (expression) => expect(imageScheduleProblem(expression)).toBeUndefined());

  it("applies defaults: update reboot, no description or compute type (the stack takes the builder's)", () => {
    const config = configWith({
      "desktops.users": [{ userName: "builder" }],
      images: [{ name: "base", builderUser: "builder", schedule: "rate(7 days)" }],
    });
    expect(config.images).toEqual([{ name: "base", builderUser: "builder", schedule: "rate(7 days)", update: "reboot" }]);
  });
});
