/** Where AWS lists the Regions' WorkSpaces Personal AZ IDs; named in the errors that ask for them. */
export const WORKSPACES_AZ_TABLE_URL = "https://docs.aws.amazon.com/workspaces/latest/adminguide/azs-workspaces.html";

/**
 * Availability Zones where WorkSpaces Personal runs, by AZ ID ("Availability Zones for WorkSpaces
 * Personal", AWS WorkSpaces Administration Guide, WORKSPACES_AZ_TABLE_URL). AZ names map to
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

/**
 * WorkSpaces Personal Regions whose row of the AZ table could not be read from AWS's text, by the
 * prefix of their AZ IDs. The Regions are those with a WorkSpaces endpoint in AWS's own endpoint data
 * (botocore 1.44.8, `data/endpoints.json`, service `workspaces`; the General Reference's "Amazon
 * WorkSpaces endpoints and quotas" says its Regions are WorkSpaces Personal's), China left out. WorkSpaces
 * runs in only some AZs of a Region, so a guess could register the directory in an AZ it refuses: here
 * `network.availabilityZoneIds` is required, copied from the table, and checked to be of the Region.
 */
export const WORKSPACES_AZ_ID_PREFIXES_TO_CONFIRM: Readonly<Record<string, string>> = {
  "us-east-2": "use2",
  "af-south-1": "afs1",
  "ap-southeast-5": "apse5",
  "eu-west-3": "euw3",
  "il-central-1": "ilc1",
  "us-gov-east-1": "usge1",
  "us-gov-west-1": "usgw1",
};

export const WORKSPACES_REGIONS = [...Object.keys(WORKSPACES_AZ_IDS), ...Object.keys(WORKSPACES_AZ_ID_PREFIXES_TO_CONFIRM)] as [string, ...string[]];

/**
 * WorkSpaces Regions where AWS Directory Service offers no Simple AD ("Region availability for Directory
 * Service", AWS Directory Service Administration Guide, column Simple AD: No). Only rows read there are
 * listed; a Region missing here may still lack Simple AD.
 */
export const WORKSPACES_REGIONS_WITHOUT_SIMPLE_AD: readonly string[] = ["us-east-2", "af-south-1", "ap-southeast-5"];

/**
 * The opt-in Regions of the aws partition: launched after March 20, 2019, disabled until the account enables
 * them, as opposed to the default Regions ("Enable or disable AWS Regions in your account", AWS Account
 * Management Reference, https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html). Those
 * of "Configure Multi-Region replication for AWS Managed Microsoft AD" (Directory Service Administration Guide,
 * https://docs.aws.amazon.com/directoryservice/latest/admin-guide/multi-region-how-it-works.html), with
 * ap-southeast-5 (Malaysia, launched in August 2024), a WorkSpaces Region that page does not list.
 */
export const OPT_IN_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-south-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ca-west-1",
  "eu-south-1",
  "eu-south-2",
  "eu-central-2",
  "il-central-1",
  "me-south-1",
  "me-central-1",
  "mx-central-1",
];

/** Where AWS describes standby WorkSpaces (Multi-Region Resilience); named in the error that refuses a Region. */
export const MULTI_REGION_RESILIENCE_URL = "https://docs.aws.amazon.com/workspaces/latest/adminguide/multi-region-resilience.html";

/**
 * The Regions where standby WorkSpaces (Multi-Region Resilience) can be created, as primary or standby Region:
 * US East (N. Virginia), US West (Oregon), Europe (Frankfurt) and Europe (Ireland), the Regions the feature was
 * announced in. AWS's page (MULTI_REGION_RESILIENCE_URL) could not be read past its introduction when this list
 * was written; the four names were read in a summary of it ("MRR is available in US East, US West, EU Frankfurt,
 * and EU Ireland", https://awsgrub.com/blog/amazon-workspaces-multi-region-disaster-recovery). A Region missing
 * here may have been added since: confirm on AWS's page before adding it.
 */
export const STANDBY_WORKSPACES_REGIONS: readonly string[] = ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"];

/** The AZ IDs a network in `region` gets when it names none: the first two of AWS's table, else none. */
export function defaultAvailabilityZoneIds(region: string, count: number): string[] {
  return (WORKSPACES_AZ_IDS[region] ?? []).slice(0, count);
}

/**
 * Problems with a network's AZ IDs in `region`, with paths relative to the network: each must be one
 * where WorkSpaces runs (or, where this project has no list, of the Region's form, and given), and
 * different from the others.
 */
export function availabilityZoneIssues(region: string, azIds: readonly string[] | undefined): { path: (string | number)[]; message: string }[] {
  const supported = WORKSPACES_AZ_IDS[region];
  const prefix = WORKSPACES_AZ_ID_PREFIXES_TO_CONFIRM[region];
  // The DR network's defaults are filled before this check runs: none there is an empty list.
  if (azIds === undefined || azIds.length === 0) {
    return supported
      ? []
      : [
          {
            path: ["availabilityZoneIds"],
            message: `is required in ${region}: WorkSpaces runs in only some of its AZs and this project has no confirmed list for it; copy two AZ IDs (${prefix}-az<n>) from ${region}'s row of ${WORKSPACES_AZ_TABLE_URL}`,
          },
        ];
  }
  const issues: { path: (string | number)[]; message: string }[] = [];
  azIds.forEach((azId, index) => {
    const path = ["availabilityZoneIds", index];
    if (AZ_NAME.test(azId)) {
      issues.push({
        path,
        message: `is an AZ name, not an AZ ID: names map to different zones in each account; give AZ IDs (${supported ? supported.join(", ") : `${prefix}-az<n>`}; \`aws ec2 describe-availability-zones\` lists each name's ZoneId)`,
      });
    } else if (supported && !supported.includes(azId)) {
      issues.push({ path, message: `is not an AZ ID where WorkSpaces runs in ${region} (supported: ${supported.join(", ")})` });
    } else if (!supported && !new RegExp(`^${prefix}-az[1-9]$`).test(azId)) {
      issues.push({ path, message: `is not an AZ ID of ${region} (${prefix}-az<n>, from ${region}'s row of ${WORKSPACES_AZ_TABLE_URL})` });
    } else if (azIds.indexOf(azId) !== index) {
      issues.push({ path, message: "is listed twice: the directory needs two different AZs" });
    }
  });
  return issues;
}

/** `eu-west-1a`, `us-gov-west-1b`: a Region name and a zone letter. */
const AZ_NAME = /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/;

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
