import { Fn, Token } from "cdktf";

/**
 * JSON text for a resource argument (a schedule's input, a dashboard body, an event pattern). Plain JSON while
 * the value holds no Terraform references; Terraform's `jsonencode` as soon as it does, because a reference
 * such as `aws_workspaces_workspace.x["alice"].id` inside `JSON.stringify`'s output gets its quotes escaped
 * to `\"`, which Terraform cannot parse.
 */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value);
  return Token.isUnresolved(text) ? Fn.jsonencode(value) : text;
}
