import { IPv4CidrRange } from "ip-num";
import { subnetLayout } from "../config/subnet-layout";

describe("subnetLayout", () => {
  it.each(["10.0.0.0/16", "192.168.0.0/20", "172.31.128.0/24", "10.9.8.0/25"])("fits four non-overlapping subnets inside %s", (vpcCidr) => {
    const layout = subnetLayout(vpcCidr);
    const vpc = IPv4CidrRange.fromCidr(vpcCidr);
    const subnets = [...layout.privateSubnetCidrs, ...layout.publicSubnetCidrs].map((cidr) => IPv4CidrRange.fromCidr(cidr));
    expect(subnets).toHaveLength(4);
    for (const subnet of subnets) {
      expect(subnet.inside(vpc)).toBe(true);
      expect(Number(subnet.getPrefix().getValue())).toBeLessThanOrEqual(28);
    }
    subnets.forEach((a, i) => subnets.slice(i + 1).forEach((b) => expect(a.isOverlapping(b) || a.contains(b) || b.contains(a)).toBe(false)));
  });

  it("refuses a VPC too small for /28 subnets", () => {
    expect(() => subnetLayout("10.0.0.0/26")).toThrow(/too small/);
  });
});
