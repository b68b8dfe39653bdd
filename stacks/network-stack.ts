import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { EncryptionKey } from "../modules/encryption-key";
import { VpcFlowLogs } from "../modules/flow-logs";
import { WorkspacesVpc } from "../modules/vpc";
import type { RegionSite } from "../topology";
import { VdiStack } from "./vdi-stack";

/** What the other stacks read from the network, through cross-stack references. */
export interface NetworkOutputs {
  readonly vpcId: string;
  /** Two subnets in two different WorkSpaces-supported AZs. */
  readonly privateSubnetIds: string[];
}

/** Recipe steps 1–4, in any Region of the topology: the VPC, its subnets, NAT, gateway attachments, routes and flow logs. */
export class NetworkStack extends VdiStack {
  readonly outputs: NetworkOutputs;

  constructor(scope: Construct, config: VdiConfig, site: RegionSite) {
    super(scope, site.stacks.network, config);
    const network = site.network;

    const vpc = new WorkspacesVpc(this, "vpc", {
      name: this.prefix,
      cidrBlock: network.vpcCidr,
      availabilityZoneIds: network.availabilityZoneIds,
      privateSubnetCidrs: network.privateSubnetCidrs,
      publicSubnetCidrs: network.publicSubnetCidrs,
      natGateways: network.natGateways,
      privateRoutes: network.routes.map(
        (route) =>
          route.transitGatewayId !== undefined
            ? { destination: route.destination, transitGatewayId: route.transitGatewayId }
            : { destination: route.destination, vpnGatewayId: route.vpnGatewayId! }, // the schema requires exactly one
      ),
      attachGateways: network.attachGateways,
    });

    const logsKey = new EncryptionKey(this, "logs-key", {
      alias: `${this.prefix}-network-logs`,
      description: `${this.prefix}: encrypts the VPC flow logs`,
      cloudWatchLogsRegion: this.region,
    });
    new VpcFlowLogs(this, "flow-logs", {
      name: this.prefix,
      vpcId: vpc.vpcId,
      logGroupName: `/vpc/${this.prefix}/flow-logs`,
      retentionDays: config.monitoring.logRetentionDays,
      key: logsKey,
    });

    new TerraformOutput(this, "vpc_id", { value: vpc.vpcId, description: "ID of the WorkSpaces VPC" });
    new TerraformOutput(this, "private_subnet_ids", {
      value: vpc.privateSubnetIds,
      description: "Private subnets of the directory and the desktops, in the order of availability_zone_ids",
    });
    new TerraformOutput(this, "availability_zone_ids", { value: vpc.availabilityZoneIds, description: "AZ IDs of the private subnets" });

    this.outputs = { vpcId: vpc.vpcId, privateSubnetIds: vpc.privateSubnetIds };
  }
}
