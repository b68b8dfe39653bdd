import { EmulatorRun, failedChecks, type TerraformResult } from "../../testing/terraform/emulator-run";

const MINUTES = 60_000;

/**
 * Apply each stack of a configuration against moto in deploy order, re-plan it (exit 0: nothing to change right
 * after an apply), then destroy the stacks in reverse order. moto is stopped in afterAll, whatever failed.
 */
export function describeEmulatorRun(configFile: string | undefined): void {
  const run = new EmulatorRun(configFile);
  // The working folder (stacks, states, moto's log) is kept when a step did not pass, for a look afterwards.
  let passed = 0;
  const steps = run.deployOrder.length * 3;

  /** One Terraform command that must exit 0 with no failed check; a failure shows the command's output. */
  const step = (title: string, command: () => Promise<TerraformResult>, timeout: number) =>
    it(
      title,
      async () => {
        const result = await command();
        const checks = failedChecks(result.output);
        const clean = result.code === 0 && checks.length === 0;
        expect({ code: result.code, failedChecks: checks, output: clean ? "" : result.output }).toEqual({ code: 0, failedChecks: [], output: "" });
        passed++;
      },
      timeout,
    );

  describe(`emulator run of ${run.name}`, () => {
    beforeAll(() => run.start(), 2 * MINUTES);
    afterAll(async () => {
      console.log(run.report());
      await run.stop(passed < steps);
    }, MINUTES);

    for (const stack of run.deployOrder) {
      step(`applies ${stack}`, () => run.apply(stack), 30 * MINUTES);
      step(`re-plans ${stack} with nothing to change (plan -detailed-exitcode is 0)`, () => run.replan(stack), 10 * MINUTES);
    }
    for (const stack of [...run.deployOrder].reverse()) step(`destroys ${stack}`, () => run.destroy(stack), 30 * MINUTES);
  });
}
