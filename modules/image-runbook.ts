import { stringify } from "yaml";

/**
 * The Systems Manager Automation runbook (schema 0.3) that turns a builder WorkSpace into a custom image and bundle.
 * One runbook serves every image pipeline: the builder, bundle name and settings are parameters. Every WorkSpaces
 * call is an `aws:executeAwsApi` / `aws:waitForAwsResourceProperty` / `aws:assertAwsResourceProperty` step;
 * only the bundle lookup by name is a short script (JSONPath selectors in Automation cannot filter a list).
 */

/** Tag on the builder's SSM managed node (given at its hybrid activation) that the patch step targets. */
export const BUILDER_NODE_TAG = "vdi-image-builder";

export interface ImageRunbookProps {
  /** The automation role Automation assumes (the runbook's default `AutomationAssumeRole`). */
  readonly assumeRoleArn: string;
  /** SNS topic told of every run's success or failure. */
  readonly topicArn: string;
  /** Log group for the patch step's command output. */
  readonly patchLogGroupName: string;
}

const workspaces = (api: string, inputs: Record<string, unknown>) => ({ Service: "workspaces", Api: api, ...inputs });
const builder = { WorkspaceIds: ["{{BuilderWorkspaceId}}"] };
const builderState = { ...workspaces("DescribeWorkspaces", builder), PropertySelector: "$.Workspaces[0].State" };

// Starting, rebooting and imaging a desktop each take minutes; an image 45 minutes or more.
const BUILDER_TIMEOUT_SECONDS = 3600;
const IMAGE_TIMEOUT_SECONDS = 4 * 3600;
const PATCH_TIMEOUT_SECONDS = 2 * 3600;

const FIND_BUNDLE_SCRIPT = `import boto3


def find_bundle(events, context):
    # Without Owner, DescribeWorkspaceBundles lists this account's own bundles.
    pages = boto3.client("workspaces").get_paginator("describe_workspace_bundles").paginate()
    for page in pages:
        for bundle in page["Bundles"]:
            if bundle["Name"] == events["BundleName"]:
                return {"BundleId": bundle["BundleId"]}
    return {"BundleId": "none"}
`;

