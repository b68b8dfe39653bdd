/**
 * Terraform reads every string of a `.tf.json` file as a template, property names included: `${…}`
 * interpolates and `%{…}` is a directive, so text from the configuration file could read files or
 * other resources' attributes. `$${` and `%%{` are their literal forms (Terraform's "Strings and
 * Templates"), and a `$` or `%` not followed by `{` is already literal.
 */
export function terraformLiteral(text: string): string {
  // Most text has no `{` at all: a configuration of 1,000 users has ~5,000 strings.
  return text.includes("{") ? text.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`) : text;
}

/** A copy of `value` with every string and every object key made a Terraform literal. */
export function terraformLiterals<T>(value: T): T {
  if (typeof value === "string") return terraformLiteral(value) as T;
  if (Array.isArray(value)) return value.map((item) => terraformLiterals(item)) as T;
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[terraformLiteral(key)] = terraformLiterals(inner);
  return copy as T;
}
