import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { synthesize } from "../../stacks/synthesize";

/**
 * `terraform validate` of every stack of every example configuration, against the real AWS and
 * random providers. Needs the terraform binary and the Terraform registry (to download the
 * providers), so it is not part of `npm test`: run it with `npm run test:terraform`.
 * No AWS account is needed: the backend is not initialized.
 */
const ROOT = join(__dirname, "..", "..");
const configs = ["default.yaml", "examples/production.yaml", "examples/microsoft-ad-mfa.yaml", "examples/ad-connector.yaml"];

function terraform(dir: string, args: string[]) {
  return spawnSync("terraform", [`-chdir=${dir}`, ...args], { encoding: "utf8", timeout: 600_000 });
}

describe.each(configs)("terraform validate with config/%s", (configFile) => {
  const outdir = mkdtempSync(join(tmpdir(), "vdi-validate-"));
  const { written } = synthesize(loadConfig(join(ROOT, "config", configFile)), outdir);

  it("synthesizes", () => expect(written).toBe(true));

  it.each(["state", "network", "identity", "desktops"])("%s is valid Terraform", (stack) => {
    const dir = join(outdir, "stacks", stack);
    const init = terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
    expect({ status: init.status, output: init.status === 0 ? "" : init.stdout + init.stderr }).toEqual({ status: 0, output: "" });
    const validate = terraform(dir, ["validate", "-json", "-no-color"]);
    const result = JSON.parse(validate.stdout);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
