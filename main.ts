import { loadConfigOrExit } from "./config/load-or-exit";
import { formatFindings } from "./stacks/security-policy";
import { synthesize } from "./stacks/synthesize";

// Configuration errors stop everything before any file is written.
const config = loadConfigOrExit();

// The cdktf CLI names the output folder; run on its own, the app writes cdktf.out like the CLI.
const { findings, written } = synthesize(config, process.env.CDKTF_OUTDIR || "cdktf.out");
process.stderr.write(formatFindings(findings));
if (!written) process.exit(1);
