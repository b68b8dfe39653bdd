import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import {
  actionOf,
  COMMENT_LIMIT,
  COMMENT_MARKER,
  notAPlan,
  reducePlan,
  renderComment,
  renderCostChange,
  summarizeStack,
  type ResourceChange,
  type TerraformPlan,
} from "../../commands/plan-summary";

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
    expect(desktops.counts).toEqual({ create: 2, update: 1, replace: 2, delete: 1, import: 0, forget: 0 });
  });

  it("groups the changed resources by type", () => {
    expect([...desktops.byType.keys()].sort()).toEqual(["aws_cloudwatch_metric_alarm", "aws_kms_key", "aws_workspaces_workspace"]);
    expect(desktops.byType.get("aws_workspaces_workspace")!.map((change) => change.action)).toEqual(["replace", "delete", "create", "update"]);
  });

  it("flags destroyed and replaced WorkSpaces (by user) and KMS keys, not created or updated ones", () => {
    expect(desktops.atRisk).toEqual([
      expect.stringMatching(/^`desktops`: \*\*replaces\*\* the WorkSpace of `alice`/),
      expect.stringMatching(/^`desktops`: \*\*destroys\*\* the WorkSpace of `bob`/),
      expect.stringMatching(/^`desktops`: \*\*replaces\*\* the KMS key/),
    ]);
  });

  it("flags a replaced directory", () => {
    expect(summarizeStack("identity", plan("identity")).atRisk).toEqual([
      expect.stringMatching(/\*\*replaces\*\* the directory `corp\.example\.com`/),
    ]);
  });

  it("flags a destroyed state bucket", () => {
    const bucketPlan: TerraformPlan = {
      format_version: "1.2",
      resource_changes: [{ address: "aws_s3_bucket.b", type: "aws_s3_bucket", change: { actions: ["delete"], before: { bucket: "tf-state" } } }],
    };
    expect(summarizeStack("state", bucketPlan).atRisk).toEqual([expect.stringMatching(/\*\*destroys\*\* the S3 bucket `tf-state`/)]);
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
    expect(comment).toContain("| `network` | 0 | 0 | 0 | 0 |");
    expect(comment).toContain("| `identity` | 0 | 1 | 1 | 0 |");
    expect(comment).toContain("| `desktops` | 2 | 1 | 2 | 1 |");
    expect(comment.indexOf("| `network` |")).toBeLessThan(comment.indexOf("| `desktops` |"));
  });

  it("lists each stack's changes by type, and says when a stack has none", () => {
    expect(comment).toContain("`network`: no changes.");
    expect(comment).toContain("<code>desktops</code>: 2 to add, 1 to change, 2 to replace, 1 to destroy");
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
      [app, "commands/plan-summary-cli.ts", join(PLANS, "network.json"), `desktops=${join(PLANS, "desktops.json")}`],
      {
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("| `network` | 0 | 0 | 0 | 0 |");
    expect(result.stdout).toContain("| `desktops` | 2 | 1 | 2 | 1 |");
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
    const result = spawnSync(process.execPath, [app, "commands/plan-summary-cli.ts", join(PLANS, "identity.json"), file], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(`error: ${file}: not a Terraform plan (${reason}): give the output of terraform show -json <planfile>`);
  });

  it("accepts a plan without changes (planned_values, no resource_changes)", () => {
    const file = join(dir, "state.json");
    writeFileSync(file, '{"format_version":"1.2","terraform_version":"1.10.0","planned_values":{"root_module":{}}}');
    const result = spawnSync(process.execPath, [app, "commands/plan-summary-cli.ts", file], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("`state`: no changes.");
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
    expect(text).toContain("**70.00 → 110.00** `USD` a month (+40.00)");
    expect(text).toContain("| `desktop bob` | 0.00 | 73.50 | +73.50 |");
    expect(text).toContain("| `desktop alice` | 33.50 | 0.00 | −33.50 |");
    expect(text).not.toContain("NAT");
  });

  it("says when the base configuration could not be estimated", () => {
    expect(renderCostChange(cost(80, []), undefined)).toContain("could not be estimated");
  });
});

/** GitHub-flavoured Markdown as a parser reads it (HTML allowed, as on GitHub): block and inline tokens. */
const markdown = new MarkdownIt({ html: true });
const tokensOf = (text: string) => markdown.parse(text, {}).flatMap((token) => [token, ...(token.children ?? [])]);
/** The shape of a rendering: every token's type and tag, without the text (which the attacks change). */
const structureOf = (text: string) => tokensOf(text).map((token) => `${token.type}:${token.tag}`);

const BENIGN = "value";
/** Values a pull request can put in a plan (user names, addresses) or a cost file (item names). */
const ATTACKS: [string, string][] = [
  ["a newline, a note and a mention", "alice\n> [!NOTE] Reviewed by @security-team"],
  ["a carriage return and a note", "alice\r> [!NOTE] Reviewed"],
  ["a Unicode line separator", "alice\u2028> [!IMPORTANT] ok"],
  ["an HTML comment that would hide the rest", "bob <!--"],
  ["HTML", '<img src=x onerror="alert(1)"><b>approved</b></details>'],
  ["ANSI escapes", "\u001b[31mred\u001b[0m"],
  ["pipes that add table rows", "a | 1 | 2 |\n| forged | 0 | 0 | 0 | 0 |"],
  ["backticks that close the code", "x` **bold** @security-team `y"],
  ["a fence of backticks", "``` js"],
  ["a trailing backtick", "x`"],
  ["a bidirectional override", "\u202Eevil"],
  ["the comment marker itself", COMMENT_MARKER],
];

/** A plan and a cost estimate holding `value` everywhere the pull request controls what the comment shows. */
function commentWith(value: string) {
  const hostile: TerraformPlan = {
    format_version: "1.2",
    resource_changes: [
      {
        address: `aws_workspaces_workspace.fleet["${value}"]`,
        type: "aws_workspaces_workspace",
        change: { actions: ["delete"], before: { user_name: value } },
      },
      { address: `aws_s3_bucket.${value}`, type: value, change: { actions: ["create"] } },
      {
        address: "aws_directory_service_directory.d",
        type: "aws_directory_service_directory",
        change: { actions: ["delete", "create"], before: { name: value } },
      },
    ],
  };
  const cost = (monthly: number) => ({ currency: value, monthlyTotal: monthly, items: [{ name: value, monthly }], priceDate: value });
  return renderComment([summarizeStack(value, hostile)], {
    cost: { head: cost(20), base: cost(10) },
    failedStacks: [value],
  });
}

describe("renderComment with values from a hostile pull request", () => {
  const benign = commentWith(BENIGN);

  it.each(ATTACKS)("renders %s as the same Markdown structure as a plain value", (_, attack) => {
    expect(structureOf(commentWith(attack))).toEqual(structureOf(benign));
  });

  it.each(ATTACKS)("keeps %s inside code, where GitHub links no mention and renders nothing", (_, attack) => {
    const comment = commentWith(attack);
    const outsideCode = tokensOf(comment).filter((token) => token.type === "text" || token.type.startsWith("html"));
    // GitHub links no mention inside an HTML <code> element either.
    for (const token of outsideCode)
      expect(token.content.replace(/<code>[^<]*<\/code>/g, "")).not.toMatch(
        /@security-team|\[!NOTE\]|\[!IMPORTANT\]|<img|<!--(?! workspaces-vdi)|\[31m/,
      );
    for (const character of ["\u001b", "\r", "\u2028", "\u202e"]) expect(comment).not.toContain(character);
  });

  it("shows the value in its code spans, with control characters written out", () => {
    const spans = tokensOf(commentWith("alice\n> [!NOTE] @team")).filter((token) => token.type === "code_inline");
    expect(spans.map((token) => token.content)).toContain("alice\\u000a> [!NOTE] @team");
    const pipes = tokensOf(commentWith("a | b")).filter((token) => token.type === "code_inline");
    expect(pipes.map((token) => token.content)).toContain("a | b");
  });

  it("writes the stack name in the collapsible section's HTML with entities", () => {
    const html = tokensOf(commentWith('<b onclick="x">')).filter((token) => token.type === "html_block");
    expect(html.map((token) => token.content)).toContainEqual(expect.stringContaining("<code>&#60;b onclick=&#34;x&#34;&#62;</code>"));
  });

  it("cuts a value of a megabyte to 200 characters", () => {
    expect(commentWith("x".repeat(1_000_000)).length).toBeLessThan(5_000);
  });
});

describe("renderComment of very large plans", () => {
  const changes = (count: number, type: string, actions: string[]): ResourceChange[] =>
    Array.from({ length: count }, (_, index) => ({
      address: `${type}.fleet["user-with-a-rather-long-name-${index}"]`,
      type,
      change: { actions, before: { user_name: `user-with-a-rather-long-name-${index}` } },
    }));
  const listed = (comment: string) => comment.split("\n").filter((line) => /^ {2}- `/.test(line)).length;

  // 100,000 changes of one type: building the lists by copying them ([...old, new]) would take minutes here.
  it.each([
    ["100,000 created alarms", changes(100_000, "aws_cloudwatch_metric_alarm", ["create"]), 0],
    ["100,000 destroyed WorkSpaces", changes(100_000, "aws_workspaces_workspace", ["delete"]), 100_000],
  ])("keeps %s within GitHub's 65,536 characters, saying how many changes are left out", (_, resourceChanges, risks) => {
    const summary = summarizeStack("desktops", { resource_changes: resourceChanges });
    const comment = renderComment([summary, summarizeStack("network", plan("network"))], { appendix: "### Security scan\n" });
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment).toContain("| `desktops` | " + (risks ? "0 | 0 | 0 | 100000 |" : "100000 | 0 | 0 | 0 |"));
    const shown = listed(comment);
    expect(shown).toBeGreaterThan(100);
    expect(comment).toContain(`- … ${(100_000 - shown).toLocaleString("en-US")} more changes (left out: see the note below)`);
    expect(comment).toMatch(/> \[!NOTE\]\n> .*changes left out: the comment would pass GitHub's limit of 65,536 characters/);
    expect(comment.match(/<details>/g)).toHaveLength(comment.match(/<\/details>/g)!.length);
    if (risks) expect(comment).toMatch(/^> - … and [\d,]+ more \(left out: see the note below\)$/m);
  });

  it("keeps the counts, the failed stacks and the note when the scan summary alone is larger than the limit", () => {
    const comment = renderComment([summarizeStack("network", plan("network"))], {
      appendix: "| row |\n".repeat(20_000),
      failedStacks: ["identity"],
    });
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment).toContain("| `network` | 0 | 0 | 0 | 0 |");
    expect(comment).toContain("> terraform plan failed for: `identity`");
    expect(comment).toMatch(/[\d,]+ lines of the security scan left out/);
  });

  it("adds no note when everything fits", () => {
    expect(renderComment([summarizeStack("desktops", plan("desktops"))])).not.toContain("left out");
  });
});

describe("npm run plan-summary on malformed files", () => {
  const app = join(__dirname, "..", "..", "scripts", "app.js");
  const dir = mkdtempSync(join(tmpdir(), "vdi-malformed-"));
  // A file read forever (a FIFO) fails the test instead of hanging it.
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [app, "commands/plan-summary-cli.ts", ...args], { encoding: "utf8", timeout: 30_000 });
  const planWith = (changes: unknown) => JSON.stringify({ format_version: "1.2", resource_changes: changes });
  const COST = { currency: "USD", monthlyTotal: 1, items: [{ name: "NAT", monthly: 1 }], priceDate: "2025-06-01" };

  it.each([
    ["a change without change", planWith([{ address: "a.b", type: "a" }]), "resource_changes[0].change is required"],
    ["a null change", planWith([null]), "resource_changes[0] must be a mapping of keys to values"],
    ["a numeric address", planWith([{ address: 1, type: "a", change: { actions: [] } }]), "resource_changes[0].address must be a string"],
    [
      "actions that are not a list",
      planWith([{ address: "a.b", type: "a", change: { actions: "delete" } }]),
      "resource_changes[0].change.actions must be a list",
    ],
    [
      "a null action",
      planWith([{ address: "a.b", type: "a", change: { actions: [null] } }]),
      "resource_changes[0].change.actions[0] must be a string",
    ],
    ["not JSON (the file is not quoted back)", "SECRET=hunter2", "not valid JSON"],
  ])("refuses %s in one line naming the key", (_, text, reason) => {
    const file = join(dir, "network.json");
    writeFileSync(file, text);
    const result = run(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")).toEqual([expect.stringMatching(/^error: .*network\.json: /), ""]);
    expect(result.stderr).toContain(reason);
    expect(result.stderr).not.toContain("hunter2");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ["null items", { ...COST, items: [null] }, "items[0] must be a mapping of keys to values"],
    ["a numeric item name", { ...COST, items: [{ name: 3, monthly: 1 }] }, "items[0].name must be a string"],
    ["a total as text", { ...COST, monthlyTotal: "12" }, "monthlyTotal must be a number"],
    [
      "a total too large for a number",
      '{"currency":"USD","monthlyTotal":1e999,"items":[],"priceDate":"x"}',
      /monthlyTotal (must be a number|is infinite)/,
    ],
    ["no items", { ...COST, items: undefined }, "items is required"],
  ])("refuses a cost file with %s in one line", (_, cost, reason) => {
    const file = join(dir, "cost.json");
    writeFileSync(file, typeof cost === "string" ? cost : JSON.stringify(cost));
    for (const option of ["--cost", "--cost-base"]) {
      writeFileSync(join(dir, "head.json"), JSON.stringify(COST));
      const result = run(
        join(PLANS, "network.json"),
        ...(option === "--cost" ? ["--cost", file] : ["--cost", join(dir, "head.json"), "--cost-base", file]),
      );
      expect(result.status).toBe(1);
      const [before, after] = [`error: ${file}: not a cost estimate (`, "): give the output of npm run cost -- --json"];
      expect(result.stderr.trim().startsWith(before) && result.stderr.trim().endsWith(after)).toBe(true);
      expect(result.stderr.trim().slice(before.length, -after.length)).toMatch(reason);
    }
  });

  const fifo = join(dir, "plan.fifo");
  spawnSync("mkfifo", [fifo]);
  it.each([
    ["a named pipe (it would be read forever)", fifo, "is a named pipe, not a regular file"],
    ["a device", "/dev/zero", "is a device, not a regular file"],
    ["a folder", dir, "is a folder, not a regular file"],
    ["a missing plan file", join(dir, "missing.json"), "no such plan file"],
  ])("refuses %s as a plan or cost file", (_, file, reason) => {
    const missing = reason.startsWith("no such");
    // A missing cost file is no estimate (the workflow removes it when the estimate failed): tested below.
    for (const args of missing ? [[file]] : [[file], [join(PLANS, "network.json"), "--cost", file]]) {
      const result = run(...args);
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(`error: ${file}: ${reason}${missing ? "" : ": give a JSON file"}`);
    }
  });

  it("says in one line when the output folder is missing", () => {
    const output = join(dir, "no-such-folder", "comment.md");
    const result = run(join(PLANS, "network.json"), "--output", output);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`error: ${output}: cannot write the comment (no such file or directory)`);
  });

  it("leaves out the cost when the estimate file is missing, names failed stacks and warns when the scan summary is missing", () => {
    const result = run(
      join(PLANS, "network.json"),
      "--cost",
      join(dir, "none.json"),
      "--failed",
      " dr-network  dr-identity ",
      "--scan",
      join(dir, "none.md"),
    );
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain("Estimated monthly cost");
    expect(result.stdout).toContain("> terraform plan failed for: `dr-network`, `dr-identity` (see the workflow log)");
    expect(result.stdout).toContain("> The checkov scan did not run to the end (see the workflow log)");
  });

  it("says no stack could be planned when given no plan, and appends the scan summary", () => {
    const scan = join(dir, "scan.md");
    writeFileSync(scan, "### Security scan (checkov 3)\n");
    const result = run("--scan", scan);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${COMMENT_MARKER}\n## Terraform plan\n\nNo stack could be planned.\n\n### Security scan (checkov 3)\n`);
  });
});

describe("reducePlan (what a plan job of the workflow uploads)", () => {
  const secret = "Sup3r-Secret-Directory-Password";
  const withSecrets: TerraformPlan = {
    format_version: "1.2",
    resource_changes: [
      {
        address: "aws_directory_service_directory.directory",
        type: "aws_directory_service_directory",
        change: { actions: ["delete", "create"], before: { name: "corp.example.com", password: secret } },
      },
      {
        address: "aws_secretsmanager_secret_version.password",
        type: "aws_secretsmanager_secret_version",
        change: { actions: ["update"], before: { secret_string: secret } },
      },
    ],
  };

  it("keeps no attribute value but the one a warning names a resource by", () => {
    const reduced = reducePlan(withSecrets);
    expect(JSON.stringify(reduced)).not.toContain(secret);
    expect(reduced.resource_changes?.map((change) => change.change.before)).toEqual([{ name: "corp.example.com" }, undefined]);
    expect(notAPlan(JSON.parse(JSON.stringify(reduced)))).toBeUndefined();
  });

  it.each(["network", "identity", "desktops"])("summarizes the %s plan exactly as the full plan", (stack) => {
    expect(summarizeStack(stack, reducePlan(plan(stack)))).toEqual(summarizeStack(stack, plan(stack)));
  });
});

describe("npm run plan-summary of the workflow's plan jobs", () => {
  const app = join(__dirname, "..", "..", "scripts", "app.js");
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [app, "commands/plan-summary-cli.ts", ...args], { encoding: "utf8", timeout: 30_000 });

  /** A plans folder as the summary job downloads it: each plan job's reduced plan, named after its stack. */
  function artifacts(stacks: string[]) {
    const dir = mkdtempSync(join(tmpdir(), "vdi-plans-"));
    const result = run(
      ...stacks.map((stack) => `${stack}=${join(PLANS, `${stack === "desktops-sales" ? "desktops" : stack}.json`)}`),
      "--reduced",
      dir,
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    return dir;
  }

  it("writes each plan reduced, as <dir>/<stack>.json, and nothing else", () => {
    const dir = artifacts(["network", "desktops"]);
    expect(readdirSync(dir).sort()).toEqual(["desktops.json", "network.json"]);
    expect(JSON.parse(readFileSync(join(dir, "desktops.json"), "utf8"))).toEqual(reducePlan(plan("desktops")));
  });

  it("puts every stack's plan in one comment, in the order of --stacks, and names each stack without a plan as failed", () => {
    const dir = artifacts(["desktops-sales", "network", "desktops"]);
    const result = run("--stacks", "network identity desktops desktops-sales desktops-support", "--plans-dir", dir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const rows = result.stdout.split("\n").filter((line) => /^\| `/.test(line));
    expect(rows).toEqual(["| `network` | 0 | 0 | 0 | 0 |", "| `desktops` | 2 | 1 | 2 | 1 |", "| `desktops-sales` | 2 | 1 | 2 | 1 |"]);
    expect(result.stdout).toContain("> terraform plan failed for: `identity`, `desktops-support` (see the workflow log)");
    // The user-data warnings of both desktops stacks, each named by its stack.
    expect(result.stdout).toContain("`desktops-sales`: **destroys** the WorkSpace of `bob`");
    expect(result.stdout.match(/^<!-- workspaces-vdi plan summary -->$/gm)).toHaveLength(1);
  });

  it("gives the same comment from the reduced plans as from the full ones", () => {
    const dir = artifacts(["network", "identity", "desktops"]);
    const fromArtifacts = run("--stacks", "network identity desktops", "--plans-dir", dir);
    const fromPlans = run(...["network", "identity", "desktops"].map((stack) => join(PLANS, `${stack}.json`)));
    expect(fromArtifacts.stdout).toBe(fromPlans.stdout);
  });

  it("refuses --plans-dir without --stacks in one line", () => {
    const result = run("--plans-dir", mkdtempSync(join(tmpdir(), "vdi-plans-")));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("error: --plans-dir reads the plans of the stacks named by --stacks: name them\n");
  });
});

describe("a desktop moving between stacks (forget and import)", () => {
  // As Terraform 1.11's `terraform show -json` writes them: the old stack's `removed` block (destroy = false) plans
  // `["forget"]` (Terraform 1.7+), the new stack's `import` block a no-op or update with `change.importing.id`.
  const workspace = (address: string, change: Record<string, unknown>): ResourceChange =>
    ({
      address,
      mode: "managed",
      type: "aws_workspaces_workspace",
      name: address.split(".")[1].split("[")[0],
      index: "alan.turing",
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: { before: { user_name: "alan.turing", id: "ws-0123456789" }, after: { user_name: "alan.turing" }, ...change },
      action_reason: undefined,
    }) as unknown as ResourceChange;
  const oldStack: TerraformPlan = {
    format_version: "1.2",
    resource_changes: [workspace('aws_workspaces_workspace.moved_out["alan.turing"]', { actions: ["forget"] })],
  };
  const newStack: TerraformPlan = {
    format_version: "1.2",
    resource_changes: [
      workspace('aws_workspaces_workspace.fleet_desktops["alan.turing"]', { actions: ["update"], importing: { id: "ws-0123456789" } }),
      workspace('aws_workspaces_workspace.fleet_desktops["ada.lovelace"]', { actions: ["no-op"], importing: { id: "ws-0000000001" } }),
    ],
  };

  it("is a forget, kept in AWS, and not a destroy", () => {
    expect(actionOf(["forget"])).toBe("forget");
    const summary = summarizeStack("desktops-finance", oldStack);
    expect(summary.counts).toEqual({ create: 0, update: 0, replace: 0, delete: 0, import: 0, forget: 1 });
    expect(summary.atRisk).toEqual([]);
  });

  it("is an import, with the update it brings counted as a change", () => {
    const summary = summarizeStack("desktops-engineering", newStack);
    expect(summary.counts).toEqual({ create: 0, update: 1, replace: 0, delete: 0, import: 2, forget: 0 });
  });

  it("shows both in the comment: the table's columns, and each address", () => {
    const comment = renderComment([summarizeStack("desktops-finance", oldStack), summarizeStack("desktops-engineering", newStack)]);
    expect(comment).toContain("| stack | add | change | replace | destroy | import | forget (kept in AWS) |");
    expect(comment).toContain("| `desktops-finance` | 0 | 0 | 0 | 0 | 0 | 1 |");
    expect(comment).toContain("| `desktops-engineering` | 0 | 1 | 0 | 0 | 2 | 0 |");
    expect(comment).toContain("<code>desktops-finance</code>: 1 to forget (kept in AWS)");
    expect(comment).toContain("<code>desktops-engineering</code>: 1 to change, 2 to import");
    expect(comment).toContain('- `=>` forget (kept in AWS) `aws_workspaces_workspace.moved_out["alan.turing"]`');
    expect(comment).toContain('- `<=` import `aws_workspaces_workspace.fleet_desktops["ada.lovelace"]`');
    expect(comment).not.toContain("CAUTION");
  });

  it("keeps the import through reducePlan (the artifact the comment job reads), and warns of an import that replaces", () => {
    const replaced: TerraformPlan = {
      format_version: "1.2",
      resource_changes: [
        workspace('aws_workspaces_workspace.fleet_desktops["alan.turing"]', { actions: ["delete", "create"], importing: { id: "ws-9999999999" } }),
      ],
    };
    expect(summarizeStack("x", reducePlan(newStack))).toEqual(summarizeStack("x", newStack));
    expect(summarizeStack("x", reducePlan(oldStack))).toEqual(summarizeStack("x", oldStack));
    const summary = summarizeStack("desktops-engineering", reducePlan(replaced));
    expect(summary.counts).toMatchObject({ import: 1, replace: 1 });
    expect(summary.atRisk).toEqual([
      expect.stringContaining(
        "**replaces** the WorkSpace of `alan.turing`: the user's desktop and its user volume are lost, just imported (ID `ws-9999999999`)",
      ),
    ]);
  });

  it("leaves a comment without moves as it was: no import or forget column", () => {
    expect(renderComment([summarizeStack("desktops", plan("desktops"))])).toContain("| stack | add | change | replace | destroy |\n");
  });
});
