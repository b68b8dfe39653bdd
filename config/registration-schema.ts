import * as z from "zod/mini";

/**
 * Keys of `desktops` that set the WorkSpaces registration's self-service permissions and creation
 * properties (they apply to every desktop of the directory, not per user).
 */

const selfServiceSchema = z.strictObject({
  restartWorkspace: z._default(z.boolean(), true).check(z.describe("Users may restart their desktop from the client.")),
  increaseVolumeSize: z
    ._default(z.boolean(), false)
    .check(z.describe("Users may grow their volumes; theirs are kept, so `rootVolumeGib` / `userVolumeGib` then apply only to new desktops.")),
  changeComputeType: z
    ._default(z.boolean(), false)
    .check(z.describe("Users may change their compute type; theirs is kept, so `computeType` then applies only to new desktops.")),
  // The cost optimizer (costOptimization.enabled) also switches running modes: the two are refused together
  // (config/cost-schema.ts).
  switchRunningMode: z
    ._default(z.boolean(), false)
    .check(z.describe("Users may switch their running mode; theirs is kept, so `runningMode` then applies only to new desktops.")),
  rebuildWorkspace: z
    ._default(z.boolean(), false)
    .check(z.describe("Users may rebuild their desktop from its bundle (the root volume is recreated).")),
});

const securityGroupId = z
  .string()
  .check(z.regex(/^sg-([0-9a-f]{8}|[0-9a-f]{17})$/, { message: "is not a security group ID (sg- and 8 or 17 hexadecimal digits)" }));

const OU_DN_EXAMPLE = "OU=Desktops,DC=corp,DC=example,DC=com";

/** The relative names of a distinguished name, split at commas that are not escaped. */
function relativeNames(dn: string): { type: string; value: string }[] | undefined {
  const names = dn.split(/(?<!\\),/).map((part) => /^\s*([A-Za-z]+)=(.*\S.*)$/.exec(part));
  if (names.some((match) => match === null)) return undefined;
  return names.map((match) => ({ type: match![1].toUpperCase(), value: match![2].trim() }));
}

/** `OU=…[,OU=…],DC=…[,DC=…]`: an organizational unit of a domain, the form WorkSpaces takes for the default OU. */
function isOuDistinguishedName(dn: string): boolean {
  const names = relativeNames(dn);
  if (!names) return false;
  const firstDc = names.findIndex((name) => name.type === "DC");
  return (
    names[0].type === "OU" &&
    firstDc > 0 &&
    names.slice(0, firstDc).every((name) => name.type === "OU") &&
    names.slice(firstDc).every((name) => name.type === "DC" && /^[A-Za-z0-9-]+$/.test(name.value))
  );
}

/** `OU=Desktops,DC=corp,DC=example,DC=com` → `corp.example.com` */
function domainOf(dn: string): string {
  return relativeNames(dn)!
    .filter((name) => name.type === "DC")
    .map((name) => name.value)
    .join(".");
}

const organizationalUnit = z
  .string()
  .check(z.refine(isOuDistinguishedName, { message: `is not the distinguished name of an organizational unit, such as ${OU_DN_EXAMPLE}` }));

/** Spread into the `desktops` section's keys. */
export const registrationSettings = {
  selfService: z
    .prefault(selfServiceSchema, {})
    .check(z.describe("What users may do from the WorkSpaces client (see Self-service and drift); by default only restart.")),
  maintenanceMode: z._default(z.boolean(), true).check(z.describe("Automatic Windows updates during the maintenance window.")),
  customSecurityGroupId: z
    .optional(securityGroupId)
    .check(z.describe("`sg-…` of a security group of the deployment's VPC, added to every new desktop; cannot be unset once applied.")),
  defaultOu: z
    .optional(organizationalUnit)
    .check(
      z.describe(
        `Distinguished name of an OU of \`directory.name\` (\`${OU_DN_EXAMPLE}\`) for new desktops' computer objects; unset: the directory's Computers container. Cannot be unset once applied.`,
      ),
    ),
};

type Issue = { path: (string | number)[]; message: string };

/** Checks of the registration settings against the rest of the file (the directory's domain). */
export function registrationIssues(config: { directory?: { name?: unknown }; desktops?: { defaultOu?: unknown } }): Issue[] {
  const ou = config.desktops?.defaultOu;
  const domain = config.directory?.name;
  // A malformed OU or domain name is reported by its own field's check.
  if (typeof ou !== "string" || typeof domain !== "string" || !isOuDistinguishedName(ou)) return [];
  const ouDomain = domainOf(ou);
  if (ouDomain.toLowerCase() === domain.toLowerCase()) return [];
  return [
    {
      path: ["desktops", "defaultOu"],
      message: `is in domain ${ouDomain}, not in the directory's domain ${domain}: desktops join ${domain}, so their OU must be one of its OUs`,
    },
  ];
}
