import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig } from "../../config/load";
import { deployOrder } from "../../commands/stack-order";
import { readDependencies, synthesize } from "../../synthesis/synthesize";
import { findTerraformEngine, HOW_TO_GET_TERRAFORM } from "../../testing/terraform/engine";
import { checksWithScopedData } from "../../testing/terraform/guards";
import { awsSchemaFacts } from "../../testing/terraform/provider-schema";
import { judgeStack } from "../../testing/terraform/run-stack";
import { pinnedAwsVersion } from "../../testing/terraform/test-copy";
import { isFailoverStack } from "../../topology";

const ROOT = resolve(__dirname, "..", "..");

/**
 * Terraform judges what we synthesize: for every stack of one configuration, `terraform validate` against the
 * provider's real schema, then `terraform test` with the provider mocked (a plan run, an apply run whose checks
 * must pass, and a negative run per guard that must fail exactly that guard). Without Terraform or providers the
 * tests are skipped and say so; CI (`VDI_REQUIRE_TERRAFORM=1`, set by .ci/run) fails instead.
 */
export function describeTerraformLayer(configFile: string): void {
  const outdir = mkdtempSync(join(tmpdir(), "vdi-terraform-"));
  const config = loadConfig(join(ROOT, "config", configFile));
  const { stacks, written } = synthesize(config, join(outdir, "synth"));
  if (!written) throw new Error(`config/${configFile} does not synthesize`);
  const lookup = findTerraformEngine(pinnedAwsVersion(Object.values(stacks)[0]));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  if (!lookup.found) {
    const message = `Terraform layer SKIPPED for config/${configFile}: ${lookup.reason}. ${HOW_TO_GET_TERRAFORM}`;
    if (process.env.VDI_REQUIRE_TERRAFORM === "1") {
      it("has Terraform and the AWS provider (VDI_REQUIRE_TERRAFORM=1)", () => {
        throw new Error(message);
      });
    } else {
      process.stderr.write(`\n*** ${message}\n`);
      it.skip(`Terraform validate and mocked plan/apply of config/${configFile} (no Terraform)`, () => undefined);
    }
    return;
  }
  const engine = lookup.engine;
  const schema = awsSchemaFacts(engine);
  // The failover runbook deploys these while the primary Region is down: their runs get no state from it.
  const dr = config.disasterRecovery;
  const primaryRegionsDown = dr ? [...new Set([config.region, config.state.region])].filter((region) => region !== dr.region) : [];
  const conditionsOf = (stack: string) => (isFailoverStack(stack) ? { unreachableRegions: primaryRegionsDown } : {});

  describe(`Terraform (${engine.providerSource}) on config/${configFile}`, () => {
    // Deploy order, so a producer's failure is reported before its consumers'.
    it.each(deployOrder(readDependencies(join(outdir, "synth"))))(
      "%s validates, plans and applies with the provider mocked (failover stacks: with the primary Region down); every guard fires",
      async (name) => {
        // A check with a data source of its own makes every plan report a change (hashicorp/terraform#35226).
        expect(checksWithScopedData(stacks[name])).toEqual([]);
        const result = await judgeStack(engine, join(outdir, "runs", name), stacks[name], stacks, schema, conditionsOf(name));
        expect({ init: result.init.status, output: result.init.status === 0 ? "" : result.init.output }).toEqual({ init: 0, output: "" });
        expect(result.validate.diagnostics).toEqual([]);
        expect(result.validate.valid).toBe(true);
        const test = result.test!;
        expect(test.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
        // Every run passed, and every run the file holds was run (a skipped run hides its guard).
        expect(test.runs).toEqual(Object.fromEntries(Object.keys(result.file.runs).map((run) => [run, "pass"])));
        // No check may fail in the apply run, not even as a warning.
        expect(test.diagnostics.filter((diagnostic) => diagnostic.run === "apply")).toEqual([]);
        // Every guard has a negative run that makes it fire (testing/terraform/guards.ts knows how).
        expect(result.file.guardsWithoutNegativeRun).toEqual([]);
      },
      600_000,
    );
  });
}
