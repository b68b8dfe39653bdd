import { Netmask } from "netmask";
import * as z from "zod/mini";
import {
  availabilityZoneIssues,
  defaultAvailabilityZoneIds,
  MULTI_REGION_RESILIENCE_URL,
  OPT_IN_REGIONS,
  partitionOf,
  STANDBY_WORKSPACES_REGIONS,
  WORKSPACES_REGIONS,
} from "./regions";
import { fullyQualifiedDomainName, secretReference, serviceAccountName } from "./rules";
import { AZ_COUNT, subnetLayout } from "./subnet-layout";
import { safeguardsOf } from "../topology";

/**
 * `disasterRecovery`: a second Region that takes over, with one connection alias for users. Optional:
 * without it no stack changes. The network schema is passed in because it lives in schema.ts, which
 * imports this file.
 */

/**
 * Regions without cross-Region redirection ("Cross-Region redirection for WorkSpaces Personal", Limitations).
 * cn-northwest-1 is not in WORKSPACES_REGIONS; listed so that adding it cannot make a deployment that fails late.
 */
export const REGIONS_WITHOUT_REDIRECTION = ["us-gov-west-1", "cn-northwest-1"] as const;

/** Route 53 hosted zone IDs: `Z` and upper-case letters or digits (at most 32 characters in all). */
const hostedZoneId = z.string().check(
  z.regex(/^Z[A-Z0-9]{1,31}$/, {
    message: "is not a Route 53 hosted zone ID (Z followed by upper-case letters and digits, e.g. Z0123456789ABCDEFGHIJ)",
  }),
);

// The connection string of CreateConnectionAlias: `^[.0-9a-zA-Z\-]{1,255}$`, here also a real FQDN.
const connectionAlias = fullyQualifiedDomainName.check(
  z.describe(
    "the FQDN users enter in the WorkSpaces client instead of a registration code; required; a connection string stays reserved for the AWS account forever once created, even after deletion, so outside prod it must contain the environment name (e.g. desktops-dev.acme.example)",
  ),
);

/**
 * The AD Connector the DR Region registers with WorkSpaces in front of the replicated Managed Microsoft AD. No AWS
 * text confirms that WorkSpaces registers a replica (the same `d-` ID) in its additional Region; AWS's business
 * continuity design for WorkSpaces puts an AD Connector in each Region in front of the replicated directory
 * (docs/disaster-recovery.md, "Why an AD Connector in front of the replica").
 */
const directoryConnector = z.strictObject({
  serviceAccountUserName: serviceAccountName.check(
    z.describe(
      'a user of the directory that you create (e.g. in your OU) and that AD Connector signs in with: delegate it only reading users and joining computers (AWS, AD Connector, "Delegate privileges to your service account"); required',
    ),
  ),
  serviceAccountPasswordSecretId: secretReference.check(
    z.describe(
      "name or ARN of an existing Secrets Manager secret in the DR Region holding that user's password (plain text); read at plan time and ignored once the connector exists, so rotating it never replaces the connector; required",
    ),
  ),
  size: z
    ._default(z.enum(["Small", "Large"]), "Small")
    .check(z.describe("the AD Connector's size: `Small` (about 500 users) or `Large` (about 5,000).")),
});

