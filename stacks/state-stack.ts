import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { EncryptionKey } from "../modules/encryption-key";
import { StateBucket } from "../modules/state-bucket";
import { BOOTSTRAP_STACK } from "../topology";
import { VdiStack, stateKeyAlias } from "./vdi-stack";

/** Bootstrap, deployed once before the others: the S3 bucket and key for their Terraform state. */
export class StateStack extends VdiStack {
  constructor(scope: Construct, config: VdiConfig) {
    super(scope, BOOTSTRAP_STACK, config);
    const key = new EncryptionKey(this, "state-key", {
      // The other stacks' backends name the key by this alias: their backend configuration cannot read outputs.
      alias: stateKeyAlias(config).replace(/^alias\//, ""),
      description: `${this.prefix}: encrypts the Terraform state (it holds the directory password)`,
    });
    const bucket = new StateBucket(this, "state-bucket", {
      bucketName: config.state.bucket,
      kmsKeyArn: key.arn,
      // The bucket holds every stack's state history: deleting it with its contents is an explicit choice.
      forceDestroy: config.state.forceDestroy,
    });
    new TerraformOutput(this, "state_bucket", { value: bucket.bucketName, description: "S3 bucket holding every stack's state" });
    new TerraformOutput(this, "state_key_arn", { value: key.arn, description: "KMS key that encrypts the state bucket and the state files" });
  }
}
