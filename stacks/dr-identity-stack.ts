import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { Directory } from "../modules/directory";
import { DirectoryReplica } from "../modules/directory-replica";
import { ExistingSecret } from "../modules/existing-secret";
import type { RegionalWorkspaces } from "../modules/regional-workspaces";
import type { IdentityOutputs } from "./identity-stack";
import type { NetworkOutputs } from "./network-stack";
import { DR_REGION_STACKS } from "../topology";
import { VdiStack } from "./vdi-stack";

/**
 * The directory the DR Region registers with WorkSpaces, always an AD Connector. Managed Microsoft AD (Enterprise):
 * a replica of the primary directory (same ID and users) with an AD Connector in front of its domain controllers in
 * the DR Region, as AWS's business-continuity design for WorkSpaces does (no AWS text confirms that WorkSpaces
 * registers a replica itself: docs/disaster-recovery.md). AD Connector: a second connector to the same on-premises
 * DNS servers and service account. (Simple AD is refused by the configuration: it cannot be replicated.)
 */
export class DrIdentityStack extends VdiStack {
  readonly outputs: IdentityOutputs;

  constructor(scope: Construct, config: VdiConfig, network: NetworkOutputs, primary: IdentityOutputs, regional: RegionalWorkspaces) {
    super(scope, DR_REGION_STACKS.identity, config);
    const directoryConfig = config.directory;
    const vpc = { vpcId: network.vpcId, subnetIds: network.privateSubnetIds };
    let connector: Directory;
    if (directoryConfig.kind.type === "MicrosoftAD") {
      // Present: the configuration refuses MicrosoftAD with disasterRecovery but without it.
      const settings = config.disasterRecovery!.directoryConnector!;
      const replica = new DirectoryReplica(this, "replica", {
        directoryId: primary.directoryId,
        primaryRegion: config.region,
        regionName: this.region,
        ...vpc,
      });
      // The service account's password lives in the DR Region: read there, ignored after creation like every
      // connector's (modules/directory.ts), so rotating it never replaces the connector.
      const password = new ExistingSecret(this, "connector-service-account-password", { secretId: settings.serviceAccountPasswordSecretId });
      connector = new Directory(this, "connector", {
        name: directoryConfig.name,
        shortName: directoryConfig.shortName,
        kind: {
          type: "ADConnector",
          size: settings.size,
          customerDnsIps: replica.dnsIpAddresses,
          customerUsername: settings.serviceAccountUserName,
        },
        password: password.value,
        ...vpc,
        description: `${this.prefix} AD Connector to the replicated directory (DR Region)`,
        dependsOn: [replica.replica],
        // The replica's addresses are read through a data source depending on the replica: any pending change of
        // the replica (tags, domain controllers) defers that read to apply, and unknown addresses would plan the
        // connector's replacement (connect_settings is ForceNew), i.e. a new registration and new standby desktops.
        // Taken at creation; a change of the domain controllers' addresses is a warning (below) and a by-hand step.
        customerDnsIpsTakenAtCreation: true,
      });
      replica.checkConnectorDnsServers(connector);
      new TerraformOutput(this, "replica_dns_ip_addresses", {
        value: replica.dnsIpAddresses,
        description: "DNS addresses of the replicated directory's domain controllers in the DR Region (the AD Connector's DNS servers)",
      });
    } else {
      // The service account's password secret lives in the primary Region: read there, ignored after creation
      // like the primary connector's (see modules/directory.ts), so rotating it never replaces the connector.
      const password = regional.existingSecret(this, "service-account-password", directoryConfig.serviceAccountPasswordSecretId!);
      connector = new Directory(this, "directory", {
        name: directoryConfig.name,
        shortName: directoryConfig.shortName,
        kind: directoryConfig.kind,
        password: password.value,
        ...vpc,
        description: `${this.prefix} WorkSpaces directory (DR Region)`,
      });
    }
    regional.radiusMfa(this, connector);
    new TerraformOutput(this, "dns_ip_addresses", {
      value: connector.dnsIpAddresses,
      description: "DNS addresses of the DR Region's AD Connector",
    });
    new TerraformOutput(this, "directory_id", {
      value: connector.directoryId,
      description: "The DR Region's AD Connector, which the DR Region's WorkSpaces registration uses",
    });
    this.outputs = { directoryId: connector.directoryId };
  }
}
