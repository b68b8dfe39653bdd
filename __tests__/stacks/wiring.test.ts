import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { loadConfig } from "../../config/load";
import { bootstrapStatePath } from "../../stacks/vdi-stack";
import { BOOTSTRAP_STACK, desktopGroupStacksOf, STACK_NAMES } from "../../topology";
import { desktopsOf } from "../../synthesis/resource-instances";
import { configWith, followRead, shippedConfigFiles, synthApp } from "../helpers";

describe("the whole app", () => {
  const config = configWith({ "state.keyPrefix": "team/vdi", "state.region": "eu-west-1" });
  const app = synthApp(config);

  it("synthesizes the three stacks and the state bootstrap", () => {
    expect(Object.keys(app.manifest.stacks).sort()).toEqual([...STACK_NAMES, BOOTSTRAP_STACK].sort());
  });

  it("keeps the bootstrap's state locally, in the deployment's folder wherever the output folder is, and in the state region", () => {
    const statePath = app.state.terraform.backend.local.path as string;
    expect(resolve(app.outdir, "stacks", "state", statePath)).toBe(join(process.cwd(), "terraform.workspaces-vdi-dev.state.tfstate"));
    expect(bootstrapStatePath(config, join("/srv/vdi", "cdktf.out", "stacks", "state"), "/srv/vdi")).toBe(
      "../../../terraform.workspaces-vdi-dev.state.tfstate",
    );
    expect(bootstrapStatePath(config, "/tmp/elsewhere/out/stacks/state", "/srv/vdi")).toBe(
      "../../../../../srv/vdi/terraform.workspaces-vdi-dev.state.tfstate",
    );
    expect(app.state.provider.aws[0].region).toBe("eu-west-1");
    expect(app.network.provider.aws[0].region).toBe("us-east-1");
  });

  it.each(STACK_NAMES)("%s keeps its state in its own key of the S3 bucket, encrypted with the state key and locked", (name) => {
    expect(app[name].terraform.backend.s3).toEqual({
      bucket: "workspaces-vdi-dev-tfstate-123456789012",
      key: `team/vdi/${name}.tfstate`,
      region: "eu-west-1",
      encrypt: true,
      // Without it the backend would write SSE-S3 (AES256), overriding the bucket's KMS default.
      kms_key_id: "alias/workspaces-vdi-dev-terraform-state",
      use_lockfile: true,
    });
  });

  it("declares the Terraform versions S3-native locking needs, in every stack", () => {
    for (const name of [...STACK_NAMES, BOOTSTRAP_STACK] as const) expect((app[name].terraform as any).required_version).toBe(">= 1.11");
  });

  it("identity reads the network state; desktops read network and identity", () => {
    const stateKeysRead = (stack: "identity" | "desktops") =>
      Object.values(app[stack].data.terraform_remote_state).map((read: any) => {
        expect(read).toMatchObject({ backend: "s3", config: { bucket: "workspaces-vdi-dev-tfstate-123456789012", region: "eu-west-1" } });
        return read.config.key;
      });
    expect(stateKeysRead("identity")).toEqual(["team/vdi/network.tfstate"]);
    expect(stateKeysRead("desktops").sort()).toEqual(["team/vdi/identity.tfstate", "team/vdi/network.tfstate"]);
  });

  it("every value read downstream is an output upstream", () => {
    let count = 0;
    for (const stack of ["identity", "desktops"] as const) {
      for (const [expression] of JSON.stringify(app[stack].resource).matchAll(/\$\{data\.terraform_remote_state\.[^.]+\.outputs\.[^.}]+\}/g)) {
        expect(followRead(app, stack, expression)).toEqual({ stack: expect.stringMatching(/^(network|identity)$/), value: expect.anything() });
        count++;
      }
    }
    expect(count).toBeGreaterThan(3);
  });

  it("records the deploy order state → network → identity → desktops in the manifest", () => {
    const dependencies = (name: string) => [...app.manifest.stacks[name].dependencies].sort();
    expect(dependencies("state")).toEqual([]);
    expect(dependencies("network")).toEqual(["state"]);
    expect(dependencies("identity")).toEqual(["network"]);
    expect(dependencies("desktops")).toEqual(["identity", "network"]);
  });

  it("pins the AWS provider to the version the bindings wrap", () => {
    for (const name of [...STACK_NAMES, BOOTSTRAP_STACK] as const) {
      expect(app[name].terraform.required_providers.aws).toEqual({ source: "aws", version: "6.25.0" });
    }
  });
});

describe("every example configuration", () => {
  const examples = join(__dirname, "..", "..", "config", "examples");
  const files = readdirSync(examples).filter((name) => name.endsWith(".yaml"));

  it.each(files)("%s synthesizes the three stacks with one desktop per user (in the desktops stack or the user's group's)", (name) => {
    const config = loadConfig(join(examples, name));
    const app = synthApp(config);
    const stacks = [app.desktops, ...desktopGroupStacksOf(config).map((stack) => app.all[stack])];
    expect(
      stacks
        .flatMap((stack) => desktopsOf(stack))
        .map((desktop) => desktop.userName)
        .sort(),
    ).toEqual(config.desktops.users.map((user) => user.userName).sort());
    expect(app.identity.resource.aws_directory_service_directory).toBeDefined();
  });
});

describe("key grants to CloudWatch Logs", () => {
  const examples = readdirSync(join(__dirname, "..", "..", "config", "examples")).filter((name) => name.endsWith(".yaml"));
  it.each(["default", ...examples])("name exactly the log groups each stack encrypts with the key (%s)", (name) => {
    const app = synthApp(name === "default" ? configWith() : loadConfig(join(__dirname, "..", "..", "config", "examples", name)));
    for (const stack of [app.network, app.identity, app.desktops]) {
      const logStatements = Object.values(stack.data?.aws_iam_policy_document ?? {})
        .flatMap((doc: any) => doc.statement)
        .filter((statement: any) => statement.sid === "CloudWatchLogsEncryptsThisAccountsLogGroups");
      const granted = logStatements.flatMap((statement: any) => statement.condition[0].values.map((arn: string) => arn.split(":log-group:")[1]));
      const encrypted = Object.values(stack.resource?.aws_cloudwatch_log_group ?? {}).map((group: any) => group.name);
      expect(granted.sort()).toEqual(encrypted.sort());
    }
  });
});

describe("account-wide names", () => {
  it.each(shippedConfigFiles().map((file) => relative(join(__dirname, "..", ".."), file)))(
    "no two stacks of %s create an IAM role of the same name (IAM names are account-wide, not regional)",
    (file) => {
      const { all } = synthApp(loadConfig(join(__dirname, "..", "..", file)));
      const names = Object.values(all).flatMap((stack) => Object.values<any>(stack.resource?.aws_iam_role ?? {}).map((role) => role.name as string));
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    },
  );
});
