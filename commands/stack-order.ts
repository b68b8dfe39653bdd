/** Stack → the stacks it reads from (cdktf.out/manifest.json `dependencies`). */
export type StackDependencies = Readonly<Record<string, readonly string[]>>;

/** Every stack `stack` depends on, directly or not, nearest last (deploy order). */
export function upstreamOf(stack: string, dependencies: StackDependencies): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    for (const dependency of dependencies[name] ?? []) {
      if (!seen.has(dependency)) {
        visit(dependency);
        seen.add(dependency);
      }
    }
  };
  visit(stack);
  return [...seen];
}

/** Every stack that depends on `stack`, directly or not. */
export function downstreamOf(stack: string, dependencies: StackDependencies): string[] {
  return Object.keys(dependencies).filter((name) => name !== stack && upstreamOf(name, dependencies).includes(stack));
}

/** All stacks, each after the stacks it depends on. */
export function deployOrder(dependencies: StackDependencies): string[] {
  const order: string[] = [];
  for (const stack of Object.keys(dependencies).sort()) {
    for (const name of [...upstreamOf(stack, dependencies), stack]) if (!order.includes(name)) order.push(name);
  }
  return order;
}

export type Decision = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A stack can be deployed once every stack it reads from is deployed. */
export function canDeploy(stack: string, dependencies: StackDependencies, isDeployed: (stack: string) => boolean): Decision {
  const missing = upstreamOf(stack, dependencies).filter((name) => !isDeployed(name));
  if (missing.length === 0) return { ok: true };
  return {
    ok: false,
    reason: `${stack} reads from ${missing.join(" and ")}, which ${missing.length > 1 ? "are" : "is"} not deployed: run ${missing
      .map((name) => `npm run deploy -- ${name}`)
      .join(", then ")} first`,
  };
}

/** A stack can be destroyed once no stack that reads from it still has resources. */
export function canDestroy(stack: string, dependencies: StackDependencies, isDeployed: (stack: string) => boolean): Decision {
  const blocking = downstreamOf(stack, dependencies).filter(isDeployed);
  if (blocking.length === 0) return { ok: true };
  const order = deployOrder(dependencies)
    .filter((name) => blocking.includes(name))
    .reverse();
  return {
    ok: false,
    reason: `${order.join(" and ")} still ${order.length > 1 ? "have" : "has"} resources that use ${stack}: run ${order
      .map((name) => `npm run destroy -- ${name}`)
      .join(", then ")} first`,
  };
}

/**
 * `stacks` in waves for `verb`: a stack is in a later wave than every one of `stacks` it must wait for (deploy: the
 * stacks it reads from, directly or not; destroy: the stacks that read from it). The stacks of one wave do not depend
 * on one another and may run at once. Each wave lists its stacks in deploy order.
 */
export function waves(verb: "deploy" | "destroy", stacks: readonly string[], dependencies: StackDependencies): string[][] {
  const selected = new Set(stacks);
  const waitsFor = (stack: string) =>
    (verb === "deploy" ? upstreamOf(stack, dependencies) : downstreamOf(stack, dependencies)).filter((name) => selected.has(name));
  const order = deployOrder(dependencies).filter((stack) => selected.has(stack));
  const waveOf = new Map<string, number>();
  for (const stack of verb === "deploy" ? order : [...order].reverse()) {
    // Every stack it waits for comes earlier in this order, so its wave is known.
    waveOf.set(stack, Math.max(-1, ...waitsFor(stack).map((name) => waveOf.get(name)!)) + 1);
  }
  const result: string[][] = [];
  for (const stack of order) (result[waveOf.get(stack)!] ??= []).push(stack);
  return result;
}

/** A stack name safe as a folder, a workflow artifact's name and a job matrix value (the manifest's names are). */
const PLANNABLE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * The stacks the pull-request workflow plans, in deploy order: every stack of the manifest but `bootstrap` (it keeps
 * local state and is applied once by hand). A name that could not serve as an artifact's name is refused.
 */
export function stacksToPlan(dependencies: StackDependencies, bootstrap: string): string[] {
  const stacks = deployOrder(dependencies).filter((stack) => stack !== bootstrap);
  const unsafe = stacks.filter((stack) => !PLANNABLE_NAME.test(stack));
  if (unsafe.length > 0)
    throw new Error(`stack names must be lower-case letters, digits and hyphens: ${unsafe.map((stack) => JSON.stringify(stack)).join(", ")}`);
  return stacks;
}
