import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cdktfArguments, cdktfSteps, DEFAULT_CONCURRENCY, matchingStacks, parseRunArguments, type RunOptions } from "../../commands/stack-runs";
import { waves } from "../../commands/stack-order";
import { loadConfig } from "../../config/load";
import { readDependencies, synthesize } from "../../synthesis/synthesize";
import { DESKTOPS_PARALLELISM, isDesktopsStack, TERRAFORM_DEFAULT_PARALLELISM, terraformParallelismOf } from "../../topology/parallelism";

/** The dependencies of the disaster-recovery example, as its synthesized manifest records them. */
const outdir = join(mkdtempSync(join(tmpdir(), "vdi-runs-")), "cdktf.out");
synthesize(loadConfig(join(__dirname, "..", "..", "config", "examples", "disaster-recovery.yaml")), outdir);
const dr = readDependencies(outdir);

/**
 * A configuration with desktop groups, in the shape the manifest gives them: one stack per group, each reading from
 * desktops (the registration), network and identity, none from another group.
 */
const grouped = {
  state: [],
  network: ["state"],
  identity: ["network"],
  desktops: ["identity", "network"],
  "desktops-finance": ["desktops", "identity", "network"],
  "desktops-sales": ["desktops", "identity", "network"],
  "desktops-support": ["desktops", "identity", "network"],
};

const options = (overrides: Partial<RunOptions> = {}): RunOptions => ({ concurrency: DEFAULT_CONCURRENCY, cdktfOptions: [], ...overrides });
const calls = (verb: "deploy" | "destroy", stacks: string[], dependencies: Record<string, readonly string[]>, run = options()) =>
  cdktfSteps(verb, stacks, dependencies, run).map((step) => cdktfArguments(verb, step, run).join(" "));

describe("Terraform's -parallelism by stack", () => {
  it("is larger for every stack that creates WorkSpaces, Terraform's default for the others", () => {
    expect(DESKTOPS_PARALLELISM).toBeGreaterThan(TERRAFORM_DEFAULT_PARALLELISM);
    for (const stack of ["desktops", "desktops-finance", "dr-desktops"]) expect(terraformParallelismOf(stack)).toBe(DESKTOPS_PARALLELISM);
    for (const stack of ["state", "account", "network", "identity", "dr-network", "dr-identity", "dr-redirection"]) {
      expect(terraformParallelismOf(stack)).toBe(TERRAFORM_DEFAULT_PARALLELISM);
    }
    expect(isDesktopsStack("desktopsx")).toBe(false);
  });
});

describe("waves", () => {
  it("deploys the groups together, after the stacks they read from", () => {
    expect(waves("deploy", Object.keys(grouped), grouped)).toEqual([
      ["state"],
      ["network"],
      ["identity"],
      ["desktops"],
      ["desktops-finance", "desktops-sales", "desktops-support"],
    ]);
  });

  it("destroys in reverse: the groups together first, the registration after them", () => {
    expect(waves("destroy", ["desktops", "desktops-finance", "desktops-sales", "identity"], grouped)).toEqual([
      ["desktops-finance", "desktops-sales"],
      ["desktops"],
      ["identity"],
    ]);
  });

  it("waits for a stack it reads from indirectly when that one is named too", () => {
    // dr-desktops reads from desktops directly and from network through dr-identity's reads.
    expect(waves("deploy", ["network", "dr-desktops"], dr)).toEqual([["network"], ["dr-desktops"]]);
  });

  it("runs the two Regions' independent stacks together (the disaster-recovery example's manifest)", () => {
    expect(waves("deploy", Object.keys(dr), dr)).toEqual([
      ["state"],
      ["network", "dr-network"],
      ["identity"],
      ["desktops", "dr-identity"],
      ["dr-desktops"],
      ["dr-redirection"],
    ]);
  });
});

