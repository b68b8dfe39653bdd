import { spawnSync } from "node:child_process";
import { cdktfEnvironment } from "./cdktf-environment";
import { cdktfCli } from "./terraform";

/** `npm run synth:cli`: the cdktf CLI with its arguments, quiet when the output is not a terminal. */
const result = spawnSync(cdktfCli(), process.argv.slice(2), {
  stdio: "inherit",
  env: cdktfEnvironment(process.env, Boolean(process.stdout.isTTY)),
});
if (result.error) {
  console.error(`error: cannot run cdktf: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
