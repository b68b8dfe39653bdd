import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import * as z from "zod/mini";
import { DEFAULT_CONFIG_PATH } from "../../config/load";
import { shippedConfigFiles } from "../helpers";
import {
  configJsonSchema,
  guideWithReference,
  JSON_SCHEMA_PATH,
  jsonSchemaText,
  REFERENCE_DOC_PATH,
  referenceRows,
  referenceTable,
} from "../../config/reference";

const ROOT = resolve(__dirname, "..", "..");
const REGENERATE = `Run \`npm run docs\` and commit ${REFERENCE_DOC_PATH} and config/vdi-config.schema.json.`;
const CONFIG_FILES = shippedConfigFiles();

describe("the generated configuration reference", () => {
  it("describes every key of the configuration file", () => {
    // Throws naming every key without a description.
    expect(() => referenceRows()).not.toThrow();
  });

  it("is the configuration table of docs/configuration.md", () => {
    const guide = readFileSync(join(ROOT, REFERENCE_DOC_PATH), "utf8");
    if (guideWithReference(guide) !== guide) throw new Error(`${REFERENCE_DOC_PATH}'s configuration table is out of date. ${REGENERATE}`);
  });

  it("is the checked-in JSON Schema", () => {
    if (readFileSync(join(ROOT, JSON_SCHEMA_PATH), "utf8") !== jsonSchemaText()) {
      throw new Error(`${JSON_SCHEMA_PATH} is out of date. ${REGENERATE}`);
    }
  });

  it("carries the rules of the keys, such as autoStopTimeoutMinutes' range and the enum values", () => {
    const table = referenceTable();
    expect(table).toContain(
      "| `desktops.defaults.autoStopTimeoutMinutes` | optional | AUTO_STOP only: idle minutes before the desktop stops, a multiple of 60 from 60 to 36000",
    );
    expect(table).toMatch(/\| `network\.natGateways` \| `single` \| .* One of `single` \\\| `perAz`\. \|/);
    expect(table).toContain("| `state.bucket` | required |");
  });
});

describe("referenceRows", () => {
  it("finds a description on the key's own schema or on its default, prefault or optional wrapper", () => {
    const schema = z.strictObject({
      inner: z._default(z.boolean().check(z.describe("on the inner schema")), false),
      outer: z._default(z.boolean(), true).check(z.describe("on the default wrapper")),
      optional: z.optional(z.string()).check(z.describe("on the optional wrapper")),
      section: z
        .prefault(z.strictObject({ key: z._default(z.string().check(z.describe("a nested key")), "") }), {})
        .check(z.describe("on the prefault")),
      list: z.array(z.strictObject({ item: z.enum(["a", "b"]).check(z.describe("an item")) })).check(z.describe("a list")),
    });
    expect(referenceRows(schema)).toEqual([
      { path: "inner", defaultText: "`false`", rule: "on the inner schema" },
      { path: "outer", defaultText: "`true`", rule: "on the default wrapper" },
      { path: "optional", defaultText: "optional", rule: "on the optional wrapper" },
      { path: "section", defaultText: "`{}`", rule: "on the prefault" },
      { path: "section.key", defaultText: '`""`', rule: "a nested key" },
      { path: "list[]", defaultText: "required", rule: "a list" },
      { path: "list[].item", defaultText: "required", rule: "an item One of `a` | `b`." },
    ]);
  });

  it("fails naming every key without a description", () => {
    const schema = z.strictObject({
      described: z.string().check(z.describe("fine")),
      bare: z._default(z.int(), 1),
      section: z.strictObject({ nested: z.string() }).check(z.describe("fine")),
    });
    expect(() => referenceRows(schema)).toThrow(/configuration keys without a description: bare, section\.nested\. Add \.check\(z\.describe/);
  });
});

describe("the JSON Schema", () => {
  const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(configJsonSchema());

  it.each(CONFIG_FILES.map((file) => [file.slice(ROOT.length + 1), file]))("accepts %s", (_name, file) => {
    validate(parse(readFileSync(file, "utf8")));
    expect(validate.errors ?? []).toEqual([]);
  });

  it("describes the file as written: keys with defaults are not required, unknown keys are refused", () => {
    const schema = configJsonSchema() as { required: string[]; properties: Record<string, { required?: string[] }> };
    expect(schema.required.sort()).toEqual(["directory", "environment", "project", "region", "state"]);
    expect(schema.properties.state.required).toEqual(["bucket"]);
    const minimal = parse(readFileSync(DEFAULT_CONFIG_PATH, "utf8"));
    expect(validate({ ...minimal, network: { vpcCidr: "10.0.0.0/16", natGateway: "single" } })).toBe(false);
    expect(validate.errors).toEqual(expect.arrayContaining([expect.objectContaining({ keyword: "additionalProperties", instancePath: "/network" })]));
  });
});

describe("the shipped configuration files", () => {
  it.each(CONFIG_FILES.map((file) => [file.slice(ROOT.length + 1), file]))(
    "%s names the JSON Schema in a yaml-language-server modeline",
    (_name, file) => {
      const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(file, "utf8"));
      expect(modeline).not.toBeNull();
      expect(resolve(dirname(file), modeline![1])).toBe(join(ROOT, JSON_SCHEMA_PATH));
    },
  );
});
