import type { StackJson } from "../policy";
import { deployOrder, type StackDependencies } from "../commands/stack-order";
import { readDependencies } from "./synthesize";

/**
 * What a successful `npm run synth` wrote, in a few lines: each stack with its resource count
 * (a `for_each` over a literal map counts its entries, one desktop per user; one over values known
 * only at apply counts once) in deploy order (from the manifest's dependencies), where, and what to run
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
  const resources = (stack as { resource?: Record<string, Record<string, { for_each?: unknown; count?: unknown }>> }).resource ?? {};
  return Object.values(resources)
    .flatMap((byName) => Object.values(byName))
    .reduce((total, resource) => total + instances(resource), 0);
}

function instances(resource: { for_each?: unknown; count?: unknown }): number {
  if (typeof resource.count === "number") return resource.count;
  const forEach = resource.for_each;
  if (forEach && typeof forEach === "object") return Array.isArray(forEach) ? forEach.length : Object.keys(forEach).length;
  return 1;
}
