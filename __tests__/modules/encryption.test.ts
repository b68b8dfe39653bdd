import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { EncryptionKey } from "../../modules/encryption-key";
import { VpcFlowLogs } from "../../modules/flow-logs";
import { EncryptedLogGroup } from "../../modules/log-group";
import { dataOf, resourcesOf, synthScope } from "../helpers";

describe("EncryptionKey", () => {
  const { text, json } = synthScope((scope) => {
    const key = new EncryptionKey(scope, "key", { alias: "t-logs", description: "test", cloudWatchLogsRegion: "eu-west-1" });
    for (const name of ["/t/one", "/t/two"]) new EncryptedLogGroup(scope, name, { name, retentionDays: 30, key });
  });

  it("is a customer-managed key that rotates", () => {
    expect(text).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(resourcesOf(json, "aws_kms_alias")[0].name).toBe("alias/t-logs");
  });

  it("lets CloudWatch Logs of the region use it only for the log groups that use it", () => {
    const statements = dataOf(json, "aws_iam_policy_document")[0].statement;
    const logs = statements.find((statement: any) => statement.sid === "CloudWatchLogsEncryptsThisAccountsLogGroups");
    expect(logs.principals).toEqual([{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }]);
    expect(logs.condition[0]).toMatchObject({ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn" });
    expect(logs.condition[0].values).toEqual([
      expect.stringMatching(/^arn:\$\{.*\}:logs:eu-west-1:\$\{.*account_id\}:log-group:\/t\/one$/),
      expect.stringMatching(/^arn:\$\{.*\}:logs:eu-west-1:\$\{.*account_id\}:log-group:\/t\/two$/),
    ]);
    expect(resourcesOf(json, "aws_kms_key")[0].policy).toMatch(/aws_iam_policy_document\..*\.json/);
  });

  it("grants CloudWatch Logs nothing when no log group uses it, and refuses a log group when it admits no logs", () => {
    const { json: unused } = synthScope((scope) => {
      new EncryptionKey(scope, "key", { alias: "t-unused", description: "test", cloudWatchLogsRegion: "eu-west-1" });
    });
    expect(dataOf(unused, "aws_iam_policy_document")[0].statement.map((statement: any) => statement.sid)).toEqual([
      "AccountAdministersKeyThroughIam",
    ]);
    expect(() =>
      synthScope((scope) => {
        const key = new EncryptionKey(scope, "key", { alias: "t-volumes", description: "volumes" });
        new EncryptedLogGroup(scope, "group", { name: "/t/group", retentionDays: 30, key });
      }),
    ).toThrow("log group /t/group uses this key, but the key does not admit CloudWatch Logs: give it cloudWatchLogsRegion");
  });
});

describe("VpcFlowLogs", () => {
  const { text, json } = synthScope((scope) => {
    const key = new EncryptionKey(scope, "key", { alias: "t-logs", description: "logs", cloudWatchLogsRegion: "eu-west-1" });
    new VpcFlowLogs(scope, "flow", { name: "t", vpcId: "vpc-123", logGroupName: "/vpc/t/flow-logs", retentionDays: 30, key });
  });

  it("sends all traffic of the VPC to CloudWatch Logs", () => {
    expect(text).toHaveResourceWithProperties(FlowLog, { vpc_id: "vpc-123", traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
  });

  it("writes to a log group with retention and the customer-managed key", () => {
    expect(text).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/vpc/t/flow-logs",
      retention_in_days: 30,
      kms_key_id: `\${aws_kms_key.${Object.keys(json.resource.aws_kms_key)[0]}.arn}`,
    });
  });

  it("through a role trusted by flow logs that may write only to that log group", () => {
    const documents = dataOf(json, "aws_iam_policy_document");
    const trust = documents.find((doc) => doc.statement[0].actions.includes("sts:AssumeRole"))!;
    expect(trust.statement[0].principals[0].identifiers).toEqual(["vpc-flow-logs.amazonaws.com"]);
    // Confused-deputy protection: only this account's flow logs may assume the role.
    expect(trust.statement[0].condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringMatching(/aws_caller_identity\..*\.account_id/)] },
      {
        test: "ArnLike",
        variable: "aws:SourceArn",
        values: [expect.stringMatching(/^arn:\$\{.*\}:ec2:\*:\$\{data\.aws_caller_identity\..*\}:vpc-flow-log\/\*$/)],
      },
    ]);
    const write = documents.find((doc) => doc.statement[0].actions.includes("logs:PutLogEvents"))!;
    expect(write.statement[0].resources.every((arn: string) => /aws_cloudwatch_log_group\./.test(arn))).toBe(true);
    // The flow logs IAM documentation lists DescribeLogGroups as required; it lists groups, so it names none.
    expect(write.statement[1]).toEqual({
      actions: ["logs:DescribeLogGroups"],
      resources: [expect.stringMatching(/^arn:\$\{.*\}:logs:\*:\$\{data\.aws_caller_identity\..*\}:log-group:\*$/)],
    });
  });

  it("starts delivering only once the role's policy exists", () => {
    const [flowLog] = resourcesOf(json, "aws_flow_log");
    expect(flowLog.depends_on).toEqual([`aws_iam_role_policy.${Object.keys(json.resource.aws_iam_role_policy)[0]}`]);
    expect(flowLog.iam_role_arn).toMatch(/^\$\{aws_iam_role\./);
  });
});

describe("account facts", () => {
  const { json } = synthScope((scope) => {
    const key = new EncryptionKey(scope, "logs-key", { alias: "t-logs", description: "logs", cloudWatchLogsRegion: "eu-west-1" });
    new EncryptionKey(scope, "volumes-key", { alias: "t-volumes", description: "volumes" });
    new VpcFlowLogs(scope, "flow", { name: "t", vpcId: "vpc-123", logGroupName: "/vpc/t/flow-logs", retentionDays: 30, key });
  });

  it("are read once per stack, however many modules use them", () => {
    expect(dataOf(json, "aws_caller_identity")).toHaveLength(1);
    expect(dataOf(json, "aws_partition")).toHaveLength(1);
    const [callerName] = Object.keys(json.data.aws_caller_identity);
    const readers = dataOf(json, "aws_iam_policy_document").flatMap((doc) =>
      [...JSON.stringify(doc).matchAll(/data\.aws_caller_identity\.([\w-]+)\./g)].map((match) => match[1]),
    );
    expect(readers.length).toBeGreaterThan(0);
    expect(new Set(readers)).toEqual(new Set([callerName]));
  });
});
