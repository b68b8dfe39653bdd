import { Netmask } from "netmask";
import * as z from "zod/mini";
import { AWS_REGIONS } from "./regions";

/**
 * Field-level rules shared by the configuration schema. Each message is a predicate that reads
 * after the offending value: `"10.0.0.0/33" is not a valid IPv4 CIDR`.
 */

export const projectName = z.string().check(
  z.regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, {
    message: "must be 2–32 lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen",
  }),
);

/** The network address of an IPv4 CIDR: `10.0.0.1/16` → `10.0.0.0/16`. */
export function networkCidr(cidr: string): string {
  return new Netmask(cidr).toString();
}

export const ipv4Cidr = z.cidrv4({ message: "is not a valid IPv4 CIDR" }).check((ctx) => {
  // Runs after a failed format check too; that failure is already reported.
  if (!z.regexes.cidrv4.test(ctx.value)) return;
  const canonical = networkCidr(ctx.value);
  if (canonical !== ctx.value) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      message: `is not a network address: the bits after the prefix must be zero (did you mean ${canonical}?)`,
    });
  }
});

export const awsRegion = z.string().check(
  z.refine((name: string) => (AWS_REGIONS as readonly string[]).includes(name), {
    message: "is not an AWS region (such as eu-west-1; see config/regions.ts for the list)",
  }),
);

export const ipv4Address = z.ipv4({ message: "is not a valid IPv4 address" });

/** Prefixes and suffixes S3 refuses in general purpose bucket names ("Bucket naming rules"). */
export const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
export const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

// S3 bucket naming rules: 3–63 characters, lower case, digits, dots and hyphens, letter or digit at
// both ends, no adjacent dots, not formatted as an IP address.
export const s3BucketName = z.string().check(
  z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: "is not a valid S3 bucket name (3–63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit)",
  }),
  z.refine((name: string) => !name.includes(".."), { message: "is not a valid S3 bucket name (no two adjacent dots)" }),
  z.refine((name: string) => !/^\d+\.\d+\.\d+\.\d+$/.test(name), { message: "is not a valid S3 bucket name (must not look like an IP address)" }),
  z.refine((name: string) => !RESERVED_BUCKET_PREFIXES.some((prefix) => name.startsWith(prefix)), {
    message: `is not a valid S3 bucket name (S3 reserves the prefixes ${RESERVED_BUCKET_PREFIXES.join(", ")})`,
  }),
  z.refine((name: string) => !RESERVED_BUCKET_SUFFIXES.some((suffix) => name.endsWith(suffix)), {
    message: `is not a valid S3 bucket name (S3 reserves the suffixes ${RESERVED_BUCKET_SUFFIXES.join(", ")})`,
  }),
);

/**
 * S3 keys have at most 1,024 bytes; the longest key under the prefix is the lock file
 * `<prefix>/desktops.tfstate.tflock`, so the prefix keeps room for that.
 */
export const MAX_STATE_KEY_PREFIX_BYTES = 1024 - "/desktops.tfstate.tflock".length;

export const stateKeyPrefix = z.string().check(
  z.regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, {
    message: "must be S3 key segments separated by '/', with no leading or trailing '/'",
  }),
  z.maxLength(MAX_STATE_KEY_PREFIX_BYTES, {
    message: `is longer than the ${MAX_STATE_KEY_PREFIX_BYTES} characters that leave room for '/<stack>.tfstate.tflock' in an S3 key (1,024 bytes)`,
  }),
);

