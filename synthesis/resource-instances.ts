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
const pathOf = (text: string) => {
  let path = paths.get(text);
  if (path === undefined) {
    path = [...text.matchAll(/\.(\w+)|\["([^"]+)"\]/g)].map((match) => match[1] ?? match[2]);
    paths.set(text, path);
  }
  return path;
};
/** Paths by their text: every instance of a resource reads the same few. */
const paths = new Map<string, readonly string[]>();
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
  // A loop, not Object.fromEntries: the builtin is several times slower on a map of 1,000 keys.
  const instances: Record<string, unknown> = {};
  for (const key of Object.keys(mapOf(stack, producer.for_each, depth + 1))) {
    instances[key] = `\${${type}.${name}[${JSON.stringify(key)}]${attribute ? `.${attribute}` : ""}}`;
  }
  return instances;
}

/** A value with whole-string `${local.<name>}` references replaced by the local's value (a map, a list, a literal). */
export function resolveLocals(stack: StackJsonWithLocals, value: unknown, depth = 0): unknown {
  const local = typeof value === "string" ? LOCAL.exec(value) : null;
  if (!local || depth > 20) return value;
  return resolveLocals(stack, localOf(stack, local[1]), depth + 1);
}

/** An argument's value with `${local.<name>}` replaced by the local's value: an argument that mentions no `each`. */
function resolveArgument(stack: StackJsonWithLocals, argument: unknown): unknown {
  if (typeof argument === "string") return LOCAL.test(argument) ? resolveLocals(stack, argument) : argument;
  if (Array.isArray(argument)) return argument.map((item) => resolveArgument(stack, item));
  if (argument !== null && typeof argument === "object") {
    const value: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(argument)) value[name] = resolveArgument(stack, inner);
    return value;
  }
  return argument;
}

/**
 * The entry of a local map by key: from the map when the JSON holds it (`mapOf`); when the local is a map Terraform
 * knows only at plan or apply (another stack's output, a data source's attribute), a reference to the entry.
 */
function entryOfLocal(stack: StackJsonWithLocals, name: string): (key: string) => unknown {
  const value = localOf(stack, name);
  const reference = typeof value === "string" ? /^\$\{([^{}]+)\}$/.exec(value) : null;
  if (reference && !LOCAL.test(value as string) && !RESOURCE.test(value as string)) {
    return (key) => `\${${reference[1]}[${JSON.stringify(key)}]}`;
  }
  const map = mapOf(stack, value);
  return (key) => map[key];
}

/** An argument read once for every instance: its value in the instance `key` (whose `each.value` is `value`). */
interface CompiledArgument {
  /** Whether the instance sets the value (`each.*`); the value of one that does not is the same in every instance. */
  readonly perInstance: boolean;
  readonly valueOf: (key: string, value: unknown) => unknown;
}

const constant = (value: unknown): CompiledArgument => ({ perInstance: false, valueOf: () => value });

/**
 * An argument of a `for_each` resource, read once: `${each.key}`, `${each.value…}`, `${local.<name>[each.key]…}` and
 * templates naming the key are set per instance; `${local.<name>}` is replaced by the local's value. Reading each
 * argument's form once, not once per instance, keeps a fleet of 1,000 desktops cheap to read. The maps of locals read
 * by key are built once for all the instances (`maps`): a local such as the fleet's map of WorkSpace IDs is a `for`
 * expression with an entry per desktop, and building it again for every instance made reading the alarms quadratic.
 */
