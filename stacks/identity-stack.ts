import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { Directory } from "../modules/directory";
import { DirectorySecurityLogs } from "../modules/directory-security-logs";
import { EncryptionKey } from "../modules/encryption-key";
import { GeneratedPasswordSecret } from "../modules/generated-secret";
import type { RegionalWorkspaces } from "../modules/regional-workspaces";
import type { NetworkOutputs } from "./network-stack";
import { VdiStack } from "./vdi-stack";
import { PRIMARY_REGION_STACKS, safeguardsOf } from "../topology";

/** What the desktops stack reads from the identity stack. */
export interface IdentityOutputs {
  readonly directoryId: string;
}

/** Recipe step 5: the directory in the network's private subnets, its password and MFA. */
export class IdentityStack extends VdiStack {
  readonly outputs: IdentityOutputs;

  constructor(scope: Construct, config: VdiConfig, network: NetworkOutputs, regional: RegionalWorkspaces) {
    super(scope, PRIMARY_REGION_STACKS.identity, config);
    const directoryConfig = config.directory;
    const isMicrosoftAd = directoryConfig.type === "MicrosoftAD";

    const credentials = directoryCredentials(this, config, regional);
    const directory = new Directory(this, "directory", {
      name: directoryConfig.name,
      shortName: directoryConfig.shortName,
      kind: directoryConfig.kind,
      password: credentials.password,
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      description: `${this.prefix} WorkSpaces directory`,
    });

    regional.radiusMfa(this, directory);
    if (isMicrosoftAd && credentials.key) {
      new DirectorySecurityLogs(this, "security-logs", {
        directoryId: directory.directoryId,
        // Directory Service forwards security logs only to log groups under /aws/directoryservice/.
        logGroupName: `/aws/directoryservice/${this.prefix}`,
        retentionDays: config.monitoring.logRetentionDays,
        key: credentials.key,
      });
    }

    new TerraformOutput(this, "directory_id", {
      value: directory.directoryId,
      description: "ID of the directory (d-…), registered with WorkSpaces by the desktops stack",
    });
    new TerraformOutput(this, "directory_type", { value: directory.type, description: "Directory type: SimpleAD, MicrosoftAD or ADConnector" });
    new TerraformOutput(this, "dns_ip_addresses", { value: directory.dnsIpAddresses, description: "IP addresses of the directory's DNS servers" });
    new TerraformOutput(this, "security_group_id", {
      value: directory.securityGroupId,
      description: "Security group of the directory's domain controllers, created by Directory Service",
    });
    if (credentials.secretArn) {
      new TerraformOutput(this, "admin_password_secret_arn", {
        value: credentials.secretArn,
        description: "Secrets Manager secret holding the directory admin password",
      });
    }
    this.outputs = { directoryId: directory.directoryId };
  }
}

/**
 * Simple AD and Microsoft AD get a generated admin password kept in Secrets Manager, encrypted with a key of
 * the stack (which also encrypts Microsoft AD's security logs). AD Connector signs in with an existing service
 * account whose password is already in Secrets Manager: it stores nothing and needs no key.
 */
function directoryCredentials(
  stack: IdentityStack,
  config: VdiConfig,
  regional: RegionalWorkspaces,
): { password: string; secretArn?: string; key?: EncryptionKey } {
  const directory = config.directory;
  if (directory.serviceAccountPasswordSecretId !== undefined) {
    return { password: regional.existingSecret(stack, "service-account-password", directory.serviceAccountPasswordSecretId).value };
  }
  const isMicrosoftAd = directory.type === "MicrosoftAD";
  const key = new EncryptionKey(stack, "identity-key", {
    alias: `${stack.prefix}-identity`,
    description: `${stack.prefix}: encrypts the directory's admin password${isMicrosoftAd ? " and security logs" : ""}`,
    cloudWatchLogsRegion: isMicrosoftAd ? config.region : undefined,
  });
  const adminUser = directory.type === "SimpleAD" ? "Administrator" : "Admin";
  const secret = new GeneratedPasswordSecret(stack, "admin-password", {
    secretName: `${stack.prefix}/directory/${adminUser.toLowerCase()}-password`,
    description: `Password of the ${adminUser} user of ${directory.name}`,
    kmsKeyArn: key.arn,
    recoveryWindowInDays: safeguardsOf(config.environment).secretRecoveryWindowDays,
  });
  return { password: secret.value, secretArn: secret.secretArn, key };
}
