import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { desktopsOf } from "../synthesis/resource-instances";
import { yamlWith } from "./helpers";

/** `npm run synth` as users run it: a separate process, in a directory with its own cdktf.out. */
const ROOT = join(__dirname, "..");

function runApp(workdir: string, configPath?: string) {
  return spawnSync(process.execPath, [join(ROOT, "scripts", "app.js"), "main.ts"], {
    cwd: workdir,
    // The app writes where the cdktf CLI tells it (CDKTF_OUTDIR); here, cdktf.out of the work folder.
    env: { ...process.env, VDI_CONFIG: configPath ?? "", CDKTF_OUTDIR: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Staging folders a synth left next to cdktf.out; a synth, written or refused, leaves none. */
const stagingFoldersIn = (dir: string) => readdirSync(dir).filter((name) => name.startsWith(".cdktf-staging"));

describe("the app command", () => {
  const workdir = mkdtempSync(join(tmpdir(), "vdi-main-"));

  it("synthesizes the embedded default configuration into cdktf.out", () => {
    const result = runApp(workdir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readdirSync(join(workdir, "cdktf.out", "stacks")).sort()).toEqual(["desktops", "identity", "network", "state"]);
    expect(stagingFoldersIn(workdir)).toEqual([]);
  });

  it("writes over an earlier synth and keeps what Terraform stored there", () => {
    const network = join(workdir, "cdktf.out", "stacks", "network");
    mkdirSync(join(network, ".terraform"));
    writeFileSync(join(network, ".terraform", "terraform.tfstate"), "kept");
    writeFileSync(join(network, "cdk.tf.json"), "{}");
    const result = runApp(workdir);
    expect(result.status).toBe(0);
    expect(readFileSync(join(network, ".terraform", "terraform.tfstate"), "utf8")).toBe("kept");
    expect(JSON.parse(readFileSync(join(network, "cdk.tf.json"), "utf8")).resource.aws_vpc).toBeDefined();
    expect(stagingFoldersIn(workdir)).toEqual([]);
  });

  it("refuses a bad configuration with one line per problem, no stack trace, and cdktf.out untouched", () => {
    const manifest = join(workdir, "cdktf.out", "manifest.json");
    const before = readFileSync(manifest, "utf8");
    const bad = join(workdir, "bad.yaml");
    writeFileSync(bad, yamlWith({ "network.vpcCidr": "10.0.0.0/33", "desktops.users.0.userVolumeGib": 20 }));
    const result = runApp(workdir, bad);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual([
      "Configuration errors:",
      expect.stringMatching(/^bad\.yaml:\d+: network\.vpcCidr: "10\.0\.0\.0\/33" is not a valid IPv4 CIDR$/),
      expect.stringMatching(/^bad\.yaml:\d+: desktops\.users\[0\]: root 80 GiB with user 20 GiB is not a valid volume pair/),
    ]);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(readFileSync(manifest, "utf8")).toBe(before);
  });

  it("says when VDI_CONFIG names a file that does not exist", () => {
    const result = runApp(workdir, join(workdir, "nope.yaml"));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/nope\.yaml: configuration file not found/);
  });

  it("synthesizes the production example", () => {
    const copy = join(workdir, "production.yaml");
    cpSync(join(ROOT, "config", "examples", "production.yaml"), copy);
    const result = runApp(workdir, copy);
    expect(result.status).toBe(0);
    const desktops = JSON.parse(readFileSync(join(workdir, "cdktf.out", "stacks", "desktops", "cdk.tf.json"), "utf8"));
    expect(desktopsOf(desktops).map((desktop) => desktop.userName)).toEqual(["alice.martin", "bob.nguyen", "carla.rossi", "dev.ops"]);
  });
});

describe("the app command and the security policy", () => {
  const workdir = mkdtempSync(join(tmpdir(), "vdi-policy-"));
  const openRule = { "access.ipRules": [{ source: "0.0.0.0/0", description: "anywhere" }] };

  it("prints a warning once for a dev deployment open to the internet, and writes it", () => {
    const dev = join(workdir, "dev.yaml");
    writeFileSync(dev, yamlWith(openRule));
    const result = runApp(workdir, dev);
    expect(result.status).toBe(0);
    expect(result.stderr.trim().split("\n")).toEqual([
      "Security policy warnings:",
      expect.stringMatching(/^desktops\/ip-access\/group-1 \(aws_workspaces_ip_group\): ip-access-open: rule 0\.0\.0\.0\/0 is wider than \/8/),
    ]);
  });

  it("refuses the same deployment in prod and leaves cdktf.out as it was", () => {
    const manifest = join(workdir, "cdktf.out", "manifest.json");
    const desktops = join(workdir, "cdktf.out", "stacks", "desktops", "cdk.tf.json");
    const before = [readFileSync(manifest, "utf8"), readFileSync(desktops, "utf8")];
    const prod = join(workdir, "prod.yaml");
    writeFileSync(prod, yamlWith({ ...openRule, environment: "prod", project: "other-name" }));
    const result = runApp(workdir, prod);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      "Security policy violations (nothing was written):",
      expect.stringMatching(/ip-access-open: rule 0\.0\.0\.0\/0 is wider than \/8/),
    ]);
    expect([readFileSync(manifest, "utf8"), readFileSync(desktops, "utf8")]).toEqual(before);
    expect(stagingFoldersIn(workdir)).toEqual([]);
  });
});

describe("the summary of a successful synth", () => {
  const workdir = mkdtempSync(join(tmpdir(), "vdi-summary-"));

  it("names the stacks in deploy order with their resource counts, the folder and the next command", () => {
    const result = runApp(workdir);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^Synthesized 4 stacks into cdktf\.out\/stacks \(resources: state \d+, network \d+, identity \d+, desktops \d+\)\.$/),
      "Next: copy the configuration, put your own account ID in state.bucket, point VDI_CONFIG at the copy, then npm run bootstrap",
    ]);
  });

  it("counts a desktop per user and says to bootstrap a configuration of its own that is not bootstrapped yet", () => {
    const config = join(workdir, "own.yaml");
    const users = ["Administrator", "jane", "joe"].map((userName) => ({ userName }));
    writeFileSync(config, yamlWith({ "state.bucket": "workspaces-vdi-dev-tfstate-111122223333", "desktops.users": users }));
    const desktopsOf = (stdout: string) => Number(stdout.match(/desktops (\d+)\)/)![1]);
    const single = runApp(workdir);
    const result = runApp(workdir, config);
    // Two more desktops, each with its Unhealthy alarm: Terraform plans an instance per key of the alarms' for_each.
    expect(desktopsOf(result.stdout) - desktopsOf(single.stdout)).toBe(4);
    expect(result.stdout).toContain("Next: npm run bootstrap (once: the state bucket), then npm run diff -- network");
  });

  it("is left to the cdktf CLI when the CLI runs the app", () => {
    const result = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js"), "main.ts"], {
      cwd: workdir,
      env: { ...process.env, VDI_CONFIG: "", CDKTF_OUTDIR: join(workdir, "cli.out") },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("");
  });
});
