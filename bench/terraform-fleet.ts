import { spawnSync } from "node:child_process";
import { cpus, loadavg, tmpdir } from "node:os";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../config/load";
import { deployOrder } from "../commands/stack-order";
import { readDependencies, synthesize } from "../synthesis/synthesize";
import { findTerraformEngine, HOW_TO_GET_TERRAFORM, type TerraformEngine } from "../testing/terraform/engine";
import { awsSchemaFacts, type ProviderSchemaFacts } from "../testing/terraform/provider-schema";
import { judgeStack, terraform } from "../testing/terraform/run-stack";
import { mockedTestFile } from "../testing/terraform/test-file";
import { pinnedAwsVersion, testCopy, type StackJson } from "../testing/terraform/test-copy";
import { MAX_DESKTOPS_PER_STACK } from "../config/desktops-schema";
import { isDesktopGroupStack } from "../topology";
import { DESKTOPS_PARALLELISM, MODELLED_WORKSPACE_CREATE_MINUTES, modelledApplyHours, TERRAFORM_DEFAULT_PARALLELISM } from "../topology/parallelism";
import { DEFAULT_CONCURRENCY } from "../commands/stack-runs";
import { fleetConfigYaml } from "./fleet-config";

/**
 * `npm run bench:terraform`: Terraform's own time on what we synthesize, with the AWS provider mocked (no AWS call),
 * measured, never asserted; results go to the terminal and to bench/terraform-results.md.
 *
 * 1. Plan time of the desktops stack of the default configuration with N desktops (`terraform test`, one plan run),
 *    medians of BENCH_TF_RUNS runs per size. BENCH_TF_STACK=dr-desktops measures the disaster-recovery example's
 *    standby stack instead (N users, each with a standby WorkSpace). BENCH_TERRAFORM_COMMIT=<commit> synthesizes from that commit instead of
 *    the working tree (git archive into a temporary folder), to measure "before" a change.
 * 2. BENCH_TF_GROUPED (1,000) desktops of the default configuration in desktop groups of each size of
 *    BENCH_TF_GROUP_SIZES (500,250: 2 groups of 500, then 4 of 250; empty skips it), one stack per group: the group
 *    stacks' plans one after the other (the sum) and all at once (every group's `terraform test` started together;
 *    the wall time until the last ends), medians of BENCH_TF_RUNS rounds, each round running both ways (which one
 *    first alternates). On a machine with fewer cores than groups the plans at once share the cores.
 * 3. The apply-time model for BENCH_TF_GROUPED new desktops (topology/parallelism.ts `modelledApplyHours`) with the
 *    project's own `-parallelism` and `--concurrency` defaults: computed, not measured.
 * 4. The Terraform layer of the test suite (validate + mocked plan, apply and guard runs) per stack and in total,
 *    for the default configuration and every example, one stack after the other (BENCH_TF_LAYER=0 skips it).
 */
