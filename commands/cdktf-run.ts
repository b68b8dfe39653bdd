import { runCdktf } from "./cdktf-process";

/** `npm run synth:cli`: the cdktf CLI with its arguments, quiet and without spinner frames when the output is not a terminal. */
runCdktf(process.argv.slice(2), Boolean(process.stdout.isTTY)).then(
  (status) => process.exit(status),
  (error: Error) => {
    console.error(`error: cannot run cdktf: ${error.message}`);
    process.exit(1);
  },
);
