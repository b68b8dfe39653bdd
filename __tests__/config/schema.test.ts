import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from "../../config/load";
import { WORKSPACES_AZ_ID_PREFIXES_TO_CONFIRM, WORKSPACES_AZ_IDS, WORKSPACES_REGIONS_WITHOUT_SIMPLE_AD } from "../../config/regions";
import { configWith, yamlWith, problemsOf } from "../helpers";

describe("the embedded default configuration", () => {
  const config = loadConfig(DEFAULT_CONFIG_PATH);

  it("is a dev deployment of one Simple AD desktop for Administrator", () => {
    expect(config.environment).toBe("dev");
    expect(config.directory.type).toBe("SimpleAD");
    expect(config.desktops.users.map((user) => user.userName)).toEqual(["Administrator"]);
  });

  it("never opens access to the whole internet", () => {
    expect(config.access.ipRules.length).toBeGreaterThan(0);
    expect(config.access.ipRules.map((rule) => rule.source)).not.toContain("0.0.0.0/0");
  });

  it("derives state region and key prefix from the project", () => {
    expect(config.state.region).toBe(config.region);
    expect(config.state.keyPrefix).toBe(`${config.project}/${config.environment}`);
  });

  it("picks the first two WorkSpaces AZ IDs of the region when none are given", () => {
    expect(config.network.availabilityZoneIds).toEqual(WORKSPACES_AZ_IDS[config.region].slice(0, 2));
  });
});

describe("defaults of optional keys", () => {
  const config = configWith({ network: undefined, monitoring: undefined, "desktops.defaults": undefined, tags: undefined });

  it("uses the recipe's network with one NAT gateway", () => {
    expect(config.network.vpcCidr).toBe("10.0.0.0/16");
    expect(config.network.natGateways).toBe("single");
  });

  it("carves two private and two public subnets from the VPC CIDR", () => {
    expect(config.network.privateSubnetCidrs).toEqual(["10.0.0.0/18", "10.0.64.0/18"]);
    expect(config.network.publicSubnetCidrs).toEqual(["10.0.128.0/19", "10.0.160.0/19"]);
  });

  it("gives desktops AUTO_STOP, 80/50 GiB volumes and STANDARD compute", () => {
    expect(config.desktops.users[0]).toMatchObject({
      runningMode: "AUTO_STOP",
      autoStopTimeoutMinutes: 60,
      rootVolumeGib: 80,
      userVolumeGib: 50,
      computeType: "STANDARD",
    });
  });

  it("keeps logs 90 days, looks the account's service role up and keeps the state bucket on destroy", () => {
    expect(config.monitoring.logRetentionDays).toBe(90);
    expect(config.directory.createServiceRole).toBe(false);
    expect(config.state.forceDestroy).toBe(false);
    expect(config.tags).toEqual({});
  });
});

describe("the example configurations", () => {
  const production = loadConfig(join(__dirname, "..", "..", "config", "examples", "production.yaml"));

  it("production.yaml is a prod fleet with per-AZ NAT, several users and office CIDRs", () => {
    expect(production.environment).toBe("prod");
    expect(production.network.natGateways).toBe("perAz");
    expect(production.desktops.users.length).toBeGreaterThan(2);
    expect(production.access.ipRules.length).toBeGreaterThan(1);
    expect(production.access.ipRules.map((rule) => rule.source)).not.toContain("0.0.0.0/0");
  });

  it("merges each user's overrides over the defaults", () => {
    const carla = production.desktops.users.find((user) => user.userName === "carla.rossi");
    const alice = production.desktops.users.find((user) => user.userName === "alice.martin");
    expect(carla).toMatchObject({ runningMode: "ALWAYS_ON", computeType: "GRAPHICS_G4DN", rootVolumeGib: 175, userVolumeGib: 200 });
    expect(carla?.autoStopTimeoutMinutes).toBe(120);
    expect(alice).toMatchObject({ runningMode: "AUTO_STOP", computeType: "STANDARD", rootVolumeGib: 80, userVolumeGib: 100 });
  });

  it("a user's own bundle replaces the default bundle whole", () => {
    const carla = production.desktops.users.find((user) => user.userName === "carla.rossi");
    expect(carla?.bundle).toEqual({ owner: "AMAZON", name: "Graphics.g4dn with Windows 10 (Server 2022 based)" });
    const withId = configWith({ "desktops.users": [{ userName: "dev.ops", bundleId: "wsb-abcd12345" }] });
    expect(withId.desktops.users[0].bundle).toEqual({ bundleId: "wsb-abcd12345" });
  });
});

