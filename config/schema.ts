import * as z from "zod/mini";
import { DEFAULT_NAT_GATEWAY_MODE, NAT_GATEWAY_MODES } from "../modules/nat-gateways";
import { accessIssues, accessSchema } from "./access-schema";
import { costOptimizationIssues, costOptimizationSchema } from "./cost-schema";
import { desktopGroupIssues, desktopsSchema, filePathsOfDesktops } from "./desktops-schema";
import { networkRoutesSchema, reachabilityIssues, routeIssues } from "./network-routes";
import { disasterRecoveryIssues, disasterRecoverySchema } from "./disaster-recovery-schema";
import { POLICY_RULE_IDS } from "../policy/rule-ids";
import { directorySchema } from "./directory-schema";
import { imagesIssues, imagesSchema } from "./images-schema";
import { registrationIssues } from "./registration-schema";
import { rightSizingIssues, rightSizingSchema } from "./right-sizing-schema";
import {
  availabilityZoneIssues,
  defaultAvailabilityZoneIds,
  partitionOf,
  WORKSPACES_AZ_ID_PREFIXES_TO_CONFIRM,
  WORKSPACES_REGIONS,
  WORKSPACES_REGIONS_WITHOUT_SIMPLE_AD,
} from "./regions";
import { AWS_NAME_LIMITS, nameLengthIssues } from "./name-limits";
import { acrossKeys } from "./refine-when";
import { ACCOUNT_STACK, BOOTSTRAP_STACK, drStateBucketName, isDesktopGroupStack, stackNamesOf } from "../topology";
import {
  awsRegion,
  ipv4Cidr,
  LOG_RETENTION_DAYS,
  logRetentionDays,
  MAX_TAGS_PER_RESOURCE,
  projectName,
  reservedRangeOf,
  s3BucketName,
  stateKeyPrefix,
  tagMap,
  visibleLetterCount,
} from "./rules";
import { AZ_COUNT, LARGEST_VPC_PREFIX_FOR_LAYOUT, subnetLayout } from "./subnet-layout";

/**
 * The configuration file's contract: every key, default and constraint. Types used by the stacks
 * are inferred from it, so a key cannot exist in the code without being validated here.
 */

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

const stateSchema = z.strictObject({
  bucket: s3BucketName.check(
    z.describe(
      "S3 bucket holding every stack's state, created by `npm run bootstrap`: a valid S3 bucket name, without a reserved prefix (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffix (`-s3alias`, `--ol-s3`, `.mrap`, `--x-s3`, `--table-s3`). Names are global across all accounts: the shipped configurations hold the placeholder account ID `123456789012`, which `npm run bootstrap` and `deploy:all` refuse.",
    ),
  ),
  // The state bucket may live in any region, with or without WorkSpaces.
  region: z
    .optional(awsRegion)
    .check(z.describe("Region of the state bucket: an existing AWS region (`config/regions.ts`) in the partition of `region`; unset: `region`.")),
  keyPrefix: z
    .optional(stateKeyPrefix)
    .check(
      z.describe(
        "State keys are `<keyPrefix>/<stack>.tfstate`: S3 key segments separated by `/`, at most 1,000 characters; unset: `<project>/<environment>`.",
      ),
    ),
  forceDestroy: z
    ._default(z.boolean(), false)
    .check(z.describe("`true` lets `npm run destroy -- state` delete the bucket with every stack's state history in it.")),
});

