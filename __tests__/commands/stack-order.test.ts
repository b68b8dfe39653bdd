import { canDeploy, canDestroy, deployOrder, downstreamOf, upstreamOf } from "../../commands/stack-order";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readDependencies, synthesize } from "../../synthesis/synthesize";
import { synthSummary } from "../../synthesis/synth-summary";
import { loadConfig } from "../../config/load";
import { configWith } from "../helpers";

/** The dependencies exactly as the synthesized manifest records them. */
const outdir = join(mkdtempSync(join(tmpdir(), "vdi-order-")), "cdktf.out");
synthesize(configWith(), outdir);
const dependencies = readDependencies(outdir);
const deployed =
  (...stacks: string[]) =>
  (stack: string) =>
    stacks.includes(stack);

describe("stack order from the manifest", () => {
  it("deploys state, network, identity, desktops in that order", () => {
    expect(deployOrder(dependencies)).toEqual(["state", "network", "identity", "desktops"]);
  });

  it("knows what each stack reads from and what reads from it", () => {
    expect(upstreamOf("desktops", dependencies).sort()).toEqual(["identity", "network", "state"]);
    expect(downstreamOf("network", dependencies).sort()).toEqual(["desktops", "identity"]);
    expect(downstreamOf("desktops", dependencies)).toEqual([]);
  });
});

describe("canDeploy", () => {
  it("allows a stack whose upstream stacks are deployed", () => {
    expect(canDeploy("identity", dependencies, deployed("state", "network"))).toEqual({ ok: true });
    expect(canDeploy("state", dependencies, deployed())).toEqual({ ok: true });
  });

  it("refuses, naming the commands to run first, when an upstream stack is not deployed", () => {
    expect(canDeploy("desktops", dependencies, deployed("state", "network"))).toEqual({
      ok: false,
      reason: "desktops reads from identity, which is not deployed: run npm run deploy -- identity first",
    });
    const decision = canDeploy("desktops", dependencies, deployed("state"));
    expect(decision.ok).toBe(false);
    expect(!decision.ok && decision.reason).toMatch(
      /network and identity, which are not deployed: run npm run deploy -- network, then npm run deploy -- identity first$/,
    );
  });
});

describe("canDestroy", () => {
  it("allows destroying a stack nothing deployed reads from", () => {
    expect(canDestroy("desktops", dependencies, deployed("state", "network", "identity", "desktops"))).toEqual({ ok: true });
    expect(canDestroy("network", dependencies, deployed("state", "network"))).toEqual({ ok: true });
  });

  it("refuses while a downstream stack still has resources, in reverse deploy order", () => {
    expect(canDestroy("network", dependencies, deployed("state", "network", "identity", "desktops"))).toEqual({
      ok: false,
      reason: "desktops and identity still have resources that use network: run npm run destroy -- desktops, then npm run destroy -- identity first",
    });
    expect(canDestroy("state", dependencies, deployed("state", "network"))).toEqual({
      ok: false,
      reason: "network still has resources that use state: run npm run destroy -- network first",
    });
  });
});

describe("the synth summary", () => {
  const EXAMPLE = join(__dirname, "..", "..", "config", "examples", "disaster-recovery.yaml");
  const listedStacks = (summary: string) => [...(/\(resources: (.+)\)/.exec(summary)?.[1] ?? "").matchAll(/([a-z-]+) \d+/g)].map((match) => match[1]);

  it.each([
    ["the default", configWith(), ["state", "network", "identity", "desktops"]],
    ["createServiceRole", configWith({ "directory.createServiceRole": true }), ["state", "account", "network", "identity", "desktops"]],
    [
      "the disaster-recovery example",
      loadConfig(EXAMPLE),
      ["state", "network", "identity", "desktops", "dr-network", "dr-identity", "dr-desktops", "dr-redirection"],
    ],
  ])("lists the stacks of %s in deploy order, from the manifest", (_, config, expected) => {
    const dir = join(mkdtempSync(join(tmpdir(), "vdi-summary-")), "cdktf.out");
    const { stacks } = synthesize(config, dir);
    const listed = listedStacks(synthSummary(stacks, dir, "next"));
    expect(listed).toEqual(expected);
    // Deploy order: each stack after every stack it reads from.
    const dependenciesOf = readDependencies(dir);
    for (const stack of listed) for (const upstream of dependenciesOf[stack]) expect(listed.indexOf(upstream)).toBeLessThan(listed.indexOf(stack));
  });
});
