import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { DEFAULT_CONFIG_PATH } from "../config/load";
import { DIRECTORY_SIZE_USERS, MAX_DESKTOPS_PER_STACK } from "../config/desktops-schema";

/**
 * The default configuration (or `base`) with `users` desktops, a few of them overriding defaults, as YAML. Up to
 * MAX_DESKTOPS_PER_STACK they are `desktops.users` (the desktops stack); more are `desktops.groups` of that many
 * (g01, g02, …: one stack each), the smallest number of stacks the configuration allows, with a directory sized for them.
 */
export function fleetConfigYaml(users: number, base: string = DEFAULT_CONFIG_PATH): string {
  const document = parseDocument(readFileSync(base, "utf8"));
  const entries = Array.from({ length: users }, (_, index) => ({
    userName: `user${String(index).padStart(5, "0")}`,
    ...(index % 10 === 0 ? { computeType: "PERFORMANCE", userVolumeGib: 100 } : {}),
    ...(index % 25 === 0 ? { runningMode: "ALWAYS_ON" } : {}),
  }));
  if (users <= MAX_DESKTOPS_PER_STACK) {
    document.setIn(["desktops", "users"], entries);
    return document.toString();
  }
  document.setIn(["desktops", "users"], []);
  document.setIn(
    ["desktops", "groups"],
    Array.from({ length: Math.ceil(users / MAX_DESKTOPS_PER_STACK) }, (_, group) => ({
      name: `g${String(group + 1).padStart(2, "0")}`,
      users: entries.slice(group * MAX_DESKTOPS_PER_STACK, (group + 1) * MAX_DESKTOPS_PER_STACK),
    })),
  );
  if (users > DIRECTORY_SIZE_USERS.Small && document.getIn(["directory", "size"]) === "Small") document.setIn(["directory", "size"], "Large");
  return document.toString();
}
