import { Fn, Token } from "cdktf";

/**
 * JSON text for a resource argument (a schedule's input, a dashboard body, an event pattern). Plain JSON while
 * the value holds no Terraform references; Terraform's `jsonencode` as soon as it does, because a reference
 * such as `aws_workspaces_workspace.x["alice"].id` inside `JSON.stringify`'s output gets its quotes escaped
 * to `\"`, which Terraform cannot parse.
 */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value);
  return Token.isUnresolved(text) ? Fn.jsonencode(hclEscaped(value)) : text;
}

/**
 * cdktf writes `jsonencode`'s argument as HCL without escaping its strings: a `"` or `\` in one (a CloudWatch SEARCH
 * expression's exact match, `MetricName="CPUUsage"`) would end the HCL string early. Escaped for HCL, Terraform reads
 * them back as they were. Only plain objects are walked: a token object stays as it is.
 */
function hclEscaped(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/[\\"]/g, (character) => `\\${character}`);
  if (Array.isArray(value)) return value.map(hclEscaped);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [hclEscaped(key), hclEscaped(inner)]));
  return value;
}
