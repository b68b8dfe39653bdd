import { readFileSync } from "node:fs";
import { configWith, problemsOf, yamlWith } from "../helpers";

const DR_EXAMPLE = readFileSync("config/examples/disaster-recovery.yaml", "utf8");
const TGW = "tgw-0123456789abcdef0";
const VGW = "vgw-0123456789abcdef0";

describe("network.routes that AWS refuses or that break the network are refused at load, one line each", () => {
  it.each([
    [
      "a destination equal to the VPC CIDR",
      { "network.routes": [{ destination: "10.0.0.0/16", transitGatewayId: TGW }] },
      ['network.routes[0].destination: "10.0.0.0/16" lies within the VPC 10.0.0.0/16'],
    ],
    [
      "a destination inside the VPC CIDR",
      { "network.routes": [{ destination: "10.0.200.0/24", vpnGatewayId: VGW }] },
      ['network.routes[0].destination: "10.0.200.0/24" lies within the VPC 10.0.0.0/16'],
    ],
    [
      "a destination inside a configured VPC CIDR",
      { "network.vpcCidr": "172.20.0.0/20", "network.routes": [{ destination: "172.20.4.0/22", transitGatewayId: TGW }] },
      ['network.routes[0].destination: "172.20.4.0/22" lies within the VPC 172.20.0.0/20'],
    ],
    [
      "the default route next to NAT's",
      { "network.routes": [{ destination: "0.0.0.0/0", transitGatewayId: TGW }] },
      ['network.routes[0].destination: "0.0.0.0/0" is the default route, which the private subnets already send to the NAT gateway'],
    ],
    [
      "two virtual private gateways",
      {
        "network.routes": [
          { destination: "10.50.0.0/16", vpnGatewayId: VGW },
          { destination: "10.60.0.0/16", transitGatewayId: TGW },
          { destination: "10.70.0.0/16", vpnGatewayId: "vgw-0fedcba9876543210" },
        ],
      },
      ['network.routes[2].vpnGatewayId: "vgw-0fedcba9876543210" is a second virtual private gateway next to routes[0]\'s vgw-0123456789abcdef0'],
    ],
    [
      "every problem at once, with a refusal elsewhere in the file",
      {
        "monitoring.logRetentionDays": 2,
        "network.routes": [
          { destination: "0.0.0.0/0", transitGatewayId: TGW },
          { destination: "10.0.1.0/24", transitGatewayId: TGW },
        ],
      },
      [
        "monitoring.logRetentionDays: 2 is not a CloudWatch Logs retention period",
        'network.routes[0].destination: "0.0.0.0/0" is the default route',
        'network.routes[1].destination: "10.0.1.0/24" lies within the VPC 10.0.0.0/16',
      ],
    ],
  ])("%s", (_, changes, expected) => {
    const problems = problemsOf(yamlWith(changes));
    expect(problems).toHaveLength(expected.length);
    for (const message of expected) expect(problems).toContainEqual(expect.stringContaining(message));
  });

  it("names the AWS pages that state the rules", () => {
    const [insideVpc, secondGateway] = problemsOf(
      yamlWith({
        "network.routes": [
          { destination: "10.0.1.0/24", vpnGatewayId: VGW },
          { destination: "10.60.0.0/16", vpnGatewayId: "vgw-0fedcba9876543210" },
        ],
      }),
    );
    expect(insideVpc).toContain("https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html");
    expect(secondGateway).toContain("https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AttachVpnGateway.html");
  });
});

describe("routes that AWS accepts load", () => {
  it.each([
    ["a network around the VPC (a summary route; the VPC's local route stays more specific)", [{ destination: "10.0.0.0/8", transitGatewayId: TGW }]],
    ["a network next to the VPC", [{ destination: "10.1.0.0/16", vpnGatewayId: VGW }]],
    [
      "one virtual private gateway for several destinations, and several Transit Gateways",
      [
        { destination: "10.50.0.0/16", vpnGatewayId: VGW },
        { destination: "10.60.0.0/16", vpnGatewayId: VGW },
        { destination: "10.70.0.0/16", transitGatewayId: TGW },
        { destination: "10.80.0.0/16", transitGatewayId: "tgw-0fedcba9876543210" },
      ],
    ],
  ])("%s", (_, routes) => {
    expect(problemsOf(yamlWith({ "network.routes": routes }))).toEqual([]);
  });

  it("attachGateways defaults to true and can be turned off", () => {
    expect(configWith().network.attachGateways).toBe(true);
    expect(configWith({ "network.attachGateways": false }).network.attachGateways).toBe(false);
    expect(problemsOf(yamlWith({ "network.attachGateways": "no" }))).toEqual([expect.stringContaining('network.attachGateways: "no"')]);
  });
});

describe("the DR Region's network is held to the same rules, against its own VPC", () => {
  it("a destination inside the DR VPC, the default route and a second virtual private gateway are refused there", () => {
    const problems = problemsOf(
      yamlWith(
        {
          "disasterRecovery.network.routes": [
            { destination: "10.1.8.0/24", transitGatewayId: TGW },
            { destination: "0.0.0.0/0", vpnGatewayId: VGW },
            { destination: "10.60.0.0/16", vpnGatewayId: "vgw-0fedcba9876543210" },
          ],
        },
        DR_EXAMPLE,
      ),
    );
    expect(problems).toEqual([
      expect.stringContaining('disasterRecovery.network.routes[0].destination: "10.1.8.0/24" lies within the VPC 10.1.0.0/16'),
      expect.stringContaining('disasterRecovery.network.routes[1].destination: "0.0.0.0/0" is the default route'),
      expect.stringContaining('disasterRecovery.network.routes[2].vpnGatewayId: "vgw-0fedcba9876543210" is a second virtual private gateway'),
    ]);
  });

  it("the primary VPC's range is another network from the DR Region: a route to it is accepted", () => {
    expect(problemsOf(yamlWith({ "disasterRecovery.network.routes": [{ destination: "10.0.0.0/16", transitGatewayId: TGW }] }, DR_EXAMPLE))).toEqual(
      [],
    );
  });
});
