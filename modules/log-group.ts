import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";

export interface EncryptedLogGroupProps {
  /** Log group name. */
  readonly name: string;
  /** How long events are kept; CloudWatch's own default is forever. */
  readonly retentionDays: number;
  /** A customer-managed key whose policy lets CloudWatch Logs use it (see `cloudWatchLogsStatement`). */
  readonly kmsKeyArn: string;
}

/** A CloudWatch log group that always has a retention period and KMS encryption. */
export class EncryptedLogGroup extends Construct {
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const group = new CloudwatchLogGroup(this, "group", {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.name = group.name;
    this.arn = group.arn;
  }
}
