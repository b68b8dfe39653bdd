import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { AssetType, TerraformAsset } from "cdktf";
import type { Construct } from "constructs";

/** The project folder, found from this file both in the sources (modules/) and in the bundled app (dist/). */
const PROJECT_DIR = join(__dirname, "..");

/**
 * `runtime/<name>/handler.ts` bundled with esbuild (offline: the AWS SDK clients it imports come from
 * node_modules) into a zip of one `index.js`, as a cdktf file asset copied into the synthesized output.
 * The zip is built by scripts/build-lambda.js in a child process (see there why).
 */
export function lambdaBundle(scope: Construct, id: string, name: string): TerraformAsset {
  const zipPath = join(PROJECT_DIR, "dist", "runtime", `${name}.zip`);
  const result = spawnSync(process.execPath, [join(PROJECT_DIR, "scripts", "build-lambda.js"), name, zipPath], {
    cwd: PROJECT_DIR,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error(`bundling runtime/${name}/handler.ts failed (see the messages above)`);
  return new TerraformAsset(scope, id, { path: zipPath, type: AssetType.FILE });
}
