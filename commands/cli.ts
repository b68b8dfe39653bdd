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
import { formatStatus, type StackOutputs } from "./status";
import {
  ACCOUNT_STACK,
  BOOTSTRAP_STACK,
  DR_STACK_NAMES,
  isFailoverStack,
  keyThatCreates,
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
 * Per-stack deploy and destroy in dependency order, outputs and status. Every command synthesizes
 * first (VDI_CONFIG, the security policy) into cdktf.out; deploy and destroy hand that synth to cdktf.
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

/** The cdktf CLI from this project's dependencies, on the stacks just synthesized (no second synth). */
async function cdktf(args: string[]): Promise<never> {
  const outputIsTerminal = Boolean(process.stdout.isTTY);
  const problem = approvalProblem(args[0], args, outputIsTerminal);
  if (problem) fail(problem);
  // The project's own cdktf, on the synth this command has just checked (not a second one of its own).
  const [verb, ...rest] = args;
  try {
    process.exit(await runCdktf([verb, "--skip-synth", ...rest], outputIsTerminal));
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

/**
 * `deploy` and `destroy` of one stack: the order rule is checked against the deployed state first,
 * so cdktf need not handle the other stacks in the same command.
 */
function singleStackCommand(verb: "deploy" | "destroy" | "diff", description: string, decide: typeof canDeploy) {
  program
    .command(verb)
    .description(description)
    .argument(
      "[stack]",
      `${[BOOTSTRAP_STACK, ...STACK_NAMES].join(", ")} (${[ACCOUNT_STACK, ...DR_STACK_NAMES].join(", ")} when configured); left out: the list`,
    )
    .argument("[cdktf-options...]", `passed to cdktf ${verb}, e.g. --auto-approve`)
    .allowUnknownOption()
    .action(async (stack: string | undefined, options: string[]) => {
      const { config, dependencies, terraform } = synthesizedDependencies(verb === "deploy");
      knownStack(verb, stack, dependencies);
      if (verb === "destroy" && stack === BOOTSTRAP_STACK) requireBootstrapToDestroy(config);
      requireBootstrap(config, stack);
      const decision = decide(stack, dependencies, (name) => unreachableInFailover(config, stack, name) || terraform.hasResources(name));
      if (!decision.ok) fail(decision.reason);
      // cdktf diff plans one stack only and has no such option.
      await cdktf([verb, stack, ...(verb === "diff" ? [] : ["--ignore-missing-stack-dependencies"]), ...options]);
    });
}

singleStackCommand("deploy", "deploy one stack after checking that the stacks it reads from are deployed", canDeploy);
singleStackCommand("destroy", "destroy one stack, refused while a stack that reads from it still has resources", canDestroy);
singleStackCommand("diff", "terraform plan of one stack, after checking that the stacks it reads from are deployed", canDeploy);

program
  .command("deploy-all")
  .description("deploy every stack in dependency order")
  .argument("[cdktf-options...]", "passed to cdktf deploy")
  .allowUnknownOption()
  .action((options: string[]) => cdktf(["deploy", ...deployOrder(synthesizedDependencies(true).dependencies), ...options]));

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
