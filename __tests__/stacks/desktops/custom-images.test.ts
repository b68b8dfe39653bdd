import { join } from "node:path";
import { parse } from "yaml";
import { loadConfig } from "../../../config/load";
import { checkSecurityPolicy, formatFinding } from "../../../policy";
import { instancesOf, resolveLocalEntries } from "../../../synthesis/resource-instances";
import { configWith, dataOf, jsonencodeValue, resourcesOf, synthApp, type TerraformJson } from "../../helpers";

/** The example: builder image.builder (AUTO_STOP, STANDARD), image finance-desktop (PERFORMANCE, reboot), and jane.doe. */
const exampleConfig = loadConfig(join(__dirname, "..", "..", "..", "config", "examples", "custom-images.yaml"));
const app = synthApp(exampleConfig);
const desktops = app.desktops;

const [document] = resourcesOf(desktops, "aws_ssm_document");
const runbook = parse(document.content);
const stepNamed = (name: string) => runbook.mainSteps.find((step: any) => step.name === name);
const fleetId = Object.keys(desktops.resource.aws_workspaces_workspace)[0];
const builderId = `\${aws_workspaces_workspace.${fleetId}["image.builder"].id}`;
const topicArn = `\${aws_sns_topic.${Object.keys(desktops.resource.aws_sns_topic)[0]}.arn}`;
const keyArn = (prefix: string) => `\${aws_kms_key.${Object.keys(desktops.resource.aws_kms_key).find((id) => id.startsWith(prefix))}.arn}`;

/** The statements of the inline policy of the role whose trust names `service`. */
function roleOf(stack: TerraformJson, service: string) {
  const documents = dataOf(stack, "aws_iam_policy_document");
  const roles = resourcesOf(stack, "aws_iam_role");
  const trustDoc = Object.entries(stack.data.aws_iam_policy_document).find(
    ([id, doc]) =>
      doc.statement[0].actions?.includes("sts:AssumeRole") &&
      doc.statement[0].principals[0].identifiers[0] === service &&
      roles.some((role) => role.assume_role_policy === `\${data.aws_iam_policy_document.${id}.json}`),
  )!;
  const role = Object.entries(stack.resource.aws_iam_role).find(
    ([, body]) => body.assume_role_policy === `\${data.aws_iam_policy_document.${trustDoc[0]}.json}`,
  )!;
  const inline = resourcesOf(stack, "aws_iam_role_policy").find((policy) => policy.role === `\${aws_iam_role.${role[0]}.id}`)!;
  const permissionsId = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(inline.policy)![1];
  expect(documents).toContain(stack.data.aws_iam_policy_document[permissionsId]);
  return {
    id: role[0],
    role: role[1],
    trust: trustDoc[1].statement[0],
    statements: stack.data.aws_iam_policy_document[permissionsId].statement as any[],
  };
}

