import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { EncryptionKey } from "../modules/encryption-key";
import { StateBucket } from "../modules/state-bucket";
import { BOOTSTRAP_STACK, VdiStack } from "./vdi-stack";

/** Bootstrap, deployed once before the others: the S3 bucket and key for their Terraform state. */
export class StateStack extends VdiStack {
  constructor(scope: Construct, config: VdiConfig) {
    super(scope, BOOTSTRAP_STACK, config);
    const key = new EncryptionKey(this, "state-key", {
      alias: `${this.prefix}-terraform-state`,
      description: `${this.prefix}: encrypts the Terraform state (it holds the directory password)`,
    });
    const bucket = new StateBucket(this, "state-bucket", {
      bucketName: config.state.bucket,
      kmsKeyArn: key.arn,
      // Outside prod, tearing everything down also removes the emptied state files and the bucket.
      forceDestroy: config.environment !== "prod",
    });
    new TerraformOutput(this, "state_bucket", { value: bucket.bucketName });
    new TerraformOutput(this, "state_key_arn", { value: key.arn });
  }
}
