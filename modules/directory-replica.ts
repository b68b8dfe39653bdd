import { Construct } from "constructs";
import { DataAwsDirectoryServiceDirectory } from "@cdktf/provider-aws/lib/data-aws-directory-service-directory";
import { DirectoryServiceRegion } from "@cdktf/provider-aws/lib/directory-service-region";

export interface DirectoryReplicaProps {
  /** An AWS Managed Microsoft AD, Enterprise edition. */
  readonly directoryId: string;
  /** The Region the directory lives in: the replica is added through its API there. */
  readonly primaryRegion: string;
  /** The Region to replicate to, where `vpcId` and `subnetIds` are: the Region of the stack's provider. */
  readonly regionName: string;
  /** The DR Region's VPC the replicated domain controllers go into. */
  readonly vpcId: string;
  /** Two subnets in two different AZs of `regionName`. */
  readonly subnetIds: string[];
}

/**
 * Two domain controllers of an AWS Managed Microsoft AD in another Region (multi-Region replication): the same
 * directory ID, users, groups and policies, kept in sync by Active Directory replication over a connection AWS
 * sets up between the Regions (no peering needed). Managed through the primary Region's API, whatever the stack's
 * provider Region.
 */
export class DirectoryReplica extends Construct {
  /** The directory's ID, usable in the replica's Region once the replica exists. */
  readonly directoryId: string;
  /**
   * The DNS addresses of the replica's domain controllers in `regionName` (its `DescribeDirectories` there), known
   * once the replica exists: what an AD Connector in that Region points at.
   */
  readonly dnsIpAddresses: string[];
  /** The replica itself, for what must wait for its domain controllers. */
  readonly replica: DirectoryServiceRegion;

  constructor(scope: Construct, id: string, props: DirectoryReplicaProps) {
    super(scope, id);
    const replica = new DirectoryServiceRegion(this, "replica", {
      region: props.primaryRegion,
      directoryId: props.directoryId,
      regionName: props.regionName,
      vpcSettings: { vpcId: props.vpcId, subnetIds: props.subnetIds },
      // Adding a Region deploys two domain controllers and replicates the whole directory: it takes as long as a new directory.
      timeouts: { create: "180m", delete: "90m" },
    });
    // aws_directory_service_region has no DNS addresses (provider internal/service/ds/region.go reads only
    // DescribeRegions: VPC settings and the number of domain controllers). The directory read through the replica
    // Region's own API does: DescribeDirectories there answers with that Region's domain controllers. Read after the
    // replica exists (depends_on defers the read to apply while the replica has changes), never before.
    // The stack's provider Region is `regionName` (the replica's stack lives there).
    const inRegion = new DataAwsDirectoryServiceDirectory(this, "in-region", {
      directoryId: replica.directoryId,
      dependsOn: [replica],
    });
    this.directoryId = replica.directoryId;
    this.dnsIpAddresses = inRegion.dnsIpAddresses;
    this.replica = replica;
  }
}
