import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actionOf, COMMENT_MARKER, renderComment, summarizeStack, type TerraformPlan, renderCostChange } from "../../scripts/plan-summary";

const PLANS = join(__dirname, "..", "fixtures", "plans");
const plan = (stack: string): TerraformPlan => JSON.parse(readFileSync(join(PLANS, `${stack}.json`), "utf8"));

describe("actionOf", () => {
  it.each([
    [["create"], "create"],
    [["update"], "update"],
    [["delete"], "delete"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["no-op"], undefined],
    [["read"], undefined],
  ])("%j is %s", (actions, expected) => {
    expect(actionOf(actions as string[])).toBe(expected);
  });
});

describe("summarizeStack", () => {
  const desktops = summarizeStack("desktops", plan("desktops"));

  it("counts adds, changes, replacements and destroys, ignoring no-ops and data reads", () => {
    expect(desktops.counts).toEqual({ create: 2, update: 1, replace: 2, delete: 1 });
  });

  it("groups the changed resources by type", () => {
    expect([...desktops.byType.keys()].sort()).toEqual(["aws_cloudwatch_metric_alarm", "aws_kms_key", "aws_workspaces_workspace"]);
    expect(desktops.byType.get("aws_workspaces_workspace")!.map((change) => change.action)).toEqual(["replace", "delete", "create", "update"]);
  });

  it("flags destroyed and replaced WorkSpaces (by user) and KMS keys, not created or updated ones", () => {
    expect(desktops.atRisk).toEqual([
      expect.stringMatching(/^`desktops`: \*\*replaces\*\* the WorkSpace of \*\*alice\*\*/),
      expect.stringMatching(/^`desktops`: \*\*destroys\*\* the WorkSpace of \*\*bob\*\*/),
      expect.stringMatching(/^`desktops`: \*\*replaces\*\* the KMS key/),
    ]);
  });

  it("flags a replaced directory", () => {
    expect(summarizeStack("identity", plan("identity")).atRisk).toEqual([
      expect.stringMatching(/\*\*replaces\*\* the directory \*\*corp\.example\.com\*\*/),
    ]);
  });

  it("flags a destroyed state bucket", () => {
    const bucketPlan: TerraformPlan = {
      resource_changes: [{ address: "aws_s3_bucket.b", type: "aws_s3_bucket", change: { actions: ["delete"], before: { bucket: "tf-state" } } }],
    };
    expect(summarizeStack("state", bucketPlan).atRisk).toEqual([expect.stringMatching(/\*\*destroys\*\* the S3 bucket \*\*tf-state\*\*/)]);
  });
});

describe("renderComment", () => {
  const comment = renderComment(["network", "identity", "desktops"].map((stack) => summarizeStack(stack, plan(stack))));

  it("starts with the marker the workflow finds its comment by", () => {
    expect(comment.startsWith(COMMENT_MARKER)).toBe(true);
  });

  it("puts the user-data warning before everything else", () => {
    const caution = comment.indexOf("[!CAUTION]");
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(comment.indexOf("| stack |"));
    expect(comment.match(/^> - /gm)).toHaveLength(4);
  });

  it("has a row of counts per stack, in the order given", () => {
    expect(comment).toContain("| network | 0 | 0 | 0 | 0 |");
    expect(comment).toContain("| identity | 0 | 1 | 1 | 0 |");
    expect(comment).toContain("| desktops | 2 | 1 | 2 | 1 |");
    expect(comment.indexOf("| network |")).toBeLessThan(comment.indexOf("| desktops |"));
  });

  it("lists each stack's changes by type, and says when a stack has none", () => {
    expect(comment).toContain("**network**: no changes.");
    expect(comment).toContain("<b>desktops</b>: 2 to add, 1 to change, 2 to replace, 1 to destroy");
    expect(comment).toContain('- `-/+` replace `aws_workspaces_workspace.fleet_desktops_013402F6["alice"]`');
    expect(comment).not.toContain("erin");
    expect(comment).not.toContain("data.aws_workspaces_bundle");
  });

  it("has no warning when nothing at risk changes", () => {
    expect(renderComment([summarizeStack("network", plan("network"))])).not.toContain("CAUTION");
  });
});

describe("npm run plan-summary", () => {
  it("reads stack names from the file names and writes the comment", () => {
    const app = join(__dirname, "..", "..", "scripts", "app.js");
    const result = spawnSync(
      process.execPath,
      [app, "scripts/plan-summary-cli.ts", join(PLANS, "network.json"), `desktops=${join(PLANS, "desktops.json")}`],
      {
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("| network | 0 | 0 | 0 | 0 |");
    expect(result.stdout).toContain("| desktops | 2 | 1 | 2 | 1 |");
  });
});

describe("npm run plan-summary on files that are not plans", () => {
  const app = join(__dirname, "..", "..", "scripts", "app.js");
  const dir = mkdtempSync(join(tmpdir(), "vdi-plans-"));

  it.each([
    ["{}", "no format_version"],
    ["[]", "not a JSON object"],
    ['{"format_version":"1.0","terraform_version":"1.10.0","values":{"root_module":{}}}', "a Terraform state, not a plan"],
    ['{"format_version":"0.1","resource_changes":[]}', 'format_version "0.1" is not 1.x'],
    ['{"format_version":"1.2","resource_changes":{}}', "resource_changes is not a list"],
    ['{"format_version":"1.2","terraform_version":"1.10.0"}', "neither resource_changes nor planned_values"],
  ])("refuses %s in one line naming the file", (text, reason) => {
    const file = join(dir, "network.json");
    writeFileSync(file, text);
    const result = spawnSync(process.execPath, [app, "scripts/plan-summary-cli.ts", join(PLANS, "identity.json"), file], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(`error: ${file}: not a Terraform plan (${reason}): give the output of terraform show -json <planfile>`);
  });

  it("accepts a plan without changes (planned_values, no resource_changes)", () => {
    const file = join(dir, "state.json");
    writeFileSync(file, '{"format_version":"1.2","terraform_version":"1.10.0","planned_values":{"root_module":{}}}');
    const result = spawnSync(process.execPath, [app, "scripts/plan-summary-cli.ts", file], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("**state**: no changes.");
  });
});

describe("renderCostChange", () => {
  const cost = (total: number, items: [string, number][]) => ({
    currency: "USD",
    monthlyTotal: total,
    items: items.map(([name, monthly]) => ({ name, monthly })),
    priceDate: "2025-06-01",
  });

  it("shows the total's change and only the items that changed, added or went away", () => {
    const text = renderCostChange(
      cost(110, [
        ["NAT", 36.5],
        ["desktop bob", 73.5],
      ]),
      cost(70, [
        ["NAT", 36.5],
        ["desktop alice", 33.5],
      ]),
    );
    expect(text).toContain("**70.00 → 110.00 USD** a month (+40.00)");
    expect(text).toContain("| desktop bob | 0.00 | 73.50 | +73.50 |");
    expect(text).toContain("| desktop alice | 33.50 | 0.00 | −33.50 |");
    expect(text).not.toContain("| NAT |");
  });

  it("says when the base configuration could not be estimated", () => {
    expect(renderCostChange(cost(80, []), undefined)).toContain("could not be estimated");
  });
});
