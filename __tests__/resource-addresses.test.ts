import { join, relative } from "node:path";
import { loadConfig } from "../config/load";
import { resourceAddresses, shippedConfigFiles, synthApp } from "./helpers";

/**
 * Construct IDs are a contract: a resource's Terraform address derives from its construct path, and a
 * changed address is a destroy and a create (a new VPC, directory or KMS key, a lost desktop). The
 * snapshot lists every stack's resource addresses (not their values) for the default and every example
 * configuration, so that a rename shows in review. When a change is meant, update it with
 * `npx jest __tests__/resource-addresses.test.ts -u` and say in the pull request what gets replaced
 * (or add `moved` blocks).
 */

const ROOT = join(__dirname, "..");
const CONFIG_FILES = shippedConfigFiles().map((file) => relative(ROOT, file));

describe("resource addresses", () => {
  it.each(CONFIG_FILES)("of %s are unchanged", (file) => {
    const { all } = synthApp(loadConfig(join(ROOT, file)));
    const addresses = Object.fromEntries(
      Object.entries(all)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, json]) => [name, resourceAddresses(json)]),
    );
    expect(addresses).toMatchSnapshot();
  });
});
