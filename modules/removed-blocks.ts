import type { Construct } from "constructs";
import { TerraformStack } from "cdktf";

const forgottenByStack = new WeakMap<TerraformStack, string[]>();

/**
 * Terraform `removed` blocks with `destroy = false` for resources an earlier version of a stack created: the first
 * plan after an upgrade forgets them instead of deleting them. A block for an address not in the state changes
 * nothing. Every caller in one stack adds to the same list (an override of `removed` would replace the others').
 */
export function forgetEarlierResources(scope: Construct, addresses: readonly string[]): void {
  const stack = TerraformStack.of(scope);
  const forgotten = forgottenByStack.get(stack) ?? [];
  forgotten.push(...addresses);
  forgottenByStack.set(stack, forgotten);
  stack.addOverride(
    "removed",
    forgotten.map((address) => ({ from: address, lifecycle: { destroy: false } })),
  );
}

const movedByStack = new WeakMap<TerraformStack, { from: string; to: string }[]>();
const importedByStack = new WeakMap<TerraformStack, { to: string; id: string }[]>();

/** `resource["key"]`: one instance of a `for_each` resource, its key written as Terraform writes it. */
export const instanceAddress = (resource: string, key: string) => `${resource}[${JSON.stringify(key)}]`;

/**
 * Forget single instances of a `for_each` resource without destroying them (the object moves to another stack's
 * state, which imports it). A `removed` block takes no instance key in Terraform 1.11 ("Resource instance keys not
 * allowed"), so each instance is first moved to `<type>.<departed>["key"]`, a resource the configuration does not
 * declare, and that whole resource is removed with `destroy = false`. Once the instance is gone from the state, both
 * blocks change nothing.
 */
export function forgetInstances(scope: Construct, resource: string, keys: readonly string[], departed = "moved_out"): void {
  if (keys.length === 0) return;
  const stack = TerraformStack.of(scope);
  const target = `${resource.split(".")[0]}.${departed}`;
  const moved = movedByStack.get(stack) ?? [];
  moved.push(...keys.map((key) => ({ from: instanceAddress(resource, key), to: instanceAddress(target, key) })));
  movedByStack.set(stack, moved);
  stack.addOverride("moved", moved);
  if (!(forgottenByStack.get(stack) ?? []).includes(target)) forgetEarlierResources(scope, [target]);
}

/**
 * Terraform `import` blocks for single instances of a `for_each` resource: each existing object (by its ID) becomes
 * `resource["key"]` on the next apply instead of being created. An import of an instance already in the state is
 * a no-op.
 */
export function importInstances(scope: Construct, resource: string, idByKey: Readonly<Record<string, string>>): void {
  const entries = Object.entries(idByKey);
  if (entries.length === 0) return;
  const stack = TerraformStack.of(scope);
  const imported = importedByStack.get(stack) ?? [];
  imported.push(...entries.map(([key, id]) => ({ to: instanceAddress(resource, key), id })));
  importedByStack.set(stack, imported);
  stack.addOverride("import", imported);
}
