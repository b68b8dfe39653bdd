import { ConfigError } from "./config/errors";
import { loadConfig } from "./config/load";
import type { VdiConfig } from "./config/schema";
import { formatFinding } from "./stacks/security-policy";
import { synthesize } from "./stacks/synthesize";

// Configuration errors stop everything before any file is written.
let config: VdiConfig;
try {
  config = loadConfig(process.env.VDI_CONFIG || undefined);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Configuration error${error.problems.length > 1 ? "s" : ""}:\n${error.problems.join("\n")}\n`);
  process.exit(1);
}

// The cdktf CLI names the output folder; run on its own, the app writes cdktf.out like the CLI.
const { findings, written } = synthesize(config, process.env.CDKTF_OUTDIR || "cdktf.out");
const errors = findings.filter((finding) => finding.severity === "error");
const warnings = findings.filter((finding) => finding.severity === "warning");
if (warnings.length > 0) process.stderr.write(`Security policy warnings:\n${warnings.map(formatFinding).join("\n")}\n`);
if (!written) {
  process.stderr.write(`Security policy violations (nothing was written):\n${errors.map(formatFinding).join("\n")}\n`);
  process.exit(1);
}
