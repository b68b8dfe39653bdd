/**
 * Terraform reads every string of a `.tf.json` file as a template, property names included: `${…}`
 * interpolates and `%{…}` is a directive, so text from the configuration file could read files or
 * other resources' attributes. `$${` and `%%{` are their literal forms (Terraform's "Strings and
 * Templates"), and a `$` or `%` not followed by `{` is already literal.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`);
}

/** A copy of `value` with every string and every object key made a Terraform literal. */
export function terraformLiterals<T>(value: T): T {
  if (typeof value === "string") return terraformLiteral(value) as T;
  if (Array.isArray(value)) return value.map((item) => terraformLiterals(item)) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [terraformLiteral(key), terraformLiterals(inner)])) as T;
}
