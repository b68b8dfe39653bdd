import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  configurations,
  formatMarkdown,
  formatReport,
  readSettings,
  ROOT,
  scanFolders,
  synthesizeAll,
  unusedSkips,
  type ConfigurationResult,
  type ScanReport,
} from "../../commands/scan";

/**
 * The third-party security scan (npm run scan): checkov over every stack of the default and every example
 * configuration, each synthesized once, in one checkov run together with a canary stack that must fail.
 */
const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const pythonMissing = Boolean(python.error) || python.status !== 0;
if (pythonMissing) {
  // .ci/run installs Python first, so this skip can only happen on a developer machine without python3.
  console.warn("SKIPPED: the checkov scan needs python3 (>= 3.11) for npm run scan:setup, and none is installed");
}

/** A stack that checkov must fault: what it reports, and which resource-level skip applies, is known. */
const CANARY_STACK = {
  // checkov's Terraform JSON parser cannot read a plain value here; the scan hands it a copy without.
  terraform: { required_version: ">= 1.10", required_providers: { aws: { source: "aws", version: "6.25.0" } } },
  // Blocks checkov's parser cannot read either (a user's move between desktop groups writes all three).
  moved: [{ from: "aws_s3_bucket.gone", to: "aws_s3_bucket.moved_out" }],
  removed: [{ from: "aws_s3_bucket.moved_out", lifecycle: { destroy: false } }],
  import: [{ to: "aws_s3_bucket.canary_other-bucket_2", id: "canary-other" }],
  resource: {
    aws_cloudwatch_log_group: {
      "canary_log-group_1": { "//": { metadata: { path: "canary/log-group" } }, name: "canary", retention_in_days: 30 },
    },
    aws_s3_bucket: { "canary_other-bucket_2": { "//": { metadata: { path: "canary/other-bucket" } }, bucket: "canary-other" } },
  },
  data: {
    aws_iam_policy_document: {
      // Shaped like an EncryptionKey's policy: the key-policy skip applies to it, and only to it.
      "canary-key_policy_3": {
        "//": { metadata: { path: "canary/canary-key/policy" } },
        statement: [{ actions: ["kms:*"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }] }],
      },
      canary_admin_4: { "//": { metadata: { path: "canary/admin" } }, statement: [{ actions: ["kms:*"], resources: ["*"] }] },
    },
  },
};

(pythonMissing ? describe.skip : describe)("checkov security scan", () => {
  const configs = configurations();
  const outRoot = mkdtempSync(join(tmpdir(), "vdi-scan-"));
  let report: ScanReport;
  const resultOf = (name: string) => report.configurations.find((result) => result.name === name) as ConfigurationResult;
  const describeFindings = (findings: ConfigurationResult["failures"]) => findings.map((f) => `${f.check} ${f.address} (${f.constructPath})`);

  beforeAll(async () => {
    // Quick when scan/.venv already holds the pinned checkov (.ci/run installs it before the tests); otherwise its
    // progress lines are shown as it installs (minutes), not held back until it is done.
    const setup = spawnSync("bash", [join(ROOT, "scripts", "scan-setup.sh")], { stdio: ["ignore", "inherit", "inherit"], timeout: 600_000 });
    if (setup.status !== 0) throw new Error("npm run scan:setup failed (its output is above)");
    await synthesizeAll(configs, outRoot);
    mkdirSync(join(outRoot, "canary", "stacks", "canary"), { recursive: true });
    writeFileSync(join(outRoot, "canary", "stacks", "canary", "cdk.tf.json"), JSON.stringify(CANARY_STACK, null, 2));
    const folders = [...configs, { name: "canary" }].map(({ name }) => ({ name, dir: join(outRoot, name) }));
    report = scanFolders(folders);
  }, 600_000);

  afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

  it("covers the default and every example configuration", () => {
    const examples = readdirSync(join(ROOT, "config", "examples")).filter((file) => file.endsWith(".yaml"));
    expect(configs.map((config) => config.file).sort()).toEqual(["config/default.yaml", ...examples.map((file) => `config/examples/${file}`)].sort());
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(configurations().map((config) => config.name))("%s: every check passes or has a skip with a reason", (name) => {
    const result = resultOf(name);
    expect(describeFindings(result.failures)).toEqual([]);
    expect(result.passed).toBeGreaterThan(100);
  });

  it("reports a failure with its check, resource address and construct path", () => {
    const canary = resultOf("canary");
    expect(describeFindings(canary.failures)).toEqual(
      expect.arrayContaining([
        "CKV_AWS_158 aws_cloudwatch_log_group.canary_log-group_1 (canary/log-group)",
        "CKV_AWS_18 aws_s3_bucket.canary_other-bucket_2 (canary/other-bucket)",
        // A graph check: checkov names the resource differently there.
        "CKV2_AWS_62 aws_s3_bucket.canary_other-bucket_2 (canary/other-bucket)",
        "CKV_AWS_356 data.aws_iam_policy_document.canary_admin_4 (canary/admin)",
      ]),
    );
    const text = formatReport(report);
    expect(text).toMatch(/^canary +\d+ passed, [1-9]\d* failed, [1-9]\d* skipped$/m);
    expect(text).toContain("canary / canary: CKV_AWS_158 aws_cloudwatch_log_group.canary_log-group_1\n      construct canary/log-group:");
    expect(formatMarkdown(report)).toContain(
      "| canary | canary | CKV_AWS_158 | `aws_cloudwatch_log_group.canary_log-group_1` | `canary/log-group` |",
    );
  });

  it("applies a resource-level skip to the resources it names only", () => {
    const skipped = resultOf("canary").skips.map((finding) => `${finding.check} ${finding.address}`);
    expect(skipped).toContain("CKV_AWS_356 data.aws_iam_policy_document.canary-key_policy_3");
    expect(skipped.filter((finding) => finding.includes("canary_admin_4"))).toEqual([]);
  });

  it("does not run the checks skipped for the whole project", () => {
    const projectWide = readSettings().projectSkips.map((skip) => skip.check);
    const all = report.configurations.flatMap((result) => [...result.failures, ...result.skips].map((finding) => finding.check));
    expect(projectWide).toContain("CKV_AWS_338"); // the canary's 30-day log group would fail it
    expect(all.filter((check) => projectWide.includes(check))).toEqual([]);
  });

  it("has no stale resource-level skip: each one skips a failed check of the project's own stacks", () => {
    const own = report.configurations.filter((result) => result.name !== "canary");
    expect(unusedSkips(own, readSettings().resourceSkips)).toEqual([]);
  });

  it("gives every skip its reason", () => {
    const { projectSkips, resourceSkips } = readSettings();
    for (const skip of [...projectSkips, ...resourceSkips]) {
      expect(`${skip.check}: ${skip.reason}`).toMatch(/^CKV2?_AWS_\d+: .{20,}$/);
    }
  });
});
