import { Construct } from "constructs";
import { DataResource, Fn, TerraformIterator, type IResolvable, type ITerraformIterator } from "cdktf";
import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";

export interface AwsApiCallProps {
  /** A function built from `runtime/` that handles `tf.action` create, update and delete idempotently. */
  readonly functionName: string;
  /** The function's input: a JSON object, values may be references (`each.key` with `forEach`). */
  readonly input: Record<string, unknown>;
  /** One call per element (e.g. per user), each created, updated and deleted on its own. @default one call */
  readonly forEach?: ITerraformIterator;
  /**
   * Values (references allowed, `each.key` with `forEach`) that identify the thing the call makes: a change of one
   * replaces the call (the old input's delete, then a create) instead of updating it in place, so that a failed
   * delete leaves the old input in the state to be retried. @default none: every change is an update
   */
  readonly replacedWhenChanged?: Record<string, unknown>;
}

/**
 * An AWS API call that Terraform manages like a resource, for what the provider has no resource for: the
 * Terraform counterpart of a CloudFormation custom resource. `aws_lambda_invocation` with `lifecycle_scope =
 * "CRUD"` invokes the function on create, on every change of the input (`tf.action = "update"`, the old input in
 * `tf.prev_input`) and on destroy (`tf.action = "delete"`, the last input); the function's JSON answer is the result.
 */
export class AwsApiCall extends Construct {
  readonly invocation: LambdaInvocation;

  constructor(scope: Construct, id: string, props: AwsApiCallProps) {
    super(scope, id);
    // replace_triggered_by takes only managed resources: terraform_data holds the identifying values.
    const identity =
      props.replacedWhenChanged && new DataResource(this, "identity", { forEach: props.forEach, triggersReplace: props.replacedWhenChanged });
    const sameElement = props.forEach ? "[each.key]" : "";
    this.invocation = new LambdaInvocation(this, "invocation", {
      forEach: props.forEach,
      functionName: props.functionName,
      input: Fn.jsonencode(props.input),
      lifecycleScope: "CRUD",
      lifecycle: identity ? { replaceTriggeredBy: [`${identity.terraformResourceType}.${identity.friendlyUniqueId}${sameElement}`] } : undefined,
    });
  }

  /** A value of the function's answer (one call). */
  result(key: string): string {
    return Fn.lookup(Fn.jsondecode(this.invocation.result), key);
  }

  /** Each call's value of the function's answer, by its `forEach` key. */
  resultsByKey(key: string): IResolvable {
    return TerraformIterator.fromResources(this.invocation).forExpressionForMap("key", `jsondecode(val.result).${key}`);
  }
}
