import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { yamlWith } from "../helpers";

/** The app as `npm run synth` runs it, writing `cdktf.out` of `workdir`. */
const ROOT = join(__dirname, "..", "..");
const APP = [join(ROOT, "scripts", "app.js"), "main.ts"];
const envFor = (configPath: string, outdir = "") => ({ ...process.env, VDI_CONFIG: configPath, CDKTF_OUTDIR: outdir });

/** Folders and files a synth keeps only while it runs. */
const leftoversIn = (dir: string) => readdirSync(dir).filter((name) => /^\.cdktf-(staging|previous)-|\.lock$/.test(name));

/** The project name every stack of an output folder was synthesized for, and the stacks the manifest lists. */
function projectsIn(outdir: string): { manifestStacks: string[]; projects: string[] } {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  const manifestStacks = Object.keys(manifest.stacks).sort();
  const projects = manifestStacks.map((stack) => {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    return json.provider.aws[0].default_tags[0].tags.project as string;
  });
  return { manifestStacks, projects };
}

/** A configuration file for project `name`, with `users` desktops (more users, a longer synth). */
function configFile(dir: string, name: string, users = 1): string {
  const path = join(dir, `${name}.yaml`);
  const list = Array.from({ length: users }, (_, index) => ({ userName: `user${index}` }));
  writeFileSync(path, yamlWith({ project: name, "desktops.users": list }));
  return path;
}

/** A configuration file with `groups` desktop groups of 500 desktops (a stack's limit), a long synth with many stacks. */
function groupedConfigFile(dir: string, name: string, groups: number): string {
  const path = join(dir, `${name}.yaml`);
  const group = (g: number) => ({ name: `g${g}`, users: Array.from({ length: 500 }, (_, index) => ({ userName: `u${g}x${index}` })) });
  writeFileSync(path, yamlWith({ project: name, "directory.size": "Large", "desktops.groups": Array.from({ length: groups }, (_, g) => group(g)) }));
  return path;
}

function runAsync(workdir: string, configPath: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, APP, { cwd: workdir, env: envFor(configPath) });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolvePromise({ status, stderr }));
  });
}

describe("the output folder", () => {
  it("ends up whole from one configuration when five synths write it at once", async () => {
    const workdir = mkdtempSync(join(tmpdir(), "vdi-concurrent-"));
    const names = ["alpha", "bravo", "charlie", "delta", "echo"];
    const configs = names.map((name, index) => configFile(workdir, name, 50 * (index + 1)));
    // A first synth, so that the later ones replace a non-empty folder (the copy-over case).
    expect(spawnSync(process.execPath, APP, { cwd: workdir, env: envFor(configs[0]) }).status).toBe(0);
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(configs.map((path) => runAsync(workdir, path)));
      expect(results.map((result) => [result.status, result.stderr])).toEqual(names.map(() => [0, ""]));
      const { manifestStacks, projects } = projectsIn(join(workdir, "cdktf.out"));
      expect(manifestStacks).toEqual(["desktops", "identity", "network", "state"]);
      expect(new Set(projects).size).toBe(1);
      expect(names).toContain(projects[0]);
      expect(leftoversIn(workdir)).toEqual([]);
    }
  }, 120_000);

  it("is left whole by a killed synth, and the next synth removes what the killed one left", async () => {
    const workdir = mkdtempSync(join(tmpdir(), "vdi-killed-"));
    const before = configFile(workdir, "before");
    expect(spawnSync(process.execPath, APP, { cwd: workdir, env: envFor(before) }).status).toBe(0);
    const large = groupedConfigFile(workdir, "large", 6);

    // Kill a synth while it is writing: once its staging folder exists (it holds the lock then).
    let killedWhileWriting = false;
    for (let attempt = 0; attempt < 5 && !killedWhileWriting; attempt++) {
      const child = spawn(process.execPath, APP, { cwd: workdir, env: envFor(large) });
      const exited = new Promise((resolvePromise) => child.on("exit", resolvePromise));
      while (child.exitCode === null && !readdirSync(workdir).some((name) => name.startsWith(".cdktf-staging-"))) {
        await new Promise((resolvePromise) => setTimeout(resolvePromise, 2));
      }
      killedWhileWriting = child.exitCode === null && child.kill("SIGKILL");
      await exited;
    }
    expect(killedWhileWriting).toBe(true);
    expect(leftoversIn(workdir).length).toBeGreaterThan(0);
    expect(projectsIn(join(workdir, "cdktf.out")).projects).toEqual(["before", "before", "before", "before"]);

    const after = configFile(workdir, "after");
    const next = spawnSync(process.execPath, APP, { cwd: workdir, env: envFor(after), encoding: "utf8" });
    expect([next.status, next.stderr]).toEqual([0, ""]);
    expect(leftoversIn(workdir)).toEqual([]);
    expect(projectsIn(join(workdir, "cdktf.out")).projects).toEqual(["after", "after", "after", "after"]);
  }, 120_000);

  it("waits for the synth that holds the lock, and takes over a lock whose process is gone", async () => {
    const workdir = mkdtempSync(join(tmpdir(), "vdi-lock-"));
    const config = configFile(workdir, "locked");
    const lock = join(workdir, ".cdktf.out.lock");
    // This test's own process stands for a synth still running.
    writeFileSync(lock, String(process.pid));
    const waiting = runAsync(workdir, config);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 1500));
    expect(existsSync(join(workdir, "cdktf.out"))).toBe(false);
    rmSync(lock);
    expect(await waiting).toEqual({ status: 0, stderr: "" });

    // A process ID no process has (above Linux's pid_max) stands for a synth that was killed.
    writeFileSync(lock, "99999999");
    const result = spawnSync(process.execPath, APP, { cwd: workdir, env: envFor(config), encoding: "utf8" });
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it("refuses with one line when a file stands where the folder or its parent should be", () => {
    const workdir = mkdtempSync(join(tmpdir(), "vdi-blocked-"));
    const config = configFile(workdir, "blocked");
    writeFileSync(join(workdir, "cdktf.out"), "not a folder");
    const onFile = spawnSync(process.execPath, APP, { cwd: workdir, env: envFor(config), encoding: "utf8" });
    expect([onFile.status, onFile.stderr]).toEqual([
      1,
      "Output folder error: cdktf.out: is a file, not a folder: move it away or set CDKTF_OUTDIR to another path\n",
    ]);

    const underFile = spawnSync(process.execPath, APP, { cwd: workdir, env: envFor(config, join(workdir, "cdktf.out", "inner")), encoding: "utf8" });
    expect(underFile.status).toBe(1);
    expect(underFile.stderr).toMatch(/^Output folder error: cdktf\.out\/inner: cannot create the folder that holds it \(.+\)\n$/);
    expect(readFileSync(join(workdir, "cdktf.out"), "utf8")).toBe("not a folder");
  });
});