function compileArgument(stack: StackJsonWithLocals, argument: unknown, maps: Map<string, (key: string) => unknown>): CompiledArgument {
  if (typeof argument === "string") {
    if (LOCAL.test(argument)) return constant(resolveLocals(stack, argument));
    const fromEach = EACH.exec(argument);
    if (fromEach) {
      const path = pathOf(fromEach[2]);
      return { perInstance: true, valueOf: fromEach[1] === "key" ? (key) => at(key, path) : (_, value) => at(value, path) };
    }
    const byKey = LOCAL_BY_KEY.exec(argument);
    if (byKey) {
      const [name, path] = [byKey[1], pathOf(byKey[2])];
      const entryOf = () => {
        let entry = maps.get(name);
        if (entry === undefined) {
          entry = entryOfLocal(stack, name);
          maps.set(name, entry);
        }
        return entry;
      };
      return { perInstance: true, valueOf: (key) => at(entryOf()(key), path) };
    }
    // A template that names the key (`<prefix>-${each.key}`); expressions (jsonencode(…each.key…)) stay as written.
    if (!argument.includes("${each.key}")) return constant(argument);
    const parts = argument.split("${each.key}");
    return { perInstance: true, valueOf: (key) => parts.join(key) };
  }
  if (Array.isArray(argument)) {
    const items = argument.map((item) => compileArgument(stack, item, maps));
    if (!items.some((item) => item.perInstance)) return constant(items.map((item) => item.valueOf("", undefined)));
    return { perInstance: true, valueOf: (key, value) => items.map((item) => item.valueOf(key, value)) };
  }
  if (argument !== null && typeof argument === "object") {
    const entries = Object.entries(argument).map(([name, inner]) => [name, compileArgument(stack, inner, maps)] as const);
    const valueOf = (key: string, value: unknown) => {
      const resolved: Record<string, unknown> = {};
      for (const [name, inner] of entries) resolved[name] = inner.valueOf(key, value);
      return resolved;
    };
    return entries.some(([, inner]) => inner.perInstance) ? { perInstance: true, valueOf } : constant(valueOf("", undefined));
  }
  return constant(argument);
}

/** Whether an argument mentions `each.` anywhere: one that does not is the same in every instance. */
function mentionsEach(argument: unknown): boolean {
  if (typeof argument === "string") return argument.includes("each.");
  if (Array.isArray(argument)) return argument.some(mentionsEach);
  if (argument !== null && typeof argument === "object") return Object.values(argument).some(mentionsEach);
  return false;
}

/**
 * The instances of a resource of the stack: one per `for_each` key, else one; arguments resolved. An argument that
 * mentions no `each.` is resolved once and its value shared by every instance (treat instances as read-only): a
 * fleet of 1,000 desktops resolves its ~10 per-desktop arguments per desktop, not all ~20 of them.
 */
export function instancesOf(stack: StackJsonWithLocals, body: Readonly<Record<string, unknown>>): ResourceInstance[] {
  if (!cache) return resolveInstances(stack, body);
  let instances = cache.get(body);
  if (instances === undefined) {
    instances = resolveInstances(stack, body);
    cache.set(body, instances);
  }
  return instances;
}

/** The instances already resolved, by resource body, while `withInstancesCached` runs. */
let cache: WeakMap<object, ResourceInstance[]> | undefined;

/**
 * Runs `read` with each resource's instances resolved once, however many readers ask (the security policy's rules
 * each read the fleet's 1,000 desktops). Only for reading: the stacks must not change while `read` runs.
 */
export function withInstancesCached<T>(read: () => T): T {
  if (cache) return read();
  cache = new WeakMap();
  try {
    return read();
  } finally {
    cache = undefined;
  }
}

function resolveInstances(stack: StackJsonWithLocals, body: Readonly<Record<string, unknown>>): ResourceInstance[] {
  const argumentsOf = Object.entries(body).filter(([name]) => name !== "for_each");
  if (body.for_each === undefined) {
    const resolved: Record<string, unknown> = {};
    for (const [name, argument] of argumentsOf) resolved[name] = resolveArgument(stack, argument);
    return [{ key: undefined, arguments: resolved, perInstance: new Set() }];
  }
  const maps = new Map<string, (key: string) => unknown>();
  const compiled = argumentsOf.map(
    ([name, argument]) =>
      [name, mentionsEach(argument) ? compileArgument(stack, argument, maps) : constant(resolveArgument(stack, argument))] as const,
  );
  const setPerInstance = new Set(compiled.filter(([, argument]) => argument.perInstance).map(([name]) => name));
  return Object.entries(mapOf(stack, body.for_each)).map(([key, value]) => {
    const resolved: Record<string, unknown> = {};
    for (const [name, argument] of compiled) resolved[name] = argument.valueOf(key, value);
    return { key, arguments: resolved, perInstance: setPerInstance };
  });
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
