import * as z from "zod";
import { MAX_IP_GROUPS_PER_DIRECTORY, RULES_PER_IP_GROUP } from "../modules/aws-limits";
import { desktopsSchema } from "./desktops-schema";
import { POLICY_RULE_IDS } from "./policy-rules";
import { directorySchema } from "./directory-schema";
import { WORKSPACES_AZ_IDS, WORKSPACES_REGIONS } from "./regions";
import { whenValid } from "./refine-when";
import { awsRegion, ipv4Cidr, logRetentionDays, projectName, s3BucketName, stateKeyPrefix, tagMap } from "./rules";
import { AZ_COUNT, LARGEST_VPC_PREFIX_FOR_LAYOUT, subnetLayout } from "./subnet-layout";

/**
 * The configuration file's contract: every key, default and constraint. Types used by the stacks
 * are inferred from it, so a key cannot exist in the code without being validated here.
 */

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

const MAX_IP_RULES = MAX_IP_GROUPS_PER_DIRECTORY * RULES_PER_IP_GROUP;

const stateSchema = z.strictObject({
  bucket: s3BucketName,
  /** The state bucket may live in any region, with or without WorkSpaces. */
  region: awsRegion.optional(),
  keyPrefix: stateKeyPrefix.optional(),
});

const networkSchema = z.strictObject({
  vpcCidr: ipv4Cidr
    .refine((cidr) => {
      const prefix = Number(cidr.split("/")[1]);
      // A prefix over /32 is already reported as an invalid CIDR.
      return prefix > 32 || (prefix >= 16 && prefix <= LARGEST_VPC_PREFIX_FOR_LAYOUT);
    }, {
      message: `must have a prefix between /16 (the largest VPC AWS allows) and /${LARGEST_VPC_PREFIX_FOR_LAYOUT} (the smallest that holds two private and two public subnets of at least /28)`,
    })
    .default("10.0.0.0/16"),
  availabilityZoneIds: z.array(z.string()).length(AZ_COUNT, { message: `must list exactly ${AZ_COUNT} AZ IDs` }).optional(),
  /** `single`: one NAT gateway as in the recipe (cheaper, one AZ); `perAz`: one per AZ (highly available). */
  natGateways: z.enum(["single", "perAz"]).default("single"),
});

const DEVICE = z.enum(["ALLOW", "DENY"]);
const devicesSchema = z.strictObject({
  windows: DEVICE.default("ALLOW"),
  osx: DEVICE.default("ALLOW"),
  linux: DEVICE.default("ALLOW"),
  ios: DEVICE.default("ALLOW"),
  android: DEVICE.default("ALLOW"),
  chromeOs: DEVICE.default("ALLOW"),
  zeroClient: DEVICE.default("ALLOW"),
  web: DEVICE.default("DENY"),
});

const accessSchema = z.strictObject({
  /** Public client addresses (office egress, VPN) allowed to reach the desktops. */
  ipRules: z
    .array(z.strictObject({ source: ipv4Cidr, description: z.string().max(255).default("") }))
    .max(MAX_IP_RULES, {
      message: `must have at most ${MAX_IP_RULES} rules: a directory takes ${MAX_IP_GROUPS_PER_DIRECTORY} IP access control groups of ${RULES_PER_IP_GROUP} rules`,
    })
    .default([]),
  devices: devicesSchema.default(devicesSchema.parse({})),
});

const monitoringSchema = z.strictObject({
  alarmEmail: z.email({ message: "is not a valid e-mail address" }).optional(),
  connectionFailureThreshold: z.number().int().min(1).default(5),
  logRetentionDays: logRetentionDays.default(90),
});

const policySchema = z.strictObject({
  /** Rules deliberately not enforced for this deployment, each with the reason. */
  waivers: z
    .array(
      z.strictObject({
        rule: z.enum(POLICY_RULE_IDS),
        reason: z.string().trim().min(10, { message: "must explain in at least 10 characters why the rule is waived" }),
      }),
    )
    .default([]),
});

const fileSchema = z.strictObject({
  project: projectName,
  environment: z.enum(ENVIRONMENTS),
  region: z.enum(WORKSPACES_REGIONS),
  tags: tagMap.default({}),
  state: stateSchema,
  network: networkSchema.default(networkSchema.parse({})),
  directory: directorySchema,
  desktops: desktopsSchema.default(desktopsSchema.parse({})),
  access: accessSchema.default(accessSchema.parse({})),
  monitoring: monitoringSchema.default(monitoringSchema.parse({})),
  policy: policySchema.default(policySchema.parse({})),
});

export const configSchema = fileSchema
  .superRefine((config, ctx) => {
    const supported = WORKSPACES_AZ_IDS[config.region];
    const azIds = config.network.availabilityZoneIds ?? [];
    azIds.forEach((azId, index) => {
      if (!supported.includes(azId)) {
        ctx.addIssue({
          code: "custom",
          path: ["network", "availabilityZoneIds", index],
          message: `is not an AZ ID where WorkSpaces runs in ${config.region} (supported: ${supported.join(", ")})`,
        });
      } else if (azIds.indexOf(azId) !== index) {
        ctx.addIssue({
          code: "custom",
          path: ["network", "availabilityZoneIds", index],
          message: "is listed twice: the directory needs two different AZs",
        });
      }
    });
  }, whenValid(["region"], ["network", "availabilityZoneIds"]))
  .transform((config) => ({
    ...config,
    state: {
      bucket: config.state.bucket,
      region: config.state.region ?? config.region,
      keyPrefix: config.state.keyPrefix ?? `${config.project}/${config.environment}`,
    },
    network: {
      ...config.network,
      availabilityZoneIds: config.network.availabilityZoneIds ?? WORKSPACES_AZ_IDS[config.region].slice(0, AZ_COUNT),
      ...subnetLayout(config.network.vpcCidr),
    },
  }));

/** The validated configuration with every default applied. */
export type VdiConfig = z.output<typeof configSchema>;
