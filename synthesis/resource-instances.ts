/**
 * What a synthesized stack's resources expand to, read from its Terraform JSON the way Terraform reads it: the keys
 * of each `for_each` (a literal map, a local value, another resource's instances or a map built from them) and each
 * instance's arguments with `each.key`, `each.value` and `local.<name>[each.key]` resolved. Every reader of the
 * synthesized JSON (the security policy, the cost estimate, the synth summary, the Terraform layer's mocks, the
 * tests) goes through here, so the JSON's form can change (docs/performance.md: `for_each` goes through a local)
 * without each of them parsing `for_each` again.
 */

/** The parts of a stack's Terraform JSON this module reads. */
export interface StackJsonWithLocals {
  readonly locals?: Readonly<Record<string, unknown>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

/** One instance of a resource: its `for_each` key (none without `for_each`) and its arguments, resolved. */
export interface ResourceInstance {
  readonly key?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped: its readers index it freely
  readonly arguments: Record<string, any>;
  /** Top-level arguments whose value comes from the instance (`each.*`): the others are the same for every instance. */
  readonly perInstance: ReadonlySet<string>;
}

/** A desktop: one instance of an `aws_workspaces_workspace` resource, keyed by its user name. */
export interface SynthesizedDesktop extends ResourceInstance {
  readonly userName: string;
  /** The resource's name in the stack (`aws_workspaces_workspace.<name>`). */
  readonly resourceName: string;
}

const LOCAL = /^\$\{local\.([A-Za-z_][\w-]*)\}$/;
const RESOURCE = /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)\}$/;
const FOR_MAP = /^\$\{\{ ?for (\w+), (\w+) in ([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*) ?: ?\1 => \2(?:\.([a-z0-9_]+))? ?\}\}$/;
const EACH = /^\$\{each\.(key|value)((?:\.\w+)*)\}$/;
const LOCAL_BY_KEY = /^\$\{local\.([A-Za-z_][\w-]*)\[each\.key\]((?:\.\w+|\["[^"]+"\])*)\}$/;

function localOf(stack: StackJsonWithLocals, name: string): unknown {
  if (!stack.locals || !(name in stack.locals)) throw new Error(`local.${name} is not defined in the stack`);
  return stack.locals[name];
}

/** The attribute path of `.a.b` or `["a"]["b"]` as ["a", "b"]. */
const pathOf = (text: string) => [...text.matchAll(/\.(\w+)|\["([^"]+)"\]/g)].map((match) => match[1] ?? match[2]);
/** The value at `path` inside `value`; inside a reference (a value known at apply), the longer reference. */
function at(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return value;
  const reference = typeof value === "string" ? /^\$\{([^{}]+)\}$/.exec(value) : null;
  if (reference) return `\${${reference[1]}.${path.join(".")}}`;
  return at((value as Record<string, unknown> | undefined)?.[path[0]], path.slice(1));
}

/**
 * The map a `for_each` value or an expression of one stands for, by key: a literal map (or list of keys), a local
 * value, a whole `for_each` resource (each value `${<type>.<name>["<key>"]}`) or a `{ for key, val in <resource> :
 * key => val.<attribute> }` map of one (each value `${<type>.<name>["<key>"].<attribute>}`). Values Terraform knows
 * only at apply stay references. Any other expression throws: its keys cannot be known from the JSON.
 */
export function mapOf(stack: StackJsonWithLocals, expression: unknown, depth = 0): Record<string, unknown> {
  if (depth > 20) throw new Error(`for_each ${String(expression)} refers to itself`);
  if (Array.isArray(expression)) return Object.fromEntries(expression.map((key) => [String(key), key]));
  if (expression !== null && typeof expression === "object") return expression as Record<string, unknown>;
  const text = String(expression);
  const local = LOCAL.exec(text);
  if (local) return mapOf(stack, localOf(stack, local[1]), depth + 1);
  const whole = RESOURCE.exec(text);
  const forMap = FOR_MAP.exec(text);
  const [type, name, attribute] = whole ? [whole[1], whole[2], undefined] : forMap ? [forMap[3], forMap[4], forMap[5]] : [];
  if (type === undefined || name === undefined) {
    throw new Error(`cannot read the instances of for_each ${text}: teach synthesis/resource-instances.ts its form`);
  }
  const producer = stack.resource?.[type]?.[name];
  if (producer?.for_each === undefined) throw new Error(`for_each ${text} reads ${type}.${name}, which is not a for_each resource of the stack`);
  return Object.fromEntries(
    Object.keys(mapOf(stack, producer.for_each, depth + 1)).map((key) => [
      key,
      `\${${type}.${name}[${JSON.stringify(key)}]${attribute ? `.${attribute}` : ""}}`,
    ]),
  );
}

/** A value with whole-string `${local.<name>}` references replaced by the local's value (a map, a list, a literal). */
export function resolveLocals(stack: StackJsonWithLocals, value: unknown, depth = 0): unknown {
  const local = typeof value === "string" ? LOCAL.exec(value) : null;
  if (!local || depth > 20) return value;
  return resolveLocals(stack, localOf(stack, local[1]), depth + 1);
}

/**
 * An argument's value in the instance `key` (whose `each.value` is `value`; no `each` without `for_each`), with
 * `${local.<name>}` replaced by the local's value, and whether the instance set it.
 */
function resolveArgument(
  stack: StackJsonWithLocals,
  argument: unknown,
  each?: { key: string; value: unknown },
): { value: unknown; perInstance: boolean } {
  if (typeof argument === "string") {
    if (LOCAL.test(argument)) return { value: resolveLocals(stack, argument), perInstance: false };
    if (!each) return { value: argument, perInstance: false };
    const fromEach = EACH.exec(argument);
    if (fromEach) return { value: at(fromEach[1] === "key" ? each.key : each.value, pathOf(fromEach[2])), perInstance: true };
    const byKey = LOCAL_BY_KEY.exec(argument);
    if (byKey) return { value: at(mapOf(stack, localOf(stack, byKey[1]))[each.key], pathOf(byKey[2])), perInstance: true };
    // A template that names the key (`<prefix>-${each.key}`); expressions (jsonencode(…each.key…)) stay as written.
    return argument.includes("${each.key}")
      ? { value: argument.split("${each.key}").join(each.key), perInstance: true }
      : { value: argument, perInstance: false };
  }
  if (Array.isArray(argument)) {
    const items = argument.map((item) => resolveArgument(stack, item, each));
    return { value: items.map((item) => item.value), perInstance: items.some((item) => item.perInstance) };
  }
  if (argument !== null && typeof argument === "object") {
    const entries = Object.entries(argument).map(([name, inner]) => [name, resolveArgument(stack, inner, each)] as const);
    return {
      value: Object.fromEntries(entries.map(([name, inner]) => [name, inner.value])),
      perInstance: entries.some(([, inner]) => inner.perInstance),
    };
  }
  return { value: argument, perInstance: false };
}

/** The arguments of one instance, resolved, and which of them the instance set. */
function instance(stack: StackJsonWithLocals, body: Readonly<Record<string, unknown>>, each?: { key: string; value: unknown }): ResourceInstance {
  const perInstance = new Set<string>();
  const resolved = Object.fromEntries(
    Object.entries(body)
      .filter(([name]) => name !== "for_each")
      .map(([name, argument]) => {
        const inner = resolveArgument(stack, argument, each);
        if (inner.perInstance) perInstance.add(name);
        return [name, inner.value];
      }),
  );
  return { key: each?.key, arguments: resolved, perInstance };
}

/** The instances of a resource of the stack: one per `for_each` key, else one; arguments resolved. */
export function instancesOf(stack: StackJsonWithLocals, body: Readonly<Record<string, unknown>>): ResourceInstance[] {
  if (body.for_each === undefined) return [instance(stack, body)];
  return Object.entries(mapOf(stack, body.for_each)).map(([key, value]) => instance(stack, body, { key, value }));
}

/**
 * `text` (an argument, an ARN, a `jsonencode(…)`) with each `local.<name>["<key>"]` (or `.<key>`) whose entry is one reference
 * (the fleet's IDs: `aws_workspaces_workspace.<name>["<key>"].id`) written as that reference: what Terraform reads there.
 */
export function resolveLocalEntries(stack: StackJsonWithLocals, text: string): string {
  return text.replace(/local\.([A-Za-z_][\w-]*)(?:\["([^"]*)"\]|\.([A-Za-z_][\w-]*))/g, (entry, name: string, quoted?: string, bare?: string) => {
    const value = mapOf(stack, localOf(stack, name))[quoted ?? bare!];
    const reference = typeof value === "string" ? /^\$\{([^{}]+)\}$/.exec(value) : null;
    return reference ? reference[1] : entry;
  });
}

/** How many instances Terraform plans for a resource: its `count` when a number, its `for_each` keys, else one. */
export function instanceCount(stack: StackJsonWithLocals, body: Readonly<Record<string, unknown>>): number {
  if (typeof body.count === "number") return body.count;
  return body.for_each === undefined ? 1 : Object.keys(mapOf(stack, body.for_each)).length;
}

/** Every desktop (WorkSpace) the stack creates, by user name, with its arguments as Terraform sees them. */
export function desktopsOf(stack: StackJsonWithLocals): SynthesizedDesktop[] {
  return Object.entries(stack.resource?.aws_workspaces_workspace ?? {}).flatMap(([resourceName, body]) =>
    instancesOf(stack, body).map((instance) => ({
      ...instance,
      userName: instance.key ?? String(instance.arguments.user_name),
      resourceName,
    })),
  );
}