const ROOT = resolve(__dirname, "..");
/** Empty: no single-stack curve (e.g. to measure only the groups). */
const SIZES = (process.env.BENCH_TF_SIZES ?? "10,100,200,500").split(",").filter(Boolean).map(Number);
const RUNS = Number(process.env.BENCH_TF_RUNS ?? 3);
const COMMIT = process.env.BENCH_TERRAFORM_COMMIT;
const LAYER = process.env.BENCH_TF_LAYER !== "0";
const GROUPED = Number(process.env.BENCH_TF_GROUPED ?? 1000);
const GROUP_SIZES = (process.env.BENCH_TF_GROUP_SIZES ?? "500,250").split(",").filter(Boolean).map(Number);
/** The 1-minute load average, printed beside every figure: the machine is shared. */
const load = () => loadavg()[0];
/** The stack measured, and the configuration its users are added to. */
const STACK = process.env.BENCH_TF_STACK ?? "desktops";
const BASE_CONFIG = STACK === "dr-desktops" ? join(ROOT, "config", "examples", "disaster-recovery.yaml") : DEFAULT_CONFIG_PATH;
const work = mkdtempSync(join(tmpdir(), "vdi-bench-terraform-"));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The project's source at a commit, runnable with this working tree's node_modules. */
function sourceAt(commit: string): string {
  const dir = join(work, `source-${commit}`);
  mkdirSync(dir);
  const archive = spawnSync("sh", ["-c", `git -C "${ROOT}" archive "${commit}" | tar -x -C "${dir}"`], { encoding: "utf8" });
  if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr}`);
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** Synthesizes the app in `source` with `config` and returns every stack's JSON by name. */
function synthesizeWith(source: string, config: string): Record<string, StackJson> {
  const outdir = mkdtempSync(join(work, "synth-"));
  const run = spawnSync(process.execPath, [join("scripts", "app.js"), "main.ts"], {
    cwd: source,
    env: { ...process.env, VDI_CONFIG: config, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`synth of ${config} in ${source} failed:\n${run.stderr.slice(-2000)}`);
  const stacksDir = join(outdir, "stacks");
  return Object.fromEntries(readdirSync(stacksDir).map((name) => [name, JSON.parse(readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8"))]));
}

/** A folder with the stack's test copy and only the mocked test file's plan run, initialized. */
async function preparedPlan(engine: TerraformEngine, schema: ProviderSchemaFacts, stacks: Record<string, StackJson>, name: string): Promise<string> {
  const dir = mkdtempSync(join(work, `plan-${name}-`));
  const copy = testCopy(stacks[name], { awsProviderVersion: engine.awsProviderVersion });
  const { text } = mockedTestFile(copy, stacks, schema);
  const applyRun = text.indexOf('run "apply"');
  if (applyRun < 0) throw new Error('the mocked test file has no run "apply" to cut at: teach bench/terraform-fleet.ts its layout');
  mkdirSync(join(dir, "tests"), { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(copy));
  writeFileSync(join(dir, "tests", "plan.tftest.hcl"), text.slice(0, applyRun));
  const init = await terraform(engine, dir, ["init", "-backend=false", "-input=false", "-no-color"]);
  if (init.status !== 0) throw new Error(`terraform init failed:\n${init.output}`);
  return dir;
}

/** Seconds of one `terraform test` in a prepared folder: Terraform's plan of the stack, no AWS call. */
async function planOnce(engine: TerraformEngine, dir: string): Promise<number> {
  const test = await terraform(engine, dir, ["test", "-no-color"], 3_600_000);
  if (test.status !== 0) throw new Error(`terraform test (plan) failed:\n${test.output.slice(-3000)}`);
  return test.seconds;
}

/** Seconds of BENCH_TF_RUNS plans of one stack. */
async function planSeconds(engine: TerraformEngine, schema: ProviderSchemaFacts, stacks: Record<string, StackJson>, name: string): Promise<number[]> {
  const dir = await preparedPlan(engine, schema, stacks, name);
  const seconds: number[] = [];
  for (let run = 0; run < RUNS; run++) seconds.push(await planOnce(engine, dir));
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

async function fleetCurve(engine: TerraformEngine, schema: ProviderSchemaFacts) {
  const source = COMMIT ? sourceAt(COMMIT) : ROOT;
  const rows: { desktops: number; seconds: number; runs: number[]; load: string }[] = [];
  for (const desktops of SIZES) {
    // More would be desktops.groups (bench/fleet-config.ts), each its own stack: not one stack's curve.
    if (desktops > MAX_DESKTOPS_PER_STACK)
      throw new Error(`BENCH_TF_SIZES: ${desktops} is more than the ${MAX_DESKTOPS_PER_STACK} desktops a stack may have`);
    const config = join(work, `fleet-${desktops}.yaml`);
    writeFileSync(config, fleetConfigYaml(desktops, BASE_CONFIG));
    const stacks = synthesizeWith(source, config);
    const loadBefore = load();
    const runs = await planSeconds(engine, schema, stacks, STACK);
    const loads = `${loadBefore.toFixed(2)} → ${load().toFixed(2)}`;
    rows.push({ desktops, seconds: median(runs), runs, load: loads });
    console.error(
      `${STACK} stack, ${desktops} desktops: plan ${median(runs).toFixed(1)} s (runs ${runs.map((s) => s.toFixed(1)).join(", ")}; load ${loads})`,
    );
  }
  return rows;
}

interface GroupedRow {
  readonly groupSize: number;
  readonly groups: number;
  /** Per round: each group's plan one after the other, summed. */
  readonly sequential: number[];
  /** Per round: wall time of every group's plan started together. */
  readonly parallel: number[];
  readonly load: string;
}

/** GROUPED desktops in groups of each of GROUP_SIZES: the group stacks planned one after the other and all at once. */
async function groupedPlans(engine: TerraformEngine, schema: ProviderSchemaFacts): Promise<GroupedRow[]> {
  const source = COMMIT ? sourceAt(COMMIT) : ROOT;
  const rows: GroupedRow[] = [];
  for (const groupSize of GROUP_SIZES) {
    if (!(groupSize >= 1 && groupSize <= MAX_DESKTOPS_PER_STACK))
      throw new Error(`BENCH_TF_GROUP_SIZES: ${groupSize} is not a group size from 1 to ${MAX_DESKTOPS_PER_STACK}`);
    const config = join(work, `grouped-${GROUPED}-${groupSize}.yaml`);
    writeFileSync(config, fleetConfigYaml(GROUPED, DEFAULT_CONFIG_PATH, groupSize));
    const stacks = synthesizeWith(source, config);
    const groupStacks = Object.keys(stacks).filter(isDesktopGroupStack).sort();
    if (groupStacks.length !== Math.ceil(GROUPED / groupSize))
      throw new Error(`expected ${Math.ceil(GROUPED / groupSize)} group stacks, synthesized ${groupStacks.join(", ")}`);
    // Inits one after the other (they are not measured, and share the provider mirror).
    const dirs: string[] = [];
    for (const stack of groupStacks) dirs.push(await preparedPlan(engine, schema, stacks, stack));
    const sequential: number[] = [];
    const parallel: number[] = [];
    const loadBefore = load();
    for (let run = 0; run < RUNS; run++) {
      const oneAfterAnother = async () => {
        let sum = 0;
        for (const dir of dirs) sum += await planOnce(engine, dir);
        sequential.push(sum);
      };
      const allAtOnce = async () => {
        const started = process.hrtime.bigint();
        await Promise.all(dirs.map((dir) => planOnce(engine, dir)));
        parallel.push(Number(process.hrtime.bigint() - started) / 1e9);
      };
      for (const way of run % 2 ? [allAtOnce, oneAfterAnother] : [oneAfterAnother, allAtOnce]) await way();
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    const loads = `${loadBefore.toFixed(2)} → ${load().toFixed(2)}`;
    rows.push({ groupSize, groups: groupStacks.length, sequential, parallel, load: loads });
    console.error(
      `${GROUPED} desktops in ${groupStacks.length} groups of ${groupSize}: one after another ${median(sequential).toFixed(1)} s, at once ${median(parallel).toFixed(1)} s (load ${loads})`,
    );
  }
  return rows;
}

/** The apply-time model's cases for GROUPED new desktops, with the project's defaults. */
function applyModel() {
  const cases = [
    { label: "one stack, Terraform's default `-parallelism`", stacks: 1, parallelism: TERRAFORM_DEFAULT_PARALLELISM, concurrency: 1 },
    { label: "one stack, the desktops stacks' `-parallelism`", stacks: 1, parallelism: DESKTOPS_PARALLELISM, concurrency: 1 },
    ...GROUP_SIZES.map((size) => ({
      label: `${Math.ceil(GROUPED / size)} groups of ${size}, default \`--concurrency\``,
      stacks: Math.ceil(GROUPED / size),
      parallelism: DESKTOPS_PARALLELISM,
      concurrency: DEFAULT_CONCURRENCY,
    })),
  ];
  return cases.map((row) => {
    const hours = modelledApplyHours({ desktops: GROUPED, ...row });
    const perStack = Math.ceil(GROUPED / row.stacks);
    return {
      ...row,
      inFlight: Math.min(row.stacks, row.concurrency) * Math.min(row.parallelism, perStack),
      rounds: Math.round((hours * 60) / MODELLED_WORKSPACE_CREATE_MINUTES),
      hours,
      overLimit: perStack > MAX_DESKTOPS_PER_STACK,
    };
  });
}