describe("the cdktf calls of npm run deploy / destroy", () => {
  it("deploys the groups in one call, at most --concurrency at once, with the desktops' -parallelism", () => {
    expect(
      calls(
        "deploy",
        ["desktops-finance", "desktops-sales", "desktops-support"],
        grouped,
        options({ concurrency: 2, cdktfOptions: ["--auto-approve"] }),
      ),
    ).toEqual([
      `deploy --skip-synth desktops-finance desktops-sales desktops-support --ignore-missing-stack-dependencies --parallelism 2 --terraform-parallelism ${DESKTOPS_PARALLELISM} --auto-approve`,
    ]);
  });

  it("deploys the registration before its groups, in a call of its own", () => {
    expect(calls("deploy", ["desktops", "desktops-finance", "desktops-sales"], grouped)).toEqual([
      `deploy --skip-synth desktops --ignore-missing-stack-dependencies --terraform-parallelism ${DESKTOPS_PARALLELISM}`,
      `deploy --skip-synth desktops-finance desktops-sales --ignore-missing-stack-dependencies --parallelism ${DEFAULT_CONCURRENCY} --terraform-parallelism ${DESKTOPS_PARALLELISM}`,
    ]);
  });

  it("destroys the groups before the registration, the registration before the directory", () => {
    expect(calls("destroy", ["identity", "desktops", "desktops-finance", "desktops-sales"], grouped)).toEqual([
      `destroy --skip-synth desktops-finance desktops-sales --ignore-missing-stack-dependencies --parallelism ${DEFAULT_CONCURRENCY} --terraform-parallelism ${DESKTOPS_PARALLELISM}`,
      `destroy --skip-synth desktops --ignore-missing-stack-dependencies --terraform-parallelism ${DESKTOPS_PARALLELISM}`,
      `destroy --skip-synth identity --ignore-missing-stack-dependencies --terraform-parallelism ${TERRAFORM_DEFAULT_PARALLELISM}`,
    ]);
  });

  it("splits a wave by -parallelism: a desktops stack and another stack of the same wave go in two calls", () => {
    expect(calls("deploy", Object.keys(dr), dr)).toEqual([
      "deploy --skip-synth state --ignore-missing-stack-dependencies --terraform-parallelism 10",
      "deploy --skip-synth network dr-network --ignore-missing-stack-dependencies --parallelism 4 --terraform-parallelism 10",
      "deploy --skip-synth identity --ignore-missing-stack-dependencies --terraform-parallelism 10",
      "deploy --skip-synth desktops --ignore-missing-stack-dependencies --terraform-parallelism 25",
      "deploy --skip-synth dr-identity --ignore-missing-stack-dependencies --terraform-parallelism 10",
      "deploy --skip-synth dr-desktops --ignore-missing-stack-dependencies --terraform-parallelism 25",
      "deploy --skip-synth dr-redirection --ignore-missing-stack-dependencies --terraform-parallelism 10",
    ]);
  });

  it("gives every stack the -parallelism asked for with --terraform-parallelism, so a wave is one call again", () => {
    expect(calls("deploy", ["desktops", "dr-identity"], dr, options({ terraformParallelism: 5 }))).toEqual([
      "deploy --skip-synth desktops dr-identity --ignore-missing-stack-dependencies --parallelism 4 --terraform-parallelism 5",
    ]);
  });
});

describe("parseRunArguments", () => {
  it("takes the stacks up to the first option, reads its own options and passes the others on", () => {
    expect(
      parseRunArguments(["desktops-*", "network", "--concurrency", "8", "--auto-approve", "--terraform-parallelism=40", "--var", "a=b"]),
    ).toEqual({
      stacks: ["desktops-*", "network"],
      options: { concurrency: 8, terraformParallelism: 40, cdktfOptions: ["--auto-approve", "--var", "a=b"] },
    });
  });

  it("reads cdktf's --parallelism as --concurrency, and defaults to a small bound", () => {
    expect(parseRunArguments(["desktops", "--parallelism=2"])).toEqual({
      stacks: ["desktops"],
      options: { concurrency: 2, terraformParallelism: undefined, cdktfOptions: [] },
    });
    expect(parseRunArguments(["desktops"])).toEqual({
      stacks: ["desktops"],
      options: { concurrency: DEFAULT_CONCURRENCY, terraformParallelism: undefined, cdktfOptions: [] },
    });
  });

  it.each([
    [["desktops", "--concurrency"], "--concurrency takes a whole number of at least 1, not nothing"],
    [["desktops", "--concurrency", "0"], '--concurrency takes a whole number of at least 1, not "0"'],
    [["desktops", "--terraform-parallelism=-3"], '--terraform-parallelism takes a whole number of at least 1, not "-3"'],
    [["desktops", "--terraform-parallelism", "2.5"], '--terraform-parallelism takes a whole number of at least 1, not "2.5"'],
    // cdktf would deploy it too, past the order checks.
    [
      ["network", "--auto-approve", "identity"],
      '"identity" comes after the options: name every stack before the first option (<stack>... [options])',
    ],
  ])("refuses %j in one line", (args, problem) => {
    expect(parseRunArguments(args)).toEqual({ problem });
  });
});

describe("matchingStacks", () => {
  const stacks = Object.keys(grouped);
  it("expands a pattern to the stacks it matches, and a name to itself", () => {
    expect(matchingStacks("desktops-*", stacks)).toEqual(["desktops-finance", "desktops-sales", "desktops-support"]);
    expect(matchingStacks("*-s*", stacks)).toEqual(["desktops-sales", "desktops-support"]);
    expect(matchingStacks("desktops", stacks)).toEqual(["desktops"]);
    expect(matchingStacks("desktop", stacks)).toEqual([]);
    expect(matchingStacks("desktops.*", stacks)).toEqual([]);
  });
});
