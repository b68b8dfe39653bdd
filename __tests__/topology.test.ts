import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { loadConfig, parseConfig } from "../config/load";
import { stackNamesOf } from "../topology";
import { configWith, dataOf, resourcesOf, shippedConfigFiles, synthApp, yamlWith } from "./helpers";
import { standbyLinksOf } from "./stacks/standby-links";

const DR_EXAMPLE = readFileSync("config/examples/disaster-recovery.yaml", "utf8");

describe("the topology", () => {
  it.each(shippedConfigFiles().map((file) => relative(process.cwd(), file)))(
    "of %s names exactly the synthesized stacks, each after every stack it reads from",
    (file) => {
      const config = loadConfig(file);
      const { manifest } = synthApp(config);
      const order: string[] = stackNamesOf(config);
      expect([...order].sort()).toEqual(Object.keys(manifest.stacks).sort());
      for (const [stack, { dependencies }] of Object.entries<{ dependencies: string[] }>(manifest.stacks)) {
        for (const upstream of dependencies) expect(order.indexOf(upstream)).toBeLessThan(order.indexOf(stack));
      }
    },
  );

  it("orders the account stack and the DR stacks where the commands deploy them", () => {
    const config = parseConfig(yamlWith({ "directory.createServiceRole": true }, DR_EXAMPLE), "dr.yaml");
    expect(stackNamesOf(config)).toEqual([
      "state",
      "account",
      "network",
      "identity",
      "desktops",
      "dr-network",
      "dr-identity",
      "dr-desktops",
      "dr-redirection",
    ]);
  });
});

describe("default tags", () => {
  const dr = synthApp(parseConfig(yamlWith({ tags: { "cost-center": "it-desktops" } }, DR_EXAMPLE), "dr.yaml")).all;

  it.each(Object.keys(dr))("tag every resource of %s with the configuration's tags, the deployment and the stack", (stack) => {
    expect(dr[stack].provider.aws[0].default_tags[0].tags).toEqual({
      "cost-center": "it-desktops",
      project: "acme-vdi",
      environment: "prod",
      "managed-by": "cdktf/workspaces-vdi",
      stack,
    });
  });

  it("are the standby WorkSpaces' tags too (the function creates them, not the provider), with the user's", () => {
    const standby = standbyLinksOf(dr);
    const providerTags = dr["dr-desktops"].provider.aws[0].default_tags[0].tags;
    expect(standby.users).toEqual(["Admin", "jane.doe"]);
    for (const user of standby.users) expect(standby.tagsOf(user)).toEqual(expect.objectContaining({ ...providerTags, user }));
  });
});

describe("what prod turns on", () => {
  const recoveryWindow = (environment: string) =>
    resourcesOf(synthApp(configWith({ environment })).identity, "aws_secretsmanager_secret").map((secret) => secret.recovery_window_in_days);

  it("keeps a deleted directory password recoverable for 30 days in prod, and deletes it at once elsewhere", () => {
    expect(recoveryWindow("prod")).toEqual([30]);
    expect(recoveryWindow("staging")).toEqual([0]);
    expect(recoveryWindow("dev")).toEqual([0]);
  });

  it("reads nothing of the environment in the network stack", () => {
    const network = (environment: string) => {
      const { network: json } = synthApp(configWith({ environment }));
      return JSON.stringify({ resource: json.resource, data: dataOf(json, "aws_availability_zones") }).replaceAll(environment, "ENV");
    };
    expect(network("prod")).toEqual(network("dev"));
  });
});
