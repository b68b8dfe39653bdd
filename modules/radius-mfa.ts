import { Construct } from "constructs";
import { DirectoryServiceRadiusSettings } from "@cdktf/provider-aws/lib/directory-service-radius-settings";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";

export interface RadiusMfaProps {
  /** A Microsoft AD or AD Connector directory; Simple AD has no RADIUS support. */
  readonly directoryId: string;
  /** The directory's security group: the domain controllers send RADIUS requests from it. */
  readonly directorySecurityGroupId: string;
  /** IPv4 addresses of the RADIUS servers, routed from the VPC (VPN, Transit Gateway, peering). */
  readonly servers: string[];
  /** UDP port of the RADIUS servers. */
  readonly port: number;
  /** Authentication protocol the RADIUS servers expect. */
  readonly protocol: "PAP" | "CHAP" | "MS-CHAPv1" | "MS-CHAPv2";
  /** Seconds to wait for a RADIUS answer. */
  readonly timeoutSeconds: number;
  /** Retries of an unanswered RADIUS request. */
  readonly retries: number;
  /** Sensitive: the shared secret, read from Secrets Manager. */
  readonly sharedSecret: string;
  /** Shown to users next to the one-time-code field. */
  readonly displayLabel: string;
  /** Users sign in to RADIUS with their directory user name. */
  readonly useSameUsername: boolean;
}

/**
 * Multi-factor authentication for WorkSpaces sign-in through the directory's RADIUS settings. A managed
 * directory's security group lets traffic out only to its own members, so each RADIUS server gets an egress
 * rule (UDP, the RADIUS port); the settings are applied only once the rules exist, or their status goes to
 * Failed and the apply errors.
 */
export class RadiusMfa extends Construct {
  constructor(scope: Construct, id: string, props: RadiusMfaProps) {
    super(scope, id);
    const egressRules = props.servers.map(
      (server) =>
        new VpcSecurityGroupEgressRule(this, `egress-${server}`, {
          securityGroupId: props.directorySecurityGroupId,
          description: `RADIUS MFA requests to ${server}`,
          ipProtocol: "udp",
          fromPort: props.port,
          toPort: props.port,
          cidrIpv4: `${server}/32`,
        }),
    );
    new DirectoryServiceRadiusSettings(this, "settings", {
      directoryId: props.directoryId,
      radiusServers: props.servers,
      radiusPort: props.port,
      authenticationProtocol: props.protocol,
      radiusTimeout: props.timeoutSeconds,
      radiusRetries: props.retries,
      sharedSecret: props.sharedSecret,
      displayLabel: props.displayLabel,
      useSameUsername: props.useSameUsername,
      dependsOn: egressRules,
    });
  }
}
