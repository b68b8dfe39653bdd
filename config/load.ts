import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import { ConfigError, formatKeyPath, predicateMessages } from "./errors";
import { configSchema, type VdiConfig } from "./schema";

/**
 * The embedded configuration, used when `VDI_CONFIG` names no file: synthesizes with no AWS account.
 * Found from this file's folder both in the sources (config/) and in the bundled app (dist/).
 */
export const DEFAULT_CONFIG_PATH = join(__dirname, "..", "config", "default.yaml");

/** Reads, parses and validates a configuration file; throws `ConfigError` listing every problem. */
export function loadConfig(path: string = DEFAULT_CONFIG_PATH): VdiConfig {
  const label = displayPath(path);
  if (!existsSync(path)) throw new ConfigError([`${label}: configuration file not found`]);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError([`${label}: cannot read the configuration file (${(error as Error).message})`]);
  }
  return parseConfig(text, label);
}

/** Parses and validates configuration text; `label` names the file in messages. */
export function parseConfig(text: string, label: string): VdiConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => {
        const line = lineCounter.linePos(error.pos[0]).line;
        return `${label}${line ? `:${line}` : ""}: not valid YAML: ${error.message.split("\n")[0]}`;
      }),
    );
  }
  const raw: unknown = document.toJS();
  if (raw === null || raw === undefined) throw new ConfigError([`${label}: the configuration file is empty`]);

  const result = configSchema.safeParse(raw, { error: predicateMessages });
  if (result.success) return result.data;

  const problems = result.error.issues.flatMap((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    return keys.map((unknownKey) => {
      const path = unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
      const message = unknownKey === undefined ? issue.message : "is not a known key here";
      const showValue = unknownKey === undefined && issue.code !== "invalid_key";
      return describeProblem(document, lineCounter, path, message, showValue);
    });
  });
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new ConfigError(problems.map(({ line, text }) => `${label}${line ? `:${line}` : ""}: ${text}`));
}

function describeProblem(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  message: string,
  showValue: boolean,
): { line: number | undefined; text: string } {
  const keyPath = formatKeyPath(path) || "(top level)";
  const value = document.getIn(path as unknown[]);
  const shown = showValue && isScalar(value) ? `${JSON.stringify(value)} ` : "";
  return { line: lineOf(document, lineCounter, path), text: `${keyPath}: ${shown}${message}` };
}

function isScalar(value: unknown): boolean {
  return ["string", "number", "boolean"].includes(typeof value);
}

/** The line of the key path's node, or of its nearest existing parent for a missing key. */
function lineOf(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (length === 0) return undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith("..") ? path : fromHere;
}
