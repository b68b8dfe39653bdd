import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { WorkspacesVpc, type NatGatewayMode, type PrivateRoute } from "../../modules/vpc";
import { DEFAULT_NAT_GATEWAY_MODE } from "../../modules/nat-gateways";
import { configWith, resourcesOf, synthScope } from "../helpers";

function synthVpc(natGateways: NatGatewayMode | undefined, privateRoutes?: PrivateRoute[], attachGateways?: boolean) {
  return synthScope((scope) => {
    new WorkspacesVpc(scope, "vpc", {
      name: "t",
      cidrBlock: "10.0.0.0/16",
      availabilityZoneIds: ["use1-az2", "use1-az4"],
      privateSubnetCidrs: ["10.0.0.0/18", "10.0.64.0/18"],
      publicSubnetCidrs: ["10.0.128.0/19", "10.0.160.0/19"],
      natGateways,
      privateRoutes,
      attachGateways,
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

describe("WorkspacesVpc attaches the routes' gateways, so that the routes can be created with the VPC", () => {
  const TGW = "tgw-0123456789abcdef0";
  const OTHER_TGW = "tgw-0fedcba9876543210";
  const VGW = "vgw-0123456789abcdef0";
  const routes: PrivateRoute[] = [
    { destination: "10.50.0.0/16", transitGatewayId: TGW },
    { destination: "10.60.0.0/16", transitGatewayId: TGW },
    { destination: "10.70.0.0/16", transitGatewayId: OTHER_TGW },
    { destination: "192.168.0.0/16", vpnGatewayId: VGW },
  ];
  const attachmentAddress = (json: any, type: string, gatewayKey: string, gatewayId: string) =>
    `${type}.${Object.entries<any>(json.resource[type]).find(([, attachment]) => attachment[gatewayKey] === gatewayId)![0]}`;

  it("one Transit Gateway VPC attachment per Transit Gateway, on the private subnets; one VPN gateway attachment", () => {
    const { json } = synthVpc("single", routes);
    const attachments = resourcesOf(json, "aws_ec2_transit_gateway_vpc_attachment");
    expect(attachments.map((attachment) => attachment.transit_gateway_id).sort()).toEqual([TGW, OTHER_TGW]);
    const privateSubnetRefs = Object.entries<any>(json.resource.aws_subnet)
      .filter(([, subnet]) => /private/.test(subnet.tags.Name))
      .map(([id]) => `\${aws_subnet.${id}.id}`);
    for (const attachment of attachments) {
      expect(attachment.vpc_id).toMatch(/^\$\{aws_vpc\./);
      expect([...attachment.subnet_ids].sort()).toEqual([...privateSubnetRefs].sort());
    }
    expect(resourcesOf(json, "aws_vpn_gateway_attachment")).toEqual([
      expect.objectContaining({ vpn_gateway_id: VGW, vpc_id: expect.stringMatching(/^\$\{aws_vpc\./) }),
    ]);
  });

  it("each route waits for its own gateway's attachment", () => {
    const { json } = synthVpc("single", routes);
    const expected: Record<string, string> = {
      "10.50.0.0/16": attachmentAddress(json, "aws_ec2_transit_gateway_vpc_attachment", "transit_gateway_id", TGW),
      "10.60.0.0/16": attachmentAddress(json, "aws_ec2_transit_gateway_vpc_attachment", "transit_gateway_id", TGW),
      "10.70.0.0/16": attachmentAddress(json, "aws_ec2_transit_gateway_vpc_attachment", "transit_gateway_id", OTHER_TGW),
      "192.168.0.0/16": attachmentAddress(json, "aws_vpn_gateway_attachment", "vpn_gateway_id", VGW),
    };
    const gatewayRoutes = resourcesOf(json, "aws_route").filter((route) => route.destination_cidr_block in expected);
    expect(gatewayRoutes).toHaveLength(8);
    for (const route of gatewayRoutes) expect(route.depends_on).toEqual([expected[route.destination_cidr_block]]);
  });

  it("attachGateways false: no attachment, the routes alone (the attachments are managed elsewhere)", () => {
    const { json } = synthVpc("single", routes, false);
    expect(json.resource.aws_ec2_transit_gateway_vpc_attachment).toBeUndefined();
    expect(json.resource.aws_vpn_gateway_attachment).toBeUndefined();
    const gatewayRoutes = resourcesOf(json, "aws_route").filter((route) => route.destination_cidr_block !== "0.0.0.0/0");
    expect(gatewayRoutes).toHaveLength(8);
    expect(gatewayRoutes.every((route) => route.depends_on === undefined)).toBe(true);
  });

  it("no routes, no attachment", () => {
    const { json } = synthVpc("single");
    expect(json.resource.aws_ec2_transit_gateway_vpc_attachment).toBeUndefined();
    expect(json.resource.aws_vpn_gateway_attachment).toBeUndefined();
  });
});
