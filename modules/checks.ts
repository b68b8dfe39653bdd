import type { Construct } from "constructs";
import { TerraformStack, type TerraformResource } from "cdktf";

/** One assertion of a check block: a Terraform condition expression and the warning shown when it is false. */
export interface CheckAssertion {
  /** A Terraform expression that must be true. */
  readonly condition: string;
  /** What the plan prints when it is not: the problem and the fix. */
  readonly errorMessage: string;
}

export interface CheckBlockProps {
  /** A scoped data source the assertions read: Terraform allows one per check block. @default none */
  readonly scopedData?: { readonly type: string; readonly config: Record<string, unknown> };
  /** The assertions, given the scoped data source's address (`data.<type>.<name>`, empty without one). */
  readonly assertions: (dataAddress: string) => readonly CheckAssertion[];
}

/**
 * A Terraform `check` block (cdktf has no construct for it). Unlike a postcondition, a failed check is a
 * warning: it reports a problem on every plan and apply without blocking changes that have nothing to do
 * with it. Named after the construct's path, so two constructs with the same id in one stack never collide.
 */
export function addCheckBlock(scope: Construct, name: string, props: CheckBlockProps): void {
  const stack = TerraformStack.of(scope);
  const pathInStack = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map((construct) => construct.node.id);
  const blockName = [...pathInStack, name].join("_").replace(/[^A-Za-z0-9_-]/g, "_");
  const data = props.scopedData;
  stack.addOverride(`check.${blockName}`, {
    ...(data ? { data: { [data.type]: { [blockName]: data.config } } } : {}),
    assert: props.assertions(data ? `data.${data.type}.${blockName}` : "").map((assertion) => ({
      condition: assertion.condition,
      error_message: assertion.errorMessage,
    })),
  });
}

/** A resource's address as plain text (`aws_vpc.vpc_vpc_1A2B`), for expressions written by hand; `fqn` is a token. */
export function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}
