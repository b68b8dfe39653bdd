import type { core } from "zod/mini";
import { valueSuggestion } from "./key-suggestion";

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
    case "invalid_type": {
      // YAML's .inf and .nan are numbers to the parser, but not numbers a key can take.
      const notFinite = typeof issue.input === "number" && !Number.isFinite(issue.input);
      if (notFinite) return `is ${Number.isNaN(issue.input) ? "not a number" : "infinite"}: give a finite number`;
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    }
    case "invalid_value": {
      const suggestion = typeof issue.input === "string" ? valueSuggestion(issue.values, issue.input) : undefined;
      return `must be one of: ${issue.values.map((value) => String(value)).join(", ")}${suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`}`;
    }
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

/** `["desktops", "users", 3, "userName"]` → `desktops.users[3].userName`; odd keys are quoted like values. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === "number") return `[${key}]`;
      const text = String(key);
      const shown = /^[A-Za-z0-9_.:/@+=-]{1,64}$/.test(text) ? text : quoteValue(text);
      return `${index === 0 ? "" : "."}${shown}`;
    })
    .join("");
}

/** Longest value shown in a message, in characters; the rest is replaced by a count. */
export const MAX_SHOWN_CHARACTERS = 60;

/**
 * A value as it appears in a message: JSON-quoted, with every control, invisible, bidirectional or
 * non-ASCII space character written as `\uXXXX`, and cut after `MAX_SHOWN_CHARACTERS`, so that a
 * problem stays one readable line whatever the file holds.
 */
export function quoteValue(value: unknown): string {
  // As YAML writes them: JSON would show null.
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf";
  if (typeof value !== "string") return JSON.stringify(value) ?? String(value);
  const text = value;
  const characters = [...text];
  const cut = characters.length > MAX_SHOWN_CHARACTERS;
  const shown = cut ? characters.slice(0, MAX_SHOWN_CHARACTERS).join("") : text;
  const quoted = JSON.stringify(shown).replace(UNSAFE_IN_MESSAGES, escapeCharacter);
  return cut ? `${quoted}… (${characters.length} characters)` : quoted;
}

/** Characters a terminal would not show as themselves: controls, format (zero-width, bidi), separators, private use. */
export const UNSAFE_IN_MESSAGES = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u115F\u1160\u3164\uFFA0\u2800]/gu;

const escapeCharacter = (character: string) => {
  const code = character.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
};

/** A line of text safe to print as one line of a message (a file name, a parser's message). */
export function oneLine(text: string): string {
  const escaped = text.replace(UNSAFE_IN_MESSAGES, escapeCharacter);
  return escaped.length > 200 ? `${escaped.slice(0, 200)}…` : escaped;
}
