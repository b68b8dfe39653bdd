import { readFileSync } from "node:fs";
import { problemsOf, yamlWith } from "../helpers";
import { OPT_IN_REGIONS, STANDBY_WORKSPACES_REGIONS } from "../../config/regions";

const EXAMPLE = readFileSync("config/examples/disaster-recovery.yaml", "utf8");

/** The DR example (Managed Microsoft AD Enterprise, us-east-1 → us-west-2) with the two Regions and their AZ IDs set. */
const pair = (
  primary: string,
  primaryAzIds: string[] | undefined,
  dr: string,
  drAzIds: string[] | undefined,
  changes: Record<string, unknown> = {},
) =>
  problemsOf(
    yamlWith(
      {
        region: primary,
        "state.region": undefined,
        "network.availabilityZoneIds": primaryAzIds,
        "disasterRecovery.region": dr,
        "disasterRecovery.network.availabilityZoneIds": drAzIds,
        ...changes,
      },
      EXAMPLE,
    ),
  );

const CONNECTOR = {
  "directory.type": "ADConnector",
  "directory.edition": undefined,
  "directory.connectSettings": { customerDnsIps: ["10.100.0.10"], customerUsername: "svc-ad", passwordSecretId: "ad/service-account" },
  "network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0123456789abcdef0" }],
  "disasterRecovery.network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0fedcba9876543210" }],
  "disasterRecovery.directoryConnector": undefined,
};
const NO_STANDBY = { "disasterRecovery.standby": false };

describe("Managed Microsoft AD replicates only from a default Region, and not into an opt-in Region", () => {
  it.each([
    ["il-central-1", ["ilc1-az1", "ilc1-az2"]],
    ["af-south-1", ["afs1-az1", "afs1-az2"]],
    ["ap-southeast-5", ["apse5-az1", "apse5-az2"]],
  ])("primary %s (opt-in): refused, with the reason", (primary, azIds) => {
    expect(pair(primary, azIds, "us-east-1", undefined, NO_STANDBY)).toEqual([
      expect.stringContaining(
        `directory.type: "MicrosoftAD" is MicrosoftAD in ${primary}, an opt-in Region: AWS Managed Microsoft AD replicates to other Regions only from a default Region`,
      ),
    ]);
  });

  it.each([
    ["il-central-1", ["ilc1-az1", "ilc1-az2"]],
    ["af-south-1", ["afs1-az1", "afs1-az2"]],
    ["ap-southeast-5", ["apse5-az1", "apse5-az2"]],
  ])("DR Region %s (opt-in) from us-east-1: refused, with the reason", (dr, azIds) => {
    expect(pair("us-east-1", undefined, dr, azIds, NO_STANDBY)).toEqual([
      expect.stringContaining(
        `directory.type: "MicrosoftAD" is MicrosoftAD, which cannot be replicated to ${dr}: AWS Managed Microsoft AD has no multi-Region replication in opt-in Regions`,
      ),
    ]);
  });

  it("default Regions on both sides are accepted (us-east-2 and eu-west-3 are default Regions)", () => {
    expect(pair("us-east-2", ["use2-az1", "use2-az2"], "eu-west-3", ["euw3-az1", "euw3-az2"], NO_STANDBY)).toEqual([]);
  });

  it("AD Connector has no such limit: a connector in each Region reaches the same domain", () => {
    expect(pair("il-central-1", ["ilc1-az1", "ilc1-az2"], "af-south-1", ["afs1-az1", "afs1-az2"], { ...CONNECTOR, ...NO_STANDBY })).toEqual([]);
  });

  it("the WorkSpaces Regions this project knows to be opt-in are in the list", () => {
    expect(OPT_IN_REGIONS).toEqual(expect.arrayContaining(["af-south-1", "il-central-1", "ap-southeast-5"]));
    expect(OPT_IN_REGIONS).not.toEqual(expect.arrayContaining(["us-east-2"]));
  });
});

describe("standby WorkSpaces only where Multi-Region Resilience is offered", () => {
  it("a DR Region outside the list is refused with standby: true, naming the Region and the list", () => {
    expect(pair("us-east-2", ["use2-az1", "use2-az2"], "eu-west-3", ["euw3-az1", "euw3-az2"], { "disasterRecovery.standby": true })).toEqual([
      expect.stringContaining(
        `disasterRecovery.standby: true is true, but standby WorkSpaces (Multi-Region Resilience) are offered only in ${STANDBY_WORKSPACES_REGIONS.join(", ")}`,
      ),
      expect.stringContaining(`not in eu-west-3: set standby: false`),
    ]);
  });

  it("the default (standby: true) is checked too, for the primary Region as well", () => {
    const problems = pair("ap-northeast-1", undefined, "ap-southeast-1", undefined, CONNECTOR);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("not in ap-northeast-1");
    expect(problems[1]).toContain("not in ap-southeast-1");
  });

  it("standby: false is accepted anywhere; the shipped pair us-east-1 → us-west-2 keeps its standby desktops", () => {
    expect(pair("ap-northeast-1", undefined, "ap-southeast-1", undefined, { ...CONNECTOR, ...NO_STANDBY })).toEqual([]);
    expect(problemsOf(EXAMPLE)).toEqual([]);
  });
});
