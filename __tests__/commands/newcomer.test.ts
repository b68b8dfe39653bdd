import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { yamlWith } from "../helpers";
import { BOOTSTRAP_STATE, bootstrapState, CDKTF_OUTPUT, ROOT, setUp, SPINNER_FRAMES, vdi } from "./cli-harness";

/**
 * The first steps of a new user, with stand-ins for terraform and cdktf: commands that need the
 * bootstrap say so, a checkout switched to another configuration re-initialises its backends, and
 * cdktf runs without spinners or colours when its output is not a terminal (here it is a pipe).
 */
const BOOTSTRAP_MISSING =
  /^error: the state bucket workspaces-vdi-dev-tfstate-111122223333 has not been created from this folder: run npm run bootstrap first \(terraform\.workspaces-vdi-dev\.state\.tfstate (is missing|holds no resources)\); if it was bootstrapped from another folder, copy that folder's terraform\.workspaces-vdi-dev\.state\.tfstate to \/.+$/;

/** A stack folder as `terraform init` left it: its record of the backend it was initialised for. */
function initialisedFor(dir: string, stack: string, backend: { type: string; config: Record<string, unknown> }) {
  const terraformDir = join(dir, "cdktf.out", "stacks", stack, ".terraform");
  mkdirSync(terraformDir, { recursive: true });
  writeFileSync(
    join(terraformDir, "terraform.tfstate"),
    JSON.stringify({ version: 3, terraform_version: "1.10.5", backend: { ...backend, hash: 1 } }),
  );
}

/** The identity stack's backend with the test's bucket, and the arguments Terraform records as null. */
const IDENTITY_BACKEND = {
  type: "s3",
  config: {
    bucket: "workspaces-vdi-dev-tfstate-111122223333",
    key: "workspaces-vdi/dev/identity.tfstate",
    region: "us-east-1",
    encrypt: true,
    kms_key_id: "alias/workspaces-vdi-dev-terraform-state",
    use_lockfile: true,
    profile: null,
    dynamodb_table: null,
  },
};

describe("before the bootstrap", () => {
  it.each([[["deploy", "network", "--auto-approve"]], [["diff", "network"]], [["destroy", "desktops", "--auto-approve"]], [["status"]]])(
    "%j says to run npm run bootstrap first, in one line, and runs nothing",
    (args) => {
      const result = vdi(args, []);
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toMatch(BOOTSTRAP_MISSING);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.cdktfCalls).toEqual([]);
      expect(result.terraformInits).toEqual([]);
    },
  );

  it("counts a bootstrap state without resources (a failed or destroyed bootstrap) as no bootstrap", () => {
    const setup = setUp();
    writeFileSync(join(setup.dir, BOOTSTRAP_STATE), bootstrapState([]));
    const result = vdi(["deploy", "network", "--auto-approve"], [], setup);
    expect(result.stderr.trim()).toMatch(/holds no resources/);
    expect(result.cdktfCalls).toEqual([]);
  });

  it("lets the bootstrap itself and deploy:all (which starts with it) run", () => {
    expect(vdi(["deploy", "state", "--auto-approve"], []).cdktfCalls).toEqual([
      "deploy --skip-synth state --ignore-missing-stack-dependencies --terraform-parallelism 10 --auto-approve",
    ]);
    expect(vdi(["deploy-all", "--auto-approve"], []).status).toBe(0);
  });
});

describe("destroying the bootstrap before it exists", () => {
  it.each([
    ["no bootstrap state", undefined],
    ["a bootstrap state without resources", bootstrapState([])],
  ])("with %s, refuses locally in one line saying what to do, calling neither Terraform nor cdktf", (_, state) => {
    const setup = setUp();
    if (state) writeFileSync(join(setup.dir, BOOTSTRAP_STATE), state);
    const result = vdi(["destroy", "state", "--auto-approve"], [], setup);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^error: nothing to destroy: the state bucket workspaces-vdi-dev-tfstate-111122223333 was not created from this folder \(terraform\.workspaces-vdi-dev\.state\.tfstate is missing or holds no resources\); if it was bootstrapped from another folder, destroy it there, or copy that folder's terraform\.workspaces-vdi-dev\.state\.tfstate to \/.+ first$/,
    );
    expect(result.terraformCalls).toEqual([]);
    expect(result.cdktfCalls).toEqual([]);
  });
});

