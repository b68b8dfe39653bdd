import { error, type PolicyRule } from "./rule";
import { isKeyOfThisDeployment, type Scope } from "./terraform-json";

/**
 * The desktops of a WorkSpaces resource: one per `for_each` entry, with `${each.value.<key>}` arguments replaced by
 * that entry's values (the user is the entry's key), or the resource itself without `for_each`.
 */
function desktopsOf(body: Record<string, any>): { user?: string; desktop: Record<string, unknown>; perUser: Set<string> }[] {
  const entries = body.for_each;
  if (entries === null || typeof entries !== "object" || Array.isArray(entries)) return [{ desktop: body, perUser: new Set() }];
  return Object.entries(entries as Record<string, Record<string, unknown>>).map(([user, values]) => {
    const perUser = new Set<string>();
    const desktop = Object.fromEntries(
      Object.entries(body).map(([argument, value]) => {
        const fromEntry = typeof value === "string" ? /^\$\{each\.value\.(\w+)\}$/.exec(value) : null;
        if (!fromEntry) return [argument, value];
        perUser.add(argument);
        return [argument, values?.[fromEntry[1]]];
      }),
    );
    return { user, desktop, perUser };
  });
}

function volumeEncryptionFindings({ desktop, perUser, user }: { desktop: Record<string, any>; perUser: Set<string>; user?: string }, scope: Scope) {
  // A value set per user names the user; a value shared by every desktop is reported once.
  const of = (argument: string) => (perUser.has(argument) ? ` (desktop of ${user})` : "");
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
      const findings = desktopsOf(body).flatMap((entry) =>
        entry.user !== undefined && builders.has(entry.user) ? [] : volumeEncryptionFindings(entry, scope),
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