/** The runbook as a JavaScript object (parse the synthesized YAML to get it back). */
export function imageRunbook(props: ImageRunbookProps) {
  const notify = (name: string, subject: string, message: string) => ({
    name,
    action: "aws:executeAwsApi",
    inputs: { Service: "sns", Api: "Publish", TopicArn: props.topicArn, Subject: subject, Message: message },
    isEnd: true,
  });
  // Before the image exists there is no image ID to report; after, every failure names it.
  const beforeImage = { onFailure: "step:notifyFailure" };
  const afterImage = { onFailure: "step:notifyImageFailure" };
  const run = "execution {{automation:EXECUTION_ID}}";

  return {
    schemaVersion: "0.3",
    description: "Builds a custom WorkSpaces image from a builder desktop and creates or updates the custom bundle of that name.",
    assumeRole: "{{AutomationAssumeRole}}",
    parameters: {
      AutomationAssumeRole: { type: "String", default: props.assumeRoleArn, description: "The role the automation runs as." },
      BuilderWorkspaceId: { type: "String", allowedPattern: "^ws-[0-9a-z]{8,63}$", description: "The builder WorkSpace (unencrypted)." },
      BundleName: {
        type: "String",
        allowedPattern: "^[a-zA-Z0-9_./()-]{1,44}$",
        description: "The custom bundle's name; images are named <BundleName>-<date>.",
      },
      Description: { type: "String", allowedPattern: "^[a-zA-Z0-9_./() -]{1,255}$", description: "Description of the image and bundle." },
      ComputeType: { type: "String", description: "The bundle's compute type." },
      RootVolumeGib: { type: "String", allowedPattern: "^[0-9]+$", description: "The bundle's root volume (GiB)." },
      UserVolumeGib: { type: "String", allowedPattern: "^[0-9]+$", description: "The bundle's user volume (GiB)." },
      UpdateMode: {
        type: "String",
        allowedValues: ["none", "reboot", "patch"],
        default: "reboot",
        description: "What is done to the builder before imaging.",
      },
    },
    mainSteps: [
      // An AUTO_STOP builder is usually stopped; starting an available desktop only returns a failed request.
      {
        name: "startBuilder",
        action: "aws:executeAwsApi",
        ...beforeImage,
        inputs: workspaces("StartWorkspaces", { StartWorkspaceRequests: [{ WorkspaceId: "{{BuilderWorkspaceId}}" }] }),
      },
      {
        name: "waitBuilderAvailable",
        action: "aws:waitForAwsResourceProperty",
        timeoutSeconds: BUILDER_TIMEOUT_SECONDS,
        ...beforeImage,
        inputs: { ...builderState, DesiredValues: ["AVAILABLE"] },
      },
      {
        name: "chooseUpdate",
        action: "aws:branch",
        inputs: {
          Choices: [
            { NextStep: "checkBuilderNode", Variable: "{{UpdateMode}}", StringEquals: "patch" },
            { NextStep: "rebootBuilder", Variable: "{{UpdateMode}}", StringEquals: "reboot" },
          ],
          Default: "checkBuilderAvailable",
        },
      },
      {
        // The builder must be a managed node (SSM agent with a hybrid activation tagged with the bundle name), online.
        name: "checkBuilderNode",
        action: "aws:assertAwsResourceProperty",
        ...beforeImage,
        inputs: {
          Service: "ssm",
          Api: "DescribeInstanceInformation",
          Filters: [{ Key: `tag:${BUILDER_NODE_TAG}`, Values: ["{{BundleName}}"] }],
          PropertySelector: "$.InstanceInformationList[0].PingStatus",
          DesiredValues: ["Online"],
        },
      },
      {
        name: "patchBuilder",
        action: "aws:runCommand",
        timeoutSeconds: PATCH_TIMEOUT_SECONDS,
        ...beforeImage,
        inputs: {
          DocumentName: "AWS-RunPatchBaseline",
          Targets: [{ Key: `tag:${BUILDER_NODE_TAG}`, Values: ["{{BundleName}}"] }],
          Parameters: { Operation: ["Install"], RebootOption: ["RebootIfNeeded"] },
          CloudWatchOutputConfig: { CloudWatchLogGroupName: props.patchLogGroupName, CloudWatchOutputEnabled: true },
        },
      },
      // Image creation refuses a Windows with a reboot pending (Image Checker): always reboot after updating.
      {
        name: "rebootBuilder",
        action: "aws:executeAwsApi",
        ...beforeImage,
        inputs: workspaces("RebootWorkspaces", { RebootWorkspaceRequests: [{ WorkspaceId: "{{BuilderWorkspaceId}}" }] }),
      },
      // The state turns REBOOTING only after the call returns: waiting at once could see the old AVAILABLE.
      { name: "letRebootStart", action: "aws:sleep", inputs: { Duration: "PT5M" } },
      {
        name: "waitBuilderRebooted",
        action: "aws:waitForAwsResourceProperty",
        timeoutSeconds: BUILDER_TIMEOUT_SECONDS,
        ...beforeImage,
        inputs: { ...builderState, DesiredValues: ["AVAILABLE"] },
      },
      {
        name: "checkBuilderAvailable",
        action: "aws:assertAwsResourceProperty",
        ...beforeImage,
        inputs: { ...builderState, DesiredValues: ["AVAILABLE"] },
      },
      {
        name: "createImage",
        action: "aws:executeAwsApi",
        ...beforeImage,
        inputs: workspaces("CreateWorkspaceImage", {
          Name: "{{BundleName}}-{{global:DATE_TIME}}",
          Description: "{{Description}}",
          WorkspaceId: "{{BuilderWorkspaceId}}",
        }),
        outputs: [{ Name: "ImageId", Selector: "$.ImageId", Type: "String" }],
      },
      {
        // ERROR is awaited too, so that a failed image ends the wait at once and is reported by the assertion.
        name: "waitImageSettled",
        action: "aws:waitForAwsResourceProperty",
        timeoutSeconds: IMAGE_TIMEOUT_SECONDS,
        ...afterImage,
        inputs: {
          ...workspaces("DescribeWorkspaceImages", { ImageIds: ["{{createImage.ImageId}}"] }),
          PropertySelector: "$.Images[0].State",
          DesiredValues: ["AVAILABLE", "ERROR"],
        },
      },
      {
        name: "checkImageAvailable",
        action: "aws:assertAwsResourceProperty",
        ...afterImage,
        inputs: {
          ...workspaces("DescribeWorkspaceImages", { ImageIds: ["{{createImage.ImageId}}"] }),
          PropertySelector: "$.Images[0].State",
          DesiredValues: ["AVAILABLE"],
        },
      },
      {
        name: "findBundle",
        action: "aws:executeScript",
        ...afterImage,
        inputs: { Runtime: "python3.11", Handler: "find_bundle", InputPayload: { BundleName: "{{BundleName}}" }, Script: FIND_BUNDLE_SCRIPT },
        outputs: [{ Name: "BundleId", Selector: "$.Payload.BundleId", Type: "String" }],
      },
      {
        name: "createOrUpdateBundle",
        action: "aws:branch",
        inputs: { Choices: [{ NextStep: "createBundle", Variable: "{{findBundle.BundleId}}", StringEquals: "none" }], Default: "updateBundle" },
      },
      {
        name: "createBundle",
        action: "aws:executeAwsApi",
        ...afterImage,
        inputs: workspaces("CreateWorkspaceBundle", {
          BundleName: "{{BundleName}}",
          BundleDescription: "{{Description}}",
          ImageId: "{{createImage.ImageId}}",
          ComputeType: { Name: "{{ComputeType}}" },
          UserStorage: { Capacity: "{{UserVolumeGib}}" },
          RootStorage: { Capacity: "{{RootVolumeGib}}" },
        }),
        outputs: [{ Name: "BundleId", Selector: "$.WorkspaceBundle.BundleId", Type: "String" }],
        nextStep: "notifyBundleCreated",
      },
      notify(
        "notifyBundleCreated",
        "WorkSpaces image pipeline {{BundleName}}: bundle created",
        `Image {{createImage.ImageId}} of builder {{BuilderWorkspaceId}} is available in the new bundle {{BundleName}} ({{createBundle.BundleId}}); ${run}.`,
      ),
      {
        name: "updateBundle",
        action: "aws:executeAwsApi",
        ...afterImage,
        inputs: workspaces("UpdateWorkspaceBundle", { BundleId: "{{findBundle.BundleId}}", ImageId: "{{createImage.ImageId}}" }),
        nextStep: "notifyBundleUpdated",
      },
      notify(
        "notifyBundleUpdated",
        "WorkSpaces image pipeline {{BundleName}}: bundle updated",
        `Bundle {{BundleName}} ({{findBundle.BundleId}}) now uses image {{createImage.ImageId}} of builder {{BuilderWorkspaceId}}: new desktops get it, existing ones when rebuilt; ${run}.`,
      ),
      notify(
        "notifyImageFailure",
        "WorkSpaces image pipeline {{BundleName}}: FAILED",
        `Image {{createImage.ImageId}} of builder {{BuilderWorkspaceId}} failed or could not be put into bundle {{BundleName}}; the bundle is unchanged. See ${run} in Systems Manager Automation.`,
      ),
      notify(
        "notifyFailure",
        "WorkSpaces image pipeline {{BundleName}}: FAILED",
        `No image was made from builder {{BuilderWorkspaceId}} (it did not become available, or its update failed); bundle {{BundleName}} is unchanged. See ${run} in Systems Manager Automation.`,
      ),
    ],
  };
}

/** The runbook as the YAML document content (YAML: an embedded `Script` is not allowed in JSON runbooks). */
export function imageRunbookYaml(props: ImageRunbookProps): string {
  // No anchors and aliases for repeated inputs: every step spells its inputs out.
  return stringify(imageRunbook(props), { lineWidth: 0, blockQuote: "literal", aliasDuplicateObjects: false });
}
