import { closeSync, constants, fstatSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { Command } from "commander";
import { oneLine, UNSAFE_IN_MESSAGES } from "../config/errors";
import { kindOf, systemReason } from "../config/load";
import { notACostEstimate, notAPlan, renderComment, summarizeStack, type CostJson, type TerraformPlan } from "./plan-summary";

/** Prints one line: characters that would break it (a newline in a file name) are escaped, and nothing is cut. */
function fail(message: string): never {
  console.error(`error: ${message.replace(UNSAFE_IN_MESSAGES, (character) => oneLine(character))}`);
  process.exit(1);
}

/** Plans of large fleets run to tens of megabytes; V8 cannot hold a string much longer than this. */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/**
 * A regular file's text, or undefined when it does not exist. Opened without blocking and checked on
 * the open descriptor, so a FIFO or a device is refused rather than read forever.
 */
function readRegularFile(file: string): string | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    fail(`${file}: cannot open it (${systemReason(error)})`);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) fail(`${file}: is ${kindOf(stats)}, not a regular file: give a JSON file`);
    if (stats.size > MAX_INPUT_BYTES) fail(`${file}: is more than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
    return readFileSync(descriptor, "utf8");
  } catch (error) {
    fail(`${file}: cannot read it (${systemReason(error)})`);
  } finally {
    closeSync(descriptor);
  }
}

/** Parsed JSON; the parser's message is left out, as it quotes the file's content. */
function parseJson(file: string, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    fail(`${file}: not valid JSON: give ${what}`);
  }
}

const PLAN_SOURCE = "the output of terraform show -json <planfile>";
const COST_SOURCE = "the output of npm run cost -- --json";

function readPlan(argument: string) {
  const separator = argument.indexOf("=");
  const [stack, file] =
    separator > 0 ? [argument.slice(0, separator), argument.slice(separator + 1)] : [basename(argument).replace(/\.json$/, ""), argument];
  const text = readRegularFile(file);
  if (text === undefined) fail(`${file}: no such plan file`);
  const plan = parseJson(file, text, PLAN_SOURCE);
  const problem = notAPlan(plan);
  if (problem) fail(`${file}: not a Terraform plan (${problem}): give ${PLAN_SOURCE}`);
  return summarizeStack(stack, plan as TerraformPlan);
}

/** A cost estimate, or undefined when the file is not there (the workflow removes it when the estimate failed). */
function readCost(file: string | undefined): CostJson | undefined {
  const text = file === undefined ? undefined : readRegularFile(file);
  if (file === undefined || text === undefined) return undefined;
  const cost = parseJson(file, text, COST_SOURCE);
  const problem = notACostEstimate(cost);
  if (problem) fail(`${file}: not a cost estimate (${problem}): give ${COST_SOURCE}`);
  return cost as CostJson;
}

interface Options {
  output?: string;
  cost?: string;
  costBase?: string;
  failed?: string;
  scan?: string;
}

new Command("plan-summary")
  .description("Markdown pull-request comment from `terraform show -json` plans, within GitHub's 65,536 characters")
  .argument("[plans...]", "plan JSON files, as <stack>=<file> or <stack>.json, in deploy order (none: no stack could be planned)")
  .option("-o, --output <file>", "write the comment here instead of standard output")
  .option("--cost <file>", "`npm run cost -- --json` of the pull request's configuration: adds the monthly cost change (no such file: left out)")
  .option("--cost-base <file>", "the same for the base branch's configuration (left out or no such file: the change is not shown)")
  .option("--failed <stacks>", "stacks whose terraform plan failed, separated by spaces: a warning names them")
  .option(
    "--scan <file>",
    "the security scan's Markdown (npm run scan -- --markdown), appended (no such file: a warning says the scan did not finish)",
  )
  .action((plans: string[], { output, cost, costBase, failed, scan }: Options) => {
    const summaries = plans.map(readPlan);
    const head = readCost(cost);
    const scanText = scan === undefined ? undefined : readRegularFile(scan);
    const comment = renderComment(summaries, {
      cost: head && { head, base: readCost(costBase) },
      failedStacks: (failed ?? "").split(/\s+/).filter(Boolean),
      appendix: scanText,
      appendixMissing: scan !== undefined && scanText === undefined ? "The checkov scan did not run to the end (see the workflow log)" : undefined,
    });
    if (!output) {
      process.stdout.write(comment);
      return;
    }
    try {
      writeFileSync(output, comment);
    } catch (error) {
      fail(`${output}: cannot write the comment (${systemReason(error)})`);
    }
  })
  .parse();
