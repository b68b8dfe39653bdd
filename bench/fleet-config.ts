import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { DEFAULT_CONFIG_PATH } from "../config/load";
import { DIRECTORY_SIZE_USERS, MAX_DESKTOPS_PER_STACK } from "../config/desktops-schema";

/**
 * The default configuration (or `base`) with `users` desktops, a few of them overriding defaults, as YAML. Up to
 * MAX_DESKTOPS_PER_STACK they are `desktops.users` (the desktops stack); more are `desktops.groups` of that many
 * (g01, g02, …: one stack each), the smallest number of stacks the configuration allows, with a directory sized for them.
 * With `groupSize`, the users are always groups of that many (the last one holding the rest), whatever their number.
 */
export function fleetConfigYaml(users: number, base: string = DEFAULT_CONFIG_PATH, groupSize?: number): string {
  const document = parseDocument(readFileSync(base, "utf8"));
  const entries = Array.from({ length: users }, (_, index) => ({
    userName: `user${String(index).padStart(5, "0")}`,
    ...(index % 10 === 0 ? { computeType: "PERFORMANCE", userVolumeGib: 100 } : {}),
    ...(index % 25 === 0 ? { runningMode: "ALWAYS_ON" } : {}),
  }));
  if (groupSize === undefined && users <= MAX_DESKTOPS_PER_STACK) {
    document.setIn(["desktops", "users"], entries);
    return document.toString();
  }
  const size = groupSize ?? MAX_DESKTOPS_PER_STACK;
  document.setIn(["desktops", "users"], []);
  document.setIn(
    ["desktops", "groups"],
    Array.from({ length: Math.ceil(users / size) }, (_, group) => ({
      name: `g${String(group + 1).padStart(2, "0")}`,
      users: entries.slice(group * size, (group + 1) * size),
    })),
  );
  if (users > DIRECTORY_SIZE_USERS.Small && document.getIn(["directory", "size"]) === "Small") document.setIn(["directory", "size"], "Large");
  return document.toString();
}
