import { IPv4CidrRange, IPv4Prefix } from "ip-num";

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
  const vpc = IPv4CidrRange.fromCidr(vpcCidr);
  const vpcPrefix = Number(vpc.getPrefix().getValue());
  if (vpcPrefix > LARGEST_VPC_PREFIX_FOR_LAYOUT) {
    throw new RangeError(`${vpcCidr} is too small to hold ${AZ_COUNT * 2} subnets of at least /${SMALLEST_SUBNET_PREFIX}`);
  }
  const quarters = vpc.splitInto(IPv4Prefix.fromNumber(BigInt(vpcPrefix + 2)));
  const publicBlocks = quarters[2].splitInto(IPv4Prefix.fromNumber(BigInt(vpcPrefix + 3)));
  return {
    privateSubnetCidrs: quarters.slice(0, AZ_COUNT).map((range) => range.toCidrString()),
    publicSubnetCidrs: publicBlocks.slice(0, AZ_COUNT).map((range) => range.toCidrString()),
  };
}
