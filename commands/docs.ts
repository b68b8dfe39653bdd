import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { guideWithReference, JSON_SCHEMA_PATH, jsonSchemaText, REFERENCE_DOC_PATH } from "../config/reference";

// `npm run docs`: the configuration table of docs/configuration.md and the configuration file's JSON Schema, from
// the descriptions on the schema in config/. __tests__/config/reference.test.ts fails when either is out of date.
const ROOT = resolve(__dirname, "..");
const guidePath = join(ROOT, REFERENCE_DOC_PATH);
writeFileSync(guidePath, guideWithReference(readFileSync(guidePath, "utf8")));
writeFileSync(join(ROOT, JSON_SCHEMA_PATH), jsonSchemaText());
console.log(`wrote the configuration table in ${REFERENCE_DOC_PATH} and ${JSON_SCHEMA_PATH}`);
