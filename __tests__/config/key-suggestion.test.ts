import { ConfigError } from "../../config/errors";
import { knownKeysAt } from "../../config/key-suggestion";
import { parseConfig } from "../../config/load";
import { configSchema } from "../../config/schema";
import { yamlWith } from "../helpers";

function problemsOf(changes: Record<string, unknown>): string[] {
  try {
    parseConfig(yamlWith(changes), "test.yaml");
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe("did you mean, for misspelled keys", () => {
  it.each([
    ["network.natGateway", "single", "network.natGateway", "natGateways"],
    ["network.vpcCIDR", "10.0.0.0/16", "network.vpcCIDR", "vpcCidr"],
    ["regoin", "us-east-1", "regoin", "region"],
    ["desktops.users.0.usrName", "jane", "desktops.users[0].usrName", "userName"],
    ["desktops.defaults.computeTpye", "VALUE", "desktops.defaults.computeTpye", "computeType"],
    ["access.saml", { userAccessUrl: "https://idp.example.com/sso", mdoe: "required" }, "access.saml.mdoe", "mode"],
    ["policy.waivers", [{ rule: "ip-access-open", reasn: "approved kiosk exception" }], "policy.waivers[0].reasn", "reason"],
  ])("%s suggests the known key at its level", (path, value, shown, suggestion) => {
    const problems = problemsOf({ [path]: value });
    expect(problems).toContainEqual(
      expect.stringMatching(new RegExp(`${shown.replace(/[[\].]/g, "\\$&")}: is not a known key here \\(did you mean ${suggestion}\\?\\)$`)),
    );
  });

  it("suggests nothing when no known key is close", () => {
    expect(problemsOf({ "network.colour": "blue" })).toEqual([expect.stringMatching(/network\.colour: is not a known key here$/)]);
    expect(problemsOf({ "desktops.selfService.restart": true })).toEqual([
      expect.stringMatching(/desktops\.selfService\.restart: is not a known key here$/),
    ]);
  });

  it("knows the keys of nested, listed and wrapped sections", () => {
    expect(knownKeysAt(configSchema, [])).toEqual(expect.arrayContaining(["project", "environment", "region", "state", "network", "desktops"]));
    expect(knownKeysAt(configSchema, ["directory"])).toEqual(expect.arrayContaining(["type", "name", "connectSettings", "radius"]));
    expect(knownKeysAt(configSchema, ["desktops", "users", 0])).toEqual(expect.arrayContaining(["userName", "computeType", "tags"]));
  });
});
