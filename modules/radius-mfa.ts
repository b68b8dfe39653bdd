import { Construct } from "constructs";
import { DirectoryServiceRadiusSettings } from "@cdktf/provider-aws/lib/directory-service-radius-settings";

export interface RadiusMfaProps {
  /** A Microsoft AD or AD Connector directory; Simple AD has no RADIUS support. */
  readonly directoryId: string;
  readonly servers: string[];
  readonly port: number;
  readonly protocol: "PAP" | "CHAP" | "MS-CHAPv1" | "MS-CHAPv2";
  readonly timeoutSeconds: number;
  readonly retries: number;
  /** Sensitive: the shared secret, read from Secrets Manager. */
  readonly sharedSecret: string;
  /** Shown to users next to the one-time-code field. */
  readonly displayLabel: string;
  readonly useSameUsername: boolean;
}

/** Multi-factor authentication for WorkSpaces sign-in through the directory's RADIUS settings. */
export class RadiusMfa extends Construct {
  constructor(scope: Construct, id: string, props: RadiusMfaProps) {
    super(scope, id);
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
    });
  }
}
