import { Construct } from "constructs";
import { join, relative, resolve } from "node:path";
import { App, DataTerraformRemoteStateS3, LocalBackend, S3Backend, TerraformStack, type S3BackendConfig } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { VdiConfig } from "../config/schema";
import { BOOTSTRAP_STACK, defaultTags, namePrefix, placementOf, stateLocationOf, stateReadOf, type StackName, type StateLocation } from "../topology";

/**
 * Terraform versions every stack works with: S3-native state locking (`use_lockfile`) came in 1.10 as an
 * experiment and is generally available from 1.11. Conditions must not rely on `||` short-circuiting, which
 * only 1.12 added.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.11";

/**
 * Where the bootstrap stack keeps its (local) state: in the deployment's folder (where the commands run: npm runs
 * them from the folder of package.json), so that removing the output folder never loses it, written relative to
 * the stack's working directory (`<outdir>/stacks/state`, wherever `CDKTF_OUTDIR` puts the output folder) so that
 * the folder can move.
 */
export function bootstrapStatePath(config: VdiConfig, stackDirectory: string, deploymentFolder = process.cwd()): string {
  return relative(resolve(stackDirectory), join(deploymentFolder, `terraform.${namePrefix(config)}.state.tfstate`));
}

/**
 * What every stack of the deployment shares: encrypted, locked S3 state under its own key and an
 * AWS provider that tags everything it creates. Only the bootstrap stack, which creates the bucket,
 * keeps its state locally.
 */
export abstract class VdiStack extends TerraformStack {
  /** The prefix of resource names (topology's placementOf: `<project>-<environment>`, `-dr` in the DR stacks). */
  readonly prefix: string;

  /** The Region of the stack's AWS provider. */
  readonly region: string;

  protected constructor(
    scope: Construct,
    stackName: StackName,
    readonly config: VdiConfig,
  ) {
    super(scope, stackName);
    const placement = placementOf(config, stackName);
    this.prefix = placement.prefix;
    this.region = placement.region;
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);

    if (stackName === BOOTSTRAP_STACK) {
      // cdktf writes each stack to <outdir>/stacks/<name>; a synth stages next to its output folder, at the same depth.
      new LocalBackend(this, { path: bootstrapStatePath(config, join(App.of(this).outdir, "stacks", stackName)) });
    } else {
      const backend = new StateBackend(this, config, stackName);
      // S3-native locking (Terraform ≥ 1.11); cdktf 0.21's S3Backend has no property for it.
      backend.addOverride("use_lockfile", true);
    }

    new AwsProvider(this, "aws", {
      region: this.region,
      defaultTags: [{ tags: defaultTags(config, stackName) }],
    });
  }
}

function s3BackendConfig(location: StateLocation): S3BackendConfig {
  return {
    bucket: location.bucket,
    key: location.key,
    region: location.region,
    // Without a key the backend sends `ServerSideEncryption: AES256` on every write, which overrides the
    // bucket's default KMS encryption: the state (it holds the directory password) would be SSE-S3.
    encrypt: true,
    kmsKeyId: location.kmsKeyAlias,
  };
}

/**
 * A stack's S3 backend (topology's stateLocationOf). cdktf asks the producer's backend how a consumer reads it: here
 * topology's stateReadOf answers, so a failover stack reads the primary stacks' replicas in the DR Region.
 */
class StateBackend extends S3Backend {
  constructor(
    scope: VdiStack,
    private readonly config: VdiConfig,
    private readonly stackName: Exclude<StackName, typeof BOOTSTRAP_STACK>,
  ) {
    super(scope, s3BackendConfig(stateLocationOf(config, stackName)));
  }

  override getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string) {
    const consumer = TerraformStack.of(scope).node.id as StackName;
    const read = s3BackendConfig(stateReadOf(this.config, consumer, this.stackName));
    return new DataTerraformRemoteStateS3(scope, name, { ...read, workspace: "${terraform.workspace}" });
  }
}
