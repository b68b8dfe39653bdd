import { distance } from "fastest-levenshtein";
import type { core } from "zod/mini";

/**
 * "Did you mean" for a misspelled configuration key: the known key at the same level of the schema
 * closest to it, when it is close enough to be a slip (case is ignored: `vpcCIDR` is `vpcCidr`).
 */
export function keySuggestion(schema: core.$ZodType, path: readonly PropertyKey[], unknownKey: string): string | undefined {
  return closest(knownKeysAt(schema, path), unknownKey);
}

/** The candidate closest to `word` when it is close enough to be a slip, case ignored. */
function closest(candidates: readonly string[], word: string): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const apart = distance(word.toLowerCase(), candidate.toLowerCase());
    if (apart <= closeEnough(candidate) && (!best || apart < best.distance)) best = { candidate, distance: apart };
  }
  return best?.candidate;
}

/**
 * What an unknown key most likely meant, as the end of its message: a known key of the same level spelled
 * alike, a known key of another level (`users` at the top is `desktops.users`), or why no key takes it.
 */
export function unknownKeyHint(schema: core.$ZodType, path: readonly PropertyKey[], unknownKey: string): string {
  if (path[0] === "directory" && /passw(or)?d|secret/i.test(unknownKey)) return `: ${DIRECTORY_PASSWORD_HINT}`;
  const suggestion = keySuggestion(schema, path, unknownKey) ?? keyElsewhere(schema, unknownKey);
  return suggestion ? ` (did you mean ${suggestion}?)` : "";
}

export const DIRECTORY_PASSWORD_HINT =
  "no password goes in this file: a SimpleAD or MicrosoftAD administrator password is generated into Secrets Manager (<project>-<environment>/directory/<user>-password), and AD Connector's service account password is read from the existing secret named in connectSettings.passwordSecretId";

/** The shortest key path, other than at the top, whose last key is `key` (case ignored), if only one is shortest. */
function keyElsewhere(schema: core.$ZodType, key: string): string | undefined {
  const found: string[][] = [];
  const walk = (node: core.$ZodType, path: string[]) => {
    if (path.length >= MAX_HINT_DEPTH) return;
    for (const object of unwrap(node)) {
      const def = object._zod.def as unknown as Record<string, unknown>;
      if (def.type === "array") walk(def.element as core.$ZodType, path);
      for (const [name, inner] of Object.entries(shapeOf(object) ?? {})) {
        if (name.toLowerCase() === key.toLowerCase() && path.length > 0) found.push([...path, name]);
        walk(inner, [...path, name]);
      }
    }
  };
  walk(schema, []);
  const shortest = Math.min(...found.map((path) => path.length));
  const candidates = [...new Set(found.filter((path) => path.length === shortest).map((path) => path.join(".")))];
  return candidates.length === 1 ? candidates[0] : undefined;
}
const MAX_HINT_DEPTH = 4;

/**
 * The allowed value a refused one most likely meant: the same in another case, a word it abbreviates or spells
 * out (`Production` → `prod`), or a slip.
 */
export function valueSuggestion(values: readonly unknown[], input: string): string | undefined {
  const options = values.filter((value): value is string => typeof value === "string");
  const word = input.trim().toLowerCase();
  if (word.length === 0) return undefined;
  const abbreviates = (option: string) => Math.min(option.length, word.length) >= 3 && (word.startsWith(option) || option.startsWith(word));
  return (
    options.find((option) => option.toLowerCase() === word) ??
    options.find((option) => abbreviates(option.toLowerCase())) ??
    closest(options, input.trim())
  );
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