export const fullyQualifiedDomainName = z.string().check(
  z.regex(/^(?=.{1,255}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/, {
    message: "is not a fully qualified domain name such as corp.example.com",
  }),
);

// NetBIOS domain names: at most 15 characters, no dots or the characters NetBIOS forbids.
export const netbiosName = z.string().check(
  z.regex(/^[A-Za-z0-9][A-Za-z0-9!@#$%^&'(){}_~-]{0,14}$/, {
    message: "is not a valid NetBIOS name (1–15 characters, starting with a letter or digit, no dots or spaces)",
  }),
);

// Active Directory sAMAccountName: at most 20 characters, none of " / \ [ ] : ; | = , + * ? < > @.
export const directoryUserName = z.string().check(
  z.regex(/^(?!\.+$)[^"/\\[\]:;|=,+*?<>@\s]{1,20}$/, {
    message: 'is not a valid Active Directory user name (1–20 characters, no spaces or any of " / \\ [ ] : ; | = , + * ? < > @)',
  }),
);

// The Secrets Manager secret is referenced by name or ARN; its value never enters the configuration.
export const secretReference = z.string().check(
  z.regex(/^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$/, {
    message: "is not a Secrets Manager secret name or ARN",
  }),
);

/**
 * Characters every tagged service here accepts in tag keys and values (IAM, KMS, WorkSpaces:
 * `[\p{L}\p{Z}\p{N}_.:/=+\-@]`); default tags reach IAM roles and KMS keys, which refuse the others.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_RULE = "letters, digits, spaces and _ . : / = + - @ only (what IAM, KMS and WorkSpaces accept)";

/** WorkSpaces' limits, the tightest of the tagged services (IAM and KMS allow 128 and 256). */
export const MAX_TAG_KEY_LENGTH = 127;
export const MAX_TAG_VALUE_LENGTH = 255;
/** Tags one AWS resource may carry, default tags included. */
export const MAX_TAGS_PER_RESOURCE = 50;

export const tagMap = z.record(
  z.string().check(
    z.minLength(1),
    z.maxLength(MAX_TAG_KEY_LENGTH, { message: `is longer than the ${MAX_TAG_KEY_LENGTH} characters a WorkSpaces tag key may have` }),
    z.refine((key: string) => !key.toLowerCase().startsWith("aws:"), { message: "uses the aws: prefix AWS reserves for its own tags" }),
    z.refine((key: string) => TAG_CHARACTERS.test(key), { message: `is not a valid tag key: ${TAG_CHARACTERS_RULE}` }),
  ),
  z.string().check(
    z.maxLength(MAX_TAG_VALUE_LENGTH, { message: `is longer than the ${MAX_TAG_VALUE_LENGTH} characters a WorkSpaces tag value may have` }),
    z.refine((value: string) => TAG_CHARACTERS.test(value), { message: `is not a valid tag value: ${TAG_CHARACTERS_RULE}` }),
  ),
);

// The service account AD Connector signs in with (ConnectDirectory's CustomerUserName: `[a-zA-Z0-9._-]+`).
export const serviceAccountName = z
  .string()
  .check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, { message: "is not a service account name AD Connector accepts (letters, digits, . _ - only)" }));

/** Text with at least this many letters or digits: a reason, not a row of dots or invisible fillers. */
export function visibleLetterCount(text: string): number {
  return [...text.matchAll(/[\p{L}\p{N}]/gu)].filter(([character]) => !INVISIBLE_LETTERS.includes(character)).length;
}
/** Letters that print as nothing (Hangul fillers, the braille blank is a symbol). */
const INVISIBLE_LETTERS = ["\u115F", "\u1160", "\u3164", "\uFFA0"];

/**
 * What no text of the file may hold, wherever it goes: control, invisible or bidirectional
 * characters (they hide what a reviewer reads), and cdktf's token markers (cdktf would resolve them).
 */
export function textProblem(text: string, multiLine: boolean): string | undefined {
  for (const character of text) {
    if (multiLine && (character === "\n" || character === "\t")) continue;
    if (INVISIBLE_OR_CONTROL.test(character)) {
      const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
      return `contains the control or invisible character ${code}: remove it (a reviewer would not see it)`;
    }
  }
  if (/[$#&]\{TfToken\[/.test(text)) return "contains a CDK for Terraform token marker ({TfToken[), which cdktf would resolve: remove it";
  // User names and tag keys become keys of JavaScript objects on the way to the JSON, where this one is the prototype.
  if (text === "__proto__") return "is __proto__, a name JavaScript objects reserve: choose another";
  return undefined;
}
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800]/u;

/**
 * Address ranges AWS refuses for a VPC, or that cannot be routed as one: "this network", loopback,
 * link-local, multicast and the reserved block above it.
 */
export const RESERVED_VPC_RANGES = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"] as const;

/** The reserved range a CIDR overlaps, if any. */
export function reservedRangeOf(cidr: string): string | undefined {
  const block = new Netmask(cidr);
  return RESERVED_VPC_RANGES.find((range) => {
    const reserved = new Netmask(range);
    return reserved.contains(block.base) || block.contains(reserved.base);
  });
}

/** Retention periods CloudWatch Logs accepts; "never expire" is deliberately not offered. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const logRetentionDays = z.number().check(
  z.refine((days: number) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
    message: `is not a CloudWatch Logs retention period (one of ${LOG_RETENTION_DAYS.join(", ")})`,
  }),
);
