import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { Directory } from "../modules/directory";
import { DirectoryReplica } from "../modules/directory-replica";
import type { RegionalWorkspaces } from "../modules/regional-workspaces";
import type { IdentityOutputs } from "./identity-stack";
import type { NetworkOutputs } from "./network-stack";
import { DR_REGION_STACKS } from "../topology";
import { VdiStack } from "./vdi-stack";

/**
 * The directory in the DR Region. Managed Microsoft AD (Enterprise): a replica of the primary directory, the
 * same ID and users. AD Connector: a second connector to the same on-premises DNS servers and service account.
 * (Simple AD is refused by the configuration: it cannot be replicated.)
 */
export class DrIdentityStack extends VdiStack {
  readonly outputs: IdentityOutputs;

  constructor(scope: Construct, config: VdiConfig, network: NetworkOutputs, primary: IdentityOutputs, regional: RegionalWorkspaces) {
    super(scope, DR_REGION_STACKS.identity, config);
    const directoryConfig = config.directory;
    let directoryId: string;
    if (directoryConfig.kind.type === "MicrosoftAD") {
      directoryId = new DirectoryReplica(this, "replica", {
        directoryId: primary.directoryId,
        primaryRegion: config.region,
        regionName: this.region,
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
      }).directoryId;
    } else {
      // The service account's password secret lives in the primary Region: read there, ignored after creation
      // like the primary connector's (see modules/directory.ts), so rotating it never replaces the connector.
      const password = regional.existingSecret(this, "service-account-password", directoryConfig.serviceAccountPasswordSecretId!);
      const connector = new Directory(this, "directory", {
        name: directoryConfig.name,
        shortName: directoryConfig.shortName,
        kind: directoryConfig.kind,
        password: password.value,
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        description: `${this.prefix} WorkSpaces directory (DR Region)`,
      });
      regional.radiusMfa(this, connector);
      new TerraformOutput(this, "dns_ip_addresses", {
        value: connector.dnsIpAddresses,
        description: "DNS addresses of the DR Region's AD Connector",
      });
      directoryId = connector.directoryId;
    }
    new TerraformOutput(this, "directory_id", {
      value: directoryId,
      description: "The directory the DR Region's WorkSpaces registration uses (the replica's ID is the primary's)",
    });
    this.outputs = { directoryId };
  }
}
