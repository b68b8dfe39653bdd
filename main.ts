import { App } from "cdktf";
import { ConfigError } from "./config/errors";
import { loadConfig } from "./config/load";
import type { VdiConfig } from "./config/schema";
import { buildStacks } from "./stacks";

// Validate before the App exists: a bad configuration must not touch an existing cdktf.out.
let config: VdiConfig;
try {
  config = loadConfig(process.env.VDI_CONFIG || undefined);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Configuration error${error.problems.length > 1 ? "s" : ""}:\n${error.problems.join("\n")}\n`);
  process.exit(1);
}

const app = new App();
buildStacks(app, config);
app.synth();