describe("custom images: the runbook", () => {
  it("is a YAML Automation document without anchors or aliases", () => {
    expect(document).toMatchObject({ document_type: "Automation", document_format: "YAML", name: "acme-vdi-staging-image-pipeline" });
    expect(runbook.schemaVersion).toBe("0.3");
    expect(document.content).not.toMatch(/[&*]a\d/);
  });

  it("updates the builder, checks it is available, images it, waits for the image, then creates or updates the bundle and notifies", () => {
    expect(runbook.mainSteps.map((step: any) => `${step.name} ${step.action}`)).toEqual([
      "startBuilder aws:executeAwsApi",
      "waitBuilderAvailable aws:waitForAwsResourceProperty",
      "chooseUpdate aws:branch",
      "checkBuilderNode aws:assertAwsResourceProperty",
      "patchBuilder aws:runCommand",
      "rebootBuilder aws:executeAwsApi",
      "letRebootStart aws:sleep",
      "waitBuilderRebooted aws:waitForAwsResourceProperty",
      "checkBuilderAvailable aws:assertAwsResourceProperty",
      "createImage aws:executeAwsApi",
      "waitImageSettled aws:waitForAwsResourceProperty",
      "checkImageAvailable aws:assertAwsResourceProperty",
      "findBundle aws:executeScript",
      "createOrUpdateBundle aws:branch",
      "createBundle aws:executeAwsApi",
      "notifyBundleCreated aws:executeAwsApi",
      "updateBundle aws:executeAwsApi",
      "notifyBundleUpdated aws:executeAwsApi",
      "notifyImageFailure aws:executeAwsApi",
      "notifyFailure aws:executeAwsApi",
    ]);
  });

  it("runs the update the parameter chooses: patch, reboot or none", () => {
    expect(stepNamed("chooseUpdate").inputs).toEqual({
      Choices: [
        { NextStep: "checkBuilderNode", Variable: "{{UpdateMode}}", StringEquals: "patch" },
        { NextStep: "rebootBuilder", Variable: "{{UpdateMode}}", StringEquals: "reboot" },
      ],
      Default: "checkBuilderAvailable",
    });
    expect(runbook.parameters.UpdateMode).toMatchObject({ allowedValues: ["none", "reboot", "patch"], default: "reboot" });
    expect(stepNamed("patchBuilder").inputs).toMatchObject({
      DocumentName: "AWS-RunPatchBaseline",
      Targets: [{ Key: "tag:vdi-image-builder", Values: ["{{BundleName}}"] }],
      Parameters: { Operation: ["Install"], RebootOption: ["RebootIfNeeded"] },
      CloudWatchOutputConfig: {
        CloudWatchOutputEnabled: true,
        CloudWatchLogGroupName: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..*\.name\}$/),
      },
    });
    expect(stepNamed("rebootBuilder").inputs).toEqual({
      Service: "workspaces",
      Api: "RebootWorkspaces",
      RebootWorkspaceRequests: [{ WorkspaceId: "{{BuilderWorkspaceId}}" }],
    });
  });

  it("waits for the builder to be AVAILABLE and asserts it before imaging", () => {
    for (const name of ["waitBuilderAvailable", "waitBuilderRebooted", "checkBuilderAvailable"]) {
      expect(stepNamed(name).inputs).toEqual({
        Service: "workspaces",
        Api: "DescribeWorkspaces",
        WorkspaceIds: ["{{BuilderWorkspaceId}}"],
        PropertySelector: "$.Workspaces[0].State",
        DesiredValues: ["AVAILABLE"],
      });
    }
    expect(stepNamed("waitBuilderAvailable").timeoutSeconds).toBeGreaterThan(0);
  });

  it("creates the image from the builder and waits until it settles, failing unless it is AVAILABLE", () => {
    expect(stepNamed("createImage").inputs).toEqual({
      Service: "workspaces",
      Api: "CreateWorkspaceImage",
      Name: "{{BundleName}}-{{global:DATE_TIME}}",
      Description: "{{Description}}",
      WorkspaceId: "{{BuilderWorkspaceId}}",
    });
    expect(stepNamed("createImage").outputs).toEqual([{ Name: "ImageId", Selector: "$.ImageId", Type: "String" }]);
    const images = {
      Service: "workspaces",
      Api: "DescribeWorkspaceImages",
      ImageIds: ["{{createImage.ImageId}}"],
      PropertySelector: "$.Images[0].State",
    };
    expect(stepNamed("waitImageSettled").inputs).toEqual({ ...images, DesiredValues: ["AVAILABLE", "ERROR"] });
    expect(stepNamed("waitImageSettled").timeoutSeconds).toBeGreaterThanOrEqual(3600);
    expect(stepNamed("checkImageAvailable").inputs).toEqual({ ...images, DesiredValues: ["AVAILABLE"] });
  });

  it("looks the bundle up by name among the account's bundles and creates it the first time, updates it afterwards", () => {
    const find = stepNamed("findBundle");
    expect(find.inputs).toMatchObject({ Runtime: "python3.11", Handler: "find_bundle", InputPayload: { BundleName: "{{BundleName}}" } });
    // Every page, without Owner (the account's own bundles), matched by exact name.
    expect(find.inputs.Script).toMatch(/get_paginator\("describe_workspace_bundles"\)\.paginate\(\)/);
    expect(find.inputs.Script).toMatch(/bundle\["Name"\] == events\["BundleName"\]/);
    expect(find.outputs).toEqual([{ Name: "BundleId", Selector: "$.Payload.BundleId", Type: "String" }]);
    expect(stepNamed("createOrUpdateBundle").inputs).toEqual({
      Choices: [{ NextStep: "createBundle", Variable: "{{findBundle.BundleId}}", StringEquals: "none" }],
      Default: "updateBundle",
    });
    expect(stepNamed("createBundle").inputs).toEqual({
      Service: "workspaces",
      Api: "CreateWorkspaceBundle",
      BundleName: "{{BundleName}}",
      BundleDescription: "{{Description}}",
      ImageId: "{{createImage.ImageId}}",
      ComputeType: { Name: "{{ComputeType}}" },
      UserStorage: { Capacity: "{{UserVolumeGib}}" },
      RootStorage: { Capacity: "{{RootVolumeGib}}" },
    });
    expect(stepNamed("createBundle").outputs).toEqual([{ Name: "BundleId", Selector: "$.WorkspaceBundle.BundleId", Type: "String" }]);
    expect(stepNamed("updateBundle").inputs).toEqual({
      Service: "workspaces",
      Api: "UpdateWorkspaceBundle",
      BundleId: "{{findBundle.BundleId}}",
      ImageId: "{{createImage.ImageId}}",
    });
    expect(stepNamed("createBundle").nextStep).toBe("notifyBundleCreated");
    expect(stepNamed("updateBundle").nextStep).toBe("notifyBundleUpdated");
  });

  it("notifies the alarm topic of success with the image and bundle IDs", () => {
    const created = stepNamed("notifyBundleCreated");
    expect(created.inputs).toMatchObject({ Service: "sns", Api: "Publish", TopicArn: topicArn });
    expect(created.inputs.Message).toEqual(expect.stringContaining("{{createImage.ImageId}}"));
    expect(created.inputs.Message).toEqual(expect.stringContaining("{{createBundle.BundleId}}"));
    expect(stepNamed("notifyBundleUpdated").inputs.Message).toEqual(expect.stringContaining("{{findBundle.BundleId}}"));
    for (const name of ["notifyBundleCreated", "notifyBundleUpdated", "notifyImageFailure", "notifyFailure"])
      expect(stepNamed(name).isEnd).toBe(true);
  });

  it("sends every failure to a notifying step: the image's ID once it exists", () => {
    const failing = runbook.mainSteps.filter((step: any) => !["aws:branch", "aws:sleep"].includes(step.action) && !step.name.startsWith("notify"));
    const imageIndex = runbook.mainSteps.findIndex((step: any) => step.name === "createImage");
    for (const step of failing) {
      const afterImage = runbook.mainSteps.indexOf(step) > imageIndex;
      expect([step.name, step.onFailure]).toEqual([step.name, afterImage ? "step:notifyImageFailure" : "step:notifyFailure"]);
    }
    expect(stepNamed("notifyImageFailure").inputs).toMatchObject({
      Api: "Publish",
      TopicArn: topicArn,
      Message: expect.stringContaining("{{createImage.ImageId}}"),
    });
    expect(stepNamed("notifyFailure").inputs).toMatchObject({ Api: "Publish", TopicArn: topicArn, Subject: expect.stringContaining("FAILED") });
  });

  it("runs as the automation role by default", () => {
    const automation = roleOf(desktops, "ssm.amazonaws.com");
    expect(runbook.assumeRole).toBe("{{AutomationAssumeRole}}");
    expect(runbook.parameters.AutomationAssumeRole.default).toBe(`\${aws_iam_role.${automation.id}.arn}`);
  });
});