const SHIPPED = [
  "default.yaml",
  ...readdirSync(join(ROOT, "config", "examples"))
    .filter((file) => file.endsWith(".yaml"))
    .map((file) => `examples/${file}`),
];

async function layerTimes(engine: TerraformEngine, schema: ProviderSchemaFacts) {
  const rows: { config: string; stack: string; seconds: number; testSeconds: number; passed: boolean }[] = [];
  for (const config of SHIPPED) {
    const outdir = mkdtempSync(join(work, "layer-"));
    const { stacks, written } = synthesize(loadConfig(join(ROOT, "config", config)), join(outdir, "synth"));
    if (!written) throw new Error(`config/${config} does not synthesize`);
    for (const stack of deployOrder(readDependencies(join(outdir, "synth")))) {
      const result = await judgeStack(engine, join(outdir, "runs", stack), stacks[stack], stacks, schema);
      const seconds = result.init.seconds + result.validate.seconds + (result.test?.seconds ?? 0);
      const passed = result.validate.valid && result.test?.status === 0;
      rows.push({ config, stack, seconds, testSeconds: result.test?.seconds ?? 0, passed });
      console.error(`layer: ${config} ${stack} ${seconds.toFixed(1)} s${passed ? "" : " (FAILED)"}`);
    }
    rmSync(outdir, { recursive: true, force: true });
  }
  return rows;
}

