import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { yamlWith } from "../helpers";

/**
 * The deploy/destroy/status commands end to end, with stand-ins for terraform and cdktf on PATH:
 * terraform reports which stacks hold resources and their outputs, cdktf records how it was called.
 */
const ROOT = join(__dirname, "..", "..");

const FAKE_TERRAFORM = `#!/bin/sh
dir="\${1#-chdir=}"; stack="$(basename "$dir")"; shift
case "$1" in
  init) exit 0 ;;
  state) case ",$FAKE_DEPLOYED," in *",$stack,"*) echo "aws_kms_key.example" ;; esac ;;
  output) if [ -f "$FAKE_OUTPUTS/$stack.json" ]; then cat "$FAKE_OUTPUTS/$stack.json"; else echo "{}"; fi ;;
esac
`;
const FAKE_CDKTF = `#!/bin/sh
echo "$@" >> "$FAKE_CDKTF_LOG"
`;

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), "vdi-cli-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  for (const [name, script] of [["terraform", FAKE_TERRAFORM], ["cdktf", FAKE_CDKTF]]) {
    writeFileSync(join(bin, name), script);
    chmodSync(join(bin, name), 0o755);
  }
  mkdirSync(join(dir, "outputs"));
  return { dir, bin };
}

/** The embedded default configuration with a bucket name of its own instead of the placeholder account ID. */
function ownBucketConfig(dir: string): string {
  const path = join(dir, "vdi.yaml");
  writeFileSync(path, yamlWith({ "state.bucket": "workspaces-vdi-dev-tfstate-111122223333" }));
  return path;
}

function vdi(args: string[], deployed: string[], setup = setUp(), config = ownBucketConfig(setup.dir)) {
  const log = join(setup.dir, "cdktf.log");
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js"), "scripts/cli.ts", ...args], {
    cwd: setup.dir,
    encoding: "utf8",
    timeout: 60_000,
    env: {
      ...process.env,
      PATH: `${setup.bin}${delimiter}${process.env.PATH}`,
      VDI_CONFIG: config,
      CDKTF_OUTDIR: "",
      FAKE_DEPLOYED: deployed.join(","),
      FAKE_OUTPUTS: join(setup.dir, "outputs"),
      FAKE_CDKTF_LOG: log,
    },
  });
  return { ...result, cdktfCalls: existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [] };
}

describe("npm run deploy / destroy / status", () => {
  it("deploys a stack whose upstream stacks are deployed, with the flag cdktf needs for one stack", () => {
    const result = vdi(["deploy", "identity", "--auto-approve"], ["state", "network"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.cdktfCalls).toEqual(["deploy identity --ignore-missing-stack-dependencies --auto-approve"]);
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
    const result = vdi(["destroy", "desktops"], ["state", "network", "identity", "desktops"]);
    expect(result.status).toBe(0);
    expect(result.cdktfCalls).toEqual(["destroy desktops --ignore-missing-stack-dependencies"]);
  });

  it("refuses to create anything while the state bucket holds the placeholder account ID", () => {
    for (const args of [["deploy", "state"], ["deploy-all"]]) {
      const result = vdi(args, [], setUp(), "");
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        'error: state.bucket "workspaces-vdi-dev-tfstate-123456789012" still holds the placeholder account ID 123456789012: S3 bucket names are global, so put your own account ID (or another unique suffix) in its place',
      );
      expect(result.cdktfCalls).toEqual([]);
    }
  });

  it("deploys everything in dependency order", () => {
    expect(vdi(["deploy-all"], []).cdktfCalls).toEqual(["deploy state network identity desktops"]);
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
