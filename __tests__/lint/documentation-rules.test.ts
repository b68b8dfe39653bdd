import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { rules } = require("../../lint/documentation-rules.js");

// RuleTester registers its own describe/it blocks per case.
RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: "module" } });

tester.run("documented-props", rules["documented-props"], {
  valid: [
    "export interface P {\n  /** The name. */\n  readonly name: string;\n  /** How many. @default 1 */\n  readonly count?: number;\n}",
    "export interface P {\n  /**\n   * Multi-line.\n   * @default none\n   */\n  readonly tags?: string[];\n}",
    // Not exported: internal shapes are not the module's contract.
    "interface Internal { readonly name: string }",
  ],
  invalid: [
    {
      code: "export interface P {\n  readonly name: string;\n}",
      errors: [{ messageId: "undocumented", data: { name: "P.name" } }],
    },
    {
      code: "export interface P {\n  // a line comment is not a doc comment\n  readonly name: string;\n}",
      errors: [{ messageId: "undocumented", data: { name: "P.name" } }],
    },
    {
      code: "export interface P {\n  /** Optional, but what then? */\n  readonly count?: number;\n}",
      errors: [{ messageId: "noDefault", data: { name: "P.count" } }],
    },
  ],
});

tester.run("terraform-output-description", rules["terraform-output-description"], {
  valid: ['new TerraformOutput(this, "vpc_id", { value: vpc.id, description: "ID of the VPC" });'],
  invalid: [
    {
      code: 'new TerraformOutput(this, "vpc_id", { value: vpc.id });',
      errors: [{ messageId: "noDescription", data: { id: '"vpc_id"' } }],
    },
    {
      code: 'new TerraformOutput(this, "vpc_id", outputConfig);',
      errors: [{ messageId: "notLiteral", data: { id: '"vpc_id"' } }],
    },
  ],
});
