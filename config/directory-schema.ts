import * as z from "zod/mini";
import type { DirectoryKind } from "../modules/directory";
import { acrossKeys } from "./refine-when";
import { fullyQualifiedDomainName, ipv4Address, netbiosName, secretReference, serviceAccountName } from "./rules";

export const DIRECTORY_TYPES = ["SimpleAD", "MicrosoftAD", "ADConnector"] as const;
export type DirectoryType = (typeof DIRECTORY_TYPES)[number];

const radiusSchema = z.strictObject({
  servers: z
    .array(z.ipv4({ message: "is not an IPv4 address (the directory's security group needs the address to let RADIUS requests out)" }))
    .check(
      z.minLength(1, { message: "must list at least one RADIUS server" }),
      z.describe(
        "IPv4 addresses of the RADIUS servers, routed from the VPC; at least one. Addresses, not host names: the directory's security group gets an egress rule for each.",
      ),
    ),
  port: z._default(z.int().check(z.minimum(1025), z.maximum(65535)), 1812).check(z.describe("UDP port of the RADIUS servers, 1025–65535.")),
  protocol: z
    ._default(z.enum(["PAP", "CHAP", "MS-CHAPv1", "MS-CHAPv2"]), "PAP")
    .check(z.describe("Authentication protocol the RADIUS servers expect.")),
  timeoutSeconds: z._default(z.int().check(z.minimum(1), z.maximum(50)), 5).check(z.describe("Seconds to wait for a RADIUS answer, 1–50.")),
  retries: z._default(z.int().check(z.minimum(0), z.maximum(10)), 4).check(z.describe("Retries of an unanswered RADIUS request, 0–10.")),
  sharedSecretId: secretReference.check(
    z.describe("Name or ARN of an existing Secrets Manager secret holding the RADIUS shared secret; the secret never enters the configuration."),
  ),
  displayLabel: z
    ._default(z.string().check(z.minLength(1), z.maxLength(64)), "MFA")
    .check(z.describe("Label of the MFA code field in the WorkSpaces client, 1–64 characters.")),
  useSameUsername: z._default(z.boolean(), true).check(z.describe("`true`: users sign in to RADIUS with their directory user name.")),
});

const connectSettingsSchema = z.strictObject({
  customerDnsIps: z
    .array(ipv4Address)
    .check(
      z.minLength(1, { message: "must list at least one DNS server address" }),
      z.describe("IPv4 addresses of the on-premises DNS servers (domain controllers); at least one."),
    ),
  customerUsername: serviceAccountName.check(
    z.describe("The service account AD Connector uses in the on-premises directory (to read users and join computers): letters, digits, `. _ -`."),
  ),
  passwordSecretId: secretReference.check(
    z.describe("Name or ARN of an existing Secrets Manager secret holding the service account's password; it never enters the configuration."),
  ),
});

/** Which keys each directory type accepts besides the common ones. */
const TYPE_SPECIFIC_KEYS: Record<DirectoryType, readonly string[]> = {
  SimpleAD: ["size"],
  MicrosoftAD: ["edition", "radius"],
  ADConnector: ["size", "connectSettings", "radius"],
};
const ALL_TYPE_SPECIFIC_KEYS = ["size", "edition", "connectSettings", "radius"] as const;

const directoryInput = z.strictObject({
  type: z._default(z.enum(DIRECTORY_TYPES), "SimpleAD").check(z.describe("The kind of directory (see Directory types).")),
  name: fullyQualifiedDomainName.check(z.describe("Fully qualified domain name of the directory, such as corp.example.com.")),
  shortName: z
    .optional(netbiosName)
    .check(z.describe("NetBIOS name, 1–15 characters, no dots or spaces; unset: the first label of `name`, upper case.")),
  size: z
    .optional(z.enum(["Small", "Large"]))
    .check(z.describe("SimpleAD and ADConnector only: `Small` (about 500 users) or `Large` (about 5,000); unset: `Small`.")),
  edition: z.optional(z.enum(["Standard", "Enterprise"])).check(z.describe("MicrosoftAD only; unset: `Standard`.")),
  connectSettings: z
    .optional(connectSettingsSchema)
    .check(z.describe("Required for ADConnector, not allowed otherwise: how AD Connector reaches the on-premises directory.")),
  createServiceRole: z
    ._default(z.boolean(), false)
    .check(
      z.describe(
        "`workspaces_DefaultRole` exists once per AWS account. `false`: the desktops stack looks it up (a plan error names the fix when it is missing); `true`: this deployment creates it in the `account` stack. Set it in one deployment per account.",
      ),
    ),
  radius: z.optional(radiusSchema).check(z.describe("MicrosoftAD and ADConnector only: RADIUS multi-factor authentication; unset: no MFA.")),
});

const directoryChecked = directoryInput.check(
  acrossKeys(directoryInput, [["type"], ...ALL_TYPE_SPECIFIC_KEYS.map((key) => [key])], (directory) => [
    ...ALL_TYPE_SPECIFIC_KEYS.filter((key) => directory[key] !== undefined && !TYPE_SPECIFIC_KEYS[directory.type].includes(key)).map((key) => ({
      path: [key],
      message: `does not apply to directory type ${directory.type}${key === "radius" ? " (RADIUS MFA needs MicrosoftAD or ADConnector)" : ""}`,
    })),
    ...(directory.type === "ADConnector" && directory.connectSettings === undefined
      ? [{ path: ["connectSettings"], message: "is required for directory type ADConnector" }]
      : []),
  ]),
);

export const directorySchema = z.pipe(
  directoryChecked.check(z.describe("The directory users sign in with (identity stack).")),
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
