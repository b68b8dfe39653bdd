import type { DEPLOYMENT_TAG_KEYS, VdiConfig } from "../config/schema";

/*
 * The deployment's shape, in one place: which stacks a configuration synthesizes and in what order, where each
 * deploys and under which name prefix, the tags every resource carries, and what `environment: prod` turns on.
 * Stacks, commands, the policy and the tests ask this module; none writes a stack name or these rules again.
 * Plain data and functions (no cdktf): the commands and the policy read it without loading the stacks.
 */

/** The one-off bootstrap stack that creates the state bucket the others keep their state in. */
export const BOOTSTRAP_STACK = "state";
/** Account-wide resources (`workspaces_DefaultRole`), synthesized only with `directory.createServiceRole`. */
export const ACCOUNT_STACK = "account";

/** The three stacks of one Region, in deploy order: the network, then the directory, then WorkSpaces. */
export interface RegionStacks {
  readonly network: StackName;
  readonly identity: StackName;
  readonly desktops: StackName;
}

/** The configuration's `region`. */
export const PRIMARY_REGION_STACKS = { network: "network", identity: "identity", desktops: "desktops" } as const;
/** `disasterRecovery.region`, synthesized only with `disasterRecovery`. */
export const DR_REGION_STACKS = { network: "dr-network", identity: "dr-identity", desktops: "dr-desktops" } as const;
/**
 * The cross-Region redirection (connection alias, failover records) in the primary Region, after both Regions'
 * desktops; synthesized only with `disasterRecovery`.
 */
export const REDIRECTION_STACK = "dr-redirection";

/** The primary Region's stacks, in deploy order: every configuration has them. */
export const STACK_NAMES = [PRIMARY_REGION_STACKS.network, PRIMARY_REGION_STACKS.identity, PRIMARY_REGION_STACKS.desktops] as const;
/** The disaster-recovery stacks, in deploy order. */
export const DR_STACK_NAMES = [DR_REGION_STACKS.network, DR_REGION_STACKS.identity, DR_REGION_STACKS.desktops, REDIRECTION_STACK] as const;

/** A desktop group's stack (`desktops.groups`): its desktops, in the primary Region, after the `desktops` stack. */
export type DesktopGroupStackName = `${typeof PRIMARY_REGION_STACKS.desktops}-${string}`;

export type StackName =
  typeof BOOTSTRAP_STACK | typeof ACCOUNT_STACK | (typeof STACK_NAMES)[number] | (typeof DR_STACK_NAMES)[number] | DesktopGroupStackName;

/** `desktops-<group>`: the stack of one desktop group, its state key's name and its resources' `stack` tag. */
export function desktopGroupStackName(group: string): DesktopGroupStackName {
  return `${PRIMARY_REGION_STACKS.desktops}-${group}`;
}

/** The group stacks a configuration synthesizes, in the order of `desktops.groups`. */
export function desktopGroupStacksOf(config: { readonly desktops: { readonly groups: readonly string[] } }): DesktopGroupStackName[] {
  return config.desktops.groups.map(desktopGroupStackName);
}

/** The group a desktop group's stack holds (`finance` for `desktops-finance`). */
export function groupOfStack(stack: DesktopGroupStackName): string {
  return stack.slice(desktopGroupStackName("").length);
}

/** A desktop group's stack (none of the fixed stack names has the `desktops-` prefix). */
export function isDesktopGroupStack(stack: string): stack is DesktopGroupStackName {
  return stack.startsWith(`${PRIMARY_REGION_STACKS.desktops}-`);
}

/** The stacks a configuration synthesizes, in deploy order (each after the stacks it reads from). */
export function stackNamesOf(
  config: Pick<VdiConfig, "directory" | "disasterRecovery"> & { readonly desktops?: Pick<VdiConfig["desktops"], "groups"> },
): StackName[] {
  return [
    BOOTSTRAP_STACK,
    ...(config.directory.createServiceRole ? ([ACCOUNT_STACK] as const) : []),
    ...STACK_NAMES,
    // Each group reads the desktops stack (directory, volume key, alarm topic); none reads another group.
    ...(config.desktops ? desktopGroupStacksOf({ desktops: config.desktops }) : []),
    ...(config.disasterRecovery ? DR_STACK_NAMES : []),
  ];
}

/** Stacks that only some configurations synthesize: the key that adds them. */
export function keyThatCreates(stack: string): "directory.createServiceRole" | "disasterRecovery" | "desktops.groups" | undefined {
  if (stack === ACCOUNT_STACK) return "directory.createServiceRole";
  if ((DR_STACK_NAMES as readonly string[]).includes(stack)) return "disasterRecovery";
  if (isDesktopGroupStack(stack)) return "desktops.groups";
  return undefined;
}

