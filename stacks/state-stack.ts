import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { EncryptionKey } from "../modules/encryption-key";
import { StateBucket } from "../modules/state-bucket";
import { StateReplication } from "../modules/state-replication";
import { BOOTSTRAP_STACK, drStateBucketOf, replicatedStateKeyPrefixesOf, stateKeyAlias } from "../topology";
import { VdiStack } from "./vdi-stack";

/**
 * Bootstrap, deployed once before the others: the S3 bucket and key for their Terraform state; with disaster
 * recovery also the DR Region's bucket and key, into which the primary stacks' state replicates.
 */
export class StateStack extends VdiStack {
  constructor(scope: Construct, config: VdiConfig) {
    super(scope, BOOTSTRAP_STACK, config);
    const primary = this.stateBucket("state", config.state.bucket, config.state.region, "the Terraform state (it holds the directory password)");
    new TerraformOutput(this, "state_bucket", { value: primary.bucketName, description: "S3 bucket holding every stack's state" });
    new TerraformOutput(this, "state_key_arn", {
      value: primary.kmsKeyArn,
      description: "KMS key that encrypts the state bucket and the state files",
    });

    const dr = drStateBucketOf(config);
    if (!dr) return;
    const drBucket = this.stateBucket(
      "dr-state",
      dr.bucket,
      dr.region,
      "the DR Region's Terraform state and the replicas of the primary's",
      dr.region,
    );
    new StateReplication(this, "state-replication", {
      source: primary,
      destination: drBucket,
      // Exactly the primary Region's states, every desktop group's by one prefix: the DR stacks' own keys in the DR
      // bucket are never overwritten.
      keyPrefixes: replicatedStateKeyPrefixesOf(config),
      roleName: `${this.prefix}-state-replication`,
    });
    new TerraformOutput(this, "dr_state_bucket", {
      value: drBucket.bucketName,
      description: "S3 bucket in the DR Region holding the DR stacks' state and the replicas of the primary stacks' state",
    });
    new TerraformOutput(this, "dr_state_key_arn", { value: drBucket.kmsKeyArn, description: "KMS key that encrypts the DR Region's state bucket" });
  }

  /** A state bucket with its own key; `region` when it is not the provider's. */
  private stateBucket(id: string, bucketName: string, bucketRegion: string, encrypts: string, region?: string) {
    const key = new EncryptionKey(this, `${id}-key`, {
      // The other stacks' backends name the key by this alias (in the bucket's Region): their backend configuration cannot read outputs.
      alias: stateKeyAlias(this.config).replace(/^alias\//, ""),
      description: `${this.prefix}: encrypts ${encrypts}`,
      region,
    });
    const bucket = new StateBucket(this, `${id}-bucket`, {
      bucketName,
      kmsKeyArn: key.arn,
      // The bucket holds every stack's state history: deleting it with its contents is an explicit choice.
      forceDestroy: this.config.state.forceDestroy,
      region,
    });
    return { bucketName: bucket.bucketName, bucketArn: bucket.bucketArn, versioning: bucket.versioning, kmsKeyArn: key.arn, region: bucketRegion };
  }
}
