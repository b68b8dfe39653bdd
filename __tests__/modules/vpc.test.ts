import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { WorkspacesVpc, type NatGatewayMode, type PrivateRoute } from "../../modules/vpc";
import { DEFAULT_NAT_GATEWAY_MODE } from "../../modules/nat-gateways";
import { configWith, resourcesOf, synthScope } from "../helpers";

function synthVpc(natGateways: NatGatewayMode | undefined, privateRoutes?: PrivateRoute[]) {
  return synthScope((scope) => {
    new WorkspacesVpc(scope, "vpc", {
      name: "t",
      cidrBlock: "10.0.0.0/16",
      availabilityZoneIds: ["use1-az2", "use1-az4"],
      privateSubnetCidrs: ["10.0.0.0/18", "10.0.64.0/18"],
      publicSubnetCidrs: ["10.0.128.0/19", "10.0.160.0/19"],
      natGateways,
      privateRoutes,
    });
  });
}

describe("WorkspacesVpc", () => {
  it("has DNS support and hostnames", () => {
    expect(synthVpc("single").text).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.0.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  it("places subnets by AZ ID, never by AZ name", () => {
    const subnets = resourcesOf(synthVpc("perAz").json, "aws_subnet");
    expect(subnets.map((subnet) => subnet.availability_zone_id).sort()).toEqual(["use1-az2", "use1-az2", "use1-az4", "use1-az4"]);
    expect(subnets.every((subnet) => subnet.availability_zone === undefined)).toBe(true);
    expect(subnets.map((subnet) => subnet.cidr_block).sort()).toEqual(["10.0.0.0/18", "10.0.128.0/19", "10.0.160.0/19", "10.0.64.0/18"]);
  });

  it("defaults to the NAT mode the configuration defaults to, defined once", () => {
    expect(configWith({ "network.natGateways": undefined }).network.natGateways).toBe(DEFAULT_NAT_GATEWAY_MODE);
    expect(resourcesOf(synthVpc(undefined).json, "aws_nat_gateway")).toHaveLength(1);
  });

  it("single: one NAT gateway that both private route tables use", () => {
    const { json } = synthVpc("single");
    expect(resourcesOf(json, "aws_nat_gateway")).toHaveLength(1);
    expect(resourcesOf(json, "aws_eip")).toHaveLength(1);
    const natRoutes = resourcesOf(json, "aws_route").filter((route) => route.nat_gateway_id);
    expect(natRoutes).toHaveLength(2);
    expect(new Set(natRoutes.map((route) => route.nat_gateway_id)).size).toBe(1);
  });

  it("perAz: each private subnet routes to the NAT gateway of its own AZ", () => {
    const { json } = synthVpc("perAz");
    const nats = json.resource.aws_nat_gateway;
    const subnets = json.resource.aws_subnet;
    expect(Object.keys(nats)).toHaveLength(2);
    const azOfSubnetRef = (ref: string) => subnets[ref.match(/aws_subnet\.([^.]+)\.id/)![1]].availability_zone_id;
    const natAz = (natRef: string) => azOfSubnetRef(nats[natRef.match(/aws_nat_gateway\.([^.]+)\.id/)![1]].subnet_id);
    const tables = json.resource.aws_route_table;
    const associations = resourcesOf(json, "aws_route_table_association");
    for (const route of resourcesOf(json, "aws_route").filter((r) => r.nat_gateway_id)) {
      const tableRef = route.route_table_id.match(/aws_route_table\.([^.]+)\.id/)![1];
      expect(tables[tableRef]).toBeDefined();
      const association = associations.find((a) => a.route_table_id === route.route_table_id)!;
      expect(natAz(route.nat_gateway_id)).toBe(azOfSubnetRef(association.subnet_id));
    }
  });

  it("routes the public subnets to the internet gateway and waits for it before NAT", () => {
    const { json } = synthVpc("single");
    const igwRoute = resourcesOf(json, "aws_route").find((route) => route.gateway_id);
    expect(igwRoute).toMatchObject({ destination_cidr_block: "0.0.0.0/0" });
    expect(igwRoute!.gateway_id).toMatch(/aws_internet_gateway\./);
    expect(resourcesOf(json, "aws_nat_gateway")[0].depends_on).toEqual([expect.stringMatching(/^aws_internet_gateway\./)]);
  });

  it("leaves the default security group with no rules", () => {
    const { text, json } = synthVpc("single");
    expect(text).toHaveResource(DefaultSecurityGroup);
    const group = resourcesOf(json, "aws_default_security_group")[0];
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });
});

describe("WorkspacesVpc routes to networks outside the VPC", () => {
  const { json } = synthVpc("single", [
    { destination: "10.50.0.0/16", transitGatewayId: "tgw-0123456789abcdef0" },
    { destination: "192.168.0.0/16", vpnGatewayId: "vgw-0123456789abcdef0" },
  ]);

  it("adds each route to every private route table, through its gateway, and none to the public one", () => {
    const routes = resourcesOf(json, "aws_route").filter((route) => route.destination_cidr_block !== "0.0.0.0/0");
    const privateTables = Object.entries(json.resource.aws_route_table)
      .filter(([, table]) => /private/.test(table.tags.Name))
      .map(([id]) => `\${aws_route_table.${id}.id}`);
    expect(routes).toHaveLength(4);
    for (const table of privateTables) {
      expect(routes.filter((route) => route.route_table_id === table)).toEqual([
        expect.objectContaining({ destination_cidr_block: "10.50.0.0/16", transit_gateway_id: "tgw-0123456789abcdef0" }),
        expect.objectContaining({ destination_cidr_block: "192.168.0.0/16", gateway_id: "vgw-0123456789abcdef0" }),
      ]);
    }
  });
});
