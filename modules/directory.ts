import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { DirectoryServiceDirectory } from "@cdktf/provider-aws/lib/directory-service-directory";
import { addCheckBlock, addressOf } from "./checks";

/** The arguments that exist only for one directory type. */
export type DirectoryKind =
  | { readonly type: "SimpleAD"; readonly size: "Small" | "Large" }
  | { readonly type: "MicrosoftAD"; readonly edition: "Standard" | "Enterprise" }
  | {
      readonly type: "ADConnector";
      readonly size: "Small" | "Large";
      /** DNS servers (domain controllers) of the directory being connected. */
      readonly customerDnsIps: string[];
      /** The service account AD Connector signs in with. */
      readonly customerUsername: string;
    };

export interface DirectoryProps {
  /** Fully qualified domain name, e.g. `corp.example.com`. */
  readonly name: string;
  /** NetBIOS name, at most 15 characters. */
  readonly shortName: string;
  /** The directory type and the arguments only it takes. */
  readonly kind: DirectoryKind;
  /** Sensitive: the admin password (Simple AD, Microsoft AD) or the service account's password (AD Connector). */
  readonly password: string;
  /** The VPC of `subnetIds`. */
  readonly vpcId: string;
  /** Exactly two subnets in two different AZs. */
  readonly subnetIds: string[];
  /** Shown in the Directory Service console. @default none */
  readonly description?: string;
  /** What must exist first (an AD Connector's domain controllers, when this deployment creates them). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * AD Connector only: take `customerDnsIps` at creation and never plan a change of them afterwards. For DNS
   * addresses read from a data source that Terraform may defer to apply (one depending on a resource with pending
   * changes, hashicorp/terraform#27171): unknown addresses would otherwise plan the connector's replacement,
   * `connect_settings` being ForceNew in the provider. Only the addresses: a changed VPC, subnet or user name still
   * plans the replacement it needs, visibly. @default false
   */
  readonly customerDnsIpsTakenAtCreation?: boolean;
}

/** The directory WorkSpaces authenticates users against: Simple AD, AWS Managed Microsoft AD or AD Connector. */
export class Directory extends Construct {
  readonly directoryId: string;
  readonly dnsIpAddresses: string[];
  readonly securityGroupId: string;
  readonly type: DirectoryKind["type"];
  /** The `aws_directory_service_directory` resource, for checks that compare its attributes. */
  readonly resource: DirectoryServiceDirectory;

  constructor(scope: Construct, id: string, props: DirectoryProps) {
    super(scope, id);
    const network = { vpcId: props.vpcId, subnetIds: props.subnetIds };
    const kind = props.kind;
    const directory = new DirectoryServiceDirectory(this, "directory", {
      name: props.name,
      shortName: props.shortName,
      description: props.description,
      password: props.password,
      type: kind.type,
      size: kind.type === "MicrosoftAD" ? undefined : kind.size,
      edition: kind.type === "MicrosoftAD" ? kind.edition : undefined,
      vpcSettings: kind.type === "ADConnector" ? undefined : network,
      connectSettings:
        kind.type === "ADConnector" ? { ...network, customerDnsIps: kind.customerDnsIps, customerUsername: kind.customerUsername } : undefined,
      // Creation takes 10–30 minutes (longer for Microsoft AD); the provider's defaults are too tight.
      timeouts: { create: "90m", delete: "60m" },
      dependsOn: props.dependsOn,
      lifecycle: {
        // The password is used only to create the directory, yet changing it forces a new one (a new ID, then a new
        // registration and new desktops): a rotated secret or a regenerated value must never reach an existing directory.
        // The description forces a new directory too, for a text nobody reads in operations.
        // With customerDnsIpsTakenAtCreation, the connector's DNS addresses too (see the prop): changing them on an
        // existing connector is a by-hand step (docs/disaster-recovery.md), never a replacement.
        ignoreChanges: [
          "password",
          "description",
          ...(props.customerDnsIpsTakenAtCreation && kind.type === "ADConnector" ? ["connect_settings[0].customer_dns_ips"] : []),
        ],
      },
    });
    // A warning, not a postcondition: an error here would block every plan of the stack while AWS repairs the directory.
    addCheckBlock(this, "active", {
      assertions: () => [
        {
          // An Active directory answers DNS on two addresses, one per subnet.
          condition: `\${length(${addressOf(directory)}.dns_ip_addresses) >= 2}`,
          errorMessage: `Directory ${props.name} (\${${addressOf(directory)}.id}) has no DNS addresses: it is not Active; see its status in the Directory Service console.`,
        },
      ],
    });
    this.directoryId = directory.id;
    this.dnsIpAddresses = directory.dnsIpAddresses;
    this.securityGroupId = directory.securityGroupId;
    this.type = kind.type;
    this.resource = directory;
  }
}