describe("custom images: the schedule", () => {
  const [schedule] = resourcesOf(desktops, "aws_scheduler_schedule");
  const [group] = Object.keys(desktops.resource.aws_scheduler_schedule_group);

  it("starts the runbook in the configured expression, in UTC, through the universal target", () => {
    expect(schedule).toMatchObject({
      name: "finance-desktop",
      group_name: `\${aws_scheduler_schedule_group.${group}.name}`,
      schedule_expression: "cron(0 3 ? * SUN#1 *)",
      schedule_expression_timezone: "UTC",
      flexible_time_window: { mode: "OFF" },
    });
    expect(schedule.target.arn).toMatch(/^arn:\$\{data\.aws_partition\..*\.partition\}:scheduler:::aws-sdk:ssm:startAutomationExecution$/);
    expect(schedule.target.role_arn).toBe(`\${aws_iam_role.${roleOf(desktops, "scheduler.amazonaws.com").id}.arn}`);
  });

  it("passes the image's settings: the builder's desktop and volumes, the configured compute type", () => {
    // Terraform's jsonencode: the builder's reference keeps its own quotes (Terraform's runs evaluate it).
    expect(jsonencodeValue(resolveLocalEntries(desktops, schedule.target.input))).toEqual({
      DocumentName: `\${aws_ssm_document.${Object.keys(desktops.resource.aws_ssm_document)[0]}.name}`,
      Parameters: {
        BuilderWorkspaceId: [builderId],
        BundleName: ["finance-desktop"],
        Description: ["Finance applications on Windows"],
        ComputeType: ["PERFORMANCE"],
        RootVolumeGib: ["80"],
        UserVolumeGib: ["50"],
        UpdateMode: ["reboot"],
      },
    });
  });

  it("defaults the compute type to the builder's and the description to the name", () => {
    const config = configWith({
      "desktops.users": [{ userName: "builder", computeType: "POWER" }],
      images: [{ name: "base", builderUser: "builder", schedule: "rate(7 days)" }],
    });
    const [only] = resourcesOf(synthApp(config).desktops, "aws_scheduler_schedule");
    expect(jsonencodeValue(only.target.input).Parameters).toMatchObject({
      ComputeType: ["POWER"],
      Description: ["base custom image"],
      UpdateMode: ["reboot"],
    });
  });
});

