import * as z from "zod/mini";
import type { DirectoryKind } from "../modules/directory";
import { whenValid } from "./refine-when";
import { fullyQualifiedDomainName, ipv4Address, netbiosName, secretReference, serviceAccountName } from "./rules";

export const DIRECTORY_TYPES = ["SimpleAD", "MicrosoftAD", "ADConnector"] as const;
export type DirectoryType = (typeof DIRECTORY_TYPES)[number];

const radiusSchema = z.strictObject({
  /**
   * IPv4 addresses of the RADIUS servers, routed from the VPC. Addresses, not host names: the directory's
   * security group gets an egress rule for each.
   */
  servers: z
    .array(z.ipv4({ message: "is not an IPv4 address (the directory's security group needs the address to let RADIUS requests out)" }))
    .check(z.minLength(1, { message: "must list at least one RADIUS server" })),
  port: z._default(z.int().check(z.minimum(1025), z.maximum(65535)), 1812),
  protocol: z._default(z.enum(["PAP", "CHAP", "MS-CHAPv1", "MS-CHAPv2"]), "PAP"),
  timeoutSeconds: z._default(z.int().check(z.minimum(1), z.maximum(50)), 5),
  retries: z._default(z.int().check(z.minimum(0), z.maximum(10)), 4),
  /** Name or ARN of an existing Secrets Manager secret holding the RADIUS shared secret. */
  sharedSecretId: secretReference,
  displayLabel: z._default(z.string().check(z.minLength(1), z.maxLength(64)), "MFA"),
  useSameUsername: z._default(z.boolean(), true),
});

const connectSettingsSchema = z.strictObject({
  /** DNS servers (domain controllers) of the on-premises directory. */
  customerDnsIps: z.array(ipv4Address).check(z.minLength(1, { message: "must list at least one DNS server address" })),
  /** The service account AD Connector uses in the on-premises directory. */
  customerUsername: serviceAccountName,
  /** Name or ARN of an existing Secrets Manager secret holding the service account's password. */
  passwordSecretId: secretReference,
});

/** Which keys each directory type accepts besides the common ones. */
const TYPE_SPECIFIC_KEYS: Record<DirectoryType, readonly string[]> = {
  SimpleAD: ["size"],
  MicrosoftAD: ["edition", "radius"],
  ADConnector: ["size", "connectSettings", "radius"],
};
const ALL_TYPE_SPECIFIC_KEYS = ["size", "edition", "connectSettings", "radius"] as const;

const directoryInput = z.strictObject({
  type: z._default(z.enum(DIRECTORY_TYPES), "SimpleAD"),
  name: fullyQualifiedDomainName,
  shortName: z.optional(netbiosName),
  size: z.optional(z.enum(["Small", "Large"])),
  edition: z.optional(z.enum(["Standard", "Enterprise"])),
  connectSettings: z.optional(connectSettingsSchema),
  /**
   * `workspaces_DefaultRole` exists once per account (the console creates it on first use). Off: the desktops
   * stack looks it up. On: this deployment creates it in the `account` stack; set it in one deployment per account.
   */
  createServiceRole: z._default(z.boolean(), false),
  radius: z.optional(radiusSchema),
});

const directoryChecked = directoryInput.check(
  z.superRefine((directory, ctx) => {
    for (const key of ALL_TYPE_SPECIFIC_KEYS) {
      if (directory[key] !== undefined && !TYPE_SPECIFIC_KEYS[directory.type].includes(key)) {
        const why = key === "radius" ? " (RADIUS MFA needs MicrosoftAD or ADConnector)" : "";
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `does not apply to directory type ${directory.type}${why}`,
        });
      }
    }
    if (directory.type === "ADConnector" && directory.connectSettings === undefined) {
      ctx.addIssue({ code: "custom", path: ["connectSettings"], message: "is required for directory type ADConnector" });
    }
  }, whenValid(["type"])),
);

export const directorySchema = z.pipe(
  directoryChecked,
  z.transform((directory: z.output<typeof directoryInput>) => ({
    type: directory.type,
    name: directory.name,
    shortName: directory.shortName ?? directory.name.split(".")[0].slice(0, 15).toUpperCase(),
    createServiceRole: directory.createServiceRole,
    radius: directory.radius,
    /** Exactly the arguments the directory type takes, with their defaults. */
    kind: directoryKind(directory),
    /** AD Connector: the existing secret holding the service account's password. */
    serviceAccountPasswordSecretId: directory.connectSettings?.passwordSecretId,
  })),
);

function directoryKind(directory: z.output<typeof directoryInput>): DirectoryKind {
  switch (directory.type) {
    case "SimpleAD":
      return { type: "SimpleAD", size: directory.size ?? "Small" };
    case "MicrosoftAD":
      return { type: "MicrosoftAD", edition: directory.edition ?? "Standard" };
    case "ADConnector": {
      // Present: the check above refuses an ADConnector without it, and a refused value is never transformed.
      const connect = directory.connectSettings!;
      return {
        type: "ADConnector",
        size: directory.size ?? "Small",
        customerDnsIps: connect.customerDnsIps,
        customerUsername: connect.customerUsername,
      };
    }
  }
}

export type DirectoryConfig = z.output<typeof directorySchema>;
