import type { AttributeFact, ProviderSchemaFacts } from "./provider-schema";
import type { StackJson } from "./test-copy";
import { mapOf } from "../../synthesis/resource-instances";

export const MOCK_ACCOUNT = "123456789012";

/**
 * Values the provider validates or the stacks' conditions read, which a mock provider would otherwise fill with
 * random strings: policy JSON, the account's facts, a registered service role, healthy desktops and directory,
 * a WorkSpaces quota above any fleet, and the connection-alias/standby functions' JSON answers. Guards are proven
 * to fire by the negative runs (guards.ts), which override exactly these values.
 */
const WELL_FORMED: { readonly resource: Record<string, Record<string, unknown>>; readonly data: Record<string, Record<string, unknown>> } = {
  resource: {
    aws_lambda_invocation: { result: JSON.stringify({ connectionIdentifier: "mock-connection-identifier", workspaceId: "ws-mock0000" }) },
    aws_workspaces_workspace: { state: "AVAILABLE", ip_address: "10.0.0.10" },
    aws_directory_service_directory: { dns_ip_addresses: ["10.0.0.2", "10.0.0.3"] },
    aws_kms_key: { key_id: "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d" },
  },
  data: {
    aws_iam_policy_document: { json: '{"Version":"2012-10-17","Statement":[]}', minified_json: '{"Version":"2012-10-17","Statement":[]}' },
    aws_iam_roles: { names: ["workspaces_DefaultRole"] },
    aws_caller_identity: { account_id: MOCK_ACCOUNT },
    aws_partition: { partition: "aws", dns_suffix: "amazonaws.com" },
    // A postcondition over every element holds for none: the negative runs give the bundle real elements.
    aws_workspaces_bundle: { compute_type: [], root_storage: [], user_storage: [] },
    // A random number would fail the quota check at random; the positive runs also pass at the edge (guards.ts).
    aws_servicequotas_service_quota: { value: 100000 },
    // The replica's domain controllers in the DR Region, which the DR AD Connector points at (addresses, not random text).
    // dr-identity reads them twice (the connector's creation, its DNS check): one default for both keeps that check
    // passing in the apply run; its negative run overrides the check's read alone (guards.ts).
    aws_directory_service_directory: { dns_ip_addresses: ["10.1.0.10", "10.1.64.10"] },
  },
};

/** Defaults of the mock provider for every resource and data source type the stack uses. */
export function mockDefaults(stack: StackJson, schema: ProviderSchemaFacts): { resource: Record<string, object>; data: Record<string, object> } {
  const defaultsFor = (block: "resource" | "data") =>
    Object.fromEntries(
      Object.keys(stack[block] ?? {})
        .filter((type) => type.startsWith("aws_"))
        .map((type) => [type, { ...arnDefaults(type, schema[block][type] ?? {}), ...WELL_FORMED[block][type] }] as const)
        .filter(([, defaults]) => Object.keys(defaults).length > 0),
    );
  return { resource: defaultsFor("resource"), data: defaultsFor("data") };
}

/** Well-formed ARNs for the computed ARN attributes, which the provider validates wherever they are used. */
function arnDefaults(type: string, attributes: Record<string, AttributeFact>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(attributes)
      .filter(([name, fact]) => fact.computed && fact.type === "string" && (name === "arn" || name.endsWith("_arn")))
      .map(([name]) => [name, mockArn(type, name)]),
  );
}

function mockArn(type: string, attribute: string): string {
  const service = type.replace(/^aws_/, "").split("_")[0];
  return `arn:aws:${service}:eu-west-1:${MOCK_ACCOUNT}:${attribute === "arn" ? "" : `${attribute}/`}mock-${type}`;
}

/**
 * A value of the type a producer stack's output has, for the consumer's remote-state override: read from the
 * output's expression and the provider schema, so only outputs the producer really has are offered. A map of a
 * `for_each` resource (the whole resource, a local or a `{ for … }` of its instances) gets one entry per key.
 */
export function mockOutputValue(producer: StackJson, expression: string, schema: ProviderSchemaFacts): unknown {
  const reference = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.([a-z0-9_]+))?\}$/.exec(expression);
  if (reference && reference[1] !== "local" && reference[3] !== undefined)
    return mockAttribute(reference[1], reference[2], reference[3], schema, `mock-${reference[2]}-${reference[3]}`);
  let instances: Record<string, unknown>;
  try {
    instances = mapOf(producer, expression);
  } catch (error) {
    throw new Error(
      `no mock value for output expression ${expression} (${(error as Error).message}): teach testing/terraform/mock-values.ts its type`,
    );
  }
  return Object.fromEntries(
    Object.entries(instances).map(([key, value]) => {
      const instance = typeof value === "string" ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\["[^"]*"\](?:\.([a-z0-9_]+))?\}$/.exec(value) : null;
      if (!instance) throw new Error(`no mock value for ${JSON.stringify(value)}, the value of ${key} in output ${expression}`);
      const [, type, name, attribute] = instance;
      if (attribute !== undefined)
        return [key, mockAttribute(type, name, attribute, schema, attribute === "id" ? `mock-${key}` : `mock-${key}-${attribute}`)];
      return [key, { ...defaultsOf(type, schema), id: `mock-${key}` }];
    }),
  );
}

const defaultsOf = (type: string, schema: ProviderSchemaFacts) => mockDefaults({ resource: { [type]: {} } }, schema).resource[type] ?? {};

function mockAttribute(type: string, name: string, attribute: string, schema: ProviderSchemaFacts, text: string): unknown {
  const defaults = defaultsOf(type, schema);
  if (attribute in defaults) return (defaults as Record<string, unknown>)[attribute];
  if (attribute === "id") return text;
  const fact = schema.resource[type]?.[attribute];
  if (!fact) throw new Error(`output ${type}.${name}.${attribute}: ${type} has no attribute ${attribute} in the provider schema`);
  return mockOfType(fact.type, text);
}

function mockOfType(type: unknown, text: string): unknown {
  if (type === "string") return text;
  if (type === "number") return 1;
  if (type === "bool") return true;
  if (Array.isArray(type) && (type[0] === "list" || type[0] === "set")) return [mockOfType(type[1], `${text}-1`), mockOfType(type[1], `${text}-2`)];
  if (Array.isArray(type) && type[0] === "map") return {};
  throw new Error(`no mock value for type ${JSON.stringify(type)}`);
}
