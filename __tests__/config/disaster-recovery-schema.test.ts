import { readFileSync } from "node:fs";
import { ConfigError } from "../../config/errors";
import { parseConfig } from "../../config/load";
import { yamlWith } from "../helpers";

const EXAMPLE = readFileSync("config/examples/disaster-recovery.yaml", "utf8");

/** The DR example with some keys set (path → value, `undefined` deletes). */
const exampleWith = (changes: Record<string, unknown>) => yamlWith(changes, EXAMPLE);

function problemsOf(changes: Record<string, unknown>): string[] {
  try {
    parseConfig(exampleWith(changes), "dr.yaml");
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

test("the example gets the DR network's defaults and subnet layout", () => {
  const config = parseConfig(exampleWith({ "disasterRecovery.network.availabilityZoneIds": undefined }), "dr.yaml");
  expect(config.disasterRecovery).toMatchObject({
    region: "us-west-2",
    connectionAlias: "desktops.acme.example",
    standby: true,
    network: { vpcCidr: "10.1.0.0/16", availabilityZoneIds: ["usw2-az1", "usw2-az2"], privateSubnetCidrs: ["10.1.0.0/18", "10.1.64.0/18"] },
  });
  expect(parseConfig(exampleWith({ "disasterRecovery.standby": undefined }), "dr.yaml").disasterRecovery?.standby).toBe(true);
});

test("Simple AD is refused with the reason: no replication, no standby WorkSpaces", () => {
  const problems = problemsOf({ "directory.type": "SimpleAD", "directory.edition": undefined });
  expect(problems.join("\n")).toMatch(
    /directory\.type: "SimpleAD" is SimpleAD, which disasterRecovery does not support: Simple AD cannot be replicated.*standby WorkSpaces \(Multi-Region Resilience\) need AWS Managed Microsoft AD or AD Connector/,
  );
});

test("Managed Microsoft AD Standard is refused: only Enterprise replicates across Regions", () => {
  expect(problemsOf({ "directory.edition": "Standard" }).join("\n")).toMatch(
    /directory\.edition: "Standard" is Standard: .*replicates across Regions only in the Enterprise edition; set edition: Enterprise/,
  );
});

test("AD Connector is accepted", () => {
  const config = parseConfig(
    exampleWith({
      "directory.type": "ADConnector",
      "directory.edition": undefined,
      "directory.connectSettings": { customerDnsIps: ["10.100.0.10"], customerUsername: "svc-ad", passwordSecretId: "ad/service-account" },
      "network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0123456789abcdef0" }],
      "disasterRecovery.network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0fedcba9876543210" }],
      "disasterRecovery.directoryConnector": undefined,
    }),
    "dr.yaml",
  );
  expect(config.directory.type).toBe("ADConnector");
});

test("Managed Microsoft AD needs the DR Region's AD Connector: its service account and its password's secret", () => {
  expect(parseConfig(exampleWith({}), "dr.yaml").disasterRecovery?.directoryConnector).toEqual({
    serviceAccountUserName: "svc-adconnector-dr",
    serviceAccountPasswordSecretId: "acme-vdi/dr/ad-connector-service-account",
    size: "Small",
  });
  expect(problemsOf({ "disasterRecovery.directoryConnector": undefined })).toEqual([
    expect.stringMatching(
      /^dr\.yaml(:\d+)?: disasterRecovery\.directoryConnector: .*is required with directory type MicrosoftAD: the DR Region registers an AD Connector in front of the replica's domain controllers .*secret in us-west-2$/,
    ),
  ]);
  expect(problemsOf({ "disasterRecovery.directoryConnector.serviceAccountPasswordSecretId": "not a secret!" })).toEqual([
    expect.stringMatching(
      /disasterRecovery\.directoryConnector\.serviceAccountPasswordSecretId: "not a secret!" is not a Secrets Manager secret name or ARN/,
    ),
  ]);
  expect(problemsOf({ "disasterRecovery.directoryConnector.serviceAccountUserName": "svc ad" })).toEqual([
    expect.stringMatching(
      /disasterRecovery\.directoryConnector\.serviceAccountUserName: "svc ad" is not a service account name AD Connector accepts/,
    ),
  ]);
});

test("directoryConnector is refused with an AD Connector directory, with the reason", () => {
  const problems = problemsOf({
    "directory.type": "ADConnector",
    "directory.edition": undefined,
    "directory.connectSettings": { customerDnsIps: ["10.100.0.10"], customerUsername: "svc-ad", passwordSecretId: "ad/service-account" },
    "network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0123456789abcdef0" }],
    "disasterRecovery.network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0fedcba9876543210" }],
  });
  expect(problems).toEqual([
    expect.stringMatching(
      /^dr\.yaml:\d+: disasterRecovery\.directoryConnector: .*does not apply to directory type ADConnector: only a replicated MicrosoftAD gets an AD Connector in the DR Region/,
    ),
  ]);
});

