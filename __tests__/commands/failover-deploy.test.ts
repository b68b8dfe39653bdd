import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { yamlWith } from "../helpers";
import { bootstrapState, setUp, vdi } from "./cli-harness";

/**
 * The runbook's `npm run deploy -- dr-…` while the primary Region is down: the order check must not ask the
 * primary stacks' state (the stand-in terraform knows only the bootstrap and the DR stacks as deployed, as during an outage).
 */
function drSetup() {
  const setup = setUp();
  const config = join(setup.dir, "dr.yaml");
  const example = readFileSync(join(__dirname, "..", "..", "config", "examples", "disaster-recovery.yaml"), "utf8");
  writeFileSync(config, yamlWith({ "state.bucket": "acme-vdi-tfstate-111122223333" }, example));
  writeFileSync(join(setup.dir, "terraform.acme-vdi-prod.state.tfstate"), bootstrapState([{ type: "aws_s3_bucket", name: "state" }]));
  return { setup, config };
}

describe("npm run deploy of a failover stack", () => {
  it("checks only the DR Region's stacks, never the primary stacks' state", () => {
    const { setup, config } = drSetup();
    const result = vdi(["deploy", "dr-desktops", "--auto-approve"], ["state", "dr-network", "dr-identity"], setup, config);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.cdktfCalls).toEqual([
      "deploy --skip-synth dr-desktops --ignore-missing-stack-dependencies --terraform-parallelism 25 --auto-approve",
    ]);
    // init and state list of the bootstrap (local state) and the DR Region's stacks only.
    const asked = new Set(result.terraformCalls.map((call) => call.split(" ")[0]).filter((stack) => stack !== "version"));
    expect([...asked].sort()).toEqual(["dr-identity", "dr-network", "state"]);
  });

  it("still refuses it before the DR stacks it reads from", () => {
    const { setup, config } = drSetup();
    const result = vdi(["deploy", "dr-desktops"], ["state", "dr-network"], setup, config);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("error: dr-desktops reads from dr-identity, which is not deployed: run npm run deploy -- dr-identity first");
  });

  it("checks the primary stacks for a stack that is not part of failover", () => {
    const { setup, config } = drSetup();
    const result = vdi(["deploy", "dr-identity"], ["state", "dr-network"], setup, config);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^error: dr-identity reads from .*identity.*, which (is|are) not deployed/);
  });
});
