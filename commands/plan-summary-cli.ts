import { closeSync, constants, fstatSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { Command } from "commander";
import { oneLine, UNSAFE_IN_MESSAGES } from "../config/errors";
import { kindOf, systemReason } from "../config/load";
import { notACostEstimate, notAPlan, reducePlan, renderComment, summarizeStack, type CostJson, type TerraformPlan } from "./plan-summary";

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

/** The stack and file of a plan argument: `<stack>=<file>`, or `<stack>.json`. */
function planArgument(argument: string): { stack: string; file: string } {
  const separator = argument.indexOf("=");
  return separator > 0
    ? { stack: argument.slice(0, separator), file: argument.slice(separator + 1) }
    : { stack: basename(argument).replace(/\.json$/, ""), file: argument };
}

/** The plan in `file`, checked; undefined when the file does not exist and `optional`. */
function readPlan(file: string, optional = false): TerraformPlan | undefined {
  const text = readRegularFile(file);
  if (text === undefined && optional) return undefined;
  if (text === undefined) fail(`${file}: no such plan file`);
  const plan = parseJson(file, text, PLAN_SOURCE);
  const problem = notAPlan(plan);
  if (problem) fail(`${file}: not a Terraform plan (${problem}): give ${PLAN_SOURCE}`);
  return plan as TerraformPlan;
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
  stacks?: string;
  plansDir?: string;
  reduced?: string;
}

const words = (text: string | undefined) => (text ?? "").split(/\s+/).filter(Boolean);

/** Writes `text` to `file`, or exits naming the file. */
function write(file: string, text: string, what: string) {
  try {
    writeFileSync(file, text);
  } catch (error) {
    fail(`${file}: cannot write ${what} (${systemReason(error)})`);
  }
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
  .option(
    "--stacks <stacks>",
    "the stacks that were to be planned, in deploy order, separated by spaces: the plans are shown in this order, and a stack without a plan is named as failed",
  )
  .option("--plans-dir <dir>", "also read <dir>/<stack>.json for every stack of --stacks that has one (the plan jobs' artifacts)")
  .option(
    "--reduced <dir>",
    "instead of the comment, write each plan reduced to what the comment reads (no attribute values, so none of the plan's secrets) to <dir>/<stack>.json",
  )
  .action((plans: string[], { output, cost, costBase, failed, scan, stacks, plansDir, reduced }: Options) => {
    const expected = words(stacks);
    if (plansDir !== undefined && expected.length === 0) fail("--plans-dir reads the plans of the stacks named by --stacks: name them");
    const given = plans.map(planArgument).map(({ stack, file }) => ({ stack, plan: readPlan(file)! }));
    if (reduced !== undefined) {
      for (const { stack, plan } of given) write(join(reduced, `${stack}.json`), `${JSON.stringify(reducePlan(plan))}\n`, "the reduced plan");
      return;
    }
    const fromDir = plansDir === undefined ? [] : expected.map((stack) => ({ stack, plan: readPlan(join(plansDir, `${stack}.json`), true) }));
    const found = [...given, ...fromDir.filter((entry): entry is { stack: string; plan: TerraformPlan } => entry.plan !== undefined)];
    // In the order of --stacks; a plan of a stack not listed comes after, in the order given.
    const rank = (stack: string) => (expected.includes(stack) ? expected.indexOf(stack) : expected.length);
    const ordered = found.map((entry, index) => ({ ...entry, index })).sort((a, b) => rank(a.stack) - rank(b.stack) || a.index - b.index);
    const planned = new Set(found.map(({ stack }) => stack));
    const failedStacks = [...new Set([...words(failed), ...expected.filter((stack) => !planned.has(stack))])];
    const head = readCost(cost);
    const scanText = scan === undefined ? undefined : readRegularFile(scan);
    const comment = renderComment(
      ordered.map(({ stack, plan }) => summarizeStack(stack, plan)),
      {
        cost: head && { head, base: readCost(costBase) },
        failedStacks,
        appendix: scanText,
        appendixMissing: scan !== undefined && scanText === undefined ? "The checkov scan did not run to the end (see the workflow log)" : undefined,
      },
    );
    if (!output) {
      process.stdout.write(comment);
      return;
    }
    write(output, comment, "the comment");
  })
  .parse();
