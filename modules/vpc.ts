import { Construct } from "constructs";
import { Token } from "cdktf";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpnGatewayAttachment } from "@cdktf/provider-aws/lib/vpn-gateway-attachment";
import { DEFAULT_NAT_GATEWAY_MODE, type NatGatewayMode } from "./nat-gateways";

export type { NatGatewayMode } from "./nat-gateways";

/** A route from the private subnets to a network outside the VPC, through a gateway that already exists. */
export type PrivateRoute =
  { readonly destination: string; readonly transitGatewayId: string } | { readonly destination: string; readonly vpnGatewayId: string };

export interface WorkspacesVpcProps {
  /** Prefix of the resources' Name tags. */
  readonly name: string;
  /** IPv4 CIDR of the VPC; the subnet CIDRs lie within it. */
  readonly cidrBlock: string;
  /** AZ IDs (not names), one per private subnet, in the same order. */
  readonly availabilityZoneIds: readonly string[];
  /** One per AZ, for the directory and the desktops. */
  readonly privateSubnetCidrs: readonly string[];
  /** One per AZ; only as many are created as there are NAT gateways. */
  readonly publicSubnetCidrs: readonly string[];
  /**
   * `single`: one NAT gateway that every private subnet uses (one AZ is a single point of failure);
   * `perAz`: one NAT gateway per AZ, each private subnet routed to the NAT of its own AZ.
   * @default "single"
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * Routes from every private subnet to networks outside the VPC (on-premises DNS and RADIUS servers).
   * @default none: the private subnets reach only the VPC and, through NAT, the internet
   */
  readonly privateRoutes?: readonly PrivateRoute[];
  /**
   * Attach the VPC to the gateways of `privateRoutes` (a Transit Gateway VPC attachment on the private subnets per
   * Transit Gateway; the virtual private gateway's attachment), each route created after its gateway's attachment:
   * a route to an unattached gateway fails. `false` when the attachments are managed elsewhere.
   * @default true
   */
  readonly attachGateways?: boolean;
}

/**
 * A VPC for WorkSpaces: private subnets in two AZs (by AZ ID) that reach the internet through NAT,
 * public subnets that hold only the NAT gateways, and a default security group that allows nothing.
 */
export class WorkspacesVpc extends Construct {
  readonly vpcId: string;
  readonly privateSubnetIds: string[];
  readonly publicSubnetIds: string[];
  readonly availabilityZoneIds: readonly string[];

