/**
 * Availability Zones where WorkSpaces Personal runs, by AZ ID ("Availability Zones for WorkSpaces
 * Personal", AWS WorkSpaces Administration Guide,
 * https://docs.aws.amazon.com/workspaces/latest/adminguide/azs-workspaces.html). AZ names map to
 * different physical zones in different accounts, so only AZ IDs are meaningful here. A region is
 * listed only with the AZ IDs read on that page: the WorkSpaces Pools table of the same guide lists
 * fewer zones for some regions (ap-south-1) and is not a substitute.
 */
export const WORKSPACES_AZ_IDS: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["use1-az2", "use1-az4", "use1-az6"],
  "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3"],
  "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"],
  "eu-central-1": ["euc1-az2", "euc1-az3"],
  "eu-west-2": ["euw2-az2", "euw2-az3"],
  "ap-northeast-1": ["apne1-az1", "apne1-az4"],
  "ap-southeast-1": ["apse1-az1", "apse1-az2"],
  "ap-southeast-2": ["apse2-az1", "apse2-az3"],
  "ca-central-1": ["cac1-az1", "cac1-az2"],
  "sa-east-1": ["sae1-az1", "sae1-az3"],
  "ap-northeast-2": ["apne2-az1", "apne2-az3"],
  "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
};

export const WORKSPACES_REGIONS = Object.keys(WORKSPACES_AZ_IDS) as [string, ...string[]];

/**
 * Every AWS region, by partition (AWS General Reference, "AWS Regions"): the state bucket may live
 * in any of them, but a region that does not exist fails only at `terraform init`.
 */
export const AWS_REGIONS_BY_PARTITION = {
  aws: [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
  ],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
} as const;

export const AWS_REGIONS: readonly string[] = Object.values(AWS_REGIONS_BY_PARTITION).flat();

/** The partition (`aws`, `aws-us-gov`, `aws-cn`) of a known region. */
export function partitionOf(region: string): string | undefined {
  return Object.entries(AWS_REGIONS_BY_PARTITION).find(([, regions]) => (regions as readonly string[]).includes(region))?.[0];
}