/** Every file below `dir`, as paths relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => !statSync(join(dir, path)).isDirectory())
    .sort();
}

describe("the output folder after a synth", () => {
  const EXAMPLE = join(ROOT, "config", "examples", "disaster-recovery.yaml");

  it("holds exactly the stacks and assets of the configuration last synthesized", () => {
    const workdir = mkdtempSync(join(tmpdir(), "vdi-replaced-"));
    const outdir = join(workdir, "cdktf.out");
    expect(spawnSync(process.execPath, APP, { cwd: workdir, env: envFor(EXAMPLE) }).status).toBe(0);
    expect(filesBelow(outdir).filter((path) => path.includes("/assets/")).length).toBeGreaterThan(0);

    const fresh = mkdtempSync(join(tmpdir(), "vdi-fresh-"));
    const config = configFile(workdir, "plain");
    for (const dir of [workdir, fresh]) expect(spawnSync(process.execPath, APP, { cwd: dir, env: envFor(config) }).status).toBe(0);
    // The same files as a synth of the default into an empty folder: no dr-* stack, no asset of the example.
    expect(filesBelow(outdir)).toEqual(filesBelow(join(fresh, "cdktf.out")));
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(projectsIn(outdir).manifestStacks);
  }, 60_000);

  const TERRAFORM_KEPT = [
    "stacks/network/.terraform/providers/registry.terraform.io/hashicorp/aws/6.25.0/linux_amd64/terraform-provider-aws",
    "stacks/network/.terraform/terraform.tfstate",
    "stacks/network/.terraform.lock.hcl",
    "stacks/network/plan",
    "stacks/network/plan.tfplan",
    "stacks/identity/terraform.tfstate",
  ];
  const LEFT_BEHIND = [
    "stacks/network/assets/old-function/old.zip",
    "stacks/network/notes.txt",
    "stacks/dr-network/.terraform/terraform.tfstate",
    "stacks/dr-network/cdk.tf.json",
    "stray.json",
  ];

  const workdir = mkdtempSync(join(tmpdir(), "vdi-terraform-files-"));
  const outdir = join(workdir, "cdktf.out");
  let inodes: Record<string, number>;
  beforeAll(() => {
    expect(spawnSync(process.execPath, APP, { cwd: workdir, env: envFor(configFile(workdir, "first")) }).status).toBe(0);
    for (const path of [...TERRAFORM_KEPT, ...LEFT_BEHIND]) {
      mkdirSync(dirname(join(outdir, path)), { recursive: true });
      writeFileSync(join(outdir, path), path);
    }
    inodes = Object.fromEntries(TERRAFORM_KEPT.map((path) => [path, statSync(join(outdir, path)).ino]));
    expect(spawnSync(process.execPath, APP, { cwd: workdir, env: envFor(configFile(workdir, "second")) }).status).toBe(0);
  }, 60_000);

  it.each(TERRAFORM_KEPT)("keeps Terraform's %s, linked rather than copied", (path) => {
    expect(readFileSync(join(outdir, path), "utf8")).toBe(path);
    expect(statSync(join(outdir, path)).ino).toBe(inodes[path]);
  });

  it.each(LEFT_BEHIND)("drops %s, which this configuration's synth did not write", (path) => {
    expect(existsSync(join(outdir, path))).toBe(false);
  });

  it("has the new synth's stacks", () => {
    expect(new Set(projectsIn(outdir).projects)).toEqual(new Set(["second"]));
  });
});
