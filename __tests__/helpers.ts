import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import type { Construct } from "constructs";
import { parseDocument } from "yaml";
import { ConfigError } from "../config/errors";
import { DEFAULT_CONFIG_PATH } from "../config/load";
import { parseConfig } from "../config/load";
import type { VdiConfig } from "../config/schema";
import { buildStacks } from "../stacks";
import { ACCOUNT_STACK, BOOTSTRAP_STACK, PRIMARY_REGION_STACKS, STACK_NAMES } from "../topology";

export const DEFAULT_YAML = readFileSync(DEFAULT_CONFIG_PATH, "utf8");

/**
 * The default configuration file with some keys set (path → value, `undefined` deletes), parsed
 * and validated exactly as the app does it.
 */
export function configWith(changes: Record<string, unknown> = {}): VdiConfig {
  return parseConfig(yamlWith(changes), "test.yaml");
}

/** Every problem line of a refused configuration text ([] when it loads); any other error is thrown. */
export function problemsOf(text: string): string[] {
  try {
    parseConfig(text, "test.yaml");
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

/** A configuration file's text (the default one unless `base` is given) with some keys set. */
export function yamlWith(changes: Record<string, unknown>, base = DEFAULT_YAML): string {
  const document = parseDocument(base);
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split(".").map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    if (value === undefined) document.deleteIn(keys);
    else document.setIn(keys, value);
  }
  return document.toString();
}

/** A synthesized stack as Terraform JSON, for assertions the matchers cannot express. */
export interface TerraformJson {
  terraform: { backend: Record<string, Record<string, unknown>>; required_providers: Record<string, unknown> };
  resource: Record<string, Record<string, Record<string, any>>>;
  data: Record<string, Record<string, Record<string, any>>>;
  output: Record<string, { value: unknown; sensitive?: boolean }>;
  provider: Record<string, any[]>;
}

/**
 * The one synth of the tests: the whole app (as `npm run synth` builds it, without the security policy, which
 * tests run on the result) into a folder removed once read; every stack's JSON, the manifest and the sizes of the
 * functions' archives. Construct-level tests use `synthScope`.
 */
export function synthApp(config: VdiConfig) {
  const outdir = mkdtempSync(join(tmpdir(), "vdi-synth-"));
  try {
    const app = new App({ outdir, skipValidation: false });
    buildStacks(app, config);
    app.synth();
    const read = (stack: string): TerraformJson => JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    const all = Object.fromEntries(Object.keys(manifest.stacks).map((name) => [name, read(name)])) as Record<string, TerraformJson>;
    const archiveSizes = new Map(
      Object.entries(all).flatMap(([name, stack]) =>
        resourcesOf(stack, "aws_lambda_function").map((fn) => [`${name}/${fn.filename}`, statSync(join(outdir, "stacks", name, fn.filename)).size]),
      ),
    );
    return {
      [BOOTSTRAP_STACK]: all[BOOTSTRAP_STACK],
      [PRIMARY_REGION_STACKS.network]: all[PRIMARY_REGION_STACKS.network],
      [PRIMARY_REGION_STACKS.identity]: all[PRIMARY_REGION_STACKS.identity],
      [PRIMARY_REGION_STACKS.desktops]: all[PRIMARY_REGION_STACKS.desktops],
      /** Only when the configuration creates the account-wide service role. */
      [ACCOUNT_STACK]: all[ACCOUNT_STACK] as TerraformJson | undefined,
      /** Every stack of the manifest by name, the disaster-recovery stacks included. */
      all,
      manifest,
      /** Bytes of a function's archive (`filename` of its aws_lambda_function) in a stack's folder. */
      assetSize: (stack: string, filename: string) => archiveSizes.get(`${stack}/${filename}`),
      /** The output folder the app was synthesized into (removed once read). */
      outdir,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Synthesizes constructs made in `build` inside a bare test stack. */
export function synthScope(build: (scope: Construct) => void): { text: string; json: TerraformJson } {
  const text = Testing.synthScope(build);
  return { text, json: JSON.parse(text) };
}

/** All resources of one Terraform type, as a list. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, any>[] {
  return Object.values(json.resource?.[type] ?? {});
}

export function dataOf(json: TerraformJson, type: string): Record<string, any>[] {
  return Object.values(json.data?.[type] ?? {});
}

type SynthesizedApp = ReturnType<typeof synthApp>;
type EnvironmentStack = (typeof STACK_NAMES)[number];

/** Terraform addresses (`type.name`) of every resource of a synthesized stack, sorted. */
export function resourceAddresses(json: TerraformJson): string[] {
  return Object.entries(json.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/**
 * Follows a value `stack` reads from another stack's state to what that stack outputs. The upstream
 * stack is found by the state key the remote-state read names (public: the backend configuration),
 * so the tests do not depend on the names cdktf generates for cross-stack outputs and reads.
 * Undefined when `expression` is not a remote-state read.
 */
export function followRead(app: SynthesizedApp, stack: EnvironmentStack, expression: string): { stack: string; value: unknown } | undefined {
  const read = /^\$\{data\.terraform_remote_state\.([^.]+)\.outputs\.([^.}]+)\}$/.exec(expression);
  if (!read) return undefined;
  const [, readName, outputName] = read;
  const key: string = app[stack].data.terraform_remote_state[readName].config.key;
  const upstream = STACK_NAMES.find((name) => key.endsWith(`/${name}.tfstate`));
  if (!upstream) return undefined;
  return { stack: upstream, value: app[upstream].output[outputName]?.value };
}

/** The expression of the one resource of `type` in a stack: `${type.name.attribute}`. */
export function referenceTo(json: TerraformJson, type: string, attribute: string): string {
  const names = Object.keys(json.resource?.[type] ?? {});
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `\${${type}.${names[0]}.${attribute}}`;
}

/** `${aws_subnet.<name>.id}` of the network stack's private subnets, in the configuration's order. */
export function privateSubnetReferences(app: SynthesizedApp, config: VdiConfig): string[] {
  const subnetByCidr = new Map(Object.entries(app.network.resource.aws_subnet).map(([name, subnet]) => [subnet.cidr_block, name]));
  return config.network.privateSubnetCidrs.map((cidr) => `\${aws_subnet.${subnetByCidr.get(cidr)}.id}`);
}

/** The default configuration and every example, as absolute paths. */
export function shippedConfigFiles(): string[] {
  const examples = join(__dirname, "..", "config", "examples");
  return [DEFAULT_CONFIG_PATH, ...readdirSync(examples).map((name) => join(examples, name))];
}

/**
 * The value of a synthesized `${jsonencode({...})}` argument as JSON, references kept as `${…}` strings: cdktf writes
 * the object in HCL (`"key" = value`, bare references), which Terraform's own runs evaluate (__tests__/terraform).
 */
export function jsonencodeValue(argument: string): any {
  const body = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(argument);
  if (!body) throw new Error(`not a jsonencode argument: ${argument}`);
  const json = body[1]
    .replace(/((?:data\.)?aws_[a-z0-9_]+\.[\w-]+(?:\["[^"]*"\])?(?:\.\w+)+|local\.[\w-]+(?:\["[^"]*"\])?(?:\.\w+)*)/g, (reference) =>
      JSON.stringify(`\${${reference}}`),
    )
    .replace(/" = /g, '": ');
  return JSON.parse(json);
}
