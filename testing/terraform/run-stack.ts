import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TerraformEngine } from "./engine";
import type { ProviderSchemaFacts } from "./provider-schema";
import { mockedTestFile, type RunConditions } from "./test-file";
import { testCopy, type StackJson } from "./test-copy";

/** What Terraform said of one command. */
export interface CommandResult {
  readonly status: number | null;
  readonly output: string;
  readonly seconds: number;
}

/** Runs terraform in a folder without blocking the event loop (jest runs stacks of one configuration side by side). */
export function terraform(engine: TerraformEngine, dir: string, args: readonly string[], timeoutMs = 600_000): Promise<CommandResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolveResult) => {
    const child = spawn(engine.terraform, [`-chdir=${dir}`, ...args], { env: engine.env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolveResult({ status, output, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    });
  });
}

/** The outcome of `terraform test -json`: runs by name and status, and every diagnostic it printed. */
export interface MockedRunResult extends CommandResult {
  readonly runs: Record<string, string>;
  readonly diagnostics: readonly { readonly run?: string; readonly severity: string; readonly summary: string; readonly detail?: string }[];
}

/** Writes the stack's test copy and mocked test file into `dir` and runs init, validate and the mocked test. */
export async function judgeStack(
  engine: TerraformEngine,
  dir: string,
  stack: StackJson,
  producers: Readonly<Record<string, StackJson>>,
  schema: ProviderSchemaFacts,
  conditions: RunConditions = {},
): Promise<{
  init: CommandResult;
  validate: CommandResult & { valid: boolean; diagnostics: unknown[] };
  test?: MockedRunResult;
  file: ReturnType<typeof mockedTestFile>;
}> {
  const copy = testCopy(stack, { awsProviderVersion: engine.awsProviderVersion });
  const file = mockedTestFile(copy, producers, schema, conditions);
  mkdirSync(join(dir, "tests"), { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(copy, null, 1));
  writeFileSync(join(dir, "tests", "mocked.tftest.hcl"), file.text);
  const init = await terraform(engine, dir, ["init", "-backend=false", "-input=false", "-no-color"]);
  if (init.status !== 0) return { init, validate: { ...init, valid: false, diagnostics: [] }, file };
  const validateRun = await terraform(engine, dir, ["validate", "-json", "-no-color"]);
  const parsed = safeJson(validateRun.output);
  const validate = { ...validateRun, valid: parsed?.valid === true, diagnostics: parsed?.diagnostics ?? [{ summary: validateRun.output }] };
  if (!validate.valid) return { init, validate, file };
  const testRun = await terraform(engine, dir, ["test", "-json", "-no-color"]);
  return { init, validate, test: { ...testRun, ...readTestJson(testRun.output) }, file };
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Terraform's machine-readable test log: one JSON object a line. */
function readTestJson(output: string): Pick<MockedRunResult, "runs" | "diagnostics"> {
  const runs: Record<string, string> = {};
  const diagnostics: MockedRunResult["diagnostics"][number][] = [];
  for (const line of output.split("\n")) {
    const entry = safeJson(line);
    if (!entry) continue;
    if (entry.type === "test_run" && entry.test_run?.progress === "complete") runs[entry.test_run.run] = entry.test_run.status;
    if (entry.type === "diagnostic")
      diagnostics.push({
        run: entry["@testrun"],
        severity: entry.diagnostic.severity,
        summary: entry.diagnostic.summary,
        detail: entry.diagnostic.detail,
      });
  }
  return { runs, diagnostics };
}
