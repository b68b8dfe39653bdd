import { Construct } from "constructs";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DirectoryServiceLogSubscription } from "@cdktf/provider-aws/lib/directory-service-log-subscription";
import type { EncryptionKey } from "./encryption-key";
import { EncryptedLogGroup } from "./log-group";

export interface DirectorySecurityLogsProps {
  /** A Microsoft AD directory: only it forwards its domain controllers' security logs. */
  readonly directoryId: string;
  /** Log group name; Directory Service requires the `/aws/directoryservice/` prefix. */
  readonly logGroupName: string;
  /** Days the security events are kept. */
  readonly retentionDays: number;
  /** The key that encrypts the log group; it must admit CloudWatch Logs (`cloudWatchLogsRegion`). */
  readonly key: EncryptionKey;
}

/** The domain controllers' security event logs, forwarded to an encrypted CloudWatch log group. */
export class DirectorySecurityLogs extends Construct {
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: DirectorySecurityLogsProps) {
    super(scope, id);
    const logGroup = new EncryptedLogGroup(this, "log-group", {
      name: props.logGroupName,
      retentionDays: props.retentionDays,
      key: props.key,
    });
    const allowDirectoryService = new DataAwsIamPolicyDocument(this, "directory-service-writes", {
      statement: [
        {
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          principals: [{ type: "Service", identifiers: ["ds.amazonaws.com"] }],
          resources: [`${logGroup.arn}:*`],
        },
      ],
    });
    const policy = new CloudwatchLogResourcePolicy(this, "resource-policy", {
      policyName: `${props.logGroupName.replace(/\//g, "-").replace(/^-/, "")}-ds`,
      policyDocument: allowDirectoryService.json,
    });
    new DirectoryServiceLogSubscription(this, "subscription", {
      directoryId: props.directoryId,
      logGroupName: logGroup.name,
      dependsOn: [policy],
    });
    this.logGroupName = logGroup.name;
  }
}
