import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { loadConfig } from "../../config/load";
import { readDependencies, synthesize } from "../../synthesis/synthesize";
import { emulatorCopy, seedPrerequisites, selectForEmulator, startMoto, type EmulatorSelection, type MotoServer } from "./emulator";
import { findTerraformEngine, HOW_TO_GET_TERRAFORM, type TerraformEngine } from "./engine";
import { pinnedAwsVersion, type StackJson } from "./test-copy";

const ROOT = resolve(__dirname, "..", "..");
const REPORTS = join(ROOT, "node_modules", ".cache", "emulator");

export interface TerraformResult {
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

export interface StackRow {
  stack: string;
  apply?: TerraformResult;
  replan?: TerraformResult;
  destroy?: TerraformResult;
  readonly selection: EmulatorSelection;
}

/**
 * One configuration's emulator run: synthesize it, start moto, then (driven by the test) apply each stack in
 * deploy order, re-plan it, and destroy in reverse order. The state stack keeps local state (it creates the
 * bucket the others' S3 backend uses).
 */
export class EmulatorRun {
  readonly name: string;
  readonly stacks: Readonly<Record<string, StackJson>>;
  /** Stacks in deploy order (each after the stacks it depends on, from the manifest). */
  readonly deployOrder: string[];
  readonly rows = new Map<string, StackRow>();
  private readonly workdir: string;
  private engine?: TerraformEngine;
  private moto?: MotoServer;
  private substitutions: Record<string, string> = {};

  /** `configFile`: a configuration file, or undefined for the embedded default. */
  constructor(configFile?: string) {
    this.name = configFile ? basename(configFile, ".yaml") : "default";
    this.workdir = mkdtempSync(join(tmpdir(), `vdi-emulator-${this.name}-`));
    const outdir = join(this.workdir, "synth");
    const synth = synthesize(loadConfig(configFile), outdir);
    if (!synth.written) throw new Error(`${this.name} was refused by the security policy: ${synth.findings.map((f) => f.message).join("; ")}`);
    this.stacks = synth.stacks;
    this.deployOrder = deployOrder(readDependencies(outdir));
    for (const stack of this.deployOrder) this.rows.set(stack, { stack, selection: selectForEmulator(this.stacks[stack]) });
  }

  /** Finds Terraform, starts moto and creates what the configuration expects to exist. */
  async start(): Promise<void> {
    const lookup = findTerraformEngine(pinnedAwsVersion(Object.values(this.stacks)[0]));
    if (!lookup.found) throw new Error(`The emulator run needs Terraform: ${lookup.reason}. ${HOW_TO_GET_TERRAFORM}`);
    this.engine = lookup.engine;
    this.moto = await startMoto(join(this.workdir, "moto.log"));
    this.substitutions = await seedPrerequisites(this.stacks, this.moto.url);
  }

  /** Stops moto; removes the working folder unless something failed (it holds the stacks, states and moto's log). */
  async stop(keepWorkdir: boolean): Promise<void> {
    await this.moto?.stop();
    if (!keepWorkdir) rmSync(this.workdir, { recursive: true, force: true });
  }

  async apply(stack: string): Promise<TerraformResult> {
    const dir = join(this.workdir, "stacks", stack);
    mkdirSync(dir, { recursive: true });
    const copy = emulatorCopy(this.stacks[stack], {
      awsProviderVersion: this.engine!.awsProviderVersion,
      endpoint: this.moto!.url,
      localState: stack === "state",
      substitutions: this.substitutions,
    });
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(copy, null, 2));
    const init = await this.terraform(dir, ["init", "-input=false", "-no-color"]);
    const row = this.rows.get(stack)!;
    row.apply = init.code !== 0 ? init : await this.terraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color", ...this.targets(stack)]);
    return row.apply;
  }

  /** `plan -detailed-exitcode` right after the apply: 0 means Terraform sees nothing left to change. */
  async replan(stack: string): Promise<TerraformResult> {
    const row = this.rows.get(stack)!;
    row.replan = await this.terraform(join(this.workdir, "stacks", stack), [
      "plan",
      "-detailed-exitcode",
      "-input=false",
      "-no-color",
      ...this.targets(stack),
    ]);
    return row.replan;
  }

