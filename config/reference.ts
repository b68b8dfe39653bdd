import * as z from "zod/mini";
import { configSchema } from "./schema";

/**
 * The configuration reference, generated from the schema: each key's description is the
 * `.check(z.describe("…"))` on its schema (on the key's own schema or on its `_default`, `prefault` or
 * `optional` wrapper), its default comes from the `_default`/`prefault` wrapper, and enum values are
 * listed from the enum itself. `npm run docs` writes the table of docs/configuration.md and the JSON Schema from it.
 */

export interface ReferenceRow {
  /** Key path as written in the file: `desktops.users[].userName`. */
  readonly path: string;
  /** `required`, `optional`, or the default value in backticks. */
  readonly defaultText: string;
  /** The key's description, followed by its allowed values when it is an enum. */
  readonly rule: string;
}

type AnySchema = z.core.$ZodType;

/** Wrappers that change whether a key is required, not what it holds. */
const WRAPPERS = new Set(["default", "prefault", "optional", "nonoptional", "readonly", "catch"]);

interface Unwrapped {
  readonly schema: AnySchema;
  readonly description: string | undefined;
  readonly status: { kind: "required" } | { kind: "optional" } | { kind: "default"; value: unknown };
}

function descriptionOf(schema: AnySchema): string | undefined {
  return z.globalRegistry.get(schema)?.description;
}

/** Peels wrappers and the input side of pipes, keeping the outermost description and default found. */
function unwrap(schema: AnySchema): Unwrapped {
  let current = schema;
  let description = descriptionOf(current);
  let status: Unwrapped["status"] = { kind: "required" };
  for (;;) {
    const def = current._zod.def as z.core.$ZodTypeDef & { innerType?: AnySchema; in?: AnySchema; defaultValue?: unknown };
    if ((def.type === "default" || def.type === "prefault") && status.kind !== "default") {
      status = { kind: "default", value: def.defaultValue };
    } else if (def.type === "optional" && status.kind === "required") {
      status = { kind: "optional" };
    }
    const next = WRAPPERS.has(def.type) ? def.innerType : def.type === "pipe" ? def.in : undefined;
    if (next === undefined) return { schema: current, description, status };
    current = next;
    description ??= descriptionOf(current);
  }
}

function formatDefault(status: Unwrapped["status"]): string {
  if (status.kind !== "default") return status.kind;
  const value = status.value;
  return `\`${typeof value === "string" && value !== "" ? value : JSON.stringify(value)}\``;
}

function enumValues(schema: AnySchema): string[] | undefined {
  const def = schema._zod.def as z.core.$ZodTypeDef & { entries?: Record<string, string> };
  return def.type === "enum" && def.entries ? Object.values(def.entries) : undefined;
}

function collect(schema: AnySchema, path: string, rows: ReferenceRow[], undescribed: string[]): void {
  const { schema: inner, description, status } = unwrap(schema);
  const def = inner._zod.def as z.core.$ZodTypeDef & { shape?: Record<string, AnySchema>; element?: AnySchema };
  const element = def.type === "array" && def.element ? unwrap(def.element).schema : undefined;
  const isList = element !== undefined && element._zod.def.type === "object";
  const ownPath = isList ? `${path}[]` : path;
  if (path !== "") {
    if (description === undefined) undescribed.push(ownPath);
    const values = enumValues(inner);
    const allowed = values ? ` One of ${values.map((value) => `\`${value}\``).join(" | ")}.` : "";
    rows.push({ path: ownPath, defaultText: formatDefault(status), rule: `${description ?? ""}${allowed}`.trim() });
  }
  const shape = def.type === "object" ? def.shape : isList ? (element._zod.def as { shape?: Record<string, AnySchema> }).shape : undefined;
  for (const [key, child] of Object.entries(shape ?? {})) collect(child, ownPath === "" ? key : `${ownPath}.${key}`, rows, undescribed);
}

/** Every key of the file, depth first, in schema order. Throws naming every key without a description. */
export function referenceRows(schema: AnySchema = configSchema): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  const undescribed: string[] = [];
  collect(schema, "", rows, undescribed);
  if (undescribed.length > 0) {
    throw new Error(
      `configuration keys without a description: ${undescribed.join(", ")}. ` +
        'Add .check(z.describe("what it does, its default, its rule")) to each key\'s schema in config/.',
    );
  }
  return rows;
}

const escapeCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The configuration table of docs/configuration.md. */
export function referenceTable(rows: readonly ReferenceRow[] = referenceRows()): string {
  const lines = ["| key | default | rule |", "|---|---|---|"];
  for (const row of rows) lines.push(`| \`${row.path}\` | ${escapeCell(row.defaultText)} | ${escapeCell(row.rule)} |`);
  return lines.join("\n");
}

/** The JSON Schema of the file as written (input side: keys with defaults are not required). */
export function configJsonSchema(): Record<string, unknown> {
  referenceRows();
  return {
    ...z.toJSONSchema(configSchema, { io: "input", unrepresentable: "throw" }),
    title: "WorkSpaces VDI configuration",
    description: "One YAML file for the network, identity and desktops stacks. Generated by `npm run docs` from config/; see docs/configuration.md.",
  };
}

/** The guide that holds the configuration table, between the markers below. */
export const REFERENCE_DOC_PATH = "docs/configuration.md";

export const REFERENCE_MARKERS = {
  start: "<!-- config-reference:start (generated by `npm run docs` from the descriptions in config/; do not edit) -->",
  end: "<!-- config-reference:end -->",
} as const;

/** The configuration guide with its configuration table replaced; throws when the markers are missing. */
export function guideWithReference(guide: string, table: string = referenceTable()): string {
  const start = guide.indexOf(REFERENCE_MARKERS.start);
  const end = guide.indexOf(REFERENCE_MARKERS.end);
  if (start === -1 || end < start) throw new Error(`${REFERENCE_DOC_PATH} lacks the markers ${REFERENCE_MARKERS.start} … ${REFERENCE_MARKERS.end}`);
  return `${guide.slice(0, start + REFERENCE_MARKERS.start.length)}\n${table}\n${guide.slice(end)}`;
}

export const JSON_SCHEMA_PATH = "config/vdi-config.schema.json";

/** The JSON Schema file's content, as `npm run docs` writes it. */
export const jsonSchemaText = () => `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
