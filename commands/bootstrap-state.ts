import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { VdiConfig } from "../config/schema";
import { bootstrapStatePath } from "../stacks/vdi-stack";
import { BOOTSTRAP_STACK } from "../topology";

/** The bootstrap stack's local state file, as its backend names it (relative to its stack folder). */
export function bootstrapStateFile(config: VdiConfig, outdir: string): string {
  const stackDirectory = join(outdir, "stacks", BOOTSTRAP_STACK);
  return resolve(stackDirectory, bootstrapStatePath(config, stackDirectory));
}

/**
 * Whether `npm run bootstrap` has created the state bucket, read from the bootstrap's local state
 * alone: no Terraform, no AWS call. Every other stack keeps its state in that bucket, so without it
 * Terraform fails with "No state file was found" or an S3 error that does not say what to do.
 */
export function notBootstrapped(config: VdiConfig, outdir: string): string | undefined {
  const file = bootstrapStateFile(config, outdir);
  let resources: unknown;
  try {
    resources = (JSON.parse(readFileSync(file, "utf8")) as { resources?: unknown }).resources;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    if (!missing && !(error instanceof SyntaxError)) throw error;
    return `${explanation(config)} (${basename(file)} ${missing ? "is missing" : "is not a Terraform state"})${copyHint(file)}`;
  }
  if (Array.isArray(resources) && resources.length > 0) return undefined;
  return `${explanation(config)} (${basename(file)} holds no resources)${copyHint(file)}`;
}

const explanation = (config: VdiConfig) =>
  `the state bucket ${config.state.bucket} has not been created from this folder: run npm run bootstrap first`;

const copyHint = (file: string) => `; if it was bootstrapped from another folder, copy that folder's ${basename(file)} to ${dirname(file)}`;