  async destroy(stack: string): Promise<TerraformResult> {
    const row = this.rows.get(stack)!;
    row.destroy = await this.terraform(join(this.workdir, "stacks", stack), [
      "destroy",
      "-auto-approve",
      "-input=false",
      "-no-color",
      ...this.targets(stack),
    ]);
    return row.destroy;
  }

  /** The run as a Markdown table, also written to node_modules/.cache/emulator/<name>.md. */
  report(): string {
    const seconds = (result?: TerraformResult) =>
      result ? `${result.seconds.toFixed(0)} s${result.code === 0 ? "" : ` (exit ${result.code})`}` : "not run";
    const lines = [
      `Emulator run of ${this.name} (moto 5.2.5, hashicorp/aws ${this.engine?.awsProviderVersion ?? "?"})`,
      "",
      "| stack | apply | re-plan exit code | destroy | left out (moto cannot carry) |",
      "| --- | --- | --- | --- | --- |",
      ...this.deployOrder.map((stack) => {
        const row = this.rows.get(stack)!;
        return `| ${stack} | ${seconds(row.apply)} | ${row.replan?.code ?? "not run"} | ${seconds(row.destroy)} | ${row.selection.leftOut.map((entry) => entry.address).join(", ") || "nothing"} |`;
      }),
    ];
    const warnings = this.deployOrder.flatMap((stack) => warningsOf(this.rows.get(stack)!).map((warning) => `- ${stack}: ${warning}`));
    if (warnings.length > 0) lines.push("", "Warnings:", ...warnings);
    const text = lines.join("\n");
    mkdirSync(REPORTS, { recursive: true });
    writeFileSync(join(REPORTS, `${this.name}.md`), text + "\n");
    return text;
  }

  private targets(stack: string): string[] {
    return this.rows.get(stack)!.selection.targets.map((address) => `-target=${address}`);
  }

  private terraform(dir: string, args: string[]): Promise<TerraformResult> {
    const started = Date.now();
    const env: NodeJS.ProcessEnv = {
      ...this.engine!.env,
      AWS_ACCESS_KEY_ID: "emulator",
      AWS_SECRET_ACCESS_KEY: "emulator",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"]) delete env[name];
    return new Promise((done) => {
      const child = spawn(this.engine!.terraform, [`-chdir=${dir}`, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      child.on("close", (code) => done({ code: code ?? -1, output, seconds: (Date.now() - started) / 1000 }));
    });
  }
}

/** Deploy order: every stack after the stacks it depends on (manifest order among equals). */
export function deployOrder(dependencies: Record<string, string[]>): string[] {
  const order: string[] = [];
  const visit = (stack: string, path: string[]) => {
    if (order.includes(stack)) return;
    if (path.includes(stack)) throw new Error(`stack dependency cycle: ${[...path, stack].join(" -> ")}`);
    for (const dependency of dependencies[stack] ?? []) visit(dependency, [...path, stack]);
    order.push(stack);
  };
  for (const stack of Object.keys(dependencies).sort()) visit(stack, []);
  return order;
}

/**
 * The check blocks whose assertions failed: Terraform reports them as warnings and exits 0. JSON configurations
 * name them `in check.<name>.assert[0]`, HCL ones `in check "<name>"`.
 */
export function failedChecks(output: string): string[] {
  return [...output.matchAll(/Warning: Check block assertion failed\s+on [^\n]*, in check(?:\.|\s+")([\w-]+)/g)].map((match) => match[1]);
}

/** Terraform's warning titles of a stack's commands (failed checks show up as warnings in apply). */
function warningsOf(row: StackRow): string[] {
  const titles = [row.apply, row.replan, row.destroy].flatMap((result) =>
    [...(result?.output ?? "").matchAll(/^Warning: (.+)$/gm)].map((match) => match[1]),
  );
  return [...new Set(titles)];
}
