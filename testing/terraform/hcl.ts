/**
 * Terraform values written as HCL text for generated test files: JSON-like literals whose strings cannot start an
 * interpolation or template directive (`${` → `$${`, `%{` → `%%{`), and expressions (addresses) kept as written.
 */
export class HclExpression {
  constructor(readonly text: string) {}
}

/** An expression, such as an address (`data.aws_vpc.x`), written as it is. */
export function expression(text: string): HclExpression {
  return new HclExpression(text);
}

export function hclValue(value: unknown): string {
  if (value instanceof HclExpression) return value.text;
  if (value === null || value === undefined) return "null";
  if (typeof value === "string")
    return JSON.stringify(value)
      .replace(/\$\{/g, () => "$${")
      .replace(/%\{/g, "%%{");
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(hclValue).join(", ")}]`;
  return `{ ${Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${JSON.stringify(key)} = ${hclValue(item)}`)
    .join(", ")} }`;
}

/** A block `type "label" … { key = value … nested blocks … }` with its attributes in order. */
export function hclBlock(header: string, attributes: Record<string, unknown>, blocks: readonly string[] = []): string {
  const lines = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `  ${key} = ${hclValue(value)}`);
  const nested = blocks.map((block) => block.replace(/^/gm, "  "));
  return `${header} {\n${[...lines, ...nested].join("\n")}\n}\n`;
}
