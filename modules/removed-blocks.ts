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
