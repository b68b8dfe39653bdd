import { ConfigError } from "./errors";
import { loadConfig } from "./load";
import type { VdiConfig } from "./schema";

/**
 * The configuration named by `VDI_CONFIG` (the embedded default without it) for a command: on a configuration
 * error, prints one line per problem and exits with status 1 before anything else happens.
 */
export function loadConfigOrExit(): VdiConfig {
  try {
    return loadConfig(process.env.VDI_CONFIG || undefined);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error${error.problems.length > 1 ? "s" : ""}:\n${error.problems.join("\n")}\n`);
    process.exit(1);
  }
}
