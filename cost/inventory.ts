import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { buildStacks } from "../stacks";
import { desktopsOf as synthesizedDesktopsOf, instanceCount, mapOf } from "../synthesis/resource-instances";
import { readStacks } from "../synthesis/synthesize";

/** Synthesized Terraform JSON of one stack. */
export type StackJson = Record<string, any>;

/** A desktop as its WorkSpace's arguments describe it. */
export interface PricedDesktop {
  readonly userName: string;
  readonly computeType: string;
  readonly runningMode: "AUTO_STOP" | "ALWAYS_ON";
  readonly rootVolumeGib: number;
  readonly userVolumeGib: number;
}

/** What one Region of a deployment runs that has a price, counted from the synthesized stacks. */
export interface RegionInventory {
  readonly region: string;
  readonly desktops: readonly PricedDesktop[];
  /** Multi-Region Resilience standby WorkSpaces, with their primary's compute type. */
  readonly standbyDesktops: readonly { readonly userName: string; readonly computeType: string }[];
  /** `<type> <size or edition>` of each directory, replica or connector this Region runs. */
  readonly directories: readonly string[];
  readonly natGateways: number;
  readonly kmsKeys: number;
  readonly secrets: number;
  readonly alarms: number;
  readonly dashboards: number;
  readonly healthChecks: number;
}

/** The stacks a configuration synthesizes, without the security policy or the output folder (for estimates). */
export function synthesizedStacks(config: VdiConfig): Record<string, StackJson> {
  const outdir = mkdtempSync(join(tmpdir(), "vdi-cost-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    buildStacks(app, config);
    app.synth();
    return readStacks(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * What each Region runs, read from the synthesized stacks (never from counts kept beside them): a stack's Region
 * is its AWS provider's, a resource with `for_each` counts once per key.
 */
export function inventoryOf(stacks: Readonly<Record<string, StackJson>>): RegionInventory[] {
  const byRegion = new Map<string, StackJson[]>();
  for (const stack of Object.values(stacks)) {
    const region = [stack.provider?.aws].flat()[0]?.region as string;
    byRegion.set(region, [...(byRegion.get(region) ?? []), stack]);
  }
  const primaryDesktops = new Map(
    Object.values(stacks)
      .flatMap((stack) => desktopsOf(stack))
      .map((desktop) => [desktop.userName, desktop]),
  );
  // Only Managed Microsoft AD replicates: the replica is priced as that directory, whatever the stacks' order (the DR
  // Region's AD Connector in front of the replica is a directory of its own, counted where it is synthesized).
  const replicatedDirectory = Object.values(stacks)
    .flatMap((stack) => directoriesOf(stack))
    .find((directory) => directory.startsWith("MicrosoftAD "));
  return [...byRegion].map(([region, regionStacks]) => {
    const count = (type: string) => regionStacks.reduce((sum, stack) => sum + instancesOfType(stack, type), 0);
    return {
      region,
      desktops: regionStacks.flatMap(desktopsOf),
      standbyDesktops: regionStacks
        .flatMap(standbyUsersOf)
        .map((userName) => ({ userName, computeType: primaryDesktops.get(userName)?.computeType ?? "STANDARD" })),
      // A replica of the primary Managed Microsoft AD runs two more domain controllers of its edition.
      directories: [
        ...regionStacks.flatMap(directoriesOf),
        ...regionStacks
          .flatMap((stack) => Object.keys(stack.resource?.aws_directory_service_region ?? {}))
          .map(() => replicatedDirectory ?? "MicrosoftAD Enterprise"),
      ],
      natGateways: count("aws_nat_gateway"),
      kmsKeys: count("aws_kms_key") + count("aws_kms_replica_key"),
      secrets: count("aws_secretsmanager_secret"),
      alarms: count("aws_cloudwatch_metric_alarm"),
      dashboards: count("aws_cloudwatch_dashboard"),
      healthChecks: count("aws_route53_health_check"),
    };
  });
}

/** Instances of a resource type in a stack: one per `for_each` key, else one. */
function instancesOfType(stack: StackJson, type: string): number {
  return Object.values<any>(stack.resource?.[type] ?? {}).reduce((sum, body) => sum + instanceCount(stack, body), 0);
}

function desktopsOf(stack: StackJson): PricedDesktop[] {
  return synthesizedDesktopsOf(stack).map(({ userName, arguments: desktop }) => ({
    userName,
    computeType: desktop.workspace_properties.compute_type_name,
    runningMode: desktop.workspace_properties.running_mode,
    rootVolumeGib: desktop.workspace_properties.root_volume_size_gib,
    userVolumeGib: desktop.workspace_properties.user_volume_size_gib,
  }));
}

function standbyUsersOf(stack: StackJson): string[] {
  // The standby function is invoked once per user with the primary WorkSpace it stands by for.
  return Object.values<any>(stack.resource?.aws_lambda_invocation ?? {})
    .filter((invocation) => String(invocation.input).includes('"primaryWorkspaceId"'))
    .flatMap((invocation) => (invocation.for_each === undefined ? [] : Object.keys(mapOf(stack, invocation.for_each))));
}

function directoriesOf(stack: StackJson): string[] {
  return Object.values<any>(stack.resource?.aws_directory_service_directory ?? {}).map(
    (directory) => `${directory.type} ${directory.type === "MicrosoftAD" ? directory.edition : directory.size}`,
  );
}
