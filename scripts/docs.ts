import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { JSON_SCHEMA_PATH, jsonSchemaText, readmeWithReference } from "../config/reference";

// `npm run docs`: the README's configuration table and the configuration file's JSON Schema, from the
// descriptions on the schema in config/. __tests__/config-reference.test.ts fails when either is out of date.
const ROOT = resolve(__dirname, "..");
const readmePath = join(ROOT, "README.md");
writeFileSync(readmePath, readmeWithReference(readFileSync(readmePath, "utf8")));
writeFileSync(join(ROOT, JSON_SCHEMA_PATH), jsonSchemaText());
console.log(`wrote the configuration table in README.md and ${JSON_SCHEMA_PATH}`);
