import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { join, relative, resolve } from "node:path";
import { LineCounter, parseDocument, visit, type Document } from "yaml";
import { ConfigError, formatKeyPath, oneLine, predicateMessages, quoteValue } from "./errors";
import { unknownKeyHint } from "./key-suggestion";
import { textProblem } from "./rules";
import { configSchema, type VdiConfig } from "./schema";

/**
 * The embedded configuration, used when `VDI_CONFIG` names no file: synthesizes with no AWS account.
 * Found from this file's folder both in the sources (config/) and in the bundled app (dist/).
 */
export const DEFAULT_CONFIG_PATH = join(__dirname, "..", "config", "default.yaml");

/** A configuration file is a few kilobytes; anything this large is a mistake (or an attack). */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** YAML aliases a file may expand; more is the "billion laughs" pattern. */
const MAX_ALIAS_COUNT = 100;
/** Problems printed at once; the rest are counted (a generated file can have thousands). */
const MAX_PROBLEMS_SHOWN = 50;

/** Reads, parses and validates a configuration file; throws `ConfigError` listing every problem. */
export function loadConfig(path: string = DEFAULT_CONFIG_PATH): VdiConfig {
  const absolute = resolve(path);
  const label = displayPath(absolute);
  return parseConfig(readConfigText(absolute, label), label);
}

/**
 * The text of a regular file of at most `MAX_CONFIG_BYTES`, as UTF-8. Opened without blocking and
 * checked on the open descriptor, so a FIFO, a device such as /dev/zero or a file swapped after
 * the check is refused rather than read forever.
 */
function readConfigText(path: string, label: string): string {
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ConfigError([`${label}: configuration file not found (looked for ${oneLine(path)})`]);
    }
    throw new ConfigError([`${label}: cannot open the configuration file (${systemReason(error)})`]);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw new ConfigError([`${label}: is ${kindOf(stats)}, not a regular file: name a YAML file`]);
    if (stats.size > MAX_CONFIG_BYTES)
      throw new ConfigError([`${label}: is ${mebibytes(stats.size)}, more than the 1 MiB a configuration file may have`]);
    // One byte more than allowed: a file that grows while being read is caught too.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(descriptor, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_CONFIG_BYTES) throw new ConfigError([`${label}: is more than the 1 MiB a configuration file may have`]);
    // /proc and /sys files say they are empty and yet have content; what they hold (an environment) is not echoed.
    if (length !== stats.size)
      throw new ConfigError([
        `${label}: is a special file or changed while it was read (${stats.size} bytes listed, ${length} read): name a YAML file`,
      ]);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      throw new ConfigError([`${label}: is not UTF-8 text (a binary file?)`]);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([`${label}: cannot read the configuration file (${systemReason(error)})`]);
  } finally {
    closeSync(descriptor);
  }
}

/** Parses and validates configuration text; `label` names the file in messages. */
export function parseConfig(text: string, label: string): VdiConfig {
  const lineCounter = new LineCounter();
  const at = (line: number | undefined) => `${label}${line ? `:${line}` : ""}`;
  let document: Document;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    // The parser recurses: thousands of nested brackets exhaust the stack.
    throw new ConfigError([`${label}: not valid YAML: ${oneLine((error as Error).message)}`]);
  }
  // YAML 1.1 reads on/off/yes/no as true and false: a %YAML 1.1 header would turn `internetAccess: on` into true.
  const version = document.directives?.yaml;
  if (version?.explicit && version.version !== "1.2") {
    const line = text.split("\n").findIndex((row) => row.startsWith("%YAML")) + 1;
    throw new ConfigError([
      `${at(line || undefined)}: %YAML ${oneLine(version.version)} is not supported: the file is read as YAML 1.2 (where on, yes and no are text, not true or false); remove the %YAML line`,
    ]);
  }
  // Unknown tags (`!foo`, `!!binary`) only warn in the parser; no key of this file takes one.
  const yamlProblems = [...document.errors, ...document.warnings];
  if (yamlProblems.length > 0) {
    throw new ConfigError(
      yamlProblems.map((error) => `${at(lineCounter.linePos(error.pos[0]).line)}: not valid YAML: ${oneLine(error.message.split("\n")[0])}`),
    );
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // Aliases fail here, not in the parser: an anchor defined later, or too many expansions.
    throw new ConfigError([`${at(firstAliasLine(document, lineCounter))}: not valid YAML: ${oneLine((error as Error).message)}`]);
  }
  if (raw === null || raw === undefined) throw new ConfigError([`${label}: the configuration file is empty`]);
  if (refersToItself(raw)) {
    throw new ConfigError([
      `${at(firstAliasLine(document, lineCounter))}: not valid YAML: an alias refers to the collection that contains it (a loop)`,
    ]);
  }
  if (typeof raw !== "object" || Array.isArray(raw)) {
    const top = (document.contents as { range?: [number, number, number] } | null)?.range;
    throw new ConfigError([
      `${at(top ? lineCounter.linePos(top[0]).line : 1)}: (top level): ${Array.isArray(raw) ? "is a list" : `is ${quoteValue(raw)}`}, not a mapping of keys to values`,
    ]);
  }
  const input = withoutEmptyKeys(raw);

  const textIssues = textIssuesOf(input, []);
  const result = configSchema.safeParse(input, { error: predicateMessages });
  if (result.success && textIssues.length === 0) return result.data;

  const schemaIssues = result.success ? [] : result.error.issues;
  const problems = [
    ...textIssues.map(({ path, message, showValue }) => describeProblem(document, lineCounter, path, message, showValue)),
    ...schemaIssues.flatMap((issue) => {
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
      return keys.map((unknownKey) => {
        const path = unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
        const message = unknownKey === undefined ? issue.message : unknownKeyMessage(issue.path, unknownKey);
        const showValue = unknownKey === undefined && issue.code !== "invalid_key";
        return describeProblem(document, lineCounter, path, message, showValue);
      });
    }),
  ];
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const lines = problems.map(({ line, text }) => `${at(line)}: ${text}`);
  const hidden = lines.length - MAX_PROBLEMS_SHOWN;
  throw new ConfigError(hidden > 0 ? [...lines.slice(0, MAX_PROBLEMS_SHOWN), `${label}: … and ${hidden} more problems`] : lines);
}

