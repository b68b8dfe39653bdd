import { Construct } from "constructs";
import { Fn } from "cdktf";
import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { EncryptionKey } from "./encryption-key";
import { lambdaBundle } from "./lambda-bundle";
import { EncryptedLogGroup } from "./log-group";
import { ServicePrincipalRole } from "./service-principal-role";

export interface NodeFunctionProps {
  /** Function, role, log group and alarm name. */
  readonly name: string;
  /** The folder of `runtime/` that holds the function's `handler.ts`. */
  readonly runtimeFolder: string;
  readonly environment: Readonly<Record<string, string>>;
  /** What the function may do besides writing its log. */
  readonly statements: DataAwsIamPolicyDocumentStatement[];
  /** The key of the function's log group; it must admit CloudWatch Logs (`cloudWatchLogsRegion`). */
  readonly logKey: EncryptionKey;
  readonly logRetentionDays: number;
  /** Topic that hears when an invocation fails. */
  readonly alarmTopicArn: string;
  /** @default 900 seconds, the Lambda maximum */
  readonly timeoutSeconds?: number;
  /** @default 512 MB */
  readonly memoryMb?: number;
}

/**
 * A Node.js Lambda function built from `runtime/<folder>/handler.ts`: its own role (its statements and its log
 * only), a KMS-encrypted log group with retention, and an alarm on failed invocations.
 */
export class NodeFunction extends Construct {
  readonly arn: string;
  readonly functionName: string;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    const logGroup = new EncryptedLogGroup(this, "log", {
      name: `/aws/lambda/${props.name}`,
      retentionDays: props.logRetentionDays,
      key: props.logKey,
    });
    const role = new ServicePrincipalRole(this, "role", {
      name: props.name,
      service: "lambda.amazonaws.com",
      statements: [{ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroup.arn}:*`] }, ...props.statements],
    });
    const bundle = lambdaBundle(this, "bundle", props.runtimeFolder);
    const fn = new LambdaFunction(this, "function", {
      functionName: props.name,
      role: role.arn,
      runtime: "nodejs20.x",
      handler: "index.handler",
      filename: bundle.path,
      sourceCodeHash: Fn.filebase64sha256(bundle.path),
      timeout: props.timeoutSeconds ?? 900,
      memorySize: props.memoryMb ?? 512,
      environment: { variables: { ...props.environment } },
      loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
      // The first invocation must find its permissions and its log group.
      dependsOn: [role.policy],
    });
    new CloudwatchMetricAlarm(this, "errors", {
      alarmName: `${props.name}-errors`,
      alarmDescription: `The ${props.name} function failed (see its log ${logGroup.name})`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: fn.functionName },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    });
    this.arn = fn.arn;
    this.functionName = fn.functionName;
    this.logGroupName = logGroup.name;
  }
}
