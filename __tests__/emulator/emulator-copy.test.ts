import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { readDependencies, synthesize } from "../../synthesis/synthesize";
import { emulatorCopy, selectForEmulator, servicesUsed } from "../../testing/terraform/emulator";
import { deployOrder, failedChecks } from "../../testing/terraform/emulator-run";
import type { StackJson } from "../../testing/terraform/test-copy";

const ENDPOINT = "http://127.0.0.1:5999";
const outdir = mkdtempSync(join(tmpdir(), "vdi-emulator-copy-"));
const stacks = synthesize(loadConfig(), outdir).stacks as Record<string, StackJson>;
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const copyOf = (stack: string) => emulatorCopy(stacks[stack], { awsProviderVersion: "5.100.0", endpoint: ENDPOINT, localState: stack === "state" });
const typesOf = (addresses: readonly string[]) => [...new Set(addresses.map((address) => address.replace(/\.[^.]+$/, "")))].sort();

describe("the emulator copy of a stack", () => {
  it("deploys state, network, identity, desktops in that order and destroys in reverse", () => {
    expect(deployOrder(readDependencies(outdir))).toEqual(["state", "network", "identity", "desktops"]);
  });

  it("points every AWS provider at moto, with few retries and no real credentials", () => {
    const provider = copyOf("network").provider.aws[0];
    expect(provider.endpoints[0]).toEqual({ ec2: ENDPOINT, iam: ENDPOINT, kms: ENDPOINT, logs: ENDPOINT, sts: ENDPOINT });
    expect(provider).toMatchObject({
      max_retries: 2,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      s3_use_path_style: true,
      access_key: "emulator",
    });
    expect(provider.region).toBe("us-east-1");
  });

  it("keeps the state stack's state local and puts every other stack's in the emulated bucket", () => {
    expect(copyOf("state").terraform.backend).toBeUndefined();
    const backend = copyOf("network").terraform.backend.s3;
    expect(backend).toMatchObject({
      bucket: "workspaces-vdi-dev-tfstate-123456789012",
      key: "workspaces-vdi/dev/network.tfstate",
      endpoints: { s3: ENDPOINT },
      use_path_style: true,
    });
    expect(backend.use_lockfile).toBeUndefined();
  });

  it("reads every cross-stack reference from the emulated bucket", () => {
    const remotes = Object.values<any>(copyOf("desktops").data.terraform_remote_state);
    expect(remotes).toHaveLength(2);
    for (const remote of remotes)
      expect(remote.config).toMatchObject({ endpoints: { s3: ENDPOINT }, use_path_style: true, skip_credentials_validation: true });
  });

  it("works around moto's gaps in the state bucket and nowhere else", () => {
    const copy = copyOf("state");
    expect(copy.resource.aws_s3_bucket_policy).toBeUndefined();
    expect(Object.keys(copy.data.aws_iam_policy_document)).toEqual(["state-key_policy_608B8DA9"]);
    const [rule] = Object.values<any>(copy.resource.aws_s3_bucket_lifecycle_configuration)[0].rule;
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    // The synthesized stack itself is untouched.
    expect(stacks.state.resource.aws_s3_bucket_policy).toBeDefined();
    expect(
      stacks.state.resource.aws_s3_bucket_lifecycle_configuration["state-bucket_lifecycle_C2B75840"].rule[0].noncurrent_version_expiration[0]
        .newer_noncurrent_versions,
    ).toBe(10);
  });

  it("refuses a resource type whose endpoint it does not know, rather than let the provider call AWS", () => {
    expect(() => servicesUsed({ resource: { aws_glue_job: { job: {} } } })).toThrow("resource type aws_glue_job has no endpoint");
  });
});

describe("what the emulator run applies of each stack", () => {
  it("applies the state, network and identity stacks whole", () => {
    for (const stack of ["state", "network", "identity"]) expect(selectForEmulator(stacks[stack])).toEqual({ targets: [], leftOut: [] });
  });

  it("leaves out of the desktops stack the WorkSpaces resources and what depends on them, and applies the rest", () => {
    const { targets, leftOut } = selectForEmulator(stacks.desktops);
    expect(typesOf(leftOut.map((entry) => entry.address))).toEqual([
      "aws_cloudwatch_dashboard",
      "aws_cloudwatch_metric_alarm",
      "aws_workspaces_directory",
      "aws_workspaces_ip_group",
      "aws_workspaces_workspace",
      "data.aws_servicequotas_service_quota",
      "data.aws_workspaces_bundle",
    ]);
    expect(typesOf(targets)).toEqual([
      "aws_cloudwatch_event_rule",
      "aws_cloudwatch_event_target",
      "aws_cloudwatch_log_group",
      "aws_cloudwatch_log_resource_policy",
      "aws_kms_alias",
      "aws_kms_key",
      "aws_sns_topic",
    ]);
  });
});

describe("failed checks in Terraform's output", () => {
  it("names each check block whose assertion failed, which Terraform reports only as a warning", () => {
    const output = [
      "Warning: Check block assertion failed",
      "",
      "  on main.tf.json line 40, in check.directory_active.assert[0]:",
      '  40:         "condition": "${length(aws_directory_service_directory.d.dns_ip_addresses) >= 2}",',
      "",
      "Directory corp.example.com has no DNS addresses.",
      "",
      "Warning: Argument is deprecated",
    ].join("\n");
    expect(failedChecks(output)).toEqual(["directory_active"]);
    expect(failedChecks("Apply complete! Resources: 3 added, 0 changed, 0 destroyed.")).toEqual([]);
  });
});
