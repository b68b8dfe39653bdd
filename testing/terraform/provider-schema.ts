import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeAtomically, type TerraformEngine } from "./engine";

/** A top-level attribute of a resource or data source: its cty type and whether the provider computes it. */
export interface AttributeFact {
  readonly type: unknown;
  readonly computed: boolean;
}

/** Attributes by resource type and by data source type, from `terraform providers schema -json`. */
export interface ProviderSchemaFacts {
  readonly resource: Record<string, Record<string, AttributeFact>>;
  readonly data: Record<string, Record<string, AttributeFact>>;
}

const CACHE = resolve(__dirname, "..", "..", "node_modules", ".cache", "terraform");

/**
 * The AWS provider's attribute types, read once per provider version (8 s, 14 MB) and kept reduced in the cache:
 * mocks give computed attributes values of the right type and form (ARNs where the provider validates ARNs).
 */
export function awsSchemaFacts(engine: TerraformEngine): ProviderSchemaFacts {
  const cached = join(CACHE, `aws-${engine.awsProviderVersion}-schema-facts.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, "utf8"));
  const dir = mkdtempSync(join(tmpdir(), "vdi-schema-"));
  try {
    writeFileSync(
      join(dir, "main.tf.json"),
      JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws", version: engine.awsProviderVersion } } } }),
    );
    const run = (args: string[]) =>
      spawnSync(engine.terraform, [`-chdir=${dir}`, ...args], { encoding: "utf8", env: engine.env, maxBuffer: 1 << 30 });
    const init = run(["init", "-backend=false", "-no-color"]);
    if (init.status !== 0) throw new Error(`terraform init for the provider schema failed:\n${init.stdout}${init.stderr}`);
    const schema = run(["providers", "schema", "-json"]);
    if (schema.status !== 0) throw new Error(`terraform providers schema failed:\n${schema.stderr}`);
    const aws = JSON.parse(schema.stdout).provider_schemas["registry.terraform.io/hashicorp/aws"];
    const reduce = (schemas: Record<string, any>) =>
      Object.fromEntries(
        Object.entries(schemas).map(([type, entry]) => [
          type,
          Object.fromEntries(
            Object.entries<any>(entry.block.attributes ?? {}).map(([name, attribute]) => [
              name,
              { type: attribute.type, computed: Boolean(attribute.computed) },
            ]),
          ),
        ]),
      );
    const facts: ProviderSchemaFacts = { resource: reduce(aws.resource_schemas), data: reduce(aws.data_source_schemas) };
    mkdirSync(CACHE, { recursive: true });
    writeAtomically(cached, JSON.stringify(facts));
    return facts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
