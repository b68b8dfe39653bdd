/** One synthesized stack as Terraform JSON (`cdk.tf.json`). */
export interface StackJson {
  readonly terraform?: { readonly backend?: Record<string, Record<string, unknown>> };
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { readonly value?: unknown }>;
}

/**
 * The traversal a string consists of, when it is exactly one interpolation of a resource, data
 * source or remote-state attribute (`${aws_kms_key.k.arn}`): never a literal, a function call or an
 * expression that merely mentions a resource (`${"alias/aws/sns"}`, `$${aws_kms_key.k.arn}`).
 */
export function traversalOf(value: unknown): string[] | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)\}$/.exec(value);
  return match ? match[1].split(".") : undefined;
}
export const isReference = (value: unknown) => traversalOf(value) !== undefined;

/** Where a policy check looks: the stack of the resource, and every stack (for cross-stack references). */
export interface Scope {
  readonly stackName: string;
  readonly stacks: Readonly<Record<string, StackJson>>;
}

/**
 * Whether a key argument names a KMS key this deployment creates: `${aws_kms_key.<name>.<attribute>}`
 * of a key in the same stack, or a remote-state output of another stack of the deployment that is
 * one. A lookup (`data.aws_kms_key`, an AWS-managed key) or an ARN literal is not.
 */
export function isKeyOfThisDeployment(value: unknown, scope: Scope, depth = 0): boolean {
  const path = traversalOf(value);
  if (!path || depth > Object.keys(scope.stacks).length) return false;
  const stack = scope.stacks[scope.stackName];
  if (path.length === 3 && path[0] === "aws_kms_key" && ["arn", "key_id", "id"].includes(path[2])) {
    return stack?.resource?.aws_kms_key?.[path[1]] !== undefined;
  }
  if (path.length === 5 && path[0] === "data" && path[1] === "terraform_remote_state" && path[3] === "outputs") {
    const upstream = upstreamStackOf(stack?.data?.terraform_remote_state?.[path[2]], scope.stacks);
    if (upstream === undefined) return false;
    return isKeyOfThisDeployment(scope.stacks[upstream].output?.[path[4]]?.value, { ...scope, stackName: upstream }, depth + 1);
  }
  return false;
}

/** The stack whose S3 state a `terraform_remote_state` reads. */
function upstreamStackOf(remoteState: Record<string, any> | undefined, stacks: Readonly<Record<string, StackJson>>): string | undefined {
  const key = remoteState?.config?.key;
  if (typeof key !== "string") return undefined;
  return Object.keys(stacks).find((name) => stacks[name].terraform?.backend?.s3?.key === key);
}

export type Resource = { readonly type: string; readonly where: string; readonly body: Record<string, any> };

/** A stack's resources, each named by its construct path (`desktops/fleet/desktops (aws_workspaces_workspace)`). */
export function resourcesOf(stack: StackJson): Resource[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({
      type,
      where: `${(body["//"] as any)?.metadata?.path ?? name} (${type})`,
      body,
    })),
  );
}
