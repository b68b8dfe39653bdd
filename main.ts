import { oneLine } from "./config/errors";
import { loadConfigOrExit } from "./config/load-or-exit";
import { formatFindings } from "./policy";
import { OutputFolderError, synthesize } from "./synthesis/synthesize";
import { synthSummary } from "./synthesis/synth-summary";
import { nextCommand } from "./commands/next-command";

// Configuration errors stop everything before any file is written.
const config = loadConfigOrExit();

// The cdktf CLI names the output folder; run on its own, the app writes cdktf.out like the CLI.
const outdir = process.env.CDKTF_OUTDIR || "cdktf.out";
try {
  const { findings, written, stacks } = synthesize(config, outdir);
  process.stderr.write(formatFindings(findings));
  if (!written) process.exit(1);
  // Under the cdktf CLI (which sets CDKTF_OUTDIR) the CLI reports; run on its own, the app says what it did.
  if (!process.env.CDKTF_OUTDIR) process.stdout.write(synthSummary(stacks, outdir, nextCommand(config, outdir)));
} catch (error) {
  if (!(error instanceof OutputFolderError)) throw error;
  process.stderr.write(`Output folder error: ${oneLine(error.message)}\n`);
  process.exit(1);
}
