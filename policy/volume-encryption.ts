import { error, type PolicyRule } from "./rule";
import { isKeyOfThisDeployment, type Scope } from "./terraform-json";
import { instancesOf, type ResourceInstance } from "../synthesis/resource-instances";

function volumeEncryptionFindings({ arguments: desktop, perInstance, key: user }: ResourceInstance, scope: Scope) {
  // A value set per user names the user; a value shared by every desktop is reported once.
  const of = (argument: string) => (perInstance.has(argument) ? ` (desktop of ${user})` : "");
  return [
    ...(desktop.root_volume_encryption_enabled === true ? [] : [error(`the root volume is not encrypted${of("root_volume_encryption_enabled")}`)]),
    ...(desktop.user_volume_encryption_enabled === true ? [] : [error(`the user volume is not encrypted${of("user_volume_encryption_enabled")}`)]),
    ...(isKeyOfThisDeployment(desktop.volume_encryption_key, scope)
      ? []
      : [
          error(
            `volume_encryption_key ${JSON.stringify(desktop.volume_encryption_key ?? null)} is not a customer-managed key of this deployment${of("volume_encryption_key")}`,
          ),
        ]),
  ];
}

export const volumeEncryption = {
  id: "volume-encryption",
  description:
    "WorkSpaces root and user volumes (standby WorkSpaces' too) are encrypted with a customer-managed KMS key this deployment creates (image builders, named in images[].builderUser, excepted)",
  resources: {
    aws_workspaces_workspace: ({ body }, config, scope) => {
      // Image builders are the one exception, named in the configuration: WorkSpaces cannot image an encrypted desktop.
      const builders = new Set(config.images.map((image) => image.builderUser));
      const findings = instancesOf(scope.stacks[scope.stackName], body).flatMap((desktop) =>
        desktop.key !== undefined && builders.has(desktop.key) ? [] : volumeEncryptionFindings(desktop, scope),
      );
      return [...new Map(findings.map((finding) => [finding.message, finding])).values()];
    },
    // Disaster recovery's standby function creates WorkSpaces with the key it is given.
    aws_lambda_function: ({ body }, _, scope) => {
      const volumeKey = body.environment?.variables?.VOLUME_ENCRYPTION_KEY_ARN;
      return volumeKey === undefined || isKeyOfThisDeployment(volumeKey, scope)
        ? []
        : [error(`VOLUME_ENCRYPTION_KEY_ARN ${JSON.stringify(volumeKey)} (standby WorkSpaces) is not a customer-managed key of this deployment`)];
    },
  },
} satisfies PolicyRule;
