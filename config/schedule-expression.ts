import * as z from "zod/mini";

/**
 * EventBridge Scheduler's schedule expressions, checked as AWS defines them, for every schedule key of the file:
 * `rate(value unit)`, `cron(minutes hours day-of-month month day-of-week year)` and `at(yyyy-mm-ddThh:mm:ss)`
 * (EventBridge Scheduler User Guide, "Schedule types"; the cron fields, ranges and wildcards as in the
 * EventBridge User Guide's "Cron expressions reference", which the Scheduler guide follows).
 */

export interface ScheduleRules {
  /** `at(…)` runs once: allowed only where a single run makes sense. */
  readonly oneTime: boolean;
  /** Refuse schedules that can run more than once in a day (a run outlasts the interval). */
  readonly atMostDaily: boolean;
}

export const SCHEDULE_EXAMPLES = 'e.g. "cron(0 7 ? * MON-FRI *)", "rate(1 day)"';

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names that stand for values min, min + 1, … */
  readonly names?: readonly string[];
}

const FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: WEEKDAYS },
  { name: "year", min: 1970, max: 2199 },
];
const [MINUTES, HOURS, DAY_OF_MONTH, , DAY_OF_WEEK] = FIELDS;

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const MINUTES_PER_UNIT: Record<string, number> = { minute: 1, hour: 60, day: 1440 };
const MINUTES_PER_DAY = 1440;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

/** Why `expression` is not an EventBridge Scheduler expression under `rules`, or undefined when it is one. */
export function scheduleProblem(expression: string, rules: ScheduleRules): string | undefined {
  if (expression.startsWith("rate(")) return rateProblem(expression, rules);
  if (expression.startsWith("cron(")) return cronProblem(expression, rules);
  if (expression.startsWith("at(") && rules.oneTime) return atProblem(expression);
  const forms = rules.oneTime ? "cron(…), rate(…) or at(yyyy-mm-ddThh:mm:ss)" : "cron(…) or rate(…)";
  return `is not an EventBridge Scheduler expression: ${forms}, ${SCHEDULE_EXAMPLES}`;
}

function rateProblem(expression: string, rules: ScheduleRules): string | undefined {
  const rate = RATE.exec(expression);
  if (!rate) return "is not a rate expression: rate(<whole number> minute|minutes|hour|hours|day|days), e.g. rate(1 day)";
  const value = Number(rate[1]);
  const unit = rate[2].replace(/s$/, "");
  if (value === 0) return "is a rate of zero: the value must be a positive whole number";
  if ((value === 1) !== (rate[2] === unit)) return `must say rate(${value} ${value === 1 ? unit : `${unit}s`}) (the unit is singular only for 1)`;
  if (rules.atMostDaily && value * MINUTES_PER_UNIT[unit] < MINUTES_PER_DAY)
    return "runs more than once a day: an image takes an hour or more to build, so the schedule must run at most daily";
  return undefined;
}

function atProblem(expression: string): string | undefined {
  const at = AT.exec(expression);
  if (!at) return "is not a one-time expression: at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-01-31T03:00:00)";
  const [year, month, day, hour, minute, second] = at.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return real ? undefined : "is not a real date and time (month 01–12, a day of that month, hours 00–23, minutes and seconds 00–59)";
}

function cronProblem(expression: string, rules: ScheduleRules): string | undefined {
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return "is not a cron expression: cron(minutes hours day-of-month month day-of-week year)";
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== FIELDS.length)
    return `has ${fields.length} cron field${fields.length === 1 ? "" : "s"}, not the 6 EventBridge Scheduler needs (minutes hours day-of-month month day-of-week year)`;
  for (const [index, field] of FIELDS.entries()) {
    const problem = fieldProblem(fields[index], field);
    if (problem) return `has an invalid ${field.name} field "${fields[index]}": ${problem}`;
  }
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if ((dayOfMonth === "?") === (dayOfWeek === "?"))
    return "must have ? in exactly one of day-of-month and day-of-week (the other says which days), e.g. cron(0 3 * * ? *)";
  if (rules.atMostDaily && valueCount(fields[0], MINUTES) * valueCount(fields[1], HOURS) > 1)
    return "runs more than once a day: an image takes an hour or more to build, so minutes and hours must each name one value";
  return undefined;
}

/** Why one cron field is not valid, or undefined. */
function fieldProblem(text: string, field: CronField): string | undefined {
  if (text === "?") return field === DAY_OF_MONTH || field === DAY_OF_WEEK ? undefined : "? is allowed only in day-of-month and day-of-week";
  if (field === DAY_OF_MONTH && text === "L") return undefined;
  if (field === DAY_OF_MONTH && /W$/.test(text)) {
    const day = valueOf(text.slice(0, -1), field);
    return day === undefined ? `W follows one day of the month ${field.min}–${field.max} (e.g. 15W)` : undefined;
  }
  if (field === DAY_OF_WEEK && text === "L") return undefined;
  if (field === DAY_OF_WEEK && text.includes("#")) {
    const [day, nth] = text.split("#");
    if (valueOf(day, field) === undefined || !/^[1-5]$/.test(nth ?? ""))
      return "# takes one day of the week (1–7 or SUN–SAT) and its occurrence 1–5 in the month, alone (e.g. MON#1)";
    return undefined;
  }
  for (const item of text.split(",")) {
    const problem = itemProblem(item, field);
    if (problem) return problem;
  }
  return undefined;
}

/** One comma-separated item: `*`, a value, a range `a-b`, each with an optional increment `/n`. */
function itemProblem(item: string, field: CronField): string | undefined {
  const allowed = `${field.min}–${field.max}${field.names ? ` or ${field.names[0]}–${field.names[field.names.length - 1]}` : ""}`;
  const [base, step, extra] = item.split("/");
  if (extra !== undefined) return "has more than one /";
  if (step !== undefined && !/^[1-9]\d*$/.test(step)) return "the increment after / must be a positive whole number";
  if (base === "*") return undefined;
  const [from, to, more] = base.split("-");
  if (more !== undefined) return "a range has one -";
  const start = valueOf(from, field);
  if (start === undefined) return `"${from}" is not a value of ${allowed}`;
  if (to === undefined) return undefined;
  const end = valueOf(to, field);
  if (end === undefined) return `"${to}" is not a value of ${allowed}`;
  if (end < start) return `the range ${base} ends before it starts`;
  return undefined;
}

/** The number a value stands for, or undefined when it is not one of the field's values. */
function valueOf(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return field.min + named;
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

/** How many values a valid minutes or hours field matches. */
function valueCount(text: string, field: CronField): number {
  const values = new Set<number>();
  for (const item of text.split(",")) {
    const [base, step] = item.split("/");
    const [from, to] = base === "*" ? [String(field.min), String(field.max)] : base.split("-");
    const start = valueOf(from, field)!;
    const end = to !== undefined ? valueOf(to, field)! : step !== undefined ? field.max : start;
    for (let value = start; value <= end; value += Number(step ?? 1)) values.add(value);
  }
  return values.size;
}

/** A schedule key's schema: a string checked by `scheduleProblem` under `rules`. */
export function scheduleExpression(rules: ScheduleRules) {
  return z.string().check((ctx) => {
    const problem = scheduleProblem(ctx.value, rules);
    if (problem) ctx.issues.push({ code: "custom", input: ctx.value, message: problem });
  });
}
