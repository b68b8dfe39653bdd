import { readFileSync } from "node:fs";
import { parseConfig } from "../../config/load";
import { mockedTestFile, unreachableContacts } from "../../testing/terraform/test-file";
import type { ProviderSchemaFacts } from "../../testing/terraform/provider-schema";
import type { StackJson } from "../../testing/terraform/test-copy";
import { DR_REGION_STACKS, FAILOVER_STACKS } from "../../topology";
import { synthApp } from "../helpers";

/*
 * The Terraform layer runs the failover stacks of the disaster-recovery example with the primary Region down
 * (__tests__/terraform/layer.ts): a state read or a provider there makes their test file impossible to write, so
 * the layer fails instead of mocking away a read that Terraform could not make during an outage.
 */
const config = parseConfig(readFileSync("config/examples/disaster-recovery.yaml", "utf8"), "dr.yaml");
const stacks = synthApp(config).all as unknown as Record<string, StackJson>;
const primaryDown = [config.region];
const noSchemaNeeded = {} as ProviderSchemaFacts;

test.each([...FAILOVER_STACKS])("%s reads no state and addresses no provider in the primary Region", (stack) => {
  expect(unreachableContacts(stacks[stack], primaryDown)).toEqual([]);
});

test("dr-identity, not a failover stack, does read the primary Region: the condition sees such reads", () => {
  expect(unreachableContacts(stacks[DR_REGION_STACKS.identity], primaryDown)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^data\.terraform_remote_state\.\S+ reads s3:\/\/.+\/identity\.tfstate in us-east-1$/)]),
  );
});

test("a test file for a stack that needs the downed Region is refused, with what it needs", () => {
  const readsPrimary = stacks[DR_REGION_STACKS.identity];
  expect(() => mockedTestFile(readsPrimary, stacks, noSchemaNeeded, { unreachableRegions: primaryDown })).toThrow(
    /needs a Region that is down in this run: .*identity\.tfstate in us-east-1/,
  );
});