describe("bad input", () => {
  it("names file, line, key path, value and rule", () => {
    expect(problemsOf(yamlWith({ "network.vpcCidr": "10.0.0.0/33" }))).toEqual([
      expect.stringMatching(/^test\.yaml:\d+: network\.vpcCidr: "10\.0\.0\.0\/33" is not a valid IPv4 CIDR$/),
    ]);
  });

  it("reports every problem at once, in file order", () => {
    const problems = problemsOf(
      yamlWith({ project: "Bad_Name", environment: "qa", "state.bucket": "x", "desktops.users.0.userName": "a/b", extra: 1 }),
    );
    expect(problems).toHaveLength(5);
    expect(problems.join("\n")).toMatch(/project: "Bad_Name" must be/);
    expect(problems.join("\n")).toMatch(/environment: "qa" must be one of: dev, staging, prod/);
    expect(problems.join("\n")).toMatch(/state\.bucket: "x" is not a valid S3 bucket name/);
    expect(problems.join("\n")).toMatch(/desktops\.users\[0\]\.userName: "a\/b" is not a valid Active Directory user name/);
    expect(problems.join("\n")).toMatch(/extra: is not a known key here/);
    const lines = problems.map((problem) => Number(problem.split(":")[1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it("refuses unknown keys at any depth", () => {
    expect(problemsOf(yamlWith({ "network.natGateway": "single" }))).toEqual([
      expect.stringMatching(/network\.natGateway: is not a known key here \(did you mean natGateways\?\)$/),
    ]);
  });

  it("says which required key is missing", () => {
    expect(problemsOf(yamlWith({ "state.bucket": undefined }))).toEqual([expect.stringMatching(/state\.bucket: is required$/)]);
  });

  it("refuses AZ IDs where WorkSpaces does not run and the same AZ twice", () => {
    const problems = problemsOf(yamlWith({ "network.availabilityZoneIds": ["use1-az1", "use1-az2"] }));
    expect(problems).toEqual([
      expect.stringMatching(/network\.availabilityZoneIds\[0\]: "use1-az1" is not an AZ ID where WorkSpaces runs in us-east-1/),
    ]);
    expect(problemsOf(yamlWith({ "network.availabilityZoneIds": ["use1-az2", "use1-az2"] }))).toEqual([
      expect.stringMatching(/availabilityZoneIds\[1\]: "use1-az2" is listed twice/),
    ]);
  });

  it("refuses a VPC too small for the subnet layout", () => {
    expect(problemsOf(yamlWith({ "network.vpcCidr": "10.0.0.0/26" }))).toEqual([
      expect.stringMatching(/network\.vpcCidr: "10\.0\.0\.0\/26" must have a prefix between \/16 .* and \/25/),
    ]);
  });

  it("refuses keys that do not apply to the directory type", () => {
    expect(problemsOf(yamlWith({ "directory.edition": "Enterprise" }))).toEqual([
      expect.stringMatching(/directory\.edition: "Enterprise" does not apply to directory type SimpleAD/),
    ]);
    expect(problemsOf(yamlWith({ "directory.radius": { servers: ["10.1.0.5"], sharedSecretId: "mfa/radius" } }))).toEqual([
      expect.stringMatching(/directory\.radius: does not apply to directory type SimpleAD \(RADIUS MFA needs MicrosoftAD or ADConnector\)/),
    ]);
  });

  it("refuses invalid volume pairs and duplicate users", () => {
    const problems = problemsOf(yamlWith({ "desktops.users": [{ userName: "ann", userVolumeGib: 20 }, { userName: "ANN" }] }));
    expect(problems).toEqual([
      expect.stringMatching(/desktops\.users\[0\]: root 80 GiB with user 20 GiB is not a valid volume pair/),
      expect.stringMatching(/desktops\.users\[1\]\.userName: "ANN" is already used by users\[0\]/),
    ]);
  });

  it("says so when the file is missing, empty or not YAML", () => {
    const dir = mkdtempSync(join(tmpdir(), "vdi-config-"));
    expect(() => loadConfig(join(dir, "missing.yaml"))).toThrow(/missing\.yaml: configuration file not found/);
    writeFileSync(join(dir, "empty.yaml"), "");
    expect(() => loadConfig(join(dir, "empty.yaml"))).toThrow(/empty\.yaml: the configuration file is empty/);
    writeFileSync(join(dir, "broken.yaml"), "project: [unclosed\n");
    expect(() => loadConfig(join(dir, "broken.yaml"))).toThrow(/broken\.yaml:\d+: not valid YAML/);
  });

  it("keeps state in any AWS region, even one without WorkSpaces", () => {
    expect(configWith({ "state.region": "us-east-2" }).state.region).toBe("us-east-2");
    expect(problemsOf(yamlWith({ "state.region": "Frankfurt" }))).toEqual([
      expect.stringMatching(/state\.region: "Frankfurt" is not an AWS region \(such as eu-west-1/),
    ]);
  });

  it("accepts JSON, which is valid YAML", () => {
    const json = JSON.stringify({
      project: "p1",
      environment: "dev",
      region: "eu-west-1",
      state: { bucket: "b-1-2" },
      directory: { name: "corp.example.com" },
    });
    expect(parseConfig(json, "config.json").network.availabilityZoneIds).toEqual(["euw1-az1", "euw1-az2"]);
  });
});

describe("WorkSpaces regions", () => {
  const toConfirm = Object.entries(WORKSPACES_AZ_ID_PREFIXES_TO_CONFIRM);
  const managedAd = { "directory.type": "MicrosoftAD", "directory.edition": "Standard", "directory.size": undefined };

  it.each(toConfirm)("accepts %s with two AZ IDs of its own given, and uses them", (region, prefix) => {
    const azIds = [`${prefix}-az3`, `${prefix}-az1`];
    const config = configWith({ ...managedAd, region, "network.availabilityZoneIds": azIds });
    expect(config.network.availabilityZoneIds).toEqual(azIds);
  });

  it.each(toConfirm)("asks for the AZ IDs of %s, from AWS's table, when none are given", (region, prefix) => {
    const problems = problemsOf(yamlWith({ ...managedAd, region }));
    expect(problems).toHaveLength(1);
    // The line is the nearest one the file has: the network section's.
    expect(problems[0].replace(/^test\.yaml:\d+: /, "")).toBe(
      `network.availabilityZoneIds: is required in ${region}: WorkSpaces runs in only some of its AZs and this project has no confirmed list for it; copy two AZ IDs (${prefix}-az<n>) from ${region}'s row of https://docs.aws.amazon.com/workspaces/latest/adminguide/azs-workspaces.html`,
    );
  });

  it("refuses AZ names, other Regions' AZ IDs and a repeated AZ where the Region's list is not known", () => {
    const problems = problemsOf(yamlWith({ ...managedAd, region: "eu-west-3", "network.availabilityZoneIds": ["eu-west-3a", "euw1-az1"] }));
    expect(problems).toEqual([
      expect.stringMatching(
        /network\.availabilityZoneIds\[0\]: "eu-west-3a" is an AZ name, not an AZ ID: names map to different zones in each account; give AZ IDs \(euw3-az<n>;/,
      ),
      expect.stringMatching(/network\.availabilityZoneIds\[1\]: "euw1-az1" is not an AZ ID of eu-west-3 \(euw3-az<n>/),
    ]);
    expect(problemsOf(yamlWith({ ...managedAd, region: "eu-west-3", "network.availabilityZoneIds": ["euw3-az2", "euw3-az2"] }))).toEqual([
      expect.stringMatching(/network\.availabilityZoneIds\[1\]: "euw3-az2" is listed twice/),
    ]);
  });

  it.each(WORKSPACES_REGIONS_WITHOUT_SIMPLE_AD)("refuses Simple AD in %s, where Directory Service does not offer it", (region) => {
    const azIds = [`${WORKSPACES_AZ_ID_PREFIXES_TO_CONFIRM[region]}-az1`, `${WORKSPACES_AZ_ID_PREFIXES_TO_CONFIRM[region]}-az2`];
    expect(problemsOf(yamlWith({ region, "network.availabilityZoneIds": azIds }))).toEqual([
      expect.stringMatching(
        new RegExp(
          `directory\\.type: "SimpleAD" is SimpleAD, which AWS Directory Service does not offer in ${region}: use MicrosoftAD or ADConnector`,
        ),
      ),
    ]);
  });

  it("accepts Asia Pacific (Mumbai) with its three WorkSpaces AZ IDs and defaults to the first two", () => {
    expect(WORKSPACES_AZ_IDS["ap-south-1"]).toEqual(["aps1-az1", "aps1-az2", "aps1-az3"]);
    const config = configWith({ region: "ap-south-1" });
    expect(config.network.availabilityZoneIds).toEqual(["aps1-az1", "aps1-az2"]);
    expect(problemsOf(yamlWith({ region: "ap-south-1", "network.availabilityZoneIds": ["aps1-az3", "aps1-az2"] }))).toEqual([]);
  });
});
