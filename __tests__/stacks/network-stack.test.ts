import { configWith, resourcesOf, synthApp } from "../helpers";

describe("network stack", () => {
  const single = synthApp(configWith()).network;
  const perAz = synthApp(configWith({ "network.natGateways": "perAz", "network.vpcCidr": "172.20.0.0/20" })).network;

  it("builds the VPC from the configured CIDR with subnets carved from it", () => {
    expect(resourcesOf(perAz, "aws_vpc")[0].cidr_block).toBe("172.20.0.0/20");
    // Private: the first two quarters of the /20; public: the third quarter, halved.
    expect(
      resourcesOf(perAz, "aws_subnet")
        .map((subnet) => subnet.cidr_block)
        .sort(),
    ).toEqual(["172.20.0.0/22", "172.20.4.0/22", "172.20.8.0/23", "172.20.10.0/23"].sort());
  });

  it("has one NAT gateway in single mode and one per AZ in perAz mode", () => {
    expect(resourcesOf(single, "aws_nat_gateway")).toHaveLength(1);
    expect(resourcesOf(perAz, "aws_nat_gateway")).toHaveLength(2);
  });

  it("keeps the flow logs as long as monitoring.logRetentionDays, encrypted", () => {
    const network = synthApp(configWith({ "monitoring.logRetentionDays": 30 })).network;
    const [group] = resourcesOf(network, "aws_cloudwatch_log_group");
    expect(group.retention_in_days).toBe(30);
    expect(group.kms_key_id).toMatch(/aws_kms_key\./);
  });

  it("outputs the VPC ID, private subnet IDs and AZ IDs", () => {
    expect(single.output.vpc_id.value).toMatch(/aws_vpc\./);
    expect(single.output.private_subnet_ids.value).toHaveLength(2);
    expect(single.output.availability_zone_ids.value).toEqual(["use1-az2", "use1-az4"]);
  });

  it("tags every resource through the provider's default tags", () => {
    const tags = single.provider.aws[0].default_tags[0].tags;
    expect(tags).toMatchObject({ project: "workspaces-vdi", environment: "dev", "managed-by": "cdktf/workspaces-vdi", "cost-center": "it-desktops" });
    expect(single.provider.aws[0].region).toBe("us-east-1");
  });

  it("puts the subnets in the AZ IDs given for a Region whose AZ list AWS's table has but this project does not", () => {
    const network = synthApp(
      configWith({
        region: "eu-west-3",
        "directory.type": "MicrosoftAD",
        "directory.edition": "Standard",
        "directory.size": undefined,
        "network.availabilityZoneIds": ["euw3-az3", "euw3-az1"],
      }),
    ).network;
    expect(network.provider.aws[0].region).toBe("eu-west-3");
    const subnetAzIds = new Set(resourcesOf(network, "aws_subnet").map((subnet) => subnet.availability_zone_id));
    expect([...subnetAzIds].sort()).toEqual(["euw3-az1", "euw3-az3"]);
  });
});