function unknownKeyMessage(path: readonly PropertyKey[], unknownKey: string): string {
  return `is not a known key here${unknownKeyHint(configSchema, path, unknownKey)}`;
}

/**
 * A key with nothing after it (`monitoring:`, `users:` with every entry commented out) reads as
 * left out, so it gets its defaults; a required key reads as missing. Tag values stay: an empty
 * tag value is written `""`, and a forgotten one is reported.
 */
function withoutEmptyKeys(value: unknown, inTags = false): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutEmptyKeys(item));
  if (value === null || typeof value !== "object") return value;
  // No prototype: a `__proto__` key stays a key, for the text rules to refuse, instead of vanishing into the prototype.
  const kept: Record<string, unknown> = Object.create(null);
  for (const [key, inner] of Object.entries(value)) {
    if (inTags || (inner !== null && inner !== undefined)) kept[key] = withoutEmptyKeys(inner, key === "tags");
  }
  return kept;
}

type TextIssue = { path: PropertyKey[]; message: string; showValue: boolean };

/**
 * Every key and string of the file against the character rules (`textProblem`). One walk with one path, copied only
 * for a problem: a file of 1,000 users has ~5,000 keys and strings.
 */
function textIssuesOf(value: unknown, path: PropertyKey[], issues: TextIssue[] = []): TextIssue[] {
  if (typeof value === "string") {
    const problem = textProblem(value, path[path.length - 1] === "reason");
    if (problem) issues.push({ path: [...path], message: problem, showValue: true });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      path.push(index);
      textIssuesOf(item, path, issues);
      path.pop();
    });
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      path.push(key);
      const keyProblem = textProblem(key, false);
      if (keyProblem) issues.push({ path: [...path], message: `key ${keyProblem}`, showValue: false });
      textIssuesOf(inner, path, issues);
      path.pop();
    }
  }
  return issues;
}

function describeProblem(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  message: string,
  showValue: boolean,
): { line: number | undefined; text: string } {
  const keyPath = formatKeyPath(path) || "(top level)";
  const value = showValue ? safeGetIn(document, path, false) : undefined;
  const shown = isScalar(value) ? `${quoteValue(value)} ` : "";
  return { line: lineOf(document, lineCounter, path), text: `${keyPath}: ${shown}${message}` };
}

function safeGetIn(document: Document, path: readonly PropertyKey[], keepScalar: boolean): unknown {
  try {
    return document.getIn(path as unknown[], keepScalar);
  } catch {
    return undefined;
  }
}

function isScalar(value: unknown): boolean {
  return ["string", "number", "boolean"].includes(typeof value);
}

/** The line of the key path's node, or of its nearest existing parent for a missing key. */
function lineOf(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let length = path.length; length > 0; length--) {
    const node = safeGetIn(document, path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** A collection that contains itself, through an alias inside its own anchor (`a: &a [*a]`). */
function refersToItself(value: unknown, open = new Set<unknown>(), done = new Set<unknown>()): boolean {
  if (value === null || typeof value !== "object" || done.has(value)) return false;
  if (open.has(value)) return true;
  open.add(value);
  const found = Object.values(value).some((inner) => refersToItself(inner, open, done));
  open.delete(value);
  done.add(value);
  return found;
}

function firstAliasLine(document: Document, lineCounter: LineCounter): number | undefined {
  let line: number | undefined;
  visit(document, {
    Alias(_, node) {
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

/** What a path that is not a regular file is, for a message. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** `EACCES: permission denied, open '…'` → `permission denied`. */
export function systemReason(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  const match = /^[A-Z]+: ([^,]+)/.exec(message);
  return oneLine(match ? match[1] : message);
}

function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return oneLine(fromHere.startsWith("..") || fromHere === "" ? path : fromHere);
}
