import { guardsOf, healthyOverrides, negativeRunOf } from "./guards";
import { expression, hclBlock } from "./hcl";
import { mockDefaults, mockOutputValue } from "./mock-values";
import type { ProviderSchemaFacts } from "./provider-schema";
import type { StackJson } from "./test-copy";
import { mapOf } from "../../synthesis/resource-instances";

/** The runs of one stack's mocked test file, by name, with what each proves (for messages). */
export interface MockedTestFile {
  readonly text: string;
  /** Run name → what it proves. */
  readonly runs: Record<string, string>;
  /** Guards no negative run knows how to make fail. */
  readonly guardsWithoutNegativeRun: readonly string[];
}

/** Circumstances a stack's runs must withstand. */
export interface RunConditions {
  /**
   * Regions that are down (a failover stack is deployed while the primary Region is): a state read or a provider
   * in one of them cannot be mocked away, it fails the file, since Terraform could neither read nor plan there.
   */
  readonly unreachableRegions?: readonly string[];
}

/**
 * A `terraform test` file for a stack with the AWS provider mocked: a plan run, an apply run, and one negative run
 * per guard (each must fail exactly that guard). Every `terraform_remote_state` the stack reads is overridden with
 * values for the outputs its producer stack really has, so a renamed or missing output fails.
 */
export function mockedTestFile(
  stack: StackJson,
  producers: Readonly<Record<string, StackJson>>,
  schema: ProviderSchemaFacts,
  conditions: RunConditions = {},
): MockedTestFile {
  const unreachable = unreachableContacts(stack, conditions.unreachableRegions ?? []);
  if (unreachable.length > 0) throw new Error(`the stack needs a Region that is down in this run: ${unreachable.join("; ")}`);
  const defaults = mockDefaults(stack, schema);
  const provider = hclBlock('mock_provider "aws"', {}, [
    ...Object.entries(defaults.resource).map(([type, values]) => hclBlock(`mock_resource "${type}"`, { defaults: values })),
    ...Object.entries(defaults.data).map(([type, values]) => hclBlock(`mock_data "${type}"`, { defaults: values })),
  ]);
  const remoteOutputs = remoteStateOutputs(stack, producers, schema);
  const remoteState = Object.entries(remoteOutputs).map(([name, outputs]) =>
    hclBlock("override_data", { target: expression(`data.terraform_remote_state.${name}`), values: { outputs } }),
  );
  const guards = guardsOf(stack);
  const checks = [...new Set(guards.filter((guard) => guard.kind === "check").map((guard) => guard.address))];
  const runs: Record<string, string> = {};
  const healthy = healthyOverrides(stack).map((data) => hclBlock("override_data", { target: expression(data.target), values: data.values }));
  // A mocked provider cannot import: each `import` block's target gets the values the import would read.
  const imported = ((stack.import ?? []) as { to: string }[]).map((block) =>
    hclBlock("override_resource", { target: expression(block.to), values: defaults.resource[block.to.split(".")[0]] ?? {} }),
  );
  // Each WorkSpace an import names is read first (modules/desktop-moves.ts, moveDesktops): it is the user's, in the
  // stack's directory and encrypted as the fleet's, with the values the stack expects, resolved as the run sees them.
  const arriving = arrivingWorkspaces(stack, remoteOutputs).map((data) =>
    hclBlock("override_data", { target: expression(data.target), values: data.values }),
  );
  const blocks: string[] = [provider, ...remoteState, ...healthy, ...imported, ...arriving];

  // In a plan run a check whose data is read at apply time cannot be evaluated: Terraform reports it as failed.
  runs.plan = "the stack plans";
  blocks.push(hclBlock('run "plan"', { command: expression("plan"), expect_failures: checks.length ? checks.map(expression) : undefined }));
  runs.apply = "the stack applies and every check passes";
  blocks.push(hclBlock('run "apply"', { command: expression("apply") }));

  // One negative run per kind of guard and stack: the second private subnet's check is the first one's code.
  const guardsWithoutNegativeRun: string[] = [];
  const kindsProven = new Set<string>();
  guards.forEach((guard, index) => {
    const negative = negativeRunOf(guard, stack);
    if (!negative) {
      guardsWithoutNegativeRun.push(`${guard.address} (${guard.condition})`);
      return;
    }
    if (kindsProven.has(negative.what)) return;
    kindsProven.add(negative.what);
    const name = `guard_${index}`;
    runs[name] = `${guard.address} fires when ${negative.what}`;
    blocks.push(
      hclBlock(
        `run "${name}"`,
        {
          // A state of its own: the resources the apply run created would keep their healthy values.
          state_key: name,
          command: expression(negative.command),
          // Only this guard: a failed condition ends the plan before the checks are evaluated.
          expect_failures: [expression(guard.address)],
        },
        negative.overrides.map((override) => hclBlock(override.block, { target: expression(override.target), values: override.values })),
      ),
    );
  });
  return { text: blocks.join("\n"), runs, guardsWithoutNegativeRun };
}

