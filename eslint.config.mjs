// ESLint (flat config): typescript-eslint's recommended rules, the project's documentation rules
// (lint/documentation-rules.js), and nothing Prettier decides (eslint-config-prettier turns those off).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";
import documentation from "./lint/documentation-rules.js";

export default defineConfig(
  // Generated or installed, not written here: the app bundle, synth output, the checkov and moto virtualenvs, the scan output.
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/", ".gen/", "scan/.venv/", "scan/out/", "emulator/.venv/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: { "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true, varsIgnorePattern: "^_", argsIgnorePattern: "^_" }] },
  },
  {
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        exports: "writable",
        __dirname: "readonly",
        __filename: "readonly",
        process: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Synthesized Terraform JSON, checkov's report and the Price List's products are untyped by nature: the code
    // that reads them (tests, policies, the scan, live prices) indexes them freely.
    files: ["__tests__/**/*.ts", "policy/**/*.ts", "commands/scan.ts", "cost/live-prices.ts", "cost/inventory.ts", "testing/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  { plugins: { documentation }, rules: { "documentation/terraform-output-description": "error" } },
  { files: ["modules/**/*.ts"], rules: { "documentation/documented-props": "error" } },
  prettier,
);