test("the DR Region must differ from region, its AZ IDs belong to it, and the VPCs must not overlap: all reported at once", () => {
  const problems = problemsOf({
    "disasterRecovery.region": "us-east-1",
    "disasterRecovery.network.vpcCidr": "10.0.128.0/17",
  });
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/disasterRecovery\.region: "us-east-1" is the primary region/),
      expect.stringMatching(/disasterRecovery\.network\.availabilityZoneIds\[0\]: "usw2-az1" is not an AZ ID where WorkSpaces runs in us-east-1/),
      expect.stringMatching(/disasterRecovery\.network\.vpcCidr: "10\.0\.128\.0\/17" overlaps network\.vpcCidr 10\.0\.0\.0\/16/),
    ]),
  );
});

test("the DR network's default CIDR (the primary's default) is refused as overlapping, with a suggestion", () => {
  expect(problemsOf({ "disasterRecovery.network": undefined, "network.vpcCidr": undefined }).join("\n")).toMatch(
    /overlaps network\.vpcCidr 10\.0\.0\.0\/16.*use e\.g\. 10\.1\.0\.0\/16/,
  );
});

test("a DR Region that is not a WorkSpaces Region is refused", () => {
  expect(problemsOf({ "disasterRecovery.region": "eu-north-1" }).join("\n")).toMatch(/disasterRecovery\.region: "eu-north-1"/);
});

test("the alias is an FQDN and the hosted zone ID well formed", () => {
  const problems = problemsOf({ "disasterRecovery.connectionAlias": "desktops_acme", "disasterRecovery.dns.hostedZoneId": "zone-1" });
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/disasterRecovery\.connectionAlias: "desktops_acme" is not a fully qualified domain name/),
      expect.stringMatching(/disasterRecovery\.dns\.hostedZoneId: "zone-1" is not a Route 53 hosted zone ID/),
    ]),
  );
});

test("outside prod the alias must name the environment: connection strings stay reserved for the account forever", () => {
  expect(problemsOf({ environment: "staging" }).join("\n")).toMatch(
    /disasterRecovery\.connectionAlias: "desktops\.acme\.example" does not name the environment staging: a connection string stays reserved .* \(e\.g\. desktops-staging\.acme\.example\)/,
  );
  expect(problemsOf({ environment: "staging", "disasterRecovery.connectionAlias": "desktops-staging.acme.example" })).toEqual([]);
});

test("unknown keys in the section are refused", () => {
  expect(problemsOf({ "disasterRecovery.failback": true }).join("\n")).toMatch(/disasterRecovery/);
});

test("configuration text cannot break the synth: a token marker in the alias is refused", () => {
  expect(problemsOf({ "disasterRecovery.connectionAlias": "${TfToken[TOKEN.1]}.example" }).length).toBeGreaterThan(0);
});

test("the DR Region's AD Connector must reach the on-premises DNS servers from its own VPC", () => {
  const connector = {
    "directory.type": "ADConnector",
    "directory.edition": undefined,
    "directory.connectSettings": { customerDnsIps: ["10.100.0.10"], customerUsername: "svc-ad", passwordSecretId: "ad/service-account" },
    "network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0123456789abcdef0" }],
    "disasterRecovery.directoryConnector": undefined,
  };
  expect(problemsOf(connector)).toEqual([
    expect.stringContaining(
      'directory.connectSettings.customerDnsIps[0]: "10.100.0.10" is outside the DR Region\'s VPC and outside every disasterRecovery.network.routes destination',
    ),
  ]);
});

test("a DR Region without a known AZ list needs its AZ IDs, checked like the primary's", () => {
  expect(
    problemsOf({
      "disasterRecovery.region": "eu-west-3",
      "disasterRecovery.standby": false,
      "disasterRecovery.network.availabilityZoneIds": undefined,
    }),
  ).toEqual([
    expect.stringMatching(/dr\.yaml:\d+: disasterRecovery\.network\.availabilityZoneIds: is required in eu-west-3: .*copy two AZ IDs \(euw3-az<n>\)/),
  ]);
  expect(
    problemsOf({
      "disasterRecovery.region": "eu-west-3",
      "disasterRecovery.standby": false,
      "disasterRecovery.network.availabilityZoneIds": ["euw3-az1", "usw2-az2"],
    }),
  ).toEqual([expect.stringMatching(/disasterRecovery\.network\.availabilityZoneIds\[1\]: "usw2-az2" is not an AZ ID of eu-west-3/)]);
  const config = parseConfig(
    exampleWith({
      "disasterRecovery.region": "eu-west-3",
      "disasterRecovery.standby": false,
      "disasterRecovery.network.availabilityZoneIds": ["euw3-az2", "euw3-az3"],
    }),
    "dr.yaml",
  );
  expect(config.disasterRecovery?.network.availabilityZoneIds).toEqual(["euw3-az2", "euw3-az3"]);
});
