import type { StackJson } from "../policy";
import { ACCOUNT_STACK, BOOTSTRAP_STACK, STACK_NAMES } from "../stacks/vdi-stack";

const DEPLOY_ORDER: readonly string[] = [BOOTSTRAP_STACK, ACCOUNT_STACK, ...STACK_NAMES];

/**
 * What a successful `npm run synth` wrote, in a few lines: each stack with its resource count
 * (a `for_each` over a literal map counts its entries, one desktop per user; one over values known
 * only at apply counts once), where, and what to run
 * next (`next` comes from the caller, which knows whether the state bucket exists).
 */
export function synthSummary(stacks: Readonly<Record<string, StackJson>>, outdir: string, next: string): string {
  const counts = Object.entries(stacks)
    .sort(([a], [b]) => DEPLOY_ORDER.indexOf(a) - DEPLOY_ORDER.indexOf(b))
    .map(([name, stack]) => `${name} ${resourceCount(stack)}`);
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