  constructor(scope: Construct, id: string, props: WorkspacesVpcProps) {
    super(scope, id);
    const azIds = props.availabilityZoneIds;
    const lists = { availabilityZoneIds: azIds, privateSubnetCidrs: props.privateSubnetCidrs, publicSubnetCidrs: props.publicSubnetCidrs };
    const unknownLists = Object.keys(lists).filter((name) => Token.isUnresolved(lists[name as keyof typeof lists]));
    if (unknownLists.length > 0) {
      // Elements may be tokens (a CIDR from a variable); the lists' lengths must be known, one subnet per entry.
      throw new Error(`${this.node.path}: ${unknownLists.join(", ")} is a token: a subnet is created per entry, so give lists of known length`);
    }
    if (props.privateSubnetCidrs.length !== azIds.length || props.publicSubnetCidrs.length < azIds.length) {
      throw new Error(
        `${this.node.path}: availabilityZoneIds has ${azIds.length} AZ IDs (${azIds.join(", ")}), privateSubnetCidrs ${props.privateSubnetCidrs.length} ` +
          `and publicSubnetCidrs ${props.publicSubnetCidrs.length} CIDRs: give exactly one private and at least one public subnet CIDR per AZ ID`,
      );
    }
    const named = (suffix: string) => ({ Name: `${props.name}-${suffix}` });

    const vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: named("vpc"),
    });
    // Rules of the default security group are removed: resources must use security groups of their own.
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: vpc.id, tags: named("default-deny-all") });

    const internetGateway = new InternetGateway(this, "internet-gateway", { vpcId: vpc.id, tags: named("igw") });
    const publicRouteTable = new RouteTable(this, "public-route-table", { vpcId: vpc.id, tags: named("public") });
    new Route(this, "public-default-route", {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: internetGateway.id,
    });

    const natCount = (props.natGateways ?? DEFAULT_NAT_GATEWAY_MODE) === "perAz" ? azIds.length : 1;
    const natGatewayIds = azIds.slice(0, natCount).map((azId, index) => {
      const publicSubnet = new Subnet(this, `public-subnet-${azId}`, {
        vpcId: vpc.id,
        cidrBlock: props.publicSubnetCidrs[index],
        availabilityZoneId: azId,
        mapPublicIpOnLaunch: false,
        tags: named(`public-${azId}`),
      });
      new RouteTableAssociation(this, `public-route-table-association-${azId}`, {
        subnetId: publicSubnet.id,
        routeTableId: publicRouteTable.id,
      });
      const elasticIp = new Eip(this, `nat-eip-${azId}`, { domain: "vpc", tags: named(`nat-${azId}`) });
      const natGateway = new NatGateway(this, `nat-gateway-${azId}`, {
        allocationId: elasticIp.allocationId,
        subnetId: publicSubnet.id,
        tags: named(`nat-${azId}`),
        dependsOn: [internetGateway],
      });
      return { subnetId: publicSubnet.id, natGatewayId: natGateway.id };
    });

    const privateSubnets = azIds.map((azId, index) => {
      const privateSubnet = new Subnet(this, `private-subnet-${azId}`, {
        vpcId: vpc.id,
        cidrBlock: props.privateSubnetCidrs[index],
        availabilityZoneId: azId,
        tags: named(`private-${azId}`),
      });
      const routeTable = new RouteTable(this, `private-route-table-${azId}`, { vpcId: vpc.id, tags: named(`private-${azId}`) });
      new Route(this, `private-default-route-${azId}`, {
        routeTableId: routeTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: natGatewayIds[Math.min(index, natCount - 1)].natGatewayId,
      });
      new RouteTableAssociation(this, `private-route-table-association-${azId}`, {
        subnetId: privateSubnet.id,
        routeTableId: routeTable.id,
      });
      return { azId, subnetId: privateSubnet.id, routeTableId: routeTable.id };
    });
    const privateSubnetIds = privateSubnets.map((subnet) => subnet.subnetId);

    const routes = props.privateRoutes ?? [];
    const attachmentOf = props.attachGateways === false ? () => undefined : gatewayAttachments(this, vpc.id, privateSubnetIds, routes, named);
    for (const { azId, routeTableId } of privateSubnets) {
      for (const route of routes) {
        const attachment = attachmentOf(route);
        new Route(this, `private-route-${azId}-${route.destination.replace(/[./]/g, "-")}`, {
          routeTableId,
          destinationCidrBlock: route.destination,
          ...("transitGatewayId" in route ? { transitGatewayId: route.transitGatewayId } : { gatewayId: route.vpnGatewayId }),
          dependsOn: attachment ? [attachment] : undefined,
        });
      }
    }

    this.vpcId = vpc.id;
    this.privateSubnetIds = privateSubnetIds;
    this.publicSubnetIds = natGatewayIds.map((nat) => nat.subnetId);
    this.availabilityZoneIds = azIds;
  }
}

/**
 * One attachment per gateway the routes use: a Transit Gateway VPC attachment on the private subnets (one subnet
 * per AZ, as AWS requires; the VPC and a Transit Gateway have at most one attachment between them), and the
 * virtual private gateway's attachment (one per VPC). Answers the attachment a route must wait for.
 */
function gatewayAttachments(
  scope: Construct,
  vpcId: string,
  privateSubnetIds: string[],
  routes: readonly PrivateRoute[],
  named: (suffix: string) => Record<string, string>,
): (route: PrivateRoute) => Ec2TransitGatewayVpcAttachment | VpnGatewayAttachment {
  const transitGateways = new Map<string, Ec2TransitGatewayVpcAttachment>();
  const vpnGateways = new Map<string, VpnGatewayAttachment>();
  for (const route of routes) {
    if ("transitGatewayId" in route && !transitGateways.has(route.transitGatewayId)) {
      transitGateways.set(
        route.transitGatewayId,
        new Ec2TransitGatewayVpcAttachment(scope, `transit-gateway-attachment-${route.transitGatewayId}`, {
          transitGatewayId: route.transitGatewayId,
          vpcId,
          subnetIds: privateSubnetIds,
          tags: named(route.transitGatewayId),
        }),
      );
    } else if ("vpnGatewayId" in route && !vpnGateways.has(route.vpnGatewayId)) {
      vpnGateways.set(
        route.vpnGatewayId,
        new VpnGatewayAttachment(scope, `vpn-gateway-attachment-${route.vpnGatewayId}`, { vpcId, vpnGatewayId: route.vpnGatewayId }),
      );
    }
  }
  return (route) => ("transitGatewayId" in route ? transitGateways.get(route.transitGatewayId)! : vpnGateways.get(route.vpnGatewayId)!);
}
