import { Construct } from "constructs";
import { DataAwsDirectoryServiceDirectory } from "@cdktf/provider-aws/lib/data-aws-directory-service-directory";
import { DirectoryServiceRegion } from "@cdktf/provider-aws/lib/directory-service-region";
import { addCheckBlock, addressOf } from "./checks";
import type { Directory } from "./directory";

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
  private readonly regionName: string;

  constructor(scope: Construct, id: string, props: DirectoryReplicaProps) {
    super(scope, id);
    const replica = new DirectoryServiceRegion(this, "replica", {
      region: props.primaryRegion,
      directoryId: props.directoryId,
      regionName: props.regionName,
      vpcSettings: { vpcId: props.vpcId, subnetIds: props.subnetIds },
      // Adding a Region deploys two domain controllers and replicates the whole directory: it takes as long as a new directory.
      timeouts: { create: "180m", delete: "90m" },
      lifecycle: {
        // The provider writes and reads this resource's tags on the directory ID through the DR Region's API
        // (ds/region.go). Whether AWS keeps one tag set per directory across Regions is not documented: if it does,
        // `identity` (stack=identity) and this stack (stack=dr-identity) would overwrite each other on every apply.
        // Ignoring `tags` keeps whatever the directory holds there as this resource's own tags, so tags_all (the
        // default tags merged with them) equals what is read either way: the default tags are written at creation
        // and updated when a default tag changes, never fought over (docs/disaster-recovery.md).
        ignoreChanges: ["tags"],
      },
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
    this.regionName = props.regionName;
  }

  /**
   * A warning on every plan and apply when the replica's domain controllers no longer answer on the DNS addresses
   * an AD Connector in `regionName` was created with (`customerDnsIpsTakenAtCreation`: Terraform never changes
   * them): AWS replaced a domain controller, or the replica was removed and added again. The connector's
   * `customer_dns_ips` are its refreshed state (the provider reads them from DescribeDirectories' DnsIpAddrs of the
   * connector), compared with a read of the replica of its own. On AWS the first read would do (the connector's
   * state keeps the addresses it was created with, the read follows the replica); the second exists because the
   * mocked Terraform layer overrides a data source for every reader at once and so could not make the warning fire
   * (a known wart: one more DescribeDirectories per plan; a two-step negative run in testing/terraform/guards.ts
   * would remove it). Both reads wait for the replica; while it has pending changes the check waits for apply.
   */
  checkConnectorDnsServers(connector: Directory): void {
    const current = new DataAwsDirectoryServiceDirectory(this, "in-region-current", {
      directoryId: this.replica.directoryId,
      dependsOn: [this.replica],
    });
    const currentAddresses = `data.${current.terraformResourceType}.${current.friendlyUniqueId}.dns_ip_addresses`;
    const connectorAddresses = `${addressOf(connector.resource)}.connect_settings[0].customer_dns_ips`;
    addCheckBlock(this, "connector-dns-servers", {
      assertions: () => [
        {
          condition: `\${toset(${currentAddresses}) == toset(${connectorAddresses})}`,
          errorMessage:
            `The AD Connector \${${addressOf(connector.resource)}.id} (DR Region ${this.regionName}) uses the DNS servers ` +
            `\${join(", ", sort(${connectorAddresses}))}, but the replicated directory's domain controllers there answer on ` +
            `\${join(", ", sort(${currentAddresses}))}. Terraform takes the connector's DNS addresses at creation only: update ` +
            `them by hand (docs/disaster-recovery.md, "The connector's DNS addresses").`,
        },
      ],
    });
  }
}
