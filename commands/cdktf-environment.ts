/**
 * How the cdktf CLI is run by this project's scripts. cdktf 0.21 draws a live view with ink (spinners,
 * cursor movement, line erasing) and colours Terraform's output; in a log or a pipe that is noise.
 * It decides from the environment: `CI` set makes ink print only finished output (no spinner
 * frames), `FORCE_COLOR=0` turns on its `--no-color` (Terraform's `-no-color`, ANSI codes stripped)
 * and turns chalk's colours off. `CHECKPOINT_DISABLE` stops the version check-in to HashiCorp.
 */
export function cdktfEnvironment(environment: NodeJS.ProcessEnv, outputIsTerminal: boolean): NodeJS.ProcessEnv {
  const quiet = outputIsTerminal ? {} : { CI: "1", FORCE_COLOR: "0" };
  return { ...environment, CHECKPOINT_DISABLE: "1", ...quiet };
}

/**
 * Why cdktf cannot run these arguments here, or undefined. Without a terminal, ink shows the
 * approval prompt of `deploy` and `destroy` only after the command ends, so it would wait unseen.
 */
export function approvalProblem(verb: string, options: readonly string[], outputIsTerminal: boolean): string | undefined {
  if (outputIsTerminal || !["deploy", "destroy"].includes(verb) || options.includes("--auto-approve")) return undefined;
  return `the output is not a terminal, so cdktf cannot show its approval prompt: review the plan with npm run diff -- <stack>, then run again with -- --auto-approve`;
}