describe("custom images: roles", () => {
  const automation = roleOf(desktops, "ssm.amazonaws.com");
  const scheduler = roleOf(desktops, "scheduler.amazonaws.com");
  const sid = (statements: any[], name: string) => statements.find((statement) => statement.sid === name);

  it("trusts Systems Manager only for this account's automation executions", () => {
    expect(automation.trust.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringMatching(/aws_caller_identity/)] },
      {
        test: "ArnLike",
        variable: "aws:SourceArn",
        values: [expect.stringMatching(/:ssm:eu-west-1:\$\{data\.aws_caller_identity\..*\}:automation-execution\/\*$/)],
      },
    ]);
  });

  it("lets the automation do only what the runbook calls, on the builder's desktop", () => {
    expect(automation.statements.flatMap((statement) => statement.actions).sort()).toEqual(
      [
        "kms:Decrypt",
        "kms:GenerateDataKey*",
        "sns:Publish",
        "workspaces:CreateWorkspaceBundle",
        "workspaces:CreateWorkspaceImage",
        "workspaces:DescribeWorkspaceBundles",
        "workspaces:DescribeWorkspaceImages",
        "workspaces:DescribeWorkspaces",
        "workspaces:RebootWorkspaces",
        "workspaces:StartWorkspaces",
        "workspaces:UpdateWorkspaceBundle",
      ].sort(),
    );
    const builderArn = expect.stringMatching(
      new RegExp(`:workspaces:eu-west-1:.*:workspace/\\$\\{aws_workspaces_workspace\\.${fleetId}\\["image\\.builder"\\]\\.id\\}$`),
    );
    const resourcesOfStatement = (name: string) =>
      sid(automation.statements, name).resources.map((arn: string) => resolveLocalEntries(desktops, arn));
    expect(resourcesOfStatement("StartAndRebootBuilders")).toEqual([builderArn]);
    expect(resourcesOfStatement("ImageBuilders")).toEqual([builderArn, expect.stringMatching(/:workspaceimage\/\*$/)]);
    expect(sid(automation.statements, "CreateAndUpdateBundles").resources).toEqual([
      expect.stringMatching(/:workspacebundle\/\*$/),
      expect.stringMatching(/:workspaceimage\/\*$/),
    ]);
    expect(sid(automation.statements, "NotifyTopic").resources).toEqual([topicArn]);
  });

  it("may use the topic's key only through SNS, which publishing to the encrypted topic needs", () => {
    expect(sid(automation.statements, "EncryptForTopic")).toMatchObject({
      resources: [keyArn("monitoring-key")],
      condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["sns.eu-west-1.amazonaws.com"] }],
    });
  });

  it("lets the schedule start only this runbook, as the automation role, from this deployment's schedule group", () => {
    expect(scheduler.trust.condition[1]).toEqual({
      test: "ArnLike",
      variable: "aws:SourceArn",
      values: [expect.stringMatching(/^\$\{aws_scheduler_schedule_group\..*\.arn\}$/)],
    });
    expect(scheduler.statements).toEqual([
      {
        sid: "StartThePipeline",
        actions: ["ssm:StartAutomationExecution"],
        resources: [
          expect.stringMatching(/:document\/acme-vdi-staging-image-pipeline$/),
          expect.stringMatching(/:automation-definition\/acme-vdi-staging-image-pipeline:\*$/),
        ],
      },
      {
        sid: "RunItAsTheAutomationRole",
        actions: ["iam:PassRole"],
        resources: [`\${aws_iam_role.${automation.id}.arn}`],
        condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ssm.amazonaws.com"] }],
      },
    ]);
  });

  it("adds patching rights and the builders' hybrid-activation role only for update: patch", () => {
    expect(resourcesOf(desktops, "aws_iam_role_policy_attachment")).toEqual([]);
    expect(desktops.output.image_builder_node_role).toBeUndefined();
    const patching = synthApp(
      configWith({
        "desktops.users": [{ userName: "builder" }],
        images: [{ name: "base", builderUser: "builder", schedule: "rate(7 days)", update: "patch" }],
      }),
    ).desktops;
    const roles = resourcesOf(patching, "aws_iam_role")
      .map((role) => role.name)
      .sort();
    expect(roles).toEqual(["workspaces-vdi-dev-image-builder-node", "workspaces-vdi-dev-image-pipeline", "workspaces-vdi-dev-image-schedules"]);
    const [attachment] = resourcesOf(patching, "aws_iam_role_policy_attachment");
    expect(attachment.policy_arn).toMatch(/:iam::aws:policy\/AmazonSSMManagedInstanceCore$/);
    expect(patching.output.image_builder_node_role).toBeDefined();
    const automationStatements = dataOf(patching, "aws_iam_policy_document")
      .flatMap((doc) => doc.statement)
      .filter((statement: any) => statement.actions.includes("ssm:SendCommand"));
    expect(automationStatements).toEqual([
      expect.objectContaining({ resources: [expect.stringMatching(/::document\/AWS-RunPatchBaseline$/)] }),
      expect.objectContaining({
        resources: [expect.stringMatching(/:managed-instance\/\*$/)],
        condition: [{ test: "Null", variable: "ssm:resourceTag/vdi-image-builder", values: ["false"] }],
      }),
    ]);
  });
});