/** `<project>-<environment>`: the prefix of the primary Region's resource names. */
export function namePrefix(config: Pick<VdiConfig, "project" | "environment">): string {
  return `${config.project}-${config.environment}`;
}

/** Where a stack deploys and the prefix of its resource names. */
export interface StackPlacement {
  readonly region: string;
  /** Distinct for each Region where AWS names are account-wide (IAM roles, dashboards). */
  readonly prefix: string;
}

export function placementOf(config: VdiConfig, stack: StackName): StackPlacement {
  const prefix = namePrefix(config);
  if (stack === BOOTSTRAP_STACK) return { region: config.state.region, prefix };
  const dr = config.disasterRecovery;
  if (!(DR_STACK_NAMES as readonly string[]).includes(stack)) return { region: config.region, prefix };
  if (!dr) throw new Error(`${stack} exists only with disasterRecovery`);
  // Names differ from the primary Region's where AWS names are account-wide; the redirection stays in the primary Region.
  return { region: stack === REDIRECTION_STACK ? config.region : dr.region, prefix: `${prefix}-dr` };
}

/** One Region's share of the deployment: its stacks, its Region and name prefix, and its network settings. */
export interface RegionSite extends StackPlacement {
  readonly stacks: RegionStacks;
  readonly network: VdiConfig["network"];
}

/** The primary Region, then the DR Region when configured: each builds network → directory → registration → desktops → monitoring. */
export function regionSitesOf(config: VdiConfig): { readonly primary: RegionSite; readonly dr?: RegionSite } {
  const primary = { stacks: PRIMARY_REGION_STACKS, network: config.network, ...placementOf(config, PRIMARY_REGION_STACKS.network) };
  if (!config.disasterRecovery) return { primary };
  return { primary, dr: { stacks: DR_REGION_STACKS, network: config.disasterRecovery.network, ...placementOf(config, DR_REGION_STACKS.network) } };
}

/**
 * The stacks the failover runbook deploys while the primary Region is down: their state, every state they read and
 * every Region they address are in the DR Region (`__tests__/failover-readiness.test.ts`). dr-identity is not one:
 * a Managed AD replica (aws_directory_service_region) is managed through the primary Region's API, and an AD
 * Connector reads its password secret there; both keep running without a deploy. Nor is dr-redirection, whose alias
 * association, records and health check are the primary Region's.
 */
export const FAILOVER_STACKS = [DR_REGION_STACKS.network, DR_REGION_STACKS.desktops] as const;

export function isFailoverStack(stack: string): boolean {
  return (FAILOVER_STACKS as readonly string[]).includes(stack);
}

/** Where a stack keeps its Terraform state: an S3 object encrypted with the key the alias names in `region`. */
export interface StateLocation {
  readonly bucket: string;
  readonly region: string;
  readonly key: string;
  /** Aliases are per Region: the DR Region's key has the primary's alias name. */
  readonly kmsKeyAlias: string;
}

/** The alias of the key that encrypts the Terraform state, created by the bootstrap stack in each state bucket's Region. */
export function stateKeyAlias(config: Pick<VdiConfig, "project" | "environment">): string {
  return `alias/${namePrefix(config)}-terraform-state`;
}

/** `<project>/account`: the key prefix of the account stack's state, shared by every environment of the project. */
export function accountStateKeyPrefix(config: Pick<VdiConfig, "project">): string {
  return `${config.project}/account`;
}

/** The DR Region's state bucket (bucket names are global: the Region tells it from the primary's). */
export function drStateBucketName(bucket: string, drRegion: string): string {
  return `${bucket}-${drRegion}`;
}

/** The state bucket the DR Region's stacks use and the primary stacks' state replicates into; undefined without DR. */
export function drStateBucketOf(
  config: Pick<VdiConfig, "state" | "disasterRecovery">,
): { readonly bucket: string; readonly region: string } | undefined {
  const dr = config.disasterRecovery;
  return dr && { bucket: drStateBucketName(config.state.bucket, dr.region), region: dr.region };
}

/**
 * Whether the bootstrap replicates `stack`'s state into the DR Region: the primary Region's stacks, desktop groups
 * included (dr-desktops reads every user's primary WorkSpace from the desktops stack's and the groups' replicas). No
 * DR stack is one: replication never writes to a DR stack's own state key.
 */
export function isReplicatedStack(stack: string): boolean {
  return (STACK_NAMES as readonly string[]).includes(stack) || isDesktopGroupStack(stack);
}

/**
 * The S3 key prefixes the bootstrap replicates into the DR Region (one rule each): each fixed primary stack's state
 * key, then `<keyPrefix>/desktops-`, which every desktop group's state key starts with, present or future (a group
 * added later replicates from its first write, without another bootstrap), and no other stack's key does: no fixed
 * or DR stack name starts with `desktops-` (`isDesktopGroupStack`); `desktops.tfstate` keeps its own rule.
 */
