import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { buildStacks } from "../stacks";
import { OutputFolder } from "./output-folder";
import { checkSecurityPolicy, type PolicyFinding, type StackJson } from "../policy";

export { OutputFolderError } from "./output-folder";

export interface SynthesisResult {
  /** Every policy finding: errors (nothing written) and warnings (written). */
  readonly findings: readonly PolicyFinding[];
  readonly written: boolean;
  /** The synthesized stacks' Terraform JSON, by stack name. */
  readonly stacks: Readonly<Record<string, StackJson>>;
}

/**
 * Synthesizes the stacks into a staging folder, checks them against the security policy, and only
 * when nothing is refused puts them in place of `outdir` at once (see `OutputFolder`): a refused or
 * failed synth leaves `outdir` exactly as it was, and concurrent synths into one folder take turns.
 * Files Terraform keeps there (`.terraform/`, plans) survive a successful synth.
 */
export function synthesize(config: VdiConfig, outdir: string): SynthesisResult {
  return OutputFolder.update(outdir, (staging) => {
    // Stack traces of every construct cost a tenth of the synth and are not used: errors name the construct path.
    const app = new App({ outdir: staging, stackTraces: false });
    buildStacks(app, config);
    app.synth();
    const stacks = readStacks(staging);
    const findings = checkSecurityPolicy(stacks, config);
    const written = !findings.some((finding) => finding.severity === "error");
    return { result: { findings, written, stacks }, publish: written };
  });
}

/** Stack → the stacks it depends on, as the manifest of an output folder records them. */
export function readDependencies(outdir: string): Record<string, string[]> {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  return Object.fromEntries(
    Object.entries(manifest.stacks as Record<string, { dependencies: string[] }>).map(([name, stack]) => [name, stack.dependencies]),
  );
}

/** The synthesized stacks of an output folder, by stack name. */
export function readStacks(outdir: string): Record<string, StackJson> {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  return Object.fromEntries(
    Object.entries(manifest.stacks as Record<string, { synthesizedStackPath: string }>).map(([name, stack]) => [
      name,
      JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8")),
    ]),
  );
}
