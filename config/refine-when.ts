import * as z from "zod/mini";
import type { core } from "zod/mini";

export type Path = readonly (string | number)[];
export type Issue = { path: (string | number)[]; message: string };

/**
 * A rule across keys of one schema (an object section or the whole file), made so that it can only ever see
 * values its schema has validated:
 *
 * - it declares the paths it `reads`; it runs only when no problem was found at, above or below any of them,
 *   so each value it reads passed its own checks (yet still alongside every other problem of the file: zod
 *   skips object-level checks after any inner problem by default, and a user should see all at once);
 * - a path into a section whose values are transformed (a `z.pipe`) is widened to the whole section, as the
 *   section is transformed only when all of it is valid;
 * - it is given a copy holding only the paths it declared: a value it reads without declaring is missing on
 *   every input, valid ones included, so the omission fails the first test instead of some rare input.
 *
 * A path the schema does not have is refused when the module loads.
 */
export function acrossKeys<Schema extends z.ZodMiniType>(
  schema: Schema,
  reads: readonly Path[],
  rule: (view: z.output<Schema>) => readonly Issue[],
): core.$ZodCheck<z.output<Schema>> {
  const guarded = reads.map((path) => validatedScope(schema, path));
  const mark = findingMarkOf(schema);
  return z.superRefine(
    (value, ctx) => {
      for (const issue of rule(pick(value, reads) as z.output<Schema>)) ctx.addIssue({ code: "custom", params: mark, ...issue });
    },
    {
      when: (payload) =>
        isObject(payload.value) &&
        !payload.issues.some(
          // Another rule's finding leaves the values valid: both are reported.
          (issue) =>
            (issue as { params?: unknown }).params !== mark &&
            issuePaths(issue).some((issuePath) => guarded.some((path) => overlaps(issuePath, path))),
        ),
    },
  );
}

/**
 * Marks the findings of one schema's rules: they leave its values valid, so its other rules still run. A finding
 * of a nested section's rule is a problem like any other here: that section was not transformed.
 */
const findingMarks = new WeakMap<z.ZodMiniType, object>();
const findingMarkOf = (schema: z.ZodMiniType) => findingMarks.get(schema) ?? findingMarks.set(schema, { acrossKeys: true }).get(schema)!;

/** The paths a problem is about: an unknown key is its own path, not its parent's (the rules never read it). */
function issuePaths(issue: core.$ZodRawIssue | core.$ZodIssue): PropertyKey[][] {
  const path = [...(issue.path ?? [])];
  if (issue.code === "unrecognized_keys") return (issue as core.$ZodIssueUnrecognizedKeys).keys.map((key) => [...path, key]);
  return [path];
}

/** One path is the other or lies under it. */
const overlaps = (a: readonly PropertyKey[], b: Path) => a.slice(0, b.length).every((key, index) => key === b[index]);
const isObject = (value: unknown): value is Record<PropertyKey, unknown> => typeof value === "object" && value !== null;

/** The part of `path` whose validity `path`'s value depends on: cut after the first transformed section. */
function validatedScope(schema: z.ZodMiniType, path: Path): Path {
  let node = unwrap(schema);
  for (const [index, key] of path.entries()) {
    const def = node._zod.def as unknown as Record<string, unknown>;
    let next: core.$ZodType | undefined;
    if (def.type === "object") next = (def.shape as Record<string, core.$ZodType>)[String(key)];
    else if (def.type === "array" && typeof key === "number") next = def.element as core.$ZodType;
    else if (def.type === "record") next = def.valueType as core.$ZodType;
    if (!next) throw new Error(`acrossKeys: the schema has no key path ${path.join(".")} (at ${String(key)})`);
    if (isTransformed(next)) return path.slice(0, index + 1);
    node = unwrap(next);
  }
  return path;
}

/** Through optional, default, prefault and nullable wrappers to the schema that checks the value. */
function unwrap(node: core.$ZodType): core.$ZodType {
  const def = node._zod.def as unknown as Record<string, unknown>;
  return def.innerType ? unwrap(def.innerType as core.$ZodType) : node;
}

function isTransformed(node: core.$ZodType): boolean {
  const def = node._zod.def as unknown as Record<string, unknown>;
  if (def.type === "pipe" || def.type === "transform") return true;
  return def.innerType ? isTransformed(def.innerType as core.$ZodType) : false;
}

/** A copy of `value` holding only the values at `paths` (and the objects on the way to them). */
function pick(value: unknown, paths: readonly Path[]): unknown {
  const view: Record<PropertyKey, unknown> = {};
  for (const path of paths) {
    let source: unknown = value;
    let target = view;
    for (const [index, key] of path.entries()) {
      if (!isObject(source) || !(key in source)) break;
      source = source[key];
      if (index === path.length - 1) target[key] = source;
      else target = (target[key] ??= Array.isArray(source) ? [] : {}) as Record<PropertyKey, unknown>;
    }
  }
  return view;
}
