import type { StackJson } from "../policy";
import { deployOrder, type StackDependencies } from "../commands/stack-order";
import { instanceCount } from "./resource-instances";
import { readDependencies } from "./synthesize";

/**
 * What a successful `npm run synth` wrote, in a few lines: each stack with its resource count
 * (a `for_each` counts its keys, one desktop per user, whether a literal map, a local or another resource's instances) in deploy order (from the manifest's dependencies), where, and what to run
 * next (`next` comes from the caller, which knows whether the state bucket exists).
 */
export function synthSummary(
  stacks: Readonly<Record<string, StackJson>>,
  outdir: string,
  next: string,
  dependencies: StackDependencies = readDependencies(outdir),
): string {
  const counts = deployOrder(dependencies)
    .filter((name) => name in stacks)
    .map((name) => `${name} ${resourceCount(stacks[name])}`);
  return `Synthesized ${Object.keys(stacks).length} stacks into ${outdir}/stacks (resources: ${counts.join(", ")}).\nNext: ${next}\n`;
}

function resourceCount(stack: StackJson): number {
  return Object.values(stack.resource ?? {})
    .flatMap((byName) => Object.values(byName))
    .reduce((total, resource) => total + instanceCount(stack, resource), 0);
}
