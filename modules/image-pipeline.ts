import { Construct } from "constructs";
import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { accountOf } from "./account";
import { BUILDER_NODE_TAG, imageRunbookYaml } from "./image-runbook";
import type { EncryptionKey } from "./encryption-key";
import { EncryptedLogGroup } from "./log-group";
import { ServicePrincipalRole } from "./service-principal-role";
import { jsonText } from "./json-text";

/** One scheduled image pipeline: a builder desktop, and the bundle its images go into. */
export interface ImageBuildSpec {
  /** The custom bundle's name; images are named `<name>-<date>`. */
  readonly name: string;
  /** The image's and the bundle's description. */
  readonly description: string;
  /** The builder WorkSpace: it must not be encrypted (WorkSpaces cannot image encrypted desktops). */
  readonly builderWorkspaceId: string;
  /** The bundle's compute type, of the builder's hardware family. */
  readonly computeType: string;
  /** The bundle's root volume, the builder's size (a bundle's volumes cannot be smaller than its image's). */
  readonly rootVolumeGib: number;
  /** The bundle's user volume, the builder's size. */
  readonly userVolumeGib: number;
  /** EventBridge Scheduler expression, evaluated in UTC. */
  readonly schedule: string;
  /** `reboot`, `patch` (AWS-RunPatchBaseline on the builder as an SSM managed node) or `none`, before imaging. */
  readonly update: "none" | "reboot" | "patch";
}

export interface ImagePipelineProps {
  /** Prefix of the runbook, roles, schedule group and log group names. */
  readonly name: string;
  /** The Region of the builders and the runbook. */
  readonly region: string;
  /** One pipeline per entry, all run by the one runbook. */
  readonly images: readonly ImageBuildSpec[];
  /** Topic told of every run's outcome, with the image and bundle IDs. */
  readonly topicArn: string;
  /** The topic's customer-managed key: publishing needs it (through IAM; the key policy delegates to IAM). */
  readonly topicKeyArn: string;
  /** Key of the patch step's log group; its policy must admit CloudWatch Logs (see `cloudWatchLogsStatement`). */
  readonly logKey: EncryptionKey;
  /** Days the patch step's log group keeps its output. */
  readonly logRetentionDays: number;
}

/**
 * A Systems Manager Automation runbook that turns a builder desktop into a custom image and bundle (create the first
 * time, update afterwards), an EventBridge Scheduler schedule per image that starts it, and the least-privileged
 * roles both run as. With an image in `patch` mode, also the role for the builders' hybrid activation.
 */
export class ImagePipeline extends Construct {
  /** The runbook's name: `aws ssm start-automation-execution --document-name <it>` runs a pipeline by hand. */
  readonly runbookName: string;
  /** For `aws ssm create-activation --iam-role`: the role builders in `patch` mode register with. Undefined otherwise. */
  readonly builderNodeRoleName?: string;