export function replicatedStateKeyPrefixesOf(config: VdiConfig): string[] {
  return [...STACK_NAMES.map((stack) => stateLocationOf(config, stack).key), `${config.state.keyPrefix}/${desktopGroupStackName("")}`];
}

/**
 * The S3 backend of every stack but the bootstrap (local state): the DR Region's stacks in the DR Region's bucket,
 * the others (the redirection too: it is managed through the primary Region) in `state.bucket`; keys are
 * `<state.keyPrefix>/<stack>.tfstate`, the account stack's `<project>/account/account.tfstate`.
 */
export function stateLocationOf(config: VdiConfig, stack: Exclude<StackName, typeof BOOTSTRAP_STACK>): StateLocation {
  // The account stack belongs to no environment: under a key no environment's prefix (or teardown) covers.
  const key = stack === ACCOUNT_STACK ? `${accountStateKeyPrefix(config)}/${stack}.tfstate` : `${config.state.keyPrefix}/${stack}.tfstate`;
  const kmsKeyAlias = stateKeyAlias(config);
  const drBucket = drStateBucketOf(config);
  const inDrRegion = (Object.values(DR_REGION_STACKS) as string[]).includes(stack);
  if (inDrRegion && drBucket) return { ...drBucket, key, kmsKeyAlias };
  return { bucket: config.state.bucket, region: config.state.region, key, kmsKeyAlias };
}

/**
 * Where `consumer` reads `producer`'s state: a failover stack reads the primary stacks' replicas in the DR Region's
 * bucket (same key, the DR Region's endpoint and key); every other read goes to the producer's own backend.
 */
export function stateReadOf(config: VdiConfig, consumer: StackName, producer: Exclude<StackName, typeof BOOTSTRAP_STACK>): StateLocation {
  const own = stateLocationOf(config, producer);
  const drBucket = drStateBucketOf(config);
  if (!isFailoverStack(consumer) || !drBucket || own.bucket === drBucket.bucket) return own;
  if (!isReplicatedStack(producer)) {
    throw new Error(`${consumer} is a failover stack but reads ${producer}, whose state is not replicated into the DR Region`);
  }
  return { ...own, ...drBucket };
}

/** The tag that marks resources as owned by this project (and so safe for it to change). */
export const MANAGED_BY = "cdktf/workspaces-vdi";

type DeploymentTags = Record<Exclude<(typeof DEPLOYMENT_TAG_KEYS)[number], "stack">, string>;

/**
 * The tags that mark a resource as this deployment's: the functions that change desktops (billing optimizer,
 * start/stop, right-sizing) may act only on desktops carrying all of them.
 */
export function deploymentTags(config: Pick<VdiConfig, "project" | "environment">): DeploymentTags {
  return { project: config.project, environment: config.environment, "managed-by": MANAGED_BY };
}

/**
 * Every resource's tags (the AWS provider's default tags, and the standby WorkSpaces' own, which the provider
 * does not create): the configuration's `tags`, then the deployment's and the stack's, which the schema forbids
 * `tags` to set (config/schema.ts DEPLOYMENT_TAG_KEYS).
 */
export function defaultTags(config: Pick<VdiConfig, "project" | "environment" | "tags">, stack: StackName): Record<string, string> {
  const deployment: Record<(typeof DEPLOYMENT_TAG_KEYS)[number], string> = { ...deploymentTags(config), stack };
  if (stack !== ACCOUNT_STACK) return { ...config.tags, ...deployment };
  // The account's resources serve every environment of the account: no environment tag claims them.
  const { environment: _belongsToNone, ...accountWide } = deployment;
  return { ...config.tags, ...accountWide };
}

/** The environment whose deployments get the safeguards below. */
const PRODUCTION: VdiConfig["environment"] = "prod";

/** What `environment: prod` turns on; every other environment has none of it. */
export interface EnvironmentSafeguards {
  /** Desktops carry `prevent_destroy` unless `desktops.allowDestroy`. */
  readonly protectDesktops: boolean;
  /** Days Secrets Manager keeps a deleted generated directory password recoverable (0: deleted at once). */
  readonly secretRecoveryWindowDays: number;
  /**
   * The security policy refuses what it only warns about elsewhere (desktops open to the internet), refuses public
   * IP addresses and local administrators even when configured (unless waived), and warns about SAML sign-in that
   * falls back to the directory password.
   */
  readonly strictPolicy: boolean;
  /** The DR connection alias need not name the environment (every other environment's must: aliases stay reserved). */
  readonly connectionAliasNamesEnvironment: boolean;
}

export function safeguardsOf(environment: string): EnvironmentSafeguards {
  const production = environment === PRODUCTION;
  return {
    protectDesktops: production,
    secretRecoveryWindowDays: production ? 30 : 0,
    strictPolicy: production,
    connectionAliasNamesEnvironment: !production,
  };
}
