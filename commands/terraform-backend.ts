import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * Drops Terraform's record of the backend in every stack folder initialised for another backend, and
 * returns those stacks. The next `terraform init` (the project's or cdktf's) then sets the folder up
 * for the synthesized backend as on a first init: what `terraform init -reconfigure` does, without
 * contacting a backend that may not exist yet (deploy:all creates the bucket first). Both deployments'
 * states stay where they are; `-migrate-state` would copy one into the other's key.
 */
export function forgetStaleBackends(outdir: string): string[] {
  const stale = staleBackends(outdir);
  for (const stack of stale) rmSync(backendRecord(join(outdir, "stacks", stack)), { force: true });
  return stale;
}

const backendRecord = (stackDir: string) => join(stackDir, ".terraform", "terraform.tfstate");

/**
 * Stacks whose Terraform working directory (`cdktf.out/stacks/<stack>/.terraform`) was initialised
 * for another backend than the one just synthesized: the checkout was last used with another
 * configuration (VDI_CONFIG), another bucket, key or region. Terraform records the backend it was
 * initialised with in `.terraform/terraform.tfstate`; a plain `terraform init` then stops and asks
 * for `-migrate-state` or `-reconfigure`.
 */
export function staleBackends(outdir: string): string[] {
  const stacksDir = join(outdir, "stacks");
  return readdirSync(stacksDir).filter((stack) => {
    const recorded = recordedBackend(join(stacksDir, stack));
    return recorded !== undefined && !sameBackend(recorded, synthesizedBackend(join(stacksDir, stack)));
  });
}

interface Backend {
  readonly type: string;
  readonly config: Record<string, unknown>;
}

/** The backend `terraform init` last set up in a stack folder, or undefined if it was never initialised. */
function recordedBackend(stackDir: string): Backend | undefined {
  let text: string;
  try {
    text = readFileSync(backendRecord(stackDir), "utf8");
  } catch {
    return undefined;
  }
  try {
    return (JSON.parse(text) as { backend?: Backend }).backend;
  } catch {
    // An unreadable record is no record of this deployment: re-initialise.
    return { type: "", config: {} };
  }
}

function synthesizedBackend(stackDir: string): Backend {
  const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as {
    terraform?: { backend?: Record<string, Record<string, unknown>> };
  };
  const [type, config] = Object.entries(json.terraform?.backend ?? {})[0] ?? ["local", {}];
  return { type, config };
}

/**
 * Terraform records every backend argument (null when unset); the synthesized block names only those
 * the stack sets. The backend is the same when the type and every synthesized argument match.
 */
function sameBackend(recorded: Backend, synthesized: Backend): boolean {
  return (
    recorded.type === synthesized.type &&
    Object.entries(synthesized.config).every(([key, value]) => JSON.stringify(recorded.config?.[key]) === JSON.stringify(value))
  );
}
