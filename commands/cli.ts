import { writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { Command } from "commander";
import { ConfigError } from "../config/errors";
import { loadConfig } from "../config/load";
import { placeholderProblems } from "../config/placeholders";
import type { VdiConfig } from "../config/schema";
import { formatFindings } from "../policy";
import { OutputFolderError, readDependencies, synthesize } from "../synthesis/synthesize";
import { canDeploy, canDestroy, deployOrder, type StackDependencies } from "./stack-order";
import { cdktfArguments, cdktfSteps, DEFAULT_CONCURRENCY, matchingStacks, parseRunArguments } from "./stack-runs";
import { DESKTOPS_PARALLELISM, TERRAFORM_DEFAULT_PARALLELISM } from "../topology/parallelism";
import { formatStatus, type StackOutputs } from "./status";
import {
  ACCOUNT_STACK,
  BOOTSTRAP_STACK,
  DR_STACK_NAMES,
  isFailoverStack,
  keyThatCreates,
  groupOfStack,
  type DesktopGroupStackName,
  STACK_NAMES,
  stateLocationOf,
  type StackName,
} from "../topology";
import { bootstrapStateFile, notBootstrapped } from "./bootstrap-state";
import { approvalProblem } from "./cdktf-environment";
import { runCdktf } from "./cdktf-process";
import { forgetStaleBackends } from "./terraform-backend";
import { StackTerraform } from "./terraform";

/**
 * Deploy and destroy of the stacks named, in dependency order with independent stacks at once; diff of one stack;
 * outputs and status. Every command synthesizes first (VDI_CONFIG, the security policy) into cdktf.out; deploy,
 * destroy and diff hand that synth to cdktf.
 */
const OUTDIR = "cdktf.out";

interface Synthesized {
  readonly config: VdiConfig;
  readonly dependencies: StackDependencies;
  readonly terraform: StackTerraform;
}

/** Synthesizes; `creates` says the command will create resources, which placeholder values must never name. */
function synthesizedDependencies(creates = false): Synthesized {
  let config: VdiConfig;
  try {
    config = loadConfig(process.env.VDI_CONFIG || undefined);
    const placeholders = creates ? placeholderProblems(config) : [];
    if (placeholders.length > 0) fail(placeholders.join("\n"));
    const { findings, written } = synthesize(config, OUTDIR);
    process.stderr.write(formatFindings(findings));
    if (!written) fail("the security policy refused the deployment (see above)");
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration errors:\n${error.problems.join("\n")}`);
    if (error instanceof OutputFolderError) fail(error.message);
    throw error;
  }
  // The checkout was used with another configuration: its stack folders must not stay initialised for that backend.
  for (const stack of forgetStaleBackends(OUTDIR)) {
    process.stderr.write(`note: ${stack} was initialised for another backend (another VDI_CONFIG?): it is re-initialised for this one\n`);
  }
  return { config, dependencies: readDependencies(OUTDIR), terraform: new StackTerraform(OUTDIR) };
}

/** Every stack but the bootstrap keeps its state in the bucket the bootstrap creates. */
function requireBootstrap(config: VdiConfig, stack?: string) {
  if (stack === BOOTSTRAP_STACK) return;
  const problem = notBootstrapped(config, OUTDIR);
  if (problem) fail(problem);
}

/**
 * Whether `upstream`'s state may be unreachable when `stack` is deployed: a failover stack is deployed while the
 * primary Region is down and reads the primary stacks' replicas, so their own state is not asked (Terraform refuses a
 * replica that is missing when it reads it).
 */
function unreachableInFailover(config: VdiConfig, stack: string, upstream: string): boolean {
  return (
    isFailoverStack(stack) &&
    upstream !== BOOTSTRAP_STACK &&
    stateLocationOf(config, upstream as Exclude<StackName, typeof BOOTSTRAP_STACK>).bucket === config.state.bucket
  );
}

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

const configFileName = () => process.env.VDI_CONFIG || "the configuration (VDI_CONFIG)";

/** Stacks synthesized only when a key of the configuration asks for them: what to set to get them. */
function howToGet(stack: string): string | undefined {
  switch (keyThatCreates(stack)) {
    case "directory.createServiceRole":
      return `the account stack (workspaces_DefaultRole, once per AWS account) is synthesized only with directory.createServiceRole: true: set it in ${configFileName()} in one deployment per account`;
    case "disasterRecovery":
      return `the ${stack} stack is synthesized only with disasterRecovery: add it to ${configFileName()} (config/examples/disaster-recovery.yaml shows how)`;
    case "desktops.groups":
      return `the ${stack} stack is synthesized only for a group named ${groupOfStack(stack as DesktopGroupStackName)} in desktops.groups of ${configFileName()} (docs/desktop-groups.md)`;
    case undefined:
      return undefined;
  }
}

function knownStack(verb: string, stack: string | undefined, dependencies: StackDependencies): asserts stack is string {
  const stacks = deployOrder(dependencies).join(", ");
  // `npm run deploy -- --auto-approve`: the option took the stack's place.
  if (stack === undefined || stack.startsWith("-")) fail(`name the stack to ${verb}: npm run ${verb} -- <stack>, one of (in deploy order) ${stacks}`);
  if (stack in dependencies) return;
  fail(howToGet(stack) ?? `unknown stack "${stack}": one of ${stacks}`);
}

/** Exits with `message` when cdktf cannot run `args` here (an approval prompt nobody would see). */
function requireApprovable(args: readonly string[]) {
  const problem = approvalProblem(args[0], args, Boolean(process.stdout.isTTY));
  if (problem) fail(problem);
}

/** The cdktf CLI from this project's dependencies, on the stacks just synthesized (no second synth): its exit status. */
async function cdktf(args: readonly string[]): Promise<number> {
  try {
    return await runCdktf(args, Boolean(process.stdout.isTTY));
  } catch (error) {
    fail(`cannot run cdktf: ${(error as Error).message}`);
  }
}

/** Destroying the bootstrap stack needs its local state: without it there is nothing here to destroy. */
function requireBootstrapToDestroy(config: VdiConfig) {
  if (!notBootstrapped(config, OUTDIR)) return;
  const file = bootstrapStateFile(config, OUTDIR);
  fail(
    `nothing to destroy: the state bucket ${config.state.bucket} was not created from this folder (${basename(file)} is missing or holds no resources); if it was bootstrapped from another folder, destroy it there, or copy that folder's ${basename(file)} to ${dirname(file)} first`,
  );
}

const program = new Command("vdi").description("Deploy, destroy and inspect the WorkSpaces VDI stacks");

/** The stacks named (patterns expanded), in deploy order, each once; exits when one names no stack. */
function selectedStacks(verb: string, names: readonly string[], dependencies: StackDependencies): string[] {
  const all = deployOrder(dependencies);
  if (names.length === 0) knownStack(verb, undefined, dependencies);
  const selected = new Set<string>();
  for (const name of names) {
    const matching = matchingStacks(name, all);
    if (matching.length === 0 && name.includes("*")) fail(`no stack matches "${name}": one of ${all.join(", ")}`);
    if (matching.length === 0) knownStack(verb, name, dependencies);
    for (const stack of matching) selected.add(stack);
  }
  return all.filter((stack) => selected.has(stack));
}

/**
 * `deploy` and `destroy` of the stacks named: the order rule is checked against the deployed state first (a stack
 * named in the same command counts as deployed for deploy, and as gone for destroy), then cdktf runs them in waves,
 * independent stacks at once (commands/stack-runs.ts).
 */
async function runStacks(verb: "deploy" | "destroy", args: readonly string[], all = false) {
  const parsed = parseRunArguments(args);
  if ("problem" in parsed) fail(parsed.problem);
  const { config, dependencies, terraform } = synthesizedDependencies(verb === "deploy");
  if (all && parsed.stacks.length > 0) fail(`deploy-all deploys every stack: name none (npm run deploy -- ${parsed.stacks.join(" ")} deploys those)`);
  const stacks = all ? deployOrder(dependencies) : selectedStacks(verb, parsed.stacks, dependencies);
  const named = new Set(stacks);
  if (named.has(BOOTSTRAP_STACK)) {
    if (verb === "destroy") requireBootstrapToDestroy(config);
  } else {
    requireBootstrap(config);
  }
  const deployed = new Map<string, boolean>();
  const hasResources = (stack: string) => {
    if (!deployed.has(stack)) deployed.set(stack, terraform.hasResources(stack));
    return deployed.get(stack)!;
  };
  const decide = verb === "deploy" ? canDeploy : canDestroy;
  const refusals = stacks.flatMap((stack) => {
    const decision = decide(stack, dependencies, (name) =>
      named.has(name) ? verb === "deploy" : unreachableInFailover(config, stack, name) || hasResources(name),
    );
    return decision.ok ? [] : [decision.reason];
  });
  if (refusals.length > 0) fail([...new Set(refusals)].join("\nerror: "));
  const steps = cdktfSteps(verb, stacks, dependencies, parsed.options);
  const calls = steps.map((step) => cdktfArguments(verb, step, parsed.options));
  for (const call of calls) requireApprovable(call);
  for (const [index, call] of calls.entries()) {
    const status = await cdktf(call);
    if (status === 0) continue;
    const notRun = steps.slice(index + 1).flatMap((step) => step.stacks);
    fail(
      `cdktf ${verb} of ${steps[index].stacks.join(", ")} failed (exit status ${status})${notRun.length > 0 ? `; not run: ${notRun.join(", ")}` : ""}`,
    );
  }
  process.exit(0);
}

const STACKS_ARGUMENT = `${[BOOTSTRAP_STACK, ...STACK_NAMES].join(", ")} (${[ACCOUNT_STACK, ...DR_STACK_NAMES].join(", ")}, desktops-<group> when configured), or a pattern such as 'desktops-*'; left out: the list`;
const runOptions = (verb: string) =>
  `--concurrency N: stacks run at once (default ${DEFAULT_CONCURRENCY}); --terraform-parallelism N: Terraform's -parallelism for every stack (default: ${DESKTOPS_PARALLELISM} for the desktops stacks, ${TERRAFORM_DEFAULT_PARALLELISM} for the others); any other option goes to cdktf ${verb}, e.g. --auto-approve`;

for (const [verb, description] of [
  ["deploy", "deploy the stacks named after checking that the stacks they read from are deployed; independent stacks at once"],
  ["destroy", "destroy the stacks named, refused while a stack not named that reads from one still has resources; in reverse order"],
] as const) {
  program
    .command(verb)
    .description(description)
    .argument("[stacks-and-options...]", `${STACKS_ARGUMENT}; then ${runOptions(verb)}`)
    .allowUnknownOption()
    .action((args: string[]) => runStacks(verb, args));
}

program
  .command("diff")
  .description("terraform plan of one stack, after checking that the stacks it reads from are deployed")
  .argument("[stack]", STACKS_ARGUMENT.replace(", or a pattern such as 'desktops-*'", ""))
  .argument("[cdktf-options...]", "passed to cdktf diff")
  .allowUnknownOption()
  .action(async (stack: string | undefined, options: string[]) => {
    const { config, dependencies, terraform } = synthesizedDependencies();
    knownStack("diff", stack, dependencies);
    requireBootstrap(config, stack);
    const decision = canDeploy(stack, dependencies, (name) => unreachableInFailover(config, stack, name) || terraform.hasResources(name));
    if (!decision.ok) fail(decision.reason);
    // cdktf diff plans one stack only and has no --ignore-missing-stack-dependencies.
    process.exit(await cdktf(["diff", "--skip-synth", stack, ...options]));
  });

program
  .command("deploy-all")
  .description("deploy every stack in dependency order, independent stacks at once")
  .argument("[options...]", runOptions("deploy"))
  .allowUnknownOption()
  .action((options: string[]) => runStacks("deploy", options, true));

function collectOutputs(): StackOutputs {
  const { config, dependencies, terraform } = synthesizedDependencies();
  requireBootstrap(config);
  return Object.fromEntries(deployOrder(dependencies).map((stack) => [stack, terraform.hasResources(stack) ? terraform.outputs(stack) : undefined]));
}

program
  .command("outputs")
  .description("write every deployed stack's outputs to a JSON file")
  .option("-o, --output <file>", "where to write", "outputs.json")
  .action(({ output }: { output: string }) => {
    writeFileSync(output, `${JSON.stringify(collectOutputs(), null, 2)}\n`);
    console.log(`wrote ${output}`);
  });

program
  .command("status")
  .description("print the deployed directory, registration code and desktop per user")
  .action(() => console.log(formatStatus(collectOutputs())));

// Terraform and AWS problems are reported as messages; a stack trace would only hide them.
program.parseAsync().catch((error: Error) => fail(error.message));
