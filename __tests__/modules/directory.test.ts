import { Directory, type DirectoryKind } from "../../modules/directory";
import { DirectoryReplica } from "../../modules/directory-replica";
import { resourcesOf, synthScope } from "../helpers";

const directoryOf = (kind: DirectoryKind) =>
  resourcesOf(
    synthScope(
      (scope) =>
        new Directory(scope, "directory", {
          name: "corp.example.com",
          shortName: "CORP",
          kind,
          password: "${data.aws_secretsmanager_secret_version.password.secret_string}",
          vpcId: "vpc-1",
          subnetIds: ["subnet-a", "subnet-b"],
        }),
    ).json,
    "aws_directory_service_directory",
  )[0];

describe("Directory", () => {
  it("Simple AD: a size and the VPC settings, no edition", () => {
    const directory = directoryOf({ type: "SimpleAD", size: "Small" });
    expect(directory).toMatchObject({ type: "SimpleAD", size: "Small", vpc_settings: { vpc_id: "vpc-1", subnet_ids: ["subnet-a", "subnet-b"] } });
    expect(directory.edition).toBeUndefined();
    expect(directory.connect_settings).toBeUndefined();
  });

  it("Microsoft AD: an edition and the VPC settings, no size", () => {
    const directory = directoryOf({ type: "MicrosoftAD", edition: "Enterprise" });
    expect(directory).toMatchObject({ type: "MicrosoftAD", edition: "Enterprise", vpc_settings: { vpc_id: "vpc-1" } });
    expect(directory.size).toBeUndefined();
  });

  it("AD Connector: the on-premises DNS servers and service account in the connect settings, no VPC settings", () => {
    const directory = directoryOf({ type: "ADConnector", size: "Large", customerDnsIps: ["10.0.0.2"], customerUsername: "svc-workspaces" });
    expect(directory.connect_settings).toEqual({
      vpc_id: "vpc-1",
      subnet_ids: ["subnet-a", "subnet-b"],
      customer_dns_ips: ["10.0.0.2"],
      customer_username: "svc-workspaces",
    });
    expect(directory.vpc_settings).toBeUndefined();
  });

  it("never replaces the directory for a new password or description", () => {
    expect(directoryOf({ type: "SimpleAD", size: "Small" }).lifecycle.ignore_changes).toEqual(["password", "description"]);
  });
});

describe("DirectoryReplica", () => {
  it("adds the DR Region through the primary Region's API, into the DR Region's VPC", () => {
    const { json } = synthScope(
      (scope) =>
        new DirectoryReplica(scope, "replica", {
          directoryId: "d-1234567890",
          primaryRegion: "us-east-1",
          regionName: "us-west-2",
          vpcId: "vpc-dr",
          subnetIds: ["subnet-c", "subnet-d"],
        }),
    );
    expect(resourcesOf(json, "aws_directory_service_region")).toEqual([
      expect.objectContaining({
        region: "us-east-1",
        directory_id: "d-1234567890",
        region_name: "us-west-2",
        vpc_settings: { vpc_id: "vpc-dr", subnet_ids: ["subnet-c", "subnet-d"] },
      }),
    ]);
  });
});