export function disasterRecoverySchema<Network extends z.ZodMiniType>(networkSchema: Network) {
  const input = z.strictObject({
    region: z.enum(WORKSPACES_REGIONS).check(z.describe("the DR Region: a WorkSpaces Region other than `region`, in its partition; required")),
    network: z
      .prefault(networkSchema, {} as z.input<Network>)
      .check(
        z.describe("the DR Region's VPC: the keys and defaults of `network`; its CIDR must not overlap `network.vpcCidr` (set e.g. 10.1.0.0/16)"),
      ),
    connectionAlias,
    dns: z
      .optional(
        z.strictObject({
          hostedZoneId: hostedZoneId.check(z.describe("the Route 53 hosted zone that holds `connectionAlias`; required with `dns`")),
        }),
      )
      .check(
        z.describe(
          "optional: Route 53 failover TXT records for the alias (PRIMARY with a health check, SECONDARY); without it, publish the records yourself",
        ),
      ),
    standby: z
      ._default(z.boolean(), true)
      .check(
        z.describe(
          `default true: one standby WorkSpace per user in the DR Region (Multi-Region Resilience), linked to the primary one; MicrosoftAD or ADConnector only; both Regions among ${STANDBY_WORKSPACES_REGIONS.join(", ")} (see \`config/regions.ts\`)`,
        ),
      ),
    directoryConnector: z
      .optional(directoryConnector)
      .check(
        z.describe(
          "required with directory type MicrosoftAD, not allowed otherwise: the AD Connector the DR Region registers with WorkSpaces, in front of the replica's domain controllers in the DR Region",
        ),
      ),
  });
  return z.pipe(
    input,
    z.transform((dr: z.output<typeof input>) => {
      const network = dr.network as {
        vpcCidr: string;
        availabilityZoneIds?: string[];
        natGateways: "single" | "perAz";
        routes: { destination: string; transitGatewayId?: string; vpnGatewayId?: string }[];
        attachGateways: boolean;
      };
      return {
        ...dr,
        network: {
          ...network,
          availabilityZoneIds: network.availabilityZoneIds ?? defaultAvailabilityZoneIds(dr.region, AZ_COUNT),
          ...subnetLayout(network.vpcCidr),
        },
      };
    }),
  );
}

/** What the cross-field checks read of the whole file. */
interface FileView {
  readonly environment: string;
  readonly region: string;
  readonly network: { readonly vpcCidr: string };
  readonly directory: { readonly type: string; readonly kind?: { readonly type: string } };
  readonly disasterRecovery?: {
    readonly region: string;
    readonly network: { readonly vpcCidr: string; readonly availabilityZoneIds?: readonly string[] };
    readonly connectionAlias: string;
    readonly standby: boolean;
    readonly directoryConnector?: object;
  };
}

type Issue = { path: (string | number)[]; message: string };

/** Problems that need the rest of the file: the Regions, the AZs, the CIDRs, the directory type and the alias. */
export function disasterRecoveryIssues(config: FileView): Issue[] {
  const dr = config.disasterRecovery;
  if (!dr) return [];
  const issues: Issue[] = [];
  const at = (path: (string | number)[], message: string) => issues.push({ path: ["disasterRecovery", ...path], message });

  if (dr.region === config.region) at(["region"], `is the primary region: the DR Region must be another WorkSpaces Region`);
  else if (partitionOf(dr.region) !== partitionOf(config.region)) {
    at(
      ["region"],
      `is in the ${partitionOf(dr.region)} partition, ${config.region} in ${partitionOf(config.region)}: cross-Region redirection stays within a partition`,
    );
  }
  for (const region of [config.region, dr.region]) {
    if ((REGIONS_WITHOUT_REDIRECTION as readonly string[]).includes(region)) {
      at(["region"], `cannot pair with ${region}: WorkSpaces has no cross-Region redirection there`);
    }
  }

  for (const issue of availabilityZoneIssues(dr.region, dr.network.availabilityZoneIds)) at(["network", ...issue.path], issue.message);

  if (cidrsOverlap(dr.network.vpcCidr, config.network.vpcCidr)) {
    at(
      ["network", "vpcCidr"],
      `overlaps network.vpcCidr ${config.network.vpcCidr}: the two Regions' VPCs must not overlap, so that they (and the on-premises network) can be routed to each other; use e.g. 10.1.0.0/16`,
    );
  }

  issues.push(...directoryIssues(config));

  if (dr.standby) {
    for (const region of [config.region, dr.region]) {
      if (!STANDBY_WORKSPACES_REGIONS.includes(region)) {
        at(
          ["standby"],
          `is true, but standby WorkSpaces (Multi-Region Resilience) are offered only in ${STANDBY_WORKSPACES_REGIONS.join(", ")} (${MULTI_REGION_RESILIENCE_URL}), not in ${region}: set standby: false`,
        );
      }
    }
  }

  const labels = dr.connectionAlias.toLowerCase().split(/[.-]/);
  if (safeguardsOf(config.environment).connectionAliasNamesEnvironment && !labels.includes(config.environment)) {
    at(
      ["connectionAlias"],
      `does not name the environment ${config.environment}: a connection string stays reserved for the AWS account forever, even after deletion, so each environment needs its own (e.g. desktops-${config.environment}.${dr.connectionAlias.split(".").slice(1).join(".")})`,
    );
  }
  return issues;
}

