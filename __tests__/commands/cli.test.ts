import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cdktfCli } from "../../commands/terraform";
import { setUp, vdi } from "./cli-harness";

const ROOT = join(__dirname, "..", "..");

describe("npm run deploy / destroy / status", () => {
  it("deploys a stack whose upstream stacks are deployed, with the flag cdktf needs for one stack", () => {
    const result = vdi(["deploy", "identity", "--auto-approve"], ["state", "network"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.cdktfCalls).toEqual(["deploy --skip-synth identity --ignore-missing-stack-dependencies --terraform-parallelism 10 --auto-approve"]);
  });

  it("refuses to deploy a stack before the stacks it reads from, and says what to run", () => {
    const result = vdi(["deploy", "desktops"], ["state", "network"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("error: desktops reads from identity, which is not deployed: run npm run deploy -- identity first");
    expect(result.cdktfCalls).toEqual([]);
  });

  it("refuses to destroy a stack another deployed stack reads from", () => {
    const result = vdi(["destroy", "network"], ["state", "network", "identity"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("error: identity still has resources that use network: run npm run destroy -- identity first");
    expect(result.cdktfCalls).toEqual([]);
  });

  it("destroys the last stack of the chain", () => {
    const result = vdi(["destroy", "desktops", "--auto-approve"], ["state", "network", "identity", "desktops"]);
    expect(result.status).toBe(0);
    expect(result.cdktfCalls).toEqual([
      "destroy --skip-synth desktops --ignore-missing-stack-dependencies --terraform-parallelism 25 --auto-approve",
    ]);
  });

  it("refuses to create anything while the state bucket holds the placeholder account ID", () => {
    for (const args of [
      ["deploy", "state", "--auto-approve"],
      ["deploy-all", "--auto-approve"],
    ]) {
      const result = vdi(args, [], setUp(), "");
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        'error: state.bucket "workspaces-vdi-dev-tfstate-123456789012" still holds the placeholder account ID 123456789012: S3 bucket names are global, so put your own account ID (or another unique suffix) in its place',
      );
      expect(result.cdktfCalls).toEqual([]);
    }
  });

  it("deploys everything in dependency order, one stack after the other in the default chain", () => {
    expect(vdi(["deploy-all", "--auto-approve"], []).cdktfCalls).toEqual([
      "deploy --skip-synth state --ignore-missing-stack-dependencies --terraform-parallelism 10 --auto-approve",
      "deploy --skip-synth network --ignore-missing-stack-dependencies --terraform-parallelism 10 --auto-approve",
      "deploy --skip-synth identity --ignore-missing-stack-dependencies --terraform-parallelism 10 --auto-approve",
      "deploy --skip-synth desktops --ignore-missing-stack-dependencies --terraform-parallelism 25 --auto-approve",
    ]);
  });

  it("deploys several stacks named at once, a stack after the named stacks it reads from", () => {
    const result = vdi(["deploy", "desktops", "identity", "--auto-approve"], ["state", "network"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.cdktfCalls).toEqual([
      "deploy --skip-synth identity --ignore-missing-stack-dependencies --terraform-parallelism 10 --auto-approve",
      "deploy --skip-synth desktops --ignore-missing-stack-dependencies --terraform-parallelism 25 --auto-approve",
    ]);
  });

  it("destroys several stacks named in reverse order, and still refuses while a stack not named uses one", () => {
    const all = ["state", "network", "identity", "desktops"];
    expect(vdi(["destroy", "identity", "desktops", "--auto-approve"], all).cdktfCalls).toEqual([
      "destroy --skip-synth desktops --ignore-missing-stack-dependencies --terraform-parallelism 25 --auto-approve",
      "destroy --skip-synth identity --ignore-missing-stack-dependencies --terraform-parallelism 10 --auto-approve",
    ]);
    const refused = vdi(["destroy", "network", "identity", "--auto-approve"], all);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split("\n")).toEqual([
      "error: desktops still has resources that use network: run npm run destroy -- desktops first",
      "error: desktops still has resources that use identity: run npm run destroy -- desktops first",
    ]);
    expect(refused.cdktfCalls).toEqual([]);
  });

  it("stops at the first cdktf call that fails and names the stacks it did not run", () => {
    const setup = setUp();
    writeFileSync(join(setup.dir, "cdktf.log.fail"), "identity");
    const result = vdi(["deploy-all", "--auto-approve"], [], setup);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("error: cdktf deploy of identity failed (exit status 3); not run: desktops");
    expect(result.cdktfCalls).toHaveLength(3);
  });

  it("refuses a bad --concurrency before anything runs, and a pattern that names no stack", () => {
    const bad = vdi(["deploy", "network", "--concurrency", "0"], ["state"]);
    expect(bad.stderr.trim()).toBe('error: --concurrency takes a whole number of at least 1, not "0"');
    const none = vdi(["deploy", "desktops-*"], ["state"]);
    expect(none.stderr.trim()).toBe('error: no stack matches "desktops-*": one of state, network, identity, desktops');
    expect([bad.status, none.status]).toEqual([1, 1]);
  });

  it("refuses every cdktf call before the first when the output is not a terminal and --auto-approve is missing", () => {
    const result = vdi(["deploy-all"], []);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: the output is not a terminal/);
    expect(result.cdktfCalls).toEqual([]);
  });

  it("rejects an unknown stack", () => {
    const result = vdi(["deploy", "web"], []);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown stack "web": one of state, network, identity, desktops/);
  });

  it("writes every deployed stack's outputs to a JSON file, and none for stacks not deployed", () => {
    const setup = setUp();
    writeFileSync(join(setup.dir, "outputs", "network.json"), JSON.stringify({ vpc_id: { value: "vpc-0abc", sensitive: false } }));
    const result = vdi(["outputs", "--output", "deployed.json"], ["state", "network"], setup);
    expect(result.status).toBe(0);
    expect(JSON.parse(readFileSync(join(setup.dir, "deployed.json"), "utf8"))).toEqual({ state: {}, network: { vpc_id: "vpc-0abc" } });
  });

  it("prints the deployed outputs as a status table, without sensitive ones", () => {
    const setup = setUp();
    const output = (value: unknown, sensitive = false) => ({ value, sensitive, type: "string" });
    writeFileSync(
      join(setup.dir, "outputs", "desktops.json"),
      JSON.stringify({
        registration_code: output("SLiad+XYZ987"),
        workspace_ids: output({ Administrator: "ws-0123456789" }),
        dashboard_name: output("vdi-dev-workspaces"),
        alarm_topic_arn: output("arn:aws:sns:us-east-1:111122223333:t"),
        "cross-stack-output-x": output("secret-ish", true),
      }),
    );
    const result = vdi(["status"], ["state", "network", "identity", "desktops"], setup);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Registration code\s+SLiad\+XYZ987/m);
    expect(result.stdout).toMatch(/^ {2}Administrator\s+ws-0123456789$/m);
    expect(result.stdout).not.toContain("secret-ish");
  });
});

describe("the cdktf CLI the commands run", () => {
  it("is this project's own, not whichever cdktf is first on PATH", () => {
    expect(cdktfCli({ PATH: "/usr/local/bin" })).toBe(join(ROOT, "node_modules", ".bin", "cdktf"));
    expect(existsSync(cdktfCli({}))).toBe(true);
  });

  it("can be another one, named by VDI_CDKTF_CLI", () => {
    expect(cdktfCli({ VDI_CDKTF_CLI: "/opt/cdktn/bin/cdktn" })).toBe("/opt/cdktn/bin/cdktn");
  });
});
