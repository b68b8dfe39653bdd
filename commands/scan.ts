import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { parseDocument, type Scalar, type YAMLSeq } from "yaml";

/** The project folder, from the sources (scripts/) and from the bundle (dist/) alike. */
export const ROOT = join(__dirname, "..");
/** checkov's configuration, with the skip lists and their reasons. */
export const SETTINGS_FILE = join(ROOT, "scan", "checkov.yaml");
export const CHECKOV = join(ROOT, "scan", ".venv", "bin", "checkov");

/** A configuration file to scan, synthesized into `<output root>/<name>`. */
export interface Configuration {
  readonly name: string;
  /** Path relative to the project folder. */
  readonly file: string;
}

/** The embedded default and every example configuration. */
export function configurations(): Configuration[] {
  const examples = readdirSync(join(ROOT, "config", "examples"))
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => join("config", "examples", file));
  return [join("config", "default.yaml"), ...examples].map((file) => ({ name: basename(file, ".yaml"), file }));
}

/**
 * Synthesizes each configuration as users do (`node scripts/app.js main.ts` with `VDI_CONFIG` and
 * `CDKTF_OUTDIR`), all at once, each into its own folder under `outRoot`.
 */
export async function synthesizeAll(configs: readonly Configuration[], outRoot: string): Promise<void> {
  const failures = await Promise.all(configs.map((config) => synthesize(config, join(outRoot, config.name))));
  const failed = failures.filter((failure): failure is string => failure !== undefined);
  if (failed.length > 0) throw new Error(failed.join("\n"));
}