describe("a command without a stack, or with one the configuration does not have", () => {
  it.each([
    [["deploy"], "deploy"],
    [["diff"], "diff"],
    [["destroy"], "destroy"],
    [["deploy", "--auto-approve"], "deploy"],
  ])("%j lists the stacks in deploy order", (args, verb) => {
    const result = vdi(args, ["state"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `error: name the stack to ${verb}: npm run ${verb} -- <stack>, one of (in deploy order) state, network, identity, desktops`,
    );
    expect(result.cdktfCalls).toEqual([]);
  });

  it.each([
    ["account", "is synthesized only with directory.createServiceRole: true: set it in"],
    ["dr-network", "is synthesized only with disasterRecovery: add it to"],
    ["desktops-finance", "is synthesized only for a group named finance in desktops.groups of"],
  ])("deploy %s says which key creates it", (stack, hint) => {
    const result = vdi(["deploy", stack, "--auto-approve"], ["state"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringContaining(hint)]);
    expect(result.stderr).toContain("vdi.yaml");
  });

  it("deploys the account stack once the configuration asks for it", () => {
    const setup = setUp();
    const config = join(setup.dir, "account.yaml");
    writeFileSync(config, yamlWith({ "state.bucket": "workspaces-vdi-dev-tfstate-111122223333", "directory.createServiceRole": true }));
    const result = vdi(["deploy", "account", "--auto-approve"], ["state"], setup, config);
    expect(result.stderr).toBe("");
    expect(result.cdktfCalls).toEqual(["deploy --skip-synth account --ignore-missing-stack-dependencies --terraform-parallelism 10 --auto-approve"]);
  });
});

describe("a checkout switched to another configuration", () => {
  it("drops the record of another deployment's backend, so that init sets the folder up afresh (never -migrate-state)", () => {
    const setup = setUp();
    initialisedFor(setup.dir, "network", {
      type: "s3",
      config: { ...IDENTITY_BACKEND.config, bucket: "another-deployment-tfstate", key: "other/dev/network.tfstate" },
    });
    initialisedFor(setup.dir, "identity", IDENTITY_BACKEND);
    const result = vdi(["deploy", "desktops", "--auto-approve"], ["state", "network", "identity"], setup);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("note: network was initialised for another backend (another VDI_CONFIG?): it is re-initialised for this one\n");
    const record = (stack: string) => join(setup.dir, "cdktf.out", "stacks", stack, ".terraform", "terraform.tfstate");
    expect(existsSync(record("network"))).toBe(false);
    expect(existsSync(record("identity"))).toBe(true);
    expect(result.terraformInits).toContain("network init -input=false -no-color");
    expect(result.terraformInits.join("\n")).not.toContain("-migrate-state");
    expect(result.cdktfCalls).toEqual(["deploy --skip-synth desktops --ignore-missing-stack-dependencies --terraform-parallelism 25 --auto-approve"]);
  });

  it("does so for the bootstrap stack when its local state file is another deployment's, without contacting any backend", () => {
    const setup = setUp();
    initialisedFor(setup.dir, "state", { type: "local", config: { path: "../../../terraform.other-prod.state.tfstate", workspace_dir: null } });
    const result = vdi(["deploy", "state", "--auto-approve"], [], setup);
    expect(result.stderr).toContain("note: state was initialised for another backend");
    expect(existsSync(join(setup.dir, "cdktf.out", "stacks", "state", ".terraform", "terraform.tfstate"))).toBe(false);
    expect(result.terraformInits).toEqual([]);
  });
});

describe("cdktf when the output is not a terminal", () => {
  it("runs without the version check, spinners or colours", () => {
    const result = vdi(["deploy", "identity", "--auto-approve"], ["state", "network"]);
    expect(result.cdktfEnvironments).toEqual(["CI=1 FORCE_COLOR=0 CHECKPOINT_DISABLE=1"]);
  });

  it.each([
    ["deploy", ["deploy", "identity", "--auto-approve"]],
    ["diff", ["diff", "identity"]],
  ])("%s shows cdktf's output without the spinner frames it still prints", (_, args) => {
    const result = vdi(args, ["state", "network"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${CDKTF_OUTPUT.join("\n")}\n`);
    expect(result.stderr).toBe("");
    for (const frame of SPINNER_FRAMES) expect(result.stdout + result.stderr).not.toContain(frame.trim());
  });

  it("refuses deploy and destroy without --auto-approve: the approval prompt would wait unseen", () => {
    for (const args of [["deploy", "identity"], ["destroy", "desktops"], ["deploy-all"]]) {
      const result = vdi(args, ["state", "network", "identity", "desktops"]);
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        "error: the output is not a terminal, so cdktf cannot show its approval prompt: review the plan with npm run diff -- <stack>, then run again with -- --auto-approve",
      );
      expect(result.cdktfCalls).toEqual([]);
    }
  });

  it("plans one stack with npm run diff once the stacks it reads from are deployed", () => {
    const result = vdi(["diff", "identity"], ["state", "network"]);
    expect(result.status).toBe(0);
    expect(result.cdktfCalls).toEqual(["diff --skip-synth identity"]);
    expect(vdi(["diff", "desktops"], ["state", "network"]).stderr).toMatch(/desktops reads from identity, which is not deployed/);
  });

  it("runs npm run synth:cli the same way", () => {
    const setup = setUp();
    const result = vdi(["synth"], [], setup, "", "commands/cdktf-run.ts");
    expect(result.status).toBe(0);
    expect(result.cdktfCalls).toEqual(["synth"]);
    expect(result.cdktfEnvironments).toEqual(["CI=1 FORCE_COLOR=0 CHECKPOINT_DISABLE=1"]);
    expect(result.stdout).toBe(`${CDKTF_OUTPUT.join("\n")}\n`);
  });
});

describe("the bootstrap state file and git", () => {
  const ignored = (path: string) => spawnSync("git", ["check-ignore", "--quiet", "--no-index", path], { cwd: ROOT }).status === 0;

  it("is not ignored, as docs/deploy.md says to commit it with the configuration; its backups and other states are", () => {
    expect(ignored("terraform.workspaces-vdi-prod.state.tfstate")).toBe(false);
    expect(ignored("terraform.workspaces-vdi-prod.state.tfstate.backup")).toBe(true);
    expect(ignored("cdktf.out/stacks/network/terraform.tfstate")).toBe(true);
    expect(ignored("terraform.tfstate")).toBe(true);
  });
});
