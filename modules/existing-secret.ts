import { Construct } from "constructs";
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";

/**
 * The current value of a secret someone else manages (a service account password, a RADIUS shared
 * secret): read at plan time, so no secret value passes through the configuration or the code.
 */
export class ExistingSecret extends Construct {
  /** Sensitive: the secret's current value. */
  readonly value: string;

  constructor(scope: Construct, id: string, props: { readonly secretId: string; /** @default the stack's Region */ readonly region?: string }) {
    super(scope, id);
    this.value = new DataAwsSecretsmanagerSecretVersion(this, "version", { secretId: props.secretId, region: props.region }).secretString;
  }
}
