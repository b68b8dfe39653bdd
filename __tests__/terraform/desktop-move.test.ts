import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataResource, TerraformIterator, TerraformLocal } from "cdktf";
import { summarizeStack } from "../../commands/plan-summary";
import { addressOf } from "../../modules/checks";
import { forgetInstances, importInstances } from "../../modules/removed-blocks";
import { findTerraformEngine } from "../../testing/terraform/engine";
import { synthScope } from "../helpers";

/**
 * Moving a desktop between stacks (`movedFrom`), run by Terraform itself on a `for_each` resource that needs no
 * provider (`terraform_data`), with the blocks `forgetInstances` and `importInstances` write. The old stack: after an
 * apply with two instances, the configuration without one of them forgets it (0 to destroy) and the state keeps the
 * other; without the blocks, the same plan destroys it (the control that shows the test can fail). The new stack,
 * with its own state: imports the object by its ID instead of creating one.
 */
const lookup = findTerraformEngine("5.100.0");
const describeWithTerraform = lookup.found ? describe : describe.skip;

function stackJson(users: readonly string[], forget: readonly string[], imports: Record<string, string> = {}): string {
  return synthScope((scope) => {
    const local = new TerraformLocal(scope, "users", Object.fromEntries(users.map((user) => [user, user])));
    const desktop = TerraformIterator.fromMap(local.asAnyMap);
    const desktops = new DataResource(scope, "desktops", { forEach: desktop, input: desktop.value });
    forgetInstances(scope, addressOf(desktops), forget);
    importInstances(scope, addressOf(desktops), imports);
  }).text;
}

describeWithTerraform("moving a desktop out of a stack (Terraform 1.11, terraform_data)", () => {
  const engine = lookup.found ? lookup.engine : undefined!;
  const root = mkdtempSync(join(tmpdir(), "vdi-move-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  /** The old stack's folder and state; the new stack's is `new` below. */
  let dir = join(root, "old");
  const terraform = (...args: string[]) => {
    const result = spawnSync(engine.terraform, args, { cwd: dir, env: engine.env, encoding: "utf8" });
    if (result.status !== 0 && args[0] !== "plan") throw new Error(`terraform ${args.join(" ")}: ${result.stderr}`);
    return result;
  };
  /** The planned actions per instance address of a configuration, against the state of the last apply. */
  let shown: any;
  const plannedActions = (json: string): Record<string, string[]> => {
    writeFileSync(join(dir, "main.tf.json"), json);
    const plan = terraform("plan", "-input=false", "-out=plan.bin");
    if (plan.status !== 0) throw new Error(plan.stderr);
    shown = JSON.parse(terraform("show", "-json", "plan.bin").stdout);
    return Object.fromEntries(
      (shown.resource_changes ?? []).map((change: { address: string; change: { actions: string[] } }) => [change.address, change.change.actions]),
    );
  };

  let bobId = "";
  beforeAll(() => {
    mkdirSync(dir);
    writeFileSync(join(dir, "main.tf.json"), stackJson(["alice", "bob"], []));
    terraform("init", "-input=false");
    terraform("apply", "-input=false", "-auto-approve");
    const state = JSON.parse(terraform("show", "-json").stdout);
    bobId = state.values.root_module.resources.find((resource: { index: string }) => resource.index === "bob").values.id;
  }, 120_000);

  it("without the blocks, Terraform would destroy the leaving user's instance (the control)", () => {
    const actions = plannedActions(stackJson(["alice"], []));
    expect(actions['terraform_data.desktops["bob"]']).toEqual(["delete"]);
  }, 120_000);

  it("with the blocks, it forgets the instance, destroys nothing, and keeps the other user's", () => {
    const json = stackJson(["alice"], ["bob"]);
    const actions = plannedActions(json);
    expect(Object.values(actions).flat()).not.toContain("delete");
    expect(actions['terraform_data.moved_out["bob"]']).toEqual(["forget"]);
    // The pull-request comment counts Terraform's own plan JSON of the move (commands/plan-summary.ts).
    expect(summarizeStack("old", shown).counts).toMatchObject({ forget: 1, delete: 0 });
    terraform("apply", "-input=false", "-auto-approve");
    expect(terraform("state", "list").stdout.trim().split("\n")).toEqual(['terraform_data.desktops["alice"]']);
    // Once the state no longer holds it, the blocks change nothing.
    expect(
      Object.values(plannedActions(json))
        .flat()
        .filter((action) => action !== "no-op"),
    ).toEqual([]);
  }, 120_000);

  it("in the new stack, imports the object by its ID instead of creating one", () => {
    dir = join(root, "new");
    mkdirSync(dir);
    writeFileSync(join(dir, "main.tf.json"), stackJson(["bob"], []));
    terraform("init", "-input=false");
    // The control: without the import block, the new stack would create a second object.
    expect(plannedActions(stackJson(["bob"], []))).toEqual({ 'terraform_data.desktops["bob"]': ["create"] });
    writeFileSync(join(dir, "main.tf.json"), stackJson(["bob"], [], { bob: bobId }));
    const plan = terraform("plan", "-input=false", "-out=plan.bin");
    expect(plan.status).toBe(0);
    const [change] = JSON.parse(terraform("show", "-json", "plan.bin").stdout).resource_changes;
    expect(change.address).toBe('terraform_data.desktops["bob"]');
    expect(change.change.importing).toEqual({ id: bobId });
    expect(change.change.actions).not.toContain("create");
    expect(change.change.actions).not.toContain("delete");
    expect(summarizeStack("new", JSON.parse(terraform("show", "-json", "plan.bin").stdout)).counts).toMatchObject({ import: 1, create: 0 });
    // Applied, the import block (movedFrom kept) changes nothing: a re-plan imports nothing and plans no change.
    terraform("apply", "-input=false", "plan.bin");
    const again = plannedActions(stackJson(["bob"], [], { bob: bobId }));
    expect(
      Object.values(again)
        .flat()
        .filter((action) => action !== "no-op"),
    ).toEqual([]);
    expect(shown.resource_changes.filter((entry: any) => entry.change.importing !== undefined)).toEqual([]);
  }, 120_000);
});
