import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { App } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { buildStacks } from "./index";
import { checkSecurityPolicy, type PolicyFinding, type StackJson } from "./security-policy";

export interface SynthesisResult {
  /** Every policy finding: errors (nothing written) and warnings (written). */
  readonly findings: readonly PolicyFinding[];
  readonly written: boolean;
}

/**
 * Synthesizes the stacks into a staging folder, checks them against the security policy, and only
 * when nothing is refused copies them into `outdir`: a refused deployment leaves `outdir` exactly
 * as it was. Files Terraform keeps there (`.terraform/`, plans) survive a successful synth.
 */
export function synthesize(config: VdiConfig, outdir: string): SynthesisResult {
  const target = resolve(outdir);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), ".cdktf-staging-"));
  try {
    // Stack traces of every construct cost a tenth of the synth and are not used: errors name the construct path.
    const app = new App({ outdir: staging, stackTraces: false });
    buildStacks(app, config);
    app.synth();
    const findings = checkSecurityPolicy(readStacks(staging), config);
    const refused = findings.some((finding) => finding.severity === "error");
    if (!refused) publish(staging, target);
    return { findings, written: !refused };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Puts a synthesized folder in place: one rename when the target holds nothing (a fresh checkout, CI),
 * otherwise a copy over it, so that what Terraform keeps there (`.terraform/`, saved plans) survives.
 */
function publish(staging: string, target: string): void {
  if (existsSync(target) && readdirSync(target).length > 0) {
    cpSync(staging, target, { recursive: true, force: true });
    return;
  }
  if (existsSync(target)) rmdirSync(target);
  renameSync(staging, target);
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
