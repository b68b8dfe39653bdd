import { Netmask } from "netmask";
import * as z from "zod/mini";
import { ipv4Cidr } from "./rules";

/**
 * Routes from the private subnets to networks outside the VPC (on-premises domain controllers, RADIUS
 * servers), through a Transit Gateway or a virtual private gateway the user already has.
 */
export const networkRoutesSchema = z
  ._default(
    z
      .array(
        z
          .strictObject({
            destination: ipv4Cidr.check(z.describe("The network to reach, e.g. an on-premises range (an IPv4 network address).")),
            transitGatewayId: z
              .optional(z.string().check(z.regex(/^tgw-[0-9a-f]{8,17}$/, { message: "is not a Transit Gateway ID (tgw-…)" })))
              .check(z.describe("`tgw-…`: route through this Transit Gateway, attached to the VPC; or `vpnGatewayId`")),
            vpnGatewayId: z
              .optional(z.string().check(z.regex(/^vgw-[0-9a-f]{8,17}$/, { message: "is not a virtual private gateway ID (vgw-…)" })))
              .check(z.describe("`vgw-…`: route through this virtual private gateway, attached to the VPC; or `transitGatewayId`")),
          })
          .check(
            z.refine((route) => (route.transitGatewayId === undefined) !== (route.vpnGatewayId === undefined), {
              message: "needs exactly one of transitGatewayId and vpnGatewayId",
            }),
          ),
      )
      .check(
        z.superRefine((routes, ctx) => {
          routes.forEach((route, index) => {
            const first = routes.findIndex((other) => other.destination === route.destination);
            if (first !== index)
              ctx.addIssue({
                code: "custom",
                path: [index, "destination"],
                message: `is already the destination of routes[${first}]: a route table holds one route per destination`,
              });
          });
        }),
      ),
    [],
  )
  .check(
    z.describe(
      "Routes from every private subnet to networks outside the VPC, through a Transit Gateway or virtual private gateway that exists (attached by the network stack unless `attachGateways` is false). A destination lies outside the VPC CIDR and is not `0.0.0.0/0` (the NAT gateway's); at most one virtual private gateway. RADIUS servers and AD Connector DNS servers must lie in the VPC or in one of these destinations.",
    ),
  );

type Issue = { path: (string | number)[]; message: string };

/** Where AWS states the rules `routeIssues` applies. */
export const ROUTE_RULE_SOURCES = {
  localRoute: "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html",
  oneVirtualPrivateGateway: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AttachVpnGateway.html",
} as const;

interface RoutedNetwork {
  readonly vpcCidr: string;
  readonly routes: readonly { readonly destination: string; readonly vpnGatewayId?: string }[];
}

/**
 * Routes AWS refuses, or that would break the network, with paths relative to the network section:
 * - a destination inside or equal to the VPC CIDR: AWS allows a route more specific than the local route only
 *   to a NAT gateway, network interface or Gateway Load Balancer endpoint, for exactly one subnet's CIDR
 *   (Subnet route tables, "Rules and considerations"), never to a Transit Gateway or virtual private gateway;
 * - `0.0.0.0/0`: the private subnets' default route already goes to the NAT gateway, so CreateRoute fails with
 *   RouteAlreadyExists; a deliberate default route through the gateway is not offered;
 * - a second virtual private gateway: "You can attach one virtual private gateway to one VPC at a time" (AttachVpnGateway).
 */
export function routeIssues(network: RoutedNetwork): Issue[] {
  const vpc = new Netmask(network.vpcCidr);
  const issues: Issue[] = [];
  const firstVpnGateway = network.routes.findIndex((route) => route.vpnGatewayId !== undefined);
  network.routes.forEach((route, index) => {
    const destination = new Netmask(route.destination);
    if (destination.bitmask === 0) {
      issues.push({
        path: ["routes", index, "destination"],
        message: "is the default route, which the private subnets already send to the NAT gateway: route only the networks outside the VPC",
      });
    } else if (vpc.contains(destination.base) && destination.bitmask >= vpc.bitmask) {
      issues.push({
        path: ["routes", index, "destination"],
        message: `lies within the VPC ${network.vpcCidr}, which its local route already reaches: AWS accepts no gateway route inside the VPC CIDR (${ROUTE_RULE_SOURCES.localRoute})`,
      });
    }
    const firstId = network.routes[firstVpnGateway]?.vpnGatewayId;
    if (route.vpnGatewayId !== undefined && route.vpnGatewayId !== firstId) {
      issues.push({
        path: ["routes", index, "vpnGatewayId"],
        message: `is a second virtual private gateway next to routes[${firstVpnGateway}]'s ${firstId}: a VPC has at most one attached (${ROUTE_RULE_SOURCES.oneVirtualPrivateGateway})`,
      });
    }
  });
  return issues;
}

interface NetworkInput {
  readonly vpcCidr?: unknown;
  readonly routes?: unknown;
}

interface ReachabilityInput {
  readonly network?: NetworkInput;
  readonly directory?: { readonly type?: unknown; readonly radius?: { readonly servers?: unknown }; readonly kind?: object };
  readonly disasterRecovery?: { readonly network?: NetworkInput };
}

/**
 * Every address the directory must reach (RADIUS servers, AD Connector's DNS servers) lies in the VPC or in a
 * routed network: the private subnets' only other route is the NAT gateway, which drops such traffic, so RADIUS
 * would go to Failed and AD Connector would fail its connectivity check, each after a long apply. With disaster
 * recovery, the DR Region's second AD Connector (and its RADIUS) must reach the same servers from its own VPC.
 */
export function reachabilityIssues(config: ReachabilityInput): Issue[] {
  const targets: [(string | number)[], unknown][] = [
    ...addresses(config.directory?.radius?.servers).map((address, index): [(string | number)[], unknown] => [
      ["directory", "radius", "servers", index],
      address,
    ]),
    ...addresses((config.directory?.kind as { customerDnsIps?: unknown } | undefined)?.customerDnsIps).map(
      (address, index): [(string | number)[], unknown] => [["directory", "connectSettings", "customerDnsIps", index], address],
    ),
  ];
  const sites: { network: NetworkInput; where: string; routesKey: string }[] = [
    { network: config.network ?? {}, where: "the VPC", routesKey: "network.routes" },
    // A replicated Managed Microsoft AD reaches nothing of its own from the DR Region; a second AD Connector does.
    ...(config.disasterRecovery?.network && config.directory?.type === "ADConnector"
      ? [{ network: config.disasterRecovery.network, where: "the DR Region's VPC", routesKey: "disasterRecovery.network.routes" }]
      : []),
  ];
  return sites.flatMap(({ network, where, routesKey }) => {
    const ranges = routedRanges(network);
    return targets
      .filter(([, address]) => typeof address === "string" && isIpv4(address) && !ranges.some((range) => range.contains(address)))
      .map(([path]) => ({
        path,
        message: `is outside ${where} and outside every ${routesKey} destination: the directory cannot reach it through NAT (add a route through your Transit Gateway or virtual private gateway)`,
      }));
  });
}

function routedRanges(network: NetworkInput): Netmask[] {
  const cidrs = [
    ...(typeof network.vpcCidr === "string" ? [network.vpcCidr] : []),
    ...(Array.isArray(network.routes) ? network.routes.map((route) => route?.destination).filter((cidr) => typeof cidr === "string") : []),
  ];
  return cidrs.flatMap((cidr) => {
    try {
      return [new Netmask(cidr)];
    } catch {
      return [];
    }
  });
}

const addresses = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isIpv4 = (value: string) => z.regexes.ipv4.test(value);
