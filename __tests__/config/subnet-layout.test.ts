import { Netmask } from "netmask";
import { subnetLayout } from "../../config/subnet-layout";

describe("subnetLayout", () => {
  it.each(["10.0.0.0/16", "192.168.0.0/20", "172.31.128.0/24", "10.9.8.0/25"])("fits four non-overlapping subnets inside %s", (vpcCidr) => {
    const layout = subnetLayout(vpcCidr);
    const vpc = new Netmask(vpcCidr);
    const cidrs = [...layout.privateSubnetCidrs, ...layout.publicSubnetCidrs];
    const subnets = cidrs.map((cidr) => new Netmask(cidr));
    expect(subnets).toHaveLength(4);
    // Each is a network address (Netmask would clear host bits) inside the VPC, no smaller than /28.
    expect(subnets.map(String)).toEqual(cidrs);
    for (const subnet of subnets) {
      expect(vpc.contains(subnet)).toBe(true);
      expect(subnet.bitmask).toBeLessThanOrEqual(28);
    }
    // Two blocks overlap exactly when one holds the other's network address.
    subnets.forEach((a, i) => subnets.slice(i + 1).forEach((b) => expect(a.contains(b.base) || b.contains(a.base)).toBe(false)));
  });

  it("refuses a VPC too small for /28 subnets", () => {
    expect(() => subnetLayout("10.0.0.0/26")).toThrow(/too small/);
  });
});
