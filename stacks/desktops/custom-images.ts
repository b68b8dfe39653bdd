import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { VdiConfig } from "../../config/schema";
import type { EncryptionKey } from "../../modules/encryption-key";
import { ImagePipeline } from "../../modules/image-pipeline";
import type { WorkspaceFleet } from "../../modules/workspace-fleet";

export interface CustomImagesProps {
  readonly prefix: string;
  readonly fleet: WorkspaceFleet;
  /** The alarm topic and its key: runs report there. */
  readonly topicArn: string;
  readonly topicKey: EncryptionKey;
}

/** `images`: one image pipeline per entry, built from its builder's desktop; nothing without entries. */
export function addCustomImages(scope: Construct, config: VdiConfig, props: CustomImagesProps): void {
  if (config.images.length === 0) return;
  const pipeline = new ImagePipeline(scope, "image-pipeline", {
    name: props.prefix,
    region: config.region,
    images: config.images.map((image) => {
      // The schema checked that the builder is one of the users.
      const builder = config.desktops.users.find((user) => user.userName === image.builderUser)!;
      return {
        name: image.name,
        description: image.description ?? `${image.name} custom image`,
        builderWorkspaceId: props.fleet.workspaceIdOf(builder.userName),
        computeType: image.computeType ?? builder.computeType,
        rootVolumeGib: builder.rootVolumeGib,
        userVolumeGib: builder.userVolumeGib,
        schedule: image.schedule,
        update: image.update,
      };
    }),
    topicArn: props.topicArn,
    topicKeyArn: props.topicKey.arn,
    logKey: props.topicKey,
    logRetentionDays: config.monitoring.logRetentionDays,
  });
  new TerraformOutput(scope, "image_pipeline_runbook", {
    value: pipeline.runbookName,
    description: "Run a pipeline by hand: aws ssm start-automation-execution --document-name <this> (docs/images.md)",
  });
  if (pipeline.builderNodeRoleName) {
    new TerraformOutput(scope, "image_builder_node_role", {
      value: pipeline.builderNodeRoleName,
      description: "aws ssm create-activation --iam-role <this> for builders with update: patch",
    });
  }
}
