import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { accountOf } from "./account";
import type { EncryptionKey } from "./encryption-key";
import { EncryptedLogGroup } from "./log-group";

export interface VpcFlowLogsProps {
  /** Prefix of the role name. */
  readonly name: string;
  /** The log group the flow logs are delivered to (the key's policy names it). */
  readonly logGroupName: string;
  /** The VPC whose traffic is logged. */
  readonly vpcId: string;
  /** Days the flow log group keeps records. */
  readonly retentionDays: number;
  /** The key that encrypts the log group; it must admit CloudWatch Logs (`cloudWatchLogsRegion`). */
  readonly key: EncryptionKey;
  /** @default "ALL" — accepted and rejected traffic */
  readonly trafficType?: "ACCEPT" | "REJECT" | "ALL";
}

/** VPC flow logs delivered to an encrypted log group through a role that can write only there. */
export class VpcFlowLogs extends Construct {
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const logGroup = new EncryptedLogGroup(this, "log-group", {
      name: props.logGroupName,
      retentionDays: props.retentionDays,
      key: props.key,
    });

    const account = accountOf(this);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          // Only flow logs of this account may use the role (confused-deputy protection).
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${account.partition}:ec2:*:${account.accountId}:vpc-flow-log/*`] },
          ],
        },
      ],
    });
    const role = new IamRole(this, "role", { name: `${props.name}-flow-logs`, assumeRolePolicy: trust.json });
    const writeToLogGroup = new DataAwsIamPolicyDocument(this, "write-to-log-group", {
      statement: [
        {
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [logGroup.arn, `${logGroup.arn}:*`],
        },
        {
          // Listed as required by the flow logs IAM documentation; the action lists groups, so it cannot name one.
          actions: ["logs:DescribeLogGroups"],
          resources: [`arn:${account.partition}:logs:*:${account.accountId}:log-group:*`],
        },
      ],
    });
    const rolePolicy = new IamRolePolicy(this, "role-policy", { role: role.id, name: "write-flow-logs", policy: writeToLogGroup.json });

    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      // The role can deliver only once its policy exists; the first deliveries would fail otherwise.
      dependsOn: [rolePolicy],
    });
    this.logGroupName = logGroup.name;
  }
}
