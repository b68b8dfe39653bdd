import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

/** Where the project's code and node_modules are: this file is in `scripts/` (sources) or `dist/` (bundle). */
const PROJECT_ROOT = resolve(__dirname, "..");

/**
 * The cdktf CLI to run: this project's own (the version package.json pins), never whatever `cdktf` is
 * first on PATH. `VDI_CDKTF_CLI` names another, e.g. CDK Terrain's `node_modules/.bin/cdktn`.
 */
export function cdktfCli(env: NodeJS.ProcessEnv = process.env): string {
  return env.VDI_CDKTF_CLI || join(PROJECT_ROOT, "node_modules", ".bin", "cdktf");
}

/** Terraform run in a synthesized stack's working directory (`cdktf.out/stacks/<stack>`). */
export class StackTerraform {
  private readonly initialized = new Set<string>();

  constructor(private readonly outdir: string) {}

  /** Whether the stack's state holds any resource. */
  hasResources(stack: string): boolean {
    return this.run(stack, ["state", "list"]).trim().length > 0;
  }

  /** The stack's non-sensitive outputs (cross-stack outputs are sensitive and left out). */
  outputs(stack: string): Record<string, unknown> {
    const all = JSON.parse(this.run(stack, ["output", "-json"]) || "{}") as Record<string, { value: unknown; sensitive: boolean }>;
    return Object.fromEntries(
      Object.entries(all)
        .filter(([, output]) => !output.sensitive)
        .map(([name, output]) => [name, output.value]),
    );
  }

  private run(stack: string, args: string[]): string {
    if (!this.initialized.has(stack)) {
      this.terraform(stack, ["init", "-input=false", "-no-color"]);
      this.initialized.add(stack);
    }
    return this.terraform(stack, [...args, "-no-color"]);
  }

  private terraform(stack: string, args: string[]): string {
    const result = spawnSync("terraform", [`-chdir=${join(this.outdir, "stacks", stack)}`, ...args], { encoding: "utf8" });
    if (result.error) throw new Error(`cannot run terraform (${result.error.message}): install Terraform ≥ 1.11`);
    if (result.status !== 0) throw new Error(`terraform ${args[0]} failed for ${stack}:\n${result.stderr.trim()}`);
    return result.stdout;
  }
}
