import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { EncryptionKey } from "./encryption-key";

export interface EncryptedLogGroupProps {
  /** Log group name. */
  readonly name: string;
  /** How long events are kept; CloudWatch's own default is forever. */
  readonly retentionDays: number;
  /** A customer-managed key that admits CloudWatch Logs (`cloudWatchLogsRegion`); the log group adds itself to its policy. */
  readonly key: EncryptionKey;
}

/** A CloudWatch log group that always has a retention period and KMS encryption. */
export class EncryptedLogGroup extends Construct {
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    props.key.allowLogGroup(props.name);
    const group = new CloudwatchLogGroup(this, "group", {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.key.arn,
    });
    this.name = group.name;
    this.arn = group.arn;
  }
}