describe("custom images: the builder and the rest of the deployment", () => {
  const instances = Object.fromEntries(
    instancesOf(desktops, Object.values(desktops.resource.aws_workspaces_workspace)[0]).map((desktop) => [desktop.key, desktop.arguments]),
  );

  it("creates only the builder's desktop without volume encryption", () => {
    const unencrypted = { root_volume_encryption_enabled: false, user_volume_encryption_enabled: false, volume_encryption_key: null };
    expect(instances["image.builder"]).toMatchObject(unencrypted);
    expect(instances["jane.doe"]).toMatchObject({
      root_volume_encryption_enabled: true,
      user_volume_encryption_enabled: true,
      volume_encryption_key: keyArn("volume-key"),
    });
  });

  it("writes the patch step's output to a log group encrypted with the deployment's key, with retention", () => {
    const group = resourcesOf(desktops, "aws_cloudwatch_log_group").find((log) => log.name.endsWith("/image-pipeline"))!;
    expect(group).toMatchObject({ name: "/aws/ssm/acme-vdi-staging/image-pipeline", kms_key_id: keyArn("monitoring-key"), retention_in_days: 90 });
  });

  it("outputs the runbook's name, and builds nothing without images", () => {
    expect(desktops.output.image_pipeline_runbook).toBeDefined();
    const plain = synthApp(configWith()).desktops;
    for (const type of ["aws_ssm_document", "aws_scheduler_schedule", "aws_scheduler_schedule_group", "aws_iam_role"])
      expect(resourcesOf(plain, type)).toEqual([]);
    expect(plain.output.image_pipeline_runbook).toBeUndefined();
  });
});

describe("custom images: security policy", () => {
  const stacks = { network: app.network, identity: app.identity, desktops };

  it("accepts the unencrypted builder named in images", () => {
    expect(checkSecurityPolicy(stacks, exampleConfig).map(formatFinding)).toEqual([]);
  });

  it("refuses any other unencrypted desktop, naming its user", () => {
    const copy = JSON.parse(JSON.stringify(stacks));
    // The desktops' settings are a local the fleet reads by user name.
    const settings = Object.values<any>(copy.desktops.locals).find((local) => local["jane.doe"]?.encrypted !== undefined);
    settings["jane.doe"].encrypted = false;
    expect(
      checkSecurityPolicy(copy, exampleConfig)
        .filter((finding) => finding.severity === "error")
        .map(formatFinding),
    ).toEqual([
      expect.stringMatching(/volume-encryption: the root volume is not encrypted \(desktop of jane\.doe\)$/),
      expect.stringMatching(/volume-encryption: the user volume is not encrypted \(desktop of jane\.doe\)$/),
    ]);
  });

  it("refuses the builder's unencrypted desktop once it is no longer a builder", () => {
    const withoutImages = { ...exampleConfig, images: [] };
    expect(
      checkSecurityPolicy(stacks, withoutImages)
        .filter((finding) => finding.severity === "error")
        .map(formatFinding),
    ).toEqual([
      expect.stringMatching(/the root volume is not encrypted \(desktop of image\.builder\)$/),
      expect.stringMatching(/the user volume is not encrypted \(desktop of image\.builder\)$/),
      expect.stringMatching(/volume_encryption_key null is not a customer-managed key of this deployment \(desktop of image\.builder\)$/),
    ]);
  });
});
