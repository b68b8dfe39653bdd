import { ConfigError } from "./errors";
import { loadConfig } from "./load";
import type { VdiConfig } from "./schema";

/**
 * The configuration named by `VDI_CONFIG` (the embedded default without it) for a command: on a configuration
 * error, prints one line per problem and exits with status 1 before anything else happens. A valid
 * configuration that does less than its author may think is printed as a note.
 */
export function loadConfigOrExit(): VdiConfig {
  let config: VdiConfig;
  try {
    config = loadConfig(process.env.VDI_CONFIG || undefined);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error${error.problems.length > 1 ? "s" : ""}:\n${error.problems.join("\n")}\n`);
    process.exit(1);
  }
  for (const note of configurationNotes(config)) process.stderr.write(`Note: ${note}\n`);
  return config;
}

/** What a valid configuration leaves out that a newcomer would expect, one line each. */
export function configurationNotes(config: VdiConfig): string[] {
  return config.desktops.users.length === 0
    ? [
        "desktops.users is empty: this configuration creates no desktop (the network, directory and registration only); add a user under desktops.users for each desktop",
      ]
    : [];
}
