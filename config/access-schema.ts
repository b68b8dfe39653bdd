import * as z from "zod/mini";
import { MAX_IP_GROUPS_PER_DIRECTORY, RULES_PER_IP_GROUP } from "../modules/aws-limits";
import { partitionOf } from "./regions";
import { acrossKeys } from "./refine-when";
import { ipv4Cidr } from "./rules";

/** The `access` section: who may connect from where, with which devices, and how users sign in. */

const MAX_IP_RULES = MAX_IP_GROUPS_PER_DIRECTORY * RULES_PER_IP_GROUP;

const device = (allowed: "ALLOW" | "DENY", client: string) =>
  z._default(z.enum(["ALLOW", "DENY"]), allowed).check(z.describe(`Whether the ${client} may connect.`));
const devicesSchema = z.strictObject({
  windows: device("ALLOW", "Windows client"),
  osx: device("ALLOW", "macOS client"),
  linux: device("ALLOW", "Linux client"),
  ios: device("ALLOW", "iPad client"),
  android: device("ALLOW", "Android and Chromebook Android client"),
  chromeOs: device("ALLOW", "Chromebook client"),
  zeroClient: device("ALLOW", "zero client (PCoIP)"),
  web: device("DENY", "web browser client (Web Access)"),
});

/** `required`: SAML 2.0 only; `fallback`: clients without SAML 2.0 support may still use the directory password. */
export const SAML_MODES = ["required", "fallback"] as const;

// WorkSpaces' SamlProperties.UserAccessUrl allows at most 200 characters.
const MAX_USER_ACCESS_URL = 200;

function isHttpsUrl(value: string): boolean {
  if (value.length > MAX_USER_ACCESS_URL || /\s/.test(value) || !value.startsWith("https://")) return false;
  try {
    return new URL(value).hostname.length > 0;
  } catch {
    return false;
  }
}

const samlSchema = z.strictObject({
  userAccessUrl: z.string().check(
    z.refine(isHttpsUrl, {
      message: `is not an HTTPS URL of at most ${MAX_USER_ACCESS_URL} characters without spaces (the identity provider's user access URL, https://…)`,
    }),
    z.describe(
      `The identity provider's user access URL for the WorkSpaces application (IdP-initiated sign-in): HTTPS, at most ${MAX_USER_ACCESS_URL} characters.`,
    ),
  ),
  relayStateParameterName: z
    ._default(
      z
        .string()
        .check(
          z.regex(/^[A-Za-z0-9_.~-]+$/, { message: "is not a query parameter name such as RelayState or TargetResource (letters, digits, _ . ~ -)" }),
        ),
      "RelayState",
    )
    .check(z.describe("The query parameter the identity provider reads the relay state from (`TargetResource` for Ping): letters, digits, _ . ~ -.")),
  mode: z
    ._default(z.enum(SAML_MODES), "required")
    .check(z.describe("`required`: SAML 2.0 only; `fallback`: clients without SAML 2.0 support may still use the directory password.")),
});

// arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<UUID>
const PRIVATE_CA_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):acm-pca:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:certificate-authority\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;

const certificateBasedAuthSchema = z.strictObject({
  certificateAuthorityArn: z.string().check(
    z.regex(PRIVATE_CA_ARN, {
      message: "is not an AWS Private CA ARN (arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>)",
    }),
    z.describe("ARN of the AWS Private CA that issues the short-lived user certificates (tagged `euc-private-ca`), in the deployment's partition."),
  ),
});

const accessInput = z.strictObject({
  ipRules: z
    ._default(
      z
        .array(
          z.strictObject({
            source: ipv4Cidr.check(z.describe("A public client range allowed to connect: an IPv4 CIDR, network address only.")),
            description: z._default(z.string().check(z.maxLength(255)), "").check(z.describe("What the range is, at most 255 characters.")),
          }),
        )
        .check(
          z.maxLength(MAX_IP_RULES, {
            message: `must have at most ${MAX_IP_RULES} rules: a directory takes ${MAX_IP_GROUPS_PER_DIRECTORY} IP access control groups of ${RULES_PER_IP_GROUP} rules`,
          }),
        ),
      [],
    )
    .check(
      z.describe(
        `Public client addresses (office egress, VPN) allowed to reach the desktops; at most ${MAX_IP_RULES} (${MAX_IP_GROUPS_PER_DIRECTORY} groups of ${RULES_PER_IP_GROUP}).`,
      ),
    ),
  devices: z.prefault(devicesSchema, {}).check(z.describe("Which WorkSpaces clients may connect; all but the web client by default.")),
  saml: z
    .optional(samlSchema)
    .check(z.describe("SAML 2.0 sign-in through IAM Identity Center or another identity provider (see Single sign-on); unset: directory sign-in.")),
  certificateBasedAuth: z
    .optional(certificateBasedAuthSchema)
    .check(z.describe("Needs `access.saml`: certificate-based authentication after SAML sign-in, no Windows password prompt; unset: off.")),
});

export const accessSchema = accessInput.check(
  z.describe("Who may connect from where, with which clients, and how users sign in."),
  acrossKeys(accessInput, [["saml"], ["certificateBasedAuth"]], (access) =>
    access.certificateBasedAuth !== undefined && access.saml === undefined
      ? [
          {
            path: ["certificateBasedAuth"],
            message: "needs access.saml: certificate-based authentication signs in users the SAML 2.0 identity provider has authenticated",
          },
        ]
      : [],
  ),
);

type Issue = { path: (string | number)[]; message: string };

/** Checks of `access` against the rest of the file (the deployment's region). */
export function accessIssues(config: { region: unknown; access?: { certificateBasedAuth?: { certificateAuthorityArn?: unknown } } }): Issue[] {
  const arn = config.access?.certificateBasedAuth?.certificateAuthorityArn;
  // A malformed ARN or region is reported by its own field's check.
  if (typeof arn !== "string" || typeof config.region !== "string" || !PRIVATE_CA_ARN.test(arn)) return [];
  const partition = partitionOf(config.region);
  const arnPartition = arn.split(":")[1];
  if (arnPartition === partition) return [];
  return [
    {
      path: ["access", "certificateBasedAuth", "certificateAuthorityArn"],
      message: `is in partition ${arnPartition}, but ${config.region} is in ${partition}: the CA must be in the deployment's partition (and, to be usable, its account and region)`,
    },
  ];
}
