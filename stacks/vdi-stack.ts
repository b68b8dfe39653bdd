import { Construct } from "constructs";
import { join, relative, resolve } from "node:path";
import { App, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { VdiConfig } from "../config/schema";

/** The deployment's stacks, in deploy order. */
export const STACK_NAMES = ["network", "identity", "desktops"] as const;
/** The one-off bootstrap stack that creates the state bucket the others keep their state in. */
export const BOOTSTRAP_STACK = "state";
/** Account-wide resources (`workspaces_DefaultRole`), synthesized only when this deployment creates them. */
export const ACCOUNT_STACK = "account";
/**
 * Disaster recovery (`disasterRecovery`), synthesized only when configured: the DR Region's network, directory
 * and desktops, and the cross-Region redirection (aliases and failover records) in the primary Region.
 */
export const DR_STACK_NAMES = ["dr-network", "dr-identity", "dr-desktops", "dr-redirection"] as const;

export type StackName = (typeof STACK_NAMES)[number] | typeof BOOTSTRAP_STACK | typeof ACCOUNT_STACK | (typeof DR_STACK_NAMES)[number];

/** Where a stack deploys, when not the deployment's `region` with the `<project>-<environment>` name prefix. */
export interface StackPlacement {
  /** @default the configuration's `region` (`state.region` for the bootstrap stack) */
  readonly region?: string;
  /** Prefix of resource names, distinct for each Region where names are account-wide (IAM roles, dashboards). @default `<project>-<environment>` */
  readonly prefix?: string;
}

/**
 * Terraform versions every stack works with: S3-native state locking (`use_lockfile`) came in 1.10 as an
 * experiment and is generally available from 1.11. Conditions must not rely on `||` short-circuiting, which
 * only 1.12 added.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.11";

/** The alias of the key that encrypts the Terraform state, created by the bootstrap stack. */
export function stateKeyAlias(config: VdiConfig): string {
  return `alias/${config.project}-${config.environment}-terraform-state`;
}

/**
 * Where the bootstrap stack keeps its (local) state: in the deployment's folder (where the commands run: npm runs
 * them from the folder of package.json), so that removing the output folder never loses it, written relative to
 * the stack's working directory (`<outdir>/stacks/state`, wherever `CDKTF_OUTDIR` puts the output folder) so that
 * the folder can move.
 */
export function bootstrapStatePath(config: VdiConfig, stackDirectory: string, deploymentFolder = process.cwd()): string {
  return relative(resolve(stackDirectory), join(deploymentFolder, `terraform.${config.project}-${config.environment}.state.tfstate`));
}

/** The tag that marks resources as owned by this project (and so safe for it to change). */
export const MANAGED_BY = "cdktf/workspaces-vdi";

/**
 * What every stack of the deployment shares: encrypted, locked S3 state under its own key and an
 * AWS provider that tags everything it creates. Only the bootstrap stack, which creates the bucket,
 * keeps its state locally.
 */
export abstract class VdiStack extends TerraformStack {
  /** `<project>-<environment>`: the prefix of resource names. */
  readonly prefix: string;

  /** The Region of the stack's AWS provider. */
  readonly region: string;

  protected constructor(
    scope: Construct,
    stackName: StackName,
    readonly config: VdiConfig,
    placement: StackPlacement = {},
  ) {
    super(scope, stackName);
    this.prefix = placement.prefix ?? `${config.project}-${config.environment}`;
    this.region = placement.region ?? (stackName === BOOTSTRAP_STACK ? config.state.region : config.region);
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);

    if (stackName === BOOTSTRAP_STACK) {
      // cdktf writes each stack to <outdir>/stacks/<name>; a synth stages next to its output folder, at the same depth.
      new LocalBackend(this, { path: bootstrapStatePath(config, join(App.of(this).outdir, "stacks", stackName)) });
    } else {
      const backend = new S3Backend(this, {
        bucket: config.state.bucket,
        key: `${config.state.keyPrefix}/${stackName}.tfstate`,
        region: config.state.region,
        // Without a key the backend sends `ServerSideEncryption: AES256` on every write, which overrides the
        // bucket's default KMS encryption: the state (it holds the directory password) would be SSE-S3.
        encrypt: true,
        kmsKeyId: stateKeyAlias(config),
      });
      // S3-native locking (Terraform ≥ 1.11); cdktf 0.21's S3Backend has no property for it.
      backend.addOverride("use_lockfile", true);
    }

    new AwsProvider(this, "aws", {
      region: this.region,
      defaultTags: [
        {
          tags: {
            ...config.tags,
            project: config.project,
            environment: config.environment,
            "managed-by": MANAGED_BY,
            stack: stackName,
          },
        },
      ],
    });
  }
}
