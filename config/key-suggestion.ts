import { distance } from "fastest-levenshtein";
import type { core } from "zod/mini";

/**
 * "Did you mean" for a misspelled configuration key: the known key at the same level of the schema
 * closest to it, when it is close enough to be a slip (case is ignored: `vpcCIDR` is `vpcCidr`).
 */
export function keySuggestion(schema: core.$ZodType, path: readonly PropertyKey[], unknownKey: string): string | undefined {
  const known = knownKeysAt(schema, path);
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const apart = distance(unknownKey.toLowerCase(), key.toLowerCase());
    if (apart <= closeEnough(key) && (!best || apart < best.distance)) best = { key, distance: apart };
  }
  return best?.key;
}

/** One slip in four characters, and at least two, counts as a typo; more is another word. */
const closeEnough = (key: string) => Math.max(2, Math.floor(key.length / 4));

/** The keys an object schema accepts at `path` (list indexes included), looking through wrappers. */
export function knownKeysAt(schema: core.$ZodType, path: readonly PropertyKey[]): string[] {
  let candidates = [schema];
  for (const step of [...path, undefined]) {
    const objects = candidates.flatMap(unwrap);
    if (step === undefined) return [...new Set(objects.flatMap((object) => Object.keys(shapeOf(object) ?? {})))];
    candidates = objects.flatMap((node) => {
      const def = node._zod.def as unknown as Record<string, unknown>;
      if (typeof step === "number" && def.type === "array") return [def.element as core.$ZodType];
      if (def.type === "record") return [def.valueType as core.$ZodType];
      const inner = shapeOf(node)?.[String(step)];
      return inner ? [inner] : [];
    });
  }
  return [];
}

/** The schema nodes a value is checked against, through optional, default, pipe and union wrappers. */
function unwrap(node: core.$ZodType): core.$ZodType[] {
  const def = node._zod.def as unknown as Record<string, unknown>;
  if (def.innerType) return unwrap(def.innerType as core.$ZodType);
  if (def.type === "pipe") return unwrap(def.in as core.$ZodType);
  if (def.type === "union") return (def.options as core.$ZodType[]).flatMap(unwrap);
  return [node];
}

const shapeOf = (node: core.$ZodType) => (node._zod.def as unknown as { shape?: Record<string, core.$ZodType> }).shape;
