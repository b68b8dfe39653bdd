import { Netmask } from "netmask";
import * as z from "zod/mini";

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
  z.regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1}$/, { message: "is not an AWS region name such as eu-west-1" }),
);

export const ipv4Address = z.ipv4({ message: "is not a valid IPv4 address" });

// S3 bucket naming rules: 3–63 characters, lower case, digits, dots and hyphens, letter or digit at
// both ends, no adjacent dots, not formatted as an IP address.
export const s3BucketName = z.string().check(
  z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: "is not a valid S3 bucket name (3–63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit)",
  }),
  z.refine((name: string) => !name.includes(".."), { message: "is not a valid S3 bucket name (no two adjacent dots)" }),
  z.refine((name: string) => !/^\d+\.\d+\.\d+\.\d+$/.test(name), { message: "is not a valid S3 bucket name (must not look like an IP address)" }),
);

export const stateKeyPrefix = z.string().check(
  z.regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, {
    message: "must be S3 key segments separated by '/', with no leading or trailing '/'",
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
    message: "is not a valid Active Directory user name (1–20 characters, no spaces or any of \" / \\ [ ] : ; | = , + * ? < > @)",
  }),
);

// The Secrets Manager secret is referenced by name or ARN; its value never enters the configuration.
export const secretReference = z.string().check(
  z.regex(/^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$/, {
    message: "is not a Secrets Manager secret name or ARN",
  }),
);

export const tagMap = z.record(
  z.string().check(
    z.minLength(1),
    z.maxLength(128, { message: "is longer than the 128 characters a tag key may have" }),
    z.refine((key: string) => !key.toLowerCase().startsWith("aws:"), { message: "uses the aws: prefix AWS reserves for its own tags" }),
  ),
  z.string().check(z.maxLength(256, { message: "is longer than the 256 characters a tag value may have" })),
);

/** Retention periods CloudWatch Logs accepts; "never expire" is deliberately not offered. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const logRetentionDays = z.number().check(
  z.refine((days: number) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
    message: `is not a CloudWatch Logs retention period (one of ${LOG_RETENTION_DAYS.join(", ")})`,
  }),
);