(async () => {
  const { stacks } = synthesize(loadConfig(DEFAULT_CONFIG_PATH), join(work, "bindings"));
  const lookup = findTerraformEngine(pinnedAwsVersion(Object.values(stacks)[0]));
  if (!lookup.found) {
    console.error(`bench:terraform needs Terraform: ${lookup.reason}. ${HOW_TO_GET_TERRAFORM}`);
    process.exit(1);
  }
  const engine = lookup.engine;
  const schema = awsSchemaFacts(engine);
  const curve = await fleetCurve(engine, schema);
  const grouped = STACK === "desktops" ? await groupedPlans(engine, schema) : [];
  const model = applyModel();
  const layer = LAYER ? await layerTimes(engine, schema) : [];
  rmSync(work, { recursive: true, force: true });

  // Per added desktop, step by step: a cost that climbs with the fleet is growth faster than linear.
  const marginal = curve.slice(1).map((row, i) => (row.seconds - curve[i].seconds) / (row.desktops - curve[i].desktops));
  const total = layer.reduce((sum, row) => sum + row.seconds, 0);
  const byConfig = [...new Set(layer.map((row) => row.config))].map((config) => ({
    config,
    stacks: layer.filter((row) => row.config === config).length,
    seconds: layer.filter((row) => row.config === config).reduce((sum, row) => sum + row.seconds, 0),
  }));
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${spawnSync(engine.terraform, ["version"], { encoding: "utf8" }).stdout.split("\n")[0]}, AWS provider ${engine.awsProviderVersion} mocked, ${new Date().toISOString().slice(0, 10)}`;
  const markdown = [
    "# Terraform benchmark results",
    "",
    `Machine: ${machine}. Source: ${COMMIT ? `commit ${COMMIT}` : `the working tree at ${spawnSync("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim()}`}.`,
    "",
    ...(curve.length
      ? [
          `## Plan time of one ${STACK} stack (\`terraform test\`, one plan run, provider mocked; median of ${RUNS})`,
          "",
          "| desktops | median plan | runs | per added desktop since the previous row | 1-min load average before → after |",
          "|---:|---:|---|---:|---|",
          ...curve.map(
            (row, i) =>
              `| ${row.desktops} | ${row.seconds.toFixed(1)} s | ${row.runs.map((s) => s.toFixed(1)).join(", ")} | ${i === 0 ? "" : `${(marginal[i - 1] * 1000).toFixed(0)} ms`} | ${row.load} |`,
          ),
          "",
        ]
      : []),
    ...(grouped.length
      ? [
          `## Plan time of ${GROUPED} desktops in desktop groups (one stack per group; \`terraform test\`, one plan run each, provider mocked; median of ${RUNS})`,
          "",
          `One after the other: the group stacks' plans in turn, summed. At once: every group's \`terraform test\` started together, the wall time until the last ends, on ${cpus().length} cores. The \`desktops\` stack (registration, shared resources, no desktops here) is not included.`,
          "",
          "| groups | one after the other (sum) | runs | all at once (wall) | runs | one after the other ÷ at once | 1-min load average before → after |",
          "|---|---:|---|---:|---|---:|---|",
          ...grouped.map(
            (row) =>
              `| ${row.groups} × ${row.groupSize} | ${median(row.sequential).toFixed(1)} s | ${row.sequential.map((s) => s.toFixed(1)).join(", ")} | ${median(row.parallel).toFixed(1)} s | ${row.parallel.map((s) => s.toFixed(1)).join(", ")} | ${(median(row.sequential) / median(row.parallel)).toFixed(2)}× | ${row.load} |`,
          ),
          "",
        ]
      : []),
    `## Apply-time model for ${GROUPED} new desktops (computed, not measured)`,
    "",
    `⌈desktops per stack ÷ \`-parallelism\`⌉ × ⌈stacks ÷ stacks at once⌉ rounds of ~${MODELLED_WORKSPACE_CREATE_MINUTES} min (a WorkSpace holds its Terraform slot from CreateWorkspaces until AVAILABLE): \`modelledApplyHours\` in topology/parallelism.ts, with TERRAFORM_DEFAULT_PARALLELISM ${TERRAFORM_DEFAULT_PARALLELISM}, DESKTOPS_PARALLELISM ${DESKTOPS_PARALLELISM} and the deploy command's DEFAULT_CONCURRENCY ${DEFAULT_CONCURRENCY}. Throttling and retries are left out.`,
    "",
    "| case | stacks | `-parallelism` | stacks at once | WorkSpaces in creation at once | rounds | modelled apply |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...model.map(
      (row) =>
        `| ${row.label}${row.overLimit ? ` (above the ${MAX_DESKTOPS_PER_STACK}-desktop limit of a stack: model only)` : ""} | ${row.stacks} | ${row.parallelism} | ${Math.min(row.stacks, row.concurrency)} | ${row.inFlight} | ${row.rounds} | ${row.hours.toFixed(1)} h |`,
    ),
    "",
    ...(layer.length
      ? [
          "## The test suite's Terraform layer (init + validate + mocked plan, apply and guard runs), one stack at a time",
          "",
          "| configuration | stack | seconds | of which `terraform test` | passed |",
          "|---|---|---:|---:|---|",
          ...layer.map(
            (row) =>
              `| ${row.config} | ${row.stack} | ${row.seconds.toFixed(1)} | ${row.testSeconds.toFixed(1)} | ${row.passed ? "yes" : "**no**"} |`,
          ),
          "",
          "| configuration | stacks | seconds |",
          "|---|---:|---:|",
          ...byConfig.map((row) => `| ${row.config} | ${row.stacks} | ${row.seconds.toFixed(1)} |`),
          `| **total** | ${layer.length} | ${total.toFixed(1)} |`,
          "",
        ]
      : []),
  ].join("\n");
  const suffix = `${STACK === "desktops" ? "" : `-${STACK}`}${COMMIT ? `-${COMMIT.slice(0, 7)}` : ""}`;
  writeFileSync(join(ROOT, "bench", `terraform-results${suffix}.md`), markdown);
  console.log(markdown);
})().catch((error) => {
  rmSync(work, { recursive: true, force: true });
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