function synthesize(config: Configuration, outdir: string): Promise<string | undefined> {
  return new Promise((done) => {
    const app = spawn(process.execPath, [join(ROOT, "scripts", "app.js"), "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, VDI_CONFIG: config.file, CDKTF_OUTDIR: outdir },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    app.stderr.on("data", (chunk) => (stderr += chunk));
    app.on("close", (code) => done(code === 0 ? undefined : `${config.file}: synth failed (exit ${code}):\n${stderr.trim()}`));
  });
}

/** A check skipped for the whole project, or for the resources whose address matches `resource`. */
export interface Skip {
  readonly check: string;
  /** Resource address with `*` wildcards; absent for a project-wide skip. */
  readonly resource?: string;
  /** The `#` comment beside the skip. */
  readonly reason: string;
}

export interface ScanSettings {
  /** The settings file without `skip-resource-check`: what checkov itself reads. */
  readonly checkovConfig: string;
  readonly projectSkips: readonly Skip[];
  readonly resourceSkips: readonly Skip[];
}

/** Reads the settings file; each skip's reason is the comment on its line. */
export function readSettings(file: string = SETTINGS_FILE): ScanSettings {
  const document = parseDocument(readFileSync(file, "utf8"));
  const entries = (key: string) =>
    ((document.get(key, true) as YAMLSeq<Scalar<string>> | undefined)?.items ?? []).map((item) => ({
      value: String(item.value).trim(),
      reason: (item.comment ?? "").trim(),
    }));
  const projectSkips = entries("skip-check").map(({ value, reason }) => ({ check: value, reason }));
  const resourceSkips = entries("skip-resource-check").map(({ value, reason }) => {
    const [check, resource, ...rest] = value.split(/\s+/);
    if (!resource || rest.length > 0)
      throw new Error(`${relative(ROOT, file)}: skip-resource-check "${value}" is not "<check ID> <resource address>"`);
    return { check, resource, reason };
  });
  document.delete("skip-resource-check");
  return { checkovConfig: String(document), projectSkips, resourceSkips };
}

/** One check on one resource, as the scan reports it. */
export interface Finding {
  readonly check: string;
  readonly title: string;
  readonly outcome: "passed" | "failed" | "skipped";
  /** The configuration (output folder) and stack the resource belongs to. */
  readonly configuration: string;
  readonly stack: string;
  /** Terraform address: `aws_s3_bucket.state-bucket_828F7150`, `data.aws_iam_policy_document.…`. */
  readonly address: string;
  /** cdktf construct path, e.g. `state/state-bucket/bucket`. */
  readonly constructPath: string;
  /** For a skipped finding, the skip that applies. */
  readonly skip?: Skip;
}

export interface ConfigurationResult {
  readonly name: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failures: readonly Finding[];
  readonly skips: readonly Finding[];
}

export interface ScanReport {
  readonly checkovVersion: string;
  readonly configurations: readonly ConfigurationResult[];
  /** Resource-level skips that matched no failed check: fixed or renamed resources, to be removed. */
  readonly staleSkips: readonly Skip[];
  readonly projectSkips: readonly Skip[];
}

interface CheckovRecord {
  check_id: string;
  check_name: string;
  resource: string;
  file_abs_path: string;
}

/** Where each scanned stack file came from: output folder name and stack. */
interface StackFile {
  readonly configuration: string;
  readonly stack: string;
  readonly path: string;
}

/** The synthesized stacks of each output folder (`<dir>/stacks/<stack>/cdk.tf.json`). */
export function stackFiles(folders: readonly { name: string; dir: string }[]): StackFile[] {
  return folders.flatMap(({ name, dir }) =>
    readdirSync(join(dir, "stacks"))
      .sort()
      .map((stack) => ({ configuration: name, stack, path: resolve(dir, "stacks", stack, "cdk.tf.json") })),
  );
}

/**
 * Runs checkov once over the stacks of every output folder and classifies each result: skipped when a
 * resource-level skip of the settings matches its check and address, otherwise as checkov judged it.
 */
export function scanFolders(folders: readonly { name: string; dir: string }[], settings: ScanSettings = readSettings()): ScanReport {
  const files = stackFiles(folders);
  const work = mkdtempSync(join(tmpdir(), "vdi-checkov-"));
  let checkov: ReturnType<typeof runCheckov>;
  const byInput = new Map<string, StackFile>();
  try {
    files.forEach((file, index) => byInput.set(writeCheckovInput(file.path, join(work, String(index))), file));
    checkov = runCheckov([...byInput.keys()], settings.checkovConfig, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const { version, passed, failed } = checkov;
  const locate = resourceResolver();
  const toFinding = (record: CheckovRecord, outcome: Finding["outcome"]): Finding => {
    const file = byInput.get(record.file_abs_path);
    if (!file) throw new Error(`checkov reported a file that was not scanned: ${record.file_abs_path}`);
    return {
      check: record.check_id,
      title: record.check_name,
      outcome,
      configuration: file.configuration,
      stack: file.stack,
      ...locate(file.path, record.resource),
    };
  };

  const failedFindings = failed.map((record) => {
    const finding = toFinding(record, "failed");
    const skip = settings.resourceSkips.find((rule) => rule.check === finding.check && addressPattern(rule.resource!).test(finding.address));
    return skip ? { ...finding, outcome: "skipped" as const, skip } : finding;
  });
  const findings = [...passed.map((record) => toFinding(record, "passed")), ...failedFindings];

  const configurations = folders.map(({ name }) => {
    const own = findings.filter((finding) => finding.configuration === name);
    const failures = own.filter((finding) => finding.outcome === "failed");
    const skips = own.filter((finding) => finding.outcome === "skipped");
    return { name, passed: own.length - failures.length - skips.length, failed: failures.length, skipped: skips.length, failures, skips };
  });
  return {
    checkovVersion: version,
    configurations,
    staleSkips: unusedSkips(configurations, settings.resourceSkips),
    projectSkips: settings.projectSkips,
  };
}

/** The resource-level skips that skipped nothing in these results. */
export function unusedSkips(results: readonly ConfigurationResult[], skips: readonly Skip[]): Skip[] {
  const key = (skip: Skip | undefined) => `${skip?.check} ${skip?.resource}`;
  const used = new Set(results.flatMap((result) => result.skips.map((finding) => key(finding.skip))));
  return skips.filter((skip) => !used.has(key(skip)));
}

/**
 * checkov 3.3.30's Terraform JSON parser fails on a `terraform` block with a plain value in it
 * (`required_version`: "this method receives only dicts") and on top-level `removed`, `moved` and `import` blocks
 * (lists of address objects, which a user's move between desktop groups writes); no check reads them, so checkov
 * gets a copy of the stack without them.
 * Returns the copy's path.
 */
function writeCheckovInput(stackFile: string, dir: string): string {
  const stack = JSON.parse(readFileSync(stackFile, "utf8"));
  if (stack.terraform) {
    stack.terraform = Object.fromEntries(Object.entries(stack.terraform).filter(([, value]) => typeof value === "object" && value !== null));
  }
  delete stack.removed;
  delete stack.moved;
  delete stack.import;
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, "cdk.tf.json");
  writeFileSync(copy, JSON.stringify(stack, null, 2));
  return copy;
}

/** checkov over `files`, with the configuration written into `dir`. */
function runCheckov(
  files: readonly string[],
  checkovConfig: string,
  dir: string,
): { version: string; passed: CheckovRecord[]; failed: CheckovRecord[] } {
  if (!existsSync(CHECKOV)) throw new Error(`checkov is not installed in ${relative(ROOT, CHECKOV)}: run npm run scan:setup`);
  const config = join(dir, "checkov.yaml");
  writeFileSync(config, checkovConfig);
  const result = spawnSync(CHECKOV, ["--config-file", config, "--output", "json", "--file", ...files], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    // Offline: no version check against PyPI, no policy metadata from the Prisma Cloud platform.
    env: { ...process.env, CKV_SKIP_PACKAGE_UPDATE_CHECK: "true", BC_SKIP_MAPPING: "TRUE" },
  });
  // checkov exits 1 when a check failed; anything else but 0 is checkov itself failing.
  let output: any;
  try {
    output = JSON.parse(result.stdout);
  } catch {
    output = undefined;
  }
  if (result.error || (result.status !== 0 && result.status !== 1) || output === undefined) {
    throw new Error(`checkov failed (exit ${result.status}): ${result.error?.message ?? ""}\n${result.stderr.trim()}`);
  }
  // One framework gives one report object; several would give a list.
  const reports: any[] = Array.isArray(output) ? output : [output];
  const records = (key: string): CheckovRecord[] => reports.flatMap((report) => report.results?.[key] ?? []);
  const parsingErrors = reports.flatMap((report) => report.results?.parsing_errors ?? []);
  if (parsingErrors.length > 0) throw new Error(`checkov could not parse: ${parsingErrors.join(", ")}`);
  return { version: reports[0]?.summary?.checkov_version ?? "unknown", passed: records("passed_checks"), failed: records("failed_checks") };
}

/**
 * checkov names a block `<type>.<name>` in graph checks (data sources too, without `data.`) but
 * `resource.<name>` / `data.<name>` in the others (its Terraform JSON runner drops the type). cdktf names
 * are unique within a stack, resources and data sources alike, so the stack file gives the full address
 * and the construct path (`"//": {"metadata": {"path": …}}`).
 */
function resourceResolver() {
  const stacks = new Map<string, any>();
  return (file: string, checkovName: string): { address: string; constructPath: string } => {
    if (!stacks.has(file)) stacks.set(file, JSON.parse(readFileSync(file, "utf8")));
    const stack = stacks.get(file);
    const name = checkovName.split(".").pop()!;
    for (const kind of ["resource", "data"]) {
      for (const [type, blocks] of Object.entries<Record<string, any>>(stack[kind] ?? {})) {
        if (!(name in blocks)) continue;
        return {
          address: `${kind === "data" ? "data." : ""}${type}.${name}`,
          constructPath: blocks[name]["//"]?.metadata?.path ?? "(none)",
        };
      }
    }
    return { address: checkovName, constructPath: "(not found in the stack)" };
  };
}

/** A resource address pattern: `*` matches any run of characters, everything else itself. */
function addressPattern(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** Plain-text report: the counts of every configuration, then every failure. */
export function formatReport(report: ScanReport, configs: readonly Configuration[] = []): string {
  const fileOf = (name: string) => configs.find((config) => config.name === name)?.file;
  const width = Math.max(...report.configurations.map((result) => result.name.length));
  const lines = [
    `checkov ${report.checkovVersion} (Terraform JSON) over every stack; skips and reasons in scan/checkov.yaml`,
    ...(report.projectSkips.length > 0 ? [`not run anywhere: ${report.projectSkips.map((skip) => skip.check).join(", ")}`] : []),
    "",
    ...report.configurations.map(
      (result) =>
        `${result.name.padEnd(width)}  ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped` +
        (fileOf(result.name) ? `  (${fileOf(result.name)})` : ""),
    ),
  ];
  const failures = report.configurations.flatMap((result) => result.failures);
  if (failures.length > 0) {
    lines.push("", `${plural(failures.length, "failed check")}:`);
    for (const failure of failures) {
      lines.push(`  ${failure.configuration} / ${failure.stack}: ${failure.check} ${failure.address}`);
      lines.push(`      construct ${failure.constructPath}: ${failure.title}`);
    }
  }
  for (const skip of report.staleSkips) {
    lines.push("", `stale skip in scan/checkov.yaml (no failed check matches it any more): ${skip.check} ${skip.resource}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Markdown for the pull-request comment: the counts, and the failures when there are some. */
export function formatMarkdown(report: ScanReport): string {
  const failures = report.configurations.flatMap((result) => result.failures);
  const lines = [
    `### Security scan (checkov ${report.checkovVersion})`,
    "",
    "| configuration | passed | failed | skipped |",
    "|---|---:|---:|---:|",
    ...report.configurations.map((result) => `| ${result.name} | ${result.passed} | ${result.failed} | ${result.skipped} |`),
  ];
  if (failures.length > 0) {
    lines.push("", "| configuration | stack | check | resource | construct |", "|---|---|---|---|---|");
    for (const failure of failures) {
      lines.push(`| ${failure.configuration} | ${failure.stack} | ${failure.check} | \`${failure.address}\` | \`${failure.constructPath}\` |`);
    }
  }
  lines.push("", "Skipped checks and their reasons: `scan/checkov.yaml`.");
  return `${lines.join("\n")}\n`;
}