/** The state reads and providers of `stack` in one of `regions`. */
export function unreachableContacts(stack: StackJson, regions: readonly string[]): string[] {
  const down = new Set(regions);
  const reads = Object.entries<any>(stack.data?.terraform_remote_state ?? {})
    .filter(([, remote]) => down.has(remote.config.region))
    .map(
      ([name, remote]) => `data.terraform_remote_state.${name} reads s3://${remote.config.bucket}/${remote.config.key} in ${remote.config.region}`,
    );
  const providers = Object.entries<any[]>(stack.provider ?? {}).flatMap(([type, blocks]) =>
    blocks
      .filter((block) => down.has(block.region))
      .map((block) => `provider ${type}${block.alias ? `.${block.alias}` : ""} addresses ${block.region}`),
  );
  return [...reads, ...providers];
}

/** Remote-state name → the outputs its override offers (cdktf's cross-stack outputs of the producer). */
function remoteStateOutputs(
  stack: StackJson,
  producers: Readonly<Record<string, StackJson>>,
  schema: ProviderSchemaFacts,
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries<any>(stack.data?.terraform_remote_state ?? {}).map(([name, remote]) => {
      const producer = producerOf(remote.config, producers);
      if (!producer) {
        throw new Error(
          `data.terraform_remote_state.${name} reads s3://${remote.config.bucket}/${remote.config.key}, which no stack of this app writes or replicates there`,
        );
      }
      // cdktf's cross-stack outputs are what consumers read; the others (for people) may be any expression.
      const outputs = Object.fromEntries(
        Object.entries<any>(producer.output ?? {})
          .filter(([output]) => output.startsWith("cross-stack-output-"))
          .map(([output, body]) => [output, mockOutputValue(producer, body.value, schema)]),
      );
      return [name, outputs];
    }),
  );
}

/**
 * Healthy values of the `aws_workspaces_workspace` reads of arriving desktops (one per user, `for_each` over
 * user → { id, directory_id, encrypted, volume_key }): the WorkSpace the ID names is the user's, in the expected
 * directory and encrypted with the expected key. An expected value the run cannot know fails here, by name.
 */
export function arrivingWorkspaces(
  stack: StackJson,
  remoteOutputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): { target: string; values: Record<string, unknown> }[] {
  const resolve = (value: unknown, where: string): unknown => {
    if (typeof value !== "string" || !value.includes("${")) return value;
    const read = /^\$\{data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)\}$/.exec(value);
    if (read && remoteOutputs[read[1]] && read[2] in remoteOutputs[read[1]]) return remoteOutputs[read[1]][read[2]];
    throw new Error(`${where}: no mock value for ${value} (teach testing/terraform/test-file.ts arrivingWorkspaces)`);
  };
  return Object.entries<any>(stack.data?.aws_workspaces_workspace ?? {})
    .filter(([, body]) => body.for_each !== undefined)
    .flatMap(([name, body]) =>
      Object.entries(mapOf(stack, body.for_each) as Record<string, Record<string, unknown>>).map(([user, expected]) => {
        const target = `data.aws_workspaces_workspace.${name}[${JSON.stringify(user)}]`;
        return {
          target,
          values: {
            id: expected.id,
            workspace_id: expected.id,
            user_name: user,
            directory_id: resolve(expected.directory_id, target),
            root_volume_encryption_enabled: expected.encrypted,
            user_volume_encryption_enabled: expected.encrypted,
            volume_encryption_key: resolve(expected.volume_key, target),
          },
        };
      }),
    );
}

/**
 * The stack whose state is at s3://bucket/key: the stack whose backend writes there, or the stack whose state a
 * replication configuration of the app (the bootstrap's) copies there: replicas keep their key in another bucket.
 */
function producerOf(read: { bucket: string; key: string }, producers: Readonly<Record<string, StackJson>>): StackJson | undefined {
  const writesTo = (stack: StackJson, bucket: string) =>
    stack.terraform?.backend?.s3?.bucket === bucket && stack.terraform.backend.s3.key === read.key;
  const stacks = Object.values(producers);
  const sources = stacks
    .flatMap((stack) => replicationsOf(stack))
    .filter((replication) => replication.destination === read.bucket && replication.prefixes.some((prefix) => read.key.startsWith(prefix)));
  return stacks.find((stack) => writesTo(stack, read.bucket) || sources.some((replication) => writesTo(stack, replication.source)));
}

/** A stack's S3 replications between bucket names (references to the stack's own buckets resolved to their names). */
function replicationsOf(stack: StackJson): { source: string; destination: string; prefixes: string[] }[] {
  const buckets: Record<string, any> = stack.resource?.aws_s3_bucket ?? {};
  const nameOf = (value: string) => {
    const reference = /^\$\{aws_s3_bucket\.([^.]+)\.(?:bucket|id|arn)\}$/.exec(value);
    if (reference) return buckets[reference[1]]?.bucket as string;
    return value.replace(/^arn:aws[\w-]*:s3:::/, "");
  };
  return Object.values<any>(stack.resource?.aws_s3_bucket_replication_configuration ?? {}).flatMap((configuration) =>
    (configuration.rule as any[]).map((rule) => ({
      source: nameOf(configuration.bucket),
      destination: nameOf(rule.destination.bucket),
      prefixes: [rule.filter?.prefix ?? ""],
    })),
  );
}
