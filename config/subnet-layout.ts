import { Netmask } from "netmask";

/** Subnet CIDRs carved from the VPC CIDR: one private and one public block per AZ. */
export interface SubnetLayout {
  readonly privateSubnetCidrs: readonly string[];
  readonly publicSubnetCidrs: readonly string[];
}

/** AWS refuses subnets smaller than /28. */
const SMALLEST_SUBNET_PREFIX = 28;

/**
 * The VPC is cut in four equal blocks: the first two are the private subnets (directory and
 * desktops, where the addresses are needed), the third is split again into the public (NAT)
 * subnets, the fourth is left free for growth. The layout depends only on the VPC CIDR and the AZ
 * position, so switching NAT modes or adding a user never moves a subnet.
 */
export const LARGEST_VPC_PREFIX_FOR_LAYOUT = SMALLEST_SUBNET_PREFIX - 3;

/** Directory registration takes exactly two subnets in two AZs, so the network spans two AZs. */
export const AZ_COUNT = 2;

export function subnetLayout(vpcCidr: string): SubnetLayout {
  const vpc = new Netmask(vpcCidr);
  const vpcPrefix = vpc.bitmask;
  if (vpcPrefix > LARGEST_VPC_PREFIX_FOR_LAYOUT) {
    throw new RangeError(`${vpcCidr} is too small to hold ${AZ_COUNT * 2} subnets of at least /${SMALLEST_SUBNET_PREFIX}`);
  }
  const quarter = (index: number) => new Netmask(vpc.base, vpcPrefix + 2).next(index);
  const publicBlock = (index: number) => new Netmask(quarter(2).base, vpcPrefix + 3).next(index);
  const azIndexes = Array.from({ length: AZ_COUNT }, (_, index) => index);
  return {
    privateSubnetCidrs: azIndexes.map((index) => quarter(index).toString()),
    publicSubnetCidrs: azIndexes.map((index) => publicBlock(index).toString()),
  };
}
