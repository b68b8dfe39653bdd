import { configWith, synthApp } from "../helpers";

/** Issue 24: the account stack belongs to no environment, so no environment's teardown can orphan it. */
describe("the account stack", () => {
  const accountOf = (changes: Record<string, unknown>) => synthApp(configWith({ "directory.createServiceRole": true, ...changes })).account!;
  const dev = accountOf({});
  const prod = accountOf({ environment: "prod", "state.keyPrefix": "team/vdi-prod" });

  it("keeps its state under <project>/account/, whatever the environment or its key prefix", () => {
    expect(dev.terraform.backend.s3.key).toBe("workspaces-vdi/account/account.tfstate");
    expect(prod.terraform.backend.s3.key).toBe("workspaces-vdi/account/account.tfstate");
  });

  it("tags its resources with the project and no environment", () => {
    const tags = dev.provider.aws[0].default_tags[0].tags;
    // The configuration's own tags stay (here cost-center); the deployment's environment does not.
    expect(tags).toEqual({ "cost-center": "it-desktops", project: "workspaces-vdi", "managed-by": "cdktf/workspaces-vdi", stack: "account" });
    expect(prod.provider.aws[0].default_tags[0].tags).toEqual(tags);
  });

  it("leaves the environment's stacks under the environment's prefix and tag", () => {
    const app = synthApp(configWith({ "directory.createServiceRole": true }));
    expect(app.desktops.terraform.backend.s3.key).toBe("workspaces-vdi/dev/desktops.tfstate");
    expect(app.desktops.provider.aws[0].default_tags[0].tags.environment).toBe("dev");
  });
});