const networkSchema = z
  .strictObject({
    vpcCidr: z
      ._default(
        ipv4Cidr
          .check(
            z.refine(
              (cidr: string) => {
                const prefix = Number(cidr.split("/")[1]);
                // A prefix over /32 is already reported as an invalid CIDR.
                return prefix > 32 || (prefix >= 16 && prefix <= LARGEST_VPC_PREFIX_FOR_LAYOUT);
              },
              {
                message: `must have a prefix between /16 (the largest VPC AWS allows) and /${LARGEST_VPC_PREFIX_FOR_LAYOUT} (the smallest that holds two private and two public subnets of at least /28)`,
              },
            ),
          )
          .check((ctx) => {
            if (!z.regexes.cidrv4.test(ctx.value)) return;
            const reserved = reservedRangeOf(ctx.value);
            if (reserved) {
              ctx.issues.push({
                code: "custom",
                input: ctx.value,
                message: `overlaps ${reserved}, a reserved range a VPC cannot use (use a private range such as 10.0.0.0/16)`,
              });
            }
          }),
        "10.0.0.0/16",
      )
      .check(
        z.describe(
          `IPv4 CIDR of the VPC, a network address with a prefix from /16 to /${LARGEST_VPC_PREFIX_FOR_LAYOUT}; outside the reserved ranges \`0.0.0.0/8\`, \`127.0.0.0/8\`, \`169.254.0.0/16\`, \`224.0.0.0/4\`, \`240.0.0.0/4\`; the subnets are carved from it (see Subnet layout).`,
        ),
      ),
    availabilityZoneIds: z
      .optional(z.array(z.string()).check(z.length(AZ_COUNT, { message: `must list exactly ${AZ_COUNT} AZ IDs` })))
      .check(
        z.describe(
          `${AZ_COUNT} distinct AZ IDs (not names) of \`region\` where WorkSpaces runs (see \`config/regions.ts\`); unset: the region's first ${AZ_COUNT}. Required in ${Object.keys(WORKSPACES_AZ_ID_PREFIXES_TO_CONFIRM).join(", ")}, whose list this project does not have: copy them from AWS's table (Availability Zones for WorkSpaces Personal).`,
        ),
      ),
    natGateways: z
      ._default(z.enum(NAT_GATEWAY_MODES), DEFAULT_NAT_GATEWAY_MODE)
      .check(z.describe("`single`: one NAT gateway, as the AWS recipe (cheaper, one AZ); `perAz`: one per AZ (highly available).")),
    routes: networkRoutesSchema,
    attachGateways: z
      ._default(z.boolean(), true)
      .check(
        z.describe(
          "`true`: the network stack attaches the VPC to each Transit Gateway of `routes` (on the private subnets) and to its virtual private gateway, and creates the routes after them; `false`: the attachments are managed elsewhere and must exist before the network stack is applied.",
        ),
      ),
  })
  .check(z.describe("The network stack: VPC, subnets, NAT gateways, gateway attachments, routes, flow logs."));

// A section's rule: it checks the DR Region's network (`disasterRecovery.network`, the same schema) too.
const networkChecked = networkSchema.check(acrossKeys(networkSchema, [["vpcCidr"], ["routes"]], routeIssues));

const monitoringSchema = z
  .strictObject({
    alarmEmail: z
      .optional(z.email({ message: "is not a valid e-mail address" }))
      .check(z.describe("E-mail address subscribed to the alarm topic (confirm the subscription mail); unset: no subscription.")),
    connectionFailureThreshold: z
      ._default(z.int().check(z.minimum(1)), 5)
      .check(z.describe("Failed connections per 5 minutes that raise the directory's ConnectionFailure alarm; at least 1.")),
    logRetentionDays: z
      ._default(logRetentionDays, 90)
      .check(z.describe(`Retention of every log group, a CloudWatch Logs retention period: ${LOG_RETENTION_DAYS.join(", ")} days.`)),
  })
  .check(z.describe("Alarms, their e-mail subscription, and log retention."));

const policySchema = z
  .strictObject({
    waivers: z
      ._default(
        z
          .array(
            z.strictObject({
              rule: z.enum(POLICY_RULE_IDS).check(z.describe("The security policy rule not enforced (see Security policy).")),
              reason: z.string().check(
                z.trim(),
                z.maxLength(500, { message: "must be at most 500 characters: link to the approval for the rest" }),
                z.refine((reason: string) => visibleLetterCount(reason) >= 10, {
                  message: "must explain in at least 10 letters or digits why the rule is waived",
                }),
                z.describe(
                  "Why the rule is waived: at least 10 letters or digits, at most 500 characters; printed with the rule's findings on every synth.",
                ),
              ),
            }),
          )
          .check(
            z.superRefine((waivers, ctx) => {
              waivers.forEach((waiver, index) => {
                const first = waivers.findIndex((other) => other.rule === waiver.rule);
                if (first !== index) ctx.addIssue({ code: "custom", path: [index, "rule"], message: `is already waived by waivers[${first}]` });
              });
            }),
          ),
        [],
      )
      .check(
        z.describe(
          "Security policy rules deliberately not enforced for this deployment, each with its reason; each rule once. A waiver that waives nothing is a warning.",
        ),
      ),
  })
  .check(z.describe("The security policy's waivers."));

