/**
 * Availability Zones where WorkSpaces Personal runs, by AZ ID ("Availability Zones for WorkSpaces
 * Personal", AWS WorkSpaces Administration Guide). AZ names map to different physical zones in
 * different accounts, so only AZ IDs are meaningful here.
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
};

export const WORKSPACES_REGIONS = Object.keys(WORKSPACES_AZ_IDS) as [string, ...string[]];