/**
 * Simple AD cannot be replicated and standby WorkSpaces do not support it; Managed Microsoft AD replicates
 * only in the Enterprise edition, from a default Region and not into an opt-in Region.
 */
function directoryIssues(config: FileView): Issue[] {
  const dr = config.disasterRecovery!;
  const path = ["directory", "type"];
  switch (config.directory.type) {
    case "SimpleAD":
      return [
        {
          path,
          message:
            "is SimpleAD, which disasterRecovery does not support: Simple AD cannot be replicated to another Region (users and passwords would have to be kept in two directories by hand) and standby WorkSpaces (Multi-Region Resilience) need AWS Managed Microsoft AD or AD Connector; use MicrosoftAD (Enterprise) or ADConnector",
        },
      ];
    case "MicrosoftAD": {
      const issues: Issue[] = [];
      const kind = config.directory.kind;
      const edition = kind && "edition" in kind ? String(kind.edition) : undefined;
      if (edition !== undefined && edition !== "Enterprise") {
        issues.push({
          path: ["directory", "edition"],
          message: `is ${edition}: disasterRecovery replicates the directory to ${dr.region} (aws_directory_service_region), and AWS Managed Microsoft AD replicates across Regions only in the Enterprise edition; set edition: Enterprise`,
        });
      }
      // "You can only extend Multi-Region replication to additional Regions if your primary Region is an AWS default
      // Region"; "Multi-Region replication is unavailable in opt-in Regions" (Directory Service Administration Guide).
      if (OPT_IN_REGIONS.includes(config.region)) {
        issues.push({
          path,
          message: `is MicrosoftAD in ${config.region}, an opt-in Region: AWS Managed Microsoft AD replicates to other Regions only from a default Region (one enabled in every account, launched before March 20, 2019), so it cannot be extended to ${dr.region}; use ADConnector, or a default Region as region`,
        });
      }
      if (OPT_IN_REGIONS.includes(dr.region)) {
        issues.push({
          path,
          message: `is MicrosoftAD, which cannot be replicated to ${dr.region}: AWS Managed Microsoft AD has no multi-Region replication in opt-in Regions; use ADConnector, or a default Region as disasterRecovery.region`,
        });
      }
      if (dr.directoryConnector === undefined) {
        issues.push({
          path: ["disasterRecovery", "directoryConnector"],
          message: `is required with directory type MicrosoftAD: the DR Region registers an AD Connector in front of the replica's domain controllers (no AWS text confirms WorkSpaces can register the replica itself); give serviceAccountUserName, a directory user you create, and serviceAccountPasswordSecretId, its password's secret in ${dr.region}`,
        });
      }
      return issues;
    }
    default:
      return dr.directoryConnector === undefined
        ? []
        : [
            {
              path: ["disasterRecovery", "directoryConnector"],
              message: `does not apply to directory type ${config.directory.type}: only a replicated MicrosoftAD gets an AD Connector in the DR Region (ADConnector: the DR Region gets a second connector with directory.connectSettings); remove it`,
            },
          ];
  }
}

function cidrsOverlap(a: string, b: string): boolean {
  try {
    const first = new Netmask(a);
    const second = new Netmask(b);
    return first.contains(second.base) || second.contains(first.base);
  } catch {
    return false; // an invalid CIDR is reported by its own rule
  }
}

export type DisasterRecoveryConfig = z.output<ReturnType<typeof disasterRecoverySchema>>;