const fileSchema = z.strictObject({
  project: projectName.check(z.describe("Prefixes resource names: 2–32 lower-case letters, digits or hyphens, starting with a letter.")),
  environment: z.enum(ENVIRONMENTS).check(z.describe("`prod` turns on the stricter protections (destroy protection, IP rules required).")),
  region: z.enum(WORKSPACES_REGIONS).check(z.describe("A region where WorkSpaces Personal runs (see `config/regions.ts`).")),
  tags: z
    ._default(tagMap, {})
    .check(
      z.describe(
        "Tags added to every resource, next to project, environment, managed-by and stack: keys up to 127 and values up to 255 characters of letters, digits, spaces and `_ . : / = + - @`; not `project`, `environment`, `managed-by`, `stack` (set by the deployment); at most 46 (50 per resource with those four).",
      ),
    ),
  state: stateSchema.check(z.describe("Where the stacks keep their Terraform state (created once by `npm run bootstrap`).")),
  // A section left out is read as an empty one, so that it gets every default of its keys.
  network: z.prefault(networkChecked, {}),
  directory: directorySchema,
  desktops: z.prefault(desktopsSchema, {}),
  access: z.prefault(accessSchema, {}),
  images: imagesSchema,
  monitoring: z.prefault(monitoringSchema, {}),
  policy: z.prefault(policySchema, {}),
  costOptimization: z
    .prefault(costOptimizationSchema, {})
    .check(z.describe("The billing optimizer and start/stop schedules (see Cost); off unless `enabled`.")),
  disasterRecovery: z
    .optional(disasterRecoverySchema(networkChecked))
    .check(z.describe("A second Region that takes over, with one connection alias for users (see Disaster recovery); without it nothing changes.")),
  rightSizing: z
    .optional(rightSizingSchema)
    .check(z.describe("Performance dashboard and the function that resizes desktops by their use (see Right-sizing); without it nothing changes.")),
});

const fileChecked = fileSchema.check(
  acrossKeys(fileSchema, [["region"], ["network", "availabilityZoneIds"]], (config) =>
    availabilityZoneIssues(config.region, config.network.availabilityZoneIds).map((issue) => ({ ...issue, path: ["network", ...issue.path] })),
  ),
  acrossKeys(fileSchema, [["region"], ["directory"]], (config) =>
    config.directory.type === "SimpleAD" && WORKSPACES_REGIONS_WITHOUT_SIMPLE_AD.includes(config.region)
      ? [
          {
            path: ["directory", "type"],
            message: `is SimpleAD, which AWS Directory Service does not offer in ${config.region}: use MicrosoftAD or ADConnector`,
          },
        ]
      : [],
  ),
  acrossKeys(fileSchema, [["region"], ["access", "certificateBasedAuth"]], accessIssues),
  acrossKeys(fileSchema, [["directory"], ["desktops"]], registrationIssues),
  acrossKeys(fileSchema, [["images"], ["desktops"]], imagesIssues),
  acrossKeys(fileSchema, [["costOptimization", "enabled"], ["costOptimization", "startStop"], ["desktops"]], costOptimizationIssues),
  acrossKeys(fileSchema, [["rightSizing"], ["costOptimization", "enabled"], ["costOptimization", "schedule"], ["desktops"]], rightSizingIssues),
  acrossKeys(fileSchema, [["environment"], ["region"], ["network"], ["directory"], ["disasterRecovery"]], disasterRecoveryIssues),
  acrossKeys(fileSchema, [["directory"], ["network"], ["disasterRecovery"]], reachabilityIssues),
  acrossKeys(fileSchema, [["region"], ["state", "region"]], (config) => {
    const statePartition = partitionOf(config.state.region ?? config.region);
    return statePartition === partitionOf(config.region)
      ? []
      : [
          {
            path: ["state", "region"],
            message: `is in the ${statePartition} partition, ${config.region} in ${partitionOf(config.region)}: one set of credentials cannot reach both`,
          },
        ];
  }),
  acrossKeys(fileSchema, [["state", "bucket"], ["disasterRecovery"]], (config) => {
    // The bootstrap names the DR Region's state bucket after this one (topology's drStateBucketName).
    const drBucket = config.disasterRecovery && drStateBucketName(config.state.bucket, config.disasterRecovery.region);
    return drBucket && drBucket.length > AWS_NAME_LIMITS["aws_s3_bucket.bucket"]
      ? [
          {
            path: ["state", "bucket"],
            message: `makes the DR Region's state bucket ${drBucket} ${drBucket.length} characters long: S3 allows ${AWS_NAME_LIMITS["aws_s3_bucket.bucket"]}; shorten it by ${drBucket.length - AWS_NAME_LIMITS["aws_s3_bucket.bucket"]}`,
          },
        ]
      : [];
  }),
  acrossKeys(fileSchema, [["state", "keyPrefix"], ["directory"], ["desktops"], ["disasterRecovery"]], (config) => {
    // The prefix's own limit keeps room for `desktops`; a group's or a DR stack's name is longer.
    const prefix = config.state.keyPrefix;
    const stacks = stackNamesOf(config).filter((stack) => stack !== BOOTSTRAP_STACK && stack !== ACCOUNT_STACK);
    const longest = stacks.sort((a, b) => Buffer.byteLength(b) - Buffer.byteLength(a))[0];
    if (prefix === undefined) return [];
    const lockKey = `${prefix}/${longest}.tfstate.tflock`;
    return Buffer.byteLength(lockKey) <= S3_MAX_KEY_BYTES
      ? []
      : [
          {
            path: ["state", "keyPrefix"],
            message: `makes the state lock key of ${longest} ${Buffer.byteLength(lockKey).toLocaleString("en-US")} bytes, over the ${S3_MAX_KEY_BYTES.toLocaleString("en-US")} bytes S3 allows: shorten it${isDesktopGroupStack(longest) ? " or the group's name" : ""}`,
          },
        ];
  }),
  acrossKeys(fileSchema, [["tags"], ["desktops"]], (config) => tagIssues(config.tags, config.desktops)),
  acrossKeys(
    fileSchema,
    [["directory"], ["desktops"], ["images"], ["costOptimization", "enabled"], ["costOptimization", "startStop"], ["disasterRecovery"]],
    desktopGroupIssues,
  ),
  acrossKeys(fileSchema, [["project"], ["environment"], ["desktops"], ["images"], ["costOptimization"], ["disasterRecovery"]], nameLengthIssues),
);

