import { encryptedWithKeyOfThisDeployment, error, type PolicyRule } from "./rule";
import { traversalOf } from "./terraform-json";

// Where logs go: log groups keep them for a while, under a key of this deployment, and Lambda writes only to such a group.

export const logGroupRetention = {
  id: "log-group-retention",
  description: "CloudWatch log groups have a retention period",
  resources: {
    aws_cloudwatch_log_group: ({ body }) =>
      typeof body.retention_in_days === "number" && body.retention_in_days > 0 ? [] : [error("no retention period: events would be kept forever")],
  },
} satisfies PolicyRule;

export const logGroupEncryption = {
  id: "log-group-encryption",
  description: "CloudWatch log groups are encrypted with a customer-managed KMS key",
  resources: {
    aws_cloudwatch_log_group: encryptedWithKeyOfThisDeployment("kms_key_id"),
  },
} satisfies PolicyRule;

export const lambdaLogGroup = {
  id: "lambda-log-group",
  description: "Lambda functions log to a log group of their stack (so it has retention and a customer-managed key), never one Lambda creates",
  resources: {
    // Disaster recovery's functions: their logs go to a log group of the stack (which the log-group rules check)
    // rather than one Lambda would create unencrypted.
    aws_lambda_function: ({ body }, _, scope) => {
      const logGroup = traversalOf(body.logging_config?.log_group);
      const ownLogGroup =
        logGroup?.length === 3 &&
        logGroup[0] === "aws_cloudwatch_log_group" &&
        scope.stacks[scope.stackName]?.resource?.aws_cloudwatch_log_group?.[logGroup[1]] !== undefined;
      return ownLogGroup
        ? []
        : [error("logging_config.log_group is not a log group of this stack: Lambda would create one without encryption or retention")];
    },
  },
} satisfies PolicyRule;
