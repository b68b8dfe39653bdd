import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { DEFAULT_CONFIG_PATH } from "../config/load";

/** The default configuration (or `base`) with `users` desktops, a few of them overriding defaults, as YAML. */
export function fleetConfigYaml(users: number, base: string = DEFAULT_CONFIG_PATH): string {
  const document = parseDocument(readFileSync(base, "utf8"));
  document.setIn(
    ["desktops", "users"],
    Array.from({ length: users }, (_, index) => ({
      userName: `user${String(index).padStart(5, "0")}`,
      ...(index % 10 === 0 ? { computeType: "PERFORMANCE", userVolumeGib: 100 } : {}),
      ...(index % 25 === 0 ? { runningMode: "ALWAYS_ON" } : {}),
    })),
  );
  return document.toString();
}
