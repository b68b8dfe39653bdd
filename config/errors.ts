import type { core } from "zod/mini";

/** A configuration file that cannot be used; each problem is one line ready to print. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of keys to values",
  record: "a mapping of keys to values",
};

/**
 * zod's messages rephrased as predicates that read after the offending value, so that every line
 * has the same shape: `<file>:<line>: <key path>: <value> <rule>`. Rules with their own message in
 * the schema keep it.
 */
export const predicateMessages: core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value")) return "is required";
  switch (issue.code) {
    case "invalid_type":
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `must be one of: ${issue.values.map((value) => String(value)).join(", ")}`;
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "must not be empty";
      if (issue.origin === "array") return `must have at least ${count(issue.minimum, "entry", "entries")}`;
      if (issue.origin === "string") return `must have at least ${count(issue.minimum, "character", "characters")}`;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "array") return `must have at most ${count(issue.maximum, "entry", "entries")}`;
      if (issue.origin === "string") return `must have at most ${count(issue.maximum, "character", "characters")}`;
      return `must be at most ${issue.maximum}`;
    case "invalid_key":
      return `key ${issue.issues.map((inner) => inner.message).join("; ")}`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
};

const count = (amount: number | bigint, one: string, many: string) => `${amount} ${Number(amount) === 1 ? one : many}`;

/** `["desktops", "users", 3, "userName"]` → `desktops.users[3].userName` */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}