/** The longest S3 object key, in bytes (UTF-8). */
const S3_MAX_KEY_BYTES = 1024;

/** Tag keys the deployment sets on every resource (the provider's default tags). */
export const DEPLOYMENT_TAG_KEYS = ["project", "environment", "managed-by", "stack"] as const;
/** Tag keys the deployment sets on each desktop. */
export const DESKTOP_TAG_KEYS = ["user"] as const;

/**
 * Tags the deployment would overwrite without a word, and more tags on one resource than AWS
 * allows, default tags included.
 */
function tagIssues(tags: Record<string, string>, desktops: z.output<typeof fileSchema>["desktops"]) {
  const users = desktops.users;
  const paths = filePathsOfDesktops(desktops);
  const issues: { path: (string | number)[]; message: string }[] = [];
  const deploymentKeys: readonly string[] = DEPLOYMENT_TAG_KEYS;
  for (const key of Object.keys(tags)) {
    if (deploymentKeys.includes(key))
      issues.push({ path: ["tags", key], message: "is a tag the deployment sets itself on every resource: choose another key" });
  }
  const everyResource = new Set([...Object.keys(tags), ...deploymentKeys]);
  if (everyResource.size > MAX_TAGS_PER_RESOURCE) {
    issues.push({
      path: ["tags"],
      message: `gives every resource ${everyResource.size} tags with the ${deploymentKeys.length} the deployment sets: AWS allows ${MAX_TAGS_PER_RESOURCE}`,
    });
  }
  users.forEach((user, index) => {
    for (const key of Object.keys(user.tags)) {
      if ([...deploymentKeys, ...DESKTOP_TAG_KEYS].includes(key)) {
        issues.push({
          path: [...paths[index], "tags", key],
          message: "is a tag the deployment sets itself on each desktop: choose another key",
        });
      }
    }
    const onDesktop = new Set([...everyResource, ...Object.keys(user.tags), ...DESKTOP_TAG_KEYS]);
    if (onDesktop.size > MAX_TAGS_PER_RESOURCE && everyResource.size <= MAX_TAGS_PER_RESOURCE) {
      issues.push({
        path: [...paths[index], "tags"],
        message: `gives this desktop ${onDesktop.size} tags with tags and the ones the deployment sets: AWS allows ${MAX_TAGS_PER_RESOURCE}`,
      });
    }
  });
  return issues;
}

export const configSchema = z.pipe(
  fileChecked,
  z.transform((config: z.output<typeof fileSchema>) => ({
    ...config,
    state: {
      bucket: config.state.bucket,
      region: config.state.region ?? config.region,
      keyPrefix: config.state.keyPrefix ?? `${config.project}/${config.environment}`,
      forceDestroy: config.state.forceDestroy,
    },
    network: {
      ...config.network,
      availabilityZoneIds: config.network.availabilityZoneIds ?? defaultAvailabilityZoneIds(config.region, AZ_COUNT),
      ...subnetLayout(config.network.vpcCidr),
    },
  })),
);

/** The validated configuration with every default applied. */
export type VdiConfig = z.output<typeof configSchema>;
