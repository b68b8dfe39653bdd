import * as z from "zod/mini";
import { COMPUTE_TYPE_STEPS, familyOf } from "../modules/compute-types";
import type { Issue } from "./refine-when";
import { scheduleExpression as scheduleExpressionOf } from "./schedule-expression";

/**
 * The `rightSizing` section: the function that steps desktops' compute types up or down and grows their volumes by
 * their measured use, the performance dashboard and optional saturation alarms. Without the section nothing of it exists.
 */

/** Any recurring schedule: the function itself waits out AWS's 6-hour and 30-day limits between changes. */
const scheduleExpression = scheduleExpressionOf({ oneTime: false, atMostDaily: false });

const switchableComputeType = z.enum(COMPUTE_TYPE_STEPS.flat() as [string, ...string[]], {
  message: `must be a compute type WorkSpaces switches between: ${COMPUTE_TYPE_STEPS.flat().join(", ")}`,
});

const percent = z.number().check(z.minimum(1), z.maximum(100));

const thresholds = (defaults: { cpuPercent: number; memoryPercent: number; days: number }, days: { min: number; max: number }, what: string) =>
  z.prefault(
    z.strictObject({
      cpuPercent: z
        ._default(percent, defaults.cpuPercent)
        .check(z.describe(`Daily average CPUUsage (percent) ${what}. Default ${defaults.cpuPercent}.`)),
      memoryPercent: z
        ._default(percent, defaults.memoryPercent)
        .check(z.describe(`Daily average MemoryUsage (percent) ${what}. Default ${defaults.memoryPercent}.`)),
      days: z
        ._default(z.int().check(z.minimum(days.min), z.maximum(days.max)), defaults.days)
        .check(z.describe(`Days the use must last, ${days.min}–${days.max}. Default ${defaults.days}.`)),
    }),
    {},
  );

export const rightSizingSchema = z.strictObject({
  dryRun: z
    ._default(z.boolean(), true)
    .check(z.describe("Decide and log every decision without changing any desktop. Default true: set false once the decisions look right.")),
  schedule: z
    ._default(scheduleExpression, "cron(0 3 * * ? *)")
    .check(z.describe('When the function evaluates the fleet, in UTC. Default "cron(0 3 * * ? *)", daily at 03:00.')),
  maxComputeType: z
    ._default(switchableComputeType, "POWER")
    .check(
      z.describe(
        "The largest compute type a desktop is stepped up to; only desktops of its family (Standard to GeneralPurpose, or the g4dn graphics types) are stepped up at all. Default POWER.",
      ),
    ),
  maxComputeTypeByUser: z
    ._default(z.record(z.string().check(z.minLength(1)), switchableComputeType), {})
    .check(
      z.describe(
        "Per user of desktops.users, a largest compute type other than maxComputeType, of the family of that user's compute type. Default none.",
      ),
    ),
  upgrade: thresholds({ cpuPercent: 80, memoryPercent: 85, days: 3 }, { min: 1, max: 30 }, "at or above which, every day, a desktop steps up").check(
    z.describe("Sustained high use, CPU or memory on each of the last `days` days: one compute type up."),
  ),
  downgrade: thresholds(
    { cpuPercent: 20, memoryPercent: 30, days: 30 },
    { min: 7, max: 90 },
    "below which, every day with use, a desktop steps down",
  ).check(
    z.describe(
      "Sustained low use, CPU and memory on every day with data (at least half the `days`): one compute type down; never within 30 days of a compute change.",
    ),
  ),
  volumes: z
    .prefault(
      z.strictObject({
        growAtPercent: z
          ._default(z.int().check(z.minimum(50), z.maximum(99)), 90)
          .check(
            z.describe("Fill (percent, the last day's maximum) at which a volume grows to WorkSpaces' next valid size pair, 50–99. Default 90."),
          ),
      }),
      {},
    )
    .check(z.describe("Volume growth; volumes never shrink.")),
  alarms: z
    .optional(
      z.strictObject({
        cpuPercent: z._default(percent, 95).check(z.describe("CPUUsage (percent) that counts as saturated. Default 95.")),
        memoryPercent: z._default(percent, 95).check(z.describe("MemoryUsage (percent) that counts as saturated. Default 95.")),
        diskPercent: z._default(percent, 95).check(z.describe("Root or user volume fill (percent) that counts as saturated. Default 95.")),
        hours: z
          ._default(z.int().check(z.minimum(1), z.maximum(24)), 2)
          .check(
            z.describe("Hours the busiest desktop of the directory must stay saturated before the alarm tells the alarm topic, 1–24. Default 2."),
          ),
      }),
    )
    .check(z.describe("Alarms on sustained saturation of any desktop of the directory (its maximum), to the alarm topic; unset: none.")),
});

export type RightSizingConfig = z.output<typeof rightSizingSchema>;

interface RightSizingCheckInput {
  readonly rightSizing?: { schedule?: string; maxComputeTypeByUser?: Record<string, string> };
  readonly costOptimization?: { enabled?: boolean; schedule?: string };
  readonly desktops?: { users?: readonly { userName?: string; computeType?: string }[] };
}

/** Right-sizing against the desktops it sizes and the billing optimizer it shares them with. */
export function rightSizingIssues(config: RightSizingCheckInput): Issue[] {
  const section = config.rightSizing;
  if (!section) return [];
  const issues: Issue[] = [];
  const computeTypeOf = new Map((config.desktops?.users ?? []).map((user) => [String(user.userName).toLowerCase(), String(user.computeType)]));
  for (const [user, max] of Object.entries(section.maxComputeTypeByUser ?? {})) {
    const path = ["rightSizing", "maxComputeTypeByUser", user];
    const computeType = computeTypeOf.get(user.toLowerCase());
    if (computeType === undefined) issues.push({ path, message: "is not a user of desktops.users" });
    else if (familyOf(computeType) !== familyOf(max) || !COMPUTE_TYPE_STEPS.some((steps) => steps.includes(computeType as never)))
      issues.push({
        path,
        message: `is ${max}, but the desktop is ${computeType}: a desktop is stepped only within its own family of switchable compute types`,
      });
  }
  // Both functions run in seconds; at different times they never see a desktop another is changing (both skip those).
  if (config.costOptimization?.enabled === true && config.costOptimization.schedule === section.schedule) {
    issues.push({
      path: ["rightSizing", "schedule"],
      message: `is the billing optimizer's schedule (costOptimization.schedule): the two would change the same desktops at the same moment; run them at different times`,
    });
  }
  return issues;
}
