import { terraformParallelismOf } from "../topology/parallelism";
import { waves, type StackDependencies } from "./stack-order";

/**
 * What `npm run deploy` / `destroy` hand to the cdktf CLI for several stacks. cdktf runs the stacks named in one
 * `cdktf deploy` at once, at most `--parallelism` of them, and passes `--terraform-parallelism` to each Terraform as
 * `-parallelism`. Two things it cannot do are done here: its order between the named stacks holds only without
 * `--ignore-missing-stack-dependencies` (with the flag it takes the first pending stack, whatever it reads from:
 * @cdktf/cli-core cdktf-project.js, `deploy` and `destroy`), and that flag is needed whenever a stack's upstream is
 * deployed already and not named; and `--terraform-parallelism` is one value for every stack of the call. So the
 * stacks go in waves (stack-order.ts `waves`: no stack of a wave depends on another of it), and a wave is one cdktf
 * call per `-parallelism` value (topology/parallelism.ts).
 */

/** Stacks run at once by default: bounded, so that a fleet of group stacks does not start all its Terraforms together. */
export const DEFAULT_CONCURRENCY = 4;

export interface RunOptions {
  /** Stacks of one cdktf call run at once (cdktf's `--parallelism`). */
  readonly concurrency: number;
  /** Terraform's `-parallelism` for every stack, instead of each stack's own (topology/parallelism.ts). */
  readonly terraformParallelism?: number;
  /** Options passed on to cdktf as they are (`--auto-approve`, `--var`, …). */
  readonly cdktfOptions: readonly string[];
}

export type ParsedRun = { readonly stacks: string[]; readonly options: RunOptions } | { readonly problem: string };

/** Our options: `--parallelism` is cdktf's name for `--concurrency`. */
const OPTION_NAMES: Record<string, "concurrency" | "terraformParallelism"> = {
  "--concurrency": "concurrency",
  "--parallelism": "concurrency",
  "--terraform-parallelism": "terraformParallelism",
};

/** cdktf deploy/destroy options followed by a value of their own (`--var a=b`); a bare word after any other is a stack. */
const CDKTF_VALUE_OPTIONS: readonly string[] = ["--var", "--var-file", "--outputs-file"];

/**
 * `<stack>... [options]`: the stack names (or patterns with `*`, e.g. `desktops-*`) come first; from the first
 * argument that starts with `-` on, everything is an option. `--concurrency N` (or cdktf's `--parallelism N`) and
 * `--terraform-parallelism N` are read here, the rest is passed on to cdktf.
 */
export function parseRunArguments(args: readonly string[]): ParsedRun {
  const firstOption = args.findIndex((arg) => arg.startsWith("-"));
  const stacks = firstOption === -1 ? [...args] : args.slice(0, firstOption);
  const rest = firstOption === -1 ? [] : args.slice(firstOption);
  const values: { concurrency?: number; terraformParallelism?: number } = {};
  const cdktfOptions: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const [name, inline] = rest[index].split(/=(.*)/s, 2);
    const key = OPTION_NAMES[name];
    if (!key && !name.startsWith("-") && !CDKTF_VALUE_OPTIONS.includes(rest[index - 1])) {
      // cdktf would take it as one more stack to run, past the order checks.
      return { problem: `"${rest[index]}" comes after the options: name every stack before the first option (<stack>... [options])` };
    }
    if (!key) {
      cdktfOptions.push(rest[index]);
      continue;
    }
    const value = inline ?? rest[++index];
    if (value === undefined || !/^[1-9]\d*$/.test(value)) {
      return { problem: `${name} takes a whole number of at least 1, not ${value === undefined ? "nothing" : JSON.stringify(value)}` };
    }
    values[key] = Number(value);
  }
  return {
    stacks,
    options: { concurrency: values.concurrency ?? DEFAULT_CONCURRENCY, terraformParallelism: values.terraformParallelism, cdktfOptions },
  };
}

/** Stack names matching `pattern` (`*` stands for any characters), in the order of `stacks`. */
export function matchingStacks(pattern: string, stacks: readonly string[]): string[] {
  if (!pattern.includes("*")) return stacks.includes(pattern) ? [pattern] : [];
  const expression = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
  return stacks.filter((stack) => expression.test(stack));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One cdktf call: the stacks it runs at once, and Terraform's `-parallelism` for them. */
export interface CdktfStep {
  readonly stacks: readonly string[];
  readonly terraformParallelism: number;
}

/**
 * The cdktf calls that deploy or destroy `stacks`, one after the other: wave by wave in dependency order, and within
 * a wave one call per `-parallelism` value, in the order the values first appear in the wave.
 */
export function cdktfSteps(verb: "deploy" | "destroy", stacks: readonly string[], dependencies: StackDependencies, options: RunOptions): CdktfStep[] {
  return waves(verb, stacks, dependencies).flatMap((wave) => {
    const byParallelism = new Map<number, string[]>();
    for (const stack of wave) {
      const parallelism = options.terraformParallelism ?? terraformParallelismOf(stack);
      byParallelism.set(parallelism, [...(byParallelism.get(parallelism) ?? []), stack]);
    }
    return [...byParallelism].map(([terraformParallelism, ofStep]) => ({ stacks: ofStep, terraformParallelism }));
  });
}

/** The arguments of one cdktf call, on the synth the command has just checked (no second synth). */
export function cdktfArguments(verb: "deploy" | "destroy", step: CdktfStep, options: RunOptions): string[] {
  return [
    verb,
    "--skip-synth",
    ...step.stacks,
    // The stacks of a step do not depend on one another; what they read from is deployed (checked before) or was in an earlier step.
    "--ignore-missing-stack-dependencies",
    ...(step.stacks.length > 1 ? ["--parallelism", String(options.concurrency)] : []),
    "--terraform-parallelism",
    String(step.terraformParallelism),
    ...options.cdktfOptions,
  ];
}
