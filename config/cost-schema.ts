import * as z from "zod/mini";
import { COMPUTE_TYPES } from "../modules/compute-types";
import { scheduleExpression as scheduleExpressionOf } from "./schedule-expression";

/**
 * The `costOptimization` section: the opt-in optimizer that switches desktops between hourly (AUTO_STOP) and
 * monthly (ALWAYS_ON) billing, and working-hours start/stop schedules.
 */

/** The optimizer and the start/stop schedules recur: cron(…) or rate(…), as often as wanted. */
const scheduleExpression = scheduleExpressionOf({ oneTime: false, atMostDaily: false });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z.string().check(z.refine(isTimeZone, { message: "is not an IANA time zone such as Europe/Berlin or UTC" }));

/** Schedule names become `<project>-<environment>-<name>-start-<n>`: EventBridge Scheduler allows 64 characters. */
const scheduleName = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9-]{0,15}$/, { message: "must be 1–16 lower-case letters, digits or hyphens, starting with a letter" }));

const startStopSchema = z.strictObject({
  name: scheduleName.check(z.describe("Names the schedule pair; 1–16 lower-case letters, digits or hyphens, unique.")),
  users: z.optional(
    z
      .array(z.string().check(z.minLength(1)))
      .check(
        z.minLength(1),
        z.describe("User names of `desktops.users` whose desktops the schedule starts and stops. Default: every AUTO_STOP desktop."),
      ),
  ),
  start: scheduleExpression.check(z.describe("When the desktops are started (StartWorkspaces), in `timezone`.")),
  stop: scheduleExpression.check(z.describe("When the desktops are stopped (StopWorkspaces; only AUTO_STOP desktops stop), in `timezone`.")),
  timezone: z
    ._default(timeZone, "UTC")
    .check(z.describe("IANA time zone of `start` and `stop`, e.g. Europe/Berlin; daylight saving time is followed. Default UTC.")),
});

const breakEvenHours = z.partialRecord(
  z.enum(COMPUTE_TYPES),
  z.int().check(z.minimum(1), z.maximum(744, { message: "must be at most 744 (the hours of a 31-day month)" })),
);

export const costOptimizationSchema = z.strictObject({
  enabled: z
    ._default(z.boolean(), false)
    .check(
      z.describe(
        "Deploy the billing optimizer (and the start/stop schedules). The optimizer then owns every desktop's running mode: Terraform ignores running-mode changes. Cannot be combined with desktops.selfService.switchRunningMode. Default false.",
      ),
    ),
  dryRun: z._default(z.boolean(), false).check(z.describe("Report what the optimizer would switch without switching anything. Default false.")),
  schedule: z
    ._default(scheduleExpression, "cron(0 1 * * ? *)")
    .check(z.describe('When the optimizer evaluates the fleet, in UTC (billing months are UTC). Default "cron(0 1 * * ? *)", daily at 01:00.')),
  breakEvenHours: z
    ._default(breakEvenHours, {})
    .check(
      z.describe(
        "Billable hours a month per compute type above which monthly billing is cheaper, e.g. {STANDARD: 85}. Default: computed from the shipped price table of the region.",
      ),
    ),
  startStop: z
    ._default(z.array(startStopSchema), [])
    .check(z.describe("Working-hours schedules that start and stop desktops (EventBridge Scheduler). Default none.")),
});

type Issue = { path: (string | number)[]; message: string };

interface CostCheckInput {
  readonly costOptimization?: { enabled?: unknown; startStop?: readonly { name?: unknown; users?: readonly unknown[] }[] };
  readonly desktops?: { users?: readonly { userName?: unknown }[]; selfService?: { switchRunningMode?: unknown } };
}

/** Checks of the optimizer against the desktops it manages. */
export function costOptimizationIssues(config: CostCheckInput): Issue[] {
  const section = config.costOptimization;
  if (!section) return [];
  const issues: Issue[] = [];
  if (section.enabled === true && config.desktops?.selfService?.switchRunningMode === true) {
    issues.push({
      path: ["costOptimization", "enabled"],
      message:
        "cannot be combined with desktops.selfService.switchRunningMode: users and the optimizer would both switch running modes and undo each other's choices; turn one of them off",
    });
  }
  const userNames = new Set((config.desktops?.users ?? []).map((user) => String(user?.userName).toLowerCase()));
  const seen = new Set<string>();
  (section.startStop ?? []).forEach((schedule, index) => {
    if (typeof schedule?.name === "string") {
      if (seen.has(schedule.name))
        issues.push({ path: ["costOptimization", "startStop", index, "name"], message: "is already used by another schedule" });
      seen.add(schedule.name);
    }
    (schedule?.users ?? []).forEach((user, userIndex) => {
      if (typeof user === "string" && !userNames.has(user.toLowerCase())) {
        issues.push({ path: ["costOptimization", "startStop", index, "users", userIndex], message: "is not a user of desktops.users" });
      }
    });
  });
  return issues;
}

export type CostOptimizationConfig = z.output<typeof costOptimizationSchema>;
