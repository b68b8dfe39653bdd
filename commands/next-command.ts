import type { VdiConfig } from "../config/schema";
import { placeholderProblems } from "../config/placeholders";
import { notBootstrapped } from "./bootstrap-state";

/** What a user runs after a successful synth, from where the deployment stands (read offline). */
export function nextCommand(config: VdiConfig, outdir: string): string {
  if (placeholderProblems(config).length > 0) {
    return "copy the configuration, put your own account ID in state.bucket, point VDI_CONFIG at the copy, then npm run bootstrap";
  }
  if (notBootstrapped(config, outdir)) return "npm run bootstrap (once: the state bucket), then npm run diff -- network";
  return "npm run diff -- <stack> to review a plan, npm run deploy -- <stack> to apply it";
}