  constructor(scope: Construct, id: string, props: ImagePipelineProps) {
    super(scope, id);
    const account = accountOf(this);
    const arn = (service: string, resource: string, region = props.region) =>
      `arn:${account.partition}:${service}:${region}:${account.accountId}:${resource}`;
    const runbookName = `${props.name}-image-pipeline`;
    const patching = props.images.some((image) => image.update === "patch");

    const patchLog = new EncryptedLogGroup(this, "patch-log", {
      name: `/aws/ssm/${props.name}/image-pipeline`,
      retentionDays: props.logRetentionDays,
      key: props.logKey,
    });

    const builders = props.images.map((image) => arn("workspaces", `workspace/${image.builderWorkspaceId}`));
    const images = arn("workspaces", "workspaceimage/*");
    const automationRole = new ServicePrincipalRole(this, "automation-role", {
      name: `${props.name}-image-pipeline`,
      service: "ssm.amazonaws.com",
      onBehalfOf: { account, sourceArn: arn("ssm", "automation-execution/*") },
      statements: [
        // List-level calls: WorkSpaces names no resource type for them.
        {
          sid: "ReadWorkSpaces",
          actions: ["workspaces:DescribeWorkspaces", "workspaces:DescribeWorkspaceImages", "workspaces:DescribeWorkspaceBundles"],
          resources: ["*"],
        },
        { sid: "StartAndRebootBuilders", actions: ["workspaces:StartWorkspaces", "workspaces:RebootWorkspaces"], resources: builders },
        { sid: "ImageBuilders", actions: ["workspaces:CreateWorkspaceImage"], resources: [...builders, images] },
        {
          sid: "CreateAndUpdateBundles",
          actions: ["workspaces:CreateWorkspaceBundle", "workspaces:UpdateWorkspaceBundle"],
          resources: [arn("workspaces", "workspacebundle/*"), images],
        },
        { sid: "NotifyTopic", actions: ["sns:Publish"], resources: [props.topicArn] },
        {
          // SNS encrypts the message with the topic's key on behalf of the publisher.
          sid: "EncryptForTopic",
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: [props.topicKeyArn],
          condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [`sns.${props.region}.amazonaws.com`] }],
        },
        ...(patching ? patchStatements(arn, account.partition, props.region) : []),
      ],
    });

    const runbook = new SsmDocument(this, "runbook", {
      name: runbookName,
      documentType: "Automation",
      documentFormat: "YAML",
      content: imageRunbookYaml({ assumeRoleArn: automationRole.arn, topicArn: props.topicArn, patchLogGroupName: patchLog.name }),
    });

    const group = new SchedulerScheduleGroup(this, "schedule-group", { name: `${props.name}-images` });
    const schedulerRole = new ServicePrincipalRole(this, "scheduler-role", {
      name: `${props.name}-image-schedules`,
      service: "scheduler.amazonaws.com",
      // EventBridge Scheduler documents the schedule group as the source ARN to scope to.
      onBehalfOf: { account, sourceArn: group.arn },
      statements: [
        {
          sid: "StartThePipeline",
          actions: ["ssm:StartAutomationExecution"],
          resources: [arn("ssm", `document/${runbookName}`), arn("ssm", `automation-definition/${runbookName}:*`)],
        },
        {
          sid: "RunItAsTheAutomationRole",
          actions: ["iam:PassRole"],
          resources: [automationRole.arn],
          condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ssm.amazonaws.com"] }],
        },
      ],
    });

    for (const image of props.images) {
      new SchedulerSchedule(this, `schedule ${image.name}`, {
        // Unique within the deployment's group; the characters a bundle name allows beyond a schedule name's become "-".
        name: image.name.replace(/[^0-9a-zA-Z_.-]/g, "-"),
        groupName: group.name,
        description: `Builds the custom image and bundle ${image.name}`,
        scheduleExpression: image.schedule,
        scheduleExpressionTimezone: "UTC",
        flexibleTimeWindow: { mode: "OFF" },
        target: {
          arn: `arn:${account.partition}:scheduler:::aws-sdk:ssm:startAutomationExecution`,
          roleArn: schedulerRole.arn,
          input: jsonText({ DocumentName: runbook.name, Parameters: automationParameters(image) }),
          // A failed start is reported by nobody: one retry, then the next scheduled run.
          retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 3600 },
        },
      });
    }

    if (patching) {
      const nodeRole = new ServicePrincipalRole(this, "builder-node-role", {
        name: `${props.name}-image-builder-node`,
        service: "ssm.amazonaws.com",
        // The hybrid activation policy example of Systems Manager's confused-deputy guidance.
        onBehalfOf: { account, sourceArn: arn("ssm", "*") },
        statements: [
          {
            sid: "WritePatchOutput",
            actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            resources: [patchLog.arn, `${patchLog.arn}:*`],
          },
        ],
      });
      new IamRolePolicyAttachment(this, "builder-node-core", {
        role: nodeRole.name,
        policyArn: `arn:${account.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
      });
      this.builderNodeRoleName = nodeRole.name;
    }
    this.runbookName = runbook.name;
  }
}

/** Patching runs AWS-RunPatchBaseline on the builders' managed nodes, found by their activation tag. */
function patchStatements(
  arn: (service: string, resource: string, region?: string) => string,
  partition: string,
  region: string,
): DataAwsIamPolicyDocumentStatement[] {
  return [
    { sid: "FindBuilderNodes", actions: ["ssm:DescribeInstanceInformation", "ssm:ListCommands", "ssm:ListCommandInvocations"], resources: ["*"] },
    { sid: "RunPatchBaseline", actions: ["ssm:SendCommand"], resources: [`arn:${partition}:ssm:${region}::document/AWS-RunPatchBaseline`] },
    {
      sid: "OnBuilderNodesOnly",
      actions: ["ssm:SendCommand"],
      resources: [arn("ssm", "managed-instance/*")],
      condition: [{ test: "Null", variable: `ssm:resourceTag/${BUILDER_NODE_TAG}`, values: ["false"] }],
    },
  ];
}

/** The runbook's parameters for one image, as StartAutomationExecution takes them (every value a list of strings). */
export function automationParameters(image: ImageBuildSpec): Record<string, [string]> {
  return {
    BuilderWorkspaceId: [image.builderWorkspaceId],
    BundleName: [image.name],
    Description: [image.description],
    ComputeType: [image.computeType],
    RootVolumeGib: [String(image.rootVolumeGib)],
    UserVolumeGib: [String(image.userVolumeGib)],
    UpdateMode: [image.update],
  };
}
