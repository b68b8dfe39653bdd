import type { Construct } from "constructs";
import { TerraformStack } from "cdktf";

/** The top-level blocks a stack's callers add to, each kind one list per stack. */
interface TopLevelBlocks {
  readonly removed: { from: string; lifecycle: { destroy: false } };
  readonly moved: { from: string; to: string };
  readonly import: { to: string; id: string };
}

const blocksByStack = new WeakMap<TerraformStack, Map<keyof TopLevelBlocks, unknown[]>>();

/** The blocks of one kind added so far to the stack of `scope`. */
function topLevel<K extends keyof TopLevelBlocks>(scope: Construct, kind: K): readonly TopLevelBlocks[K][] {
  return (blocksByStack.get(TerraformStack.of(scope))?.get(kind) ?? []) as TopLevelBlocks[K][];
}

/**
 * Appends blocks to the stack's top-level `kind` list: every caller in one stack adds to the same list (an override
 * of `kind` would replace the others').
 */
function appendTopLevel<K extends keyof TopLevelBlocks>(scope: Construct, kind: K, blocks: readonly TopLevelBlocks[K][]): void {
  const stack = TerraformStack.of(scope);
  const byKind = blocksByStack.get(stack) ?? new Map<keyof TopLevelBlocks, unknown[]>();
  const list = [...(byKind.get(kind) ?? []), ...blocks];
  byKind.set(kind, list);
  blocksByStack.set(stack, byKind);
  stack.addOverride(kind, list);
}

/**
 * Terraform `removed` blocks with `destroy = false` for resources an earlier version of a stack created: the first
 * plan after an upgrade forgets them instead of deleting them. A block for an address not in the state changes
 * nothing.
 */
export function forgetEarlierResources(scope: Construct, addresses: readonly string[]): void {
  appendTopLevel(
    scope,
    "removed",
    addresses.map((address) => ({ from: address, lifecycle: { destroy: false } })),
  );
}

/** `resource["key"]`: one instance of a `for_each` resource, its key written as Terraform writes it. */
const instanceAddress = (resource: string, key: string) => `${resource}[${JSON.stringify(key)}]`;

/**
 * Forget single instances of a `for_each` resource without destroying them (the object moves to another stack's
 * state, which imports it). A `removed` block takes no instance key in Terraform 1.11 ("Resource instance keys not
 * allowed"), so each instance is first moved to `<type>.moved_out["key"]`, a resource the configuration does not
 * declare, and that whole resource is removed with `destroy = false`. Once the instance is gone from the state, both
 * blocks change nothing.
 */
export function forgetInstances(scope: Construct, resource: string, keys: readonly string[]): void {
  if (keys.length === 0) return;
  const target = `${resource.split(".")[0]}.moved_out`;
  appendTopLevel(
    scope,
    "moved",
    keys.map((key) => ({ from: instanceAddress(resource, key), to: instanceAddress(target, key) })),
  );
  if (!topLevel(scope, "removed").some((block) => block.from === target)) forgetEarlierResources(scope, [target]);
}

/**
 * Terraform `import` blocks for single instances of a `for_each` resource: each existing object (by its ID) becomes
 * `resource["key"]` on the next apply instead of being created. An import of an instance already in the state is
 * a no-op.
 */
export function importInstances(scope: Construct, resource: string, idByKey: Readonly<Record<string, string>>): void {
  const entries = Object.entries(idByKey);
  if (entries.length === 0) return;
  appendTopLevel(
    scope,
    "import",
    entries.map(([key, id]) => ({ to: instanceAddress(resource, key), id })),
  );
}
