import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Token } from "cdktf";
import { WorkspacesQuotaCheck } from "../../modules/workspaces-quota";
import { findTerraformEngine } from "../../testing/terraform/engine";
import { terraform } from "../../testing/terraform/run-stack";
import { dataOf, synthScope } from "../helpers";

const quotaLookupOf = (props: ConstructorParameters<typeof WorkspacesQuotaCheck>[2]) => {
  const { json } = synthScope((scope) => new WorkspacesQuotaCheck(scope, "quota-check", props));
  const [lookup] = dataOf(json, "aws_servicequotas_service_quota");
  return lookup;
};

describe("WorkspacesQuotaCheck", () => {
  it("reads WorkSpaces' quota by the name AWS's guide gives it and fails on fewer than the desktops, naming the number", () => {
    const lookup = quotaLookupOf({ desktops: 120 });
    expect(lookup.service_code).toBe("workspaces");
    expect(lookup.quota_name).toBe("WorkSpaces");
    expect(lookup.quota_code).toBeUndefined();
    const [postcondition] = lookup.lifecycle.postcondition;
    expect(postcondition.condition).toBe("${self.value >= 120}");
    expect(postcondition.error_message).toContain("below the 120 WorkSpaces this deployment needs");
    expect(postcondition.error_message).toContain("Request an increase to at least 120");
  });

  it("selects the quota by code when given one", () => {
    const lookup = quotaLookupOf({ desktops: 3, quota: { code: "L-TEST0001" } });
    expect(lookup.quota_code).toBe("L-TEST0001");
    expect(lookup.quota_name).toBeUndefined();
  });

  it.each([
    [2.5, "stack/quota-check: desktops is 2.5: the check compares the quota with the number of desktops, so give a whole number known at synth time"],
    [-1, "stack/quota-check: desktops is -1: the check compares the quota with the number of desktops, so give a whole number known at synth time"],
    [
      Token.asNumber("${var.n}"),
      "stack/quota-check: desktops is a token: the check compares the quota with the number of desktops, so give a whole number known at synth time",
    ],
  ])("refuses desktops = %s", (desktops, message) => {
    expect(() => quotaLookupOf({ desktops })).toThrow(message);
  });
});

// Terraform itself evaluates the postcondition: a plan with the quota below the desktops fails on it, at or above passes.
const lookup = findTerraformEngine("6.25.0");
(lookup.found ? describe : describe.skip)("WorkspacesQuotaCheck in terraform plan (provider mocked)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vdi-quota-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fails the plan when the quota is below the desktops and passes at the quota", async () => {
    if (!lookup.found) return;
    const engine = lookup.engine;
    const { json } = synthScope((scope) => new WorkspacesQuotaCheck(scope, "quota-check", { desktops: 40 }));
    json.terraform = { required_providers: { aws: { source: "hashicorp/aws", version: engine.awsProviderVersion } } } as any;
    json.provider = { aws: [{ region: "us-east-1" }] };
    const address = `data.aws_servicequotas_service_quota.${Object.keys(json.data.aws_servicequotas_service_quota)[0]}`;
    const run = (name: string, value: number, failing: boolean) =>
      [
        `run "${name}" {`,
        "  command = plan",
        `  override_data {\n    target = ${address}\n    values = { value = ${value}, quota_code = "L-TEST0001", quota_name = "WorkSpaces", quota_arn = "arn:aws:servicequotas:us-east-1:123456789012:workspaces/L-TEST0001" }\n  }`,
        failing ? `  expect_failures = [${address}]` : "",
        "}",
      ].join("\n");
    mkdirSync(join(dir, "tests"), { recursive: true });
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(json));
    writeFileSync(join(dir, "tests", "quota.tftest.hcl"), ['mock_provider "aws" {}', run("below", 39, true), run("at", 40, false)].join("\n"));
    expect((await terraform(engine, dir, ["init", "-backend=false", "-input=false", "-no-color"])).status).toBe(0);
    const test = await terraform(engine, dir, ["test", "-no-color"]);
    expect(test.output).toContain("Success! 2 passed, 0 failed.");
  }, 120_000);
});
