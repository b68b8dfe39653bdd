import type { core } from "zod/mini";

type Path = readonly (string | number)[];

const startsWith = (path: readonly PropertyKey[], prefix: Path) => prefix.every((key, index) => path[index] === key);

/**
 * A cross-field check runs only when the fields it reads parsed cleanly, yet still alongside every
 * other problem in the file (zod skips object-level checks after any inner issue by default), so a
 * user sees all problems in one run.
 */
export function whenValid(...paths: Path[]): { when: (payload: core.ParsePayload) => boolean } {
  return {
    when: (payload) =>
      typeof payload.value === "object" &&
      payload.value !== null &&
      !payload.issues.some((issue) => paths.some((prefix) => startsWith(issue.path ?? [], prefix))),
  };
}
