import type { Construct } from "constructs";
import type { VdiConfig } from "../../config/schema";
import { familyOf } from "../../modules/compute-types";
import type { EncryptionKey } from "../../modules/encryption-key";
import { PerformanceDashboard, RightSizing } from "../../modules/right-sizing";
import { deploymentTags } from "../../topology";

export interface RightSizingTargets {
  readonly prefix: string;
  readonly directoryId: string;
  readonly logKey: EncryptionKey;
  readonly alarmTopicArn: string;
  /** The key that encrypts the alarm topic. */
  readonly alarmTopicKeyArn: string;
}

/**
 * `rightSizing` in the desktops stack: the performance dashboard (with its saturation alarms) and the right-sizing
 * function, allowed to modify only desktops carrying this deployment's default tags. Nothing without the section.
 * The fleet leaves compute types and volume sizes to the function (see the desktops stack).
 */
export function addRightSizing(scope: Construct, config: VdiConfig, targets: RightSizingTargets): void {
  const settings = config.rightSizing;
  if (!settings) return;
  const rightSizing = new RightSizing(scope, "right-sizing", {
    name: targets.prefix,
    region: config.region,
    directoryId: targets.directoryId,
    desktopTags: deploymentTags(config),
    policy: {
      maxComputeType: settings.maxComputeType,
      // The function matches user names as WorkSpaces reports them, case-insensitively (like the directory).
      maxComputeTypeByUser: Object.fromEntries(Object.entries(settings.maxComputeTypeByUser).map(([user, max]) => [user.toLowerCase(), max])),
      upgrade: settings.upgrade,
      downgrade: settings.downgrade,
      growAtPercent: settings.volumes.growAtPercent,
    },
    dryRun: settings.dryRun,
    schedule: settings.schedule,
    logKey: targets.logKey,
    logRetentionDays: config.monitoring.logRetentionDays,
    alarmTopicArn: targets.alarmTopicArn,
    alarmTopicKeyArn: targets.alarmTopicKeyArn,
  });
  new PerformanceDashboard(scope, "performance", {
    name: targets.prefix,
    region: config.region,
    directoryId: targets.directoryId,
    gpu: config.desktops.users.some((user) => familyOf(user.computeType) !== "general"),
    rightSizingLogGroupName: rightSizing.logGroupName,
    saturationAlarms: settings.alarms,
    alarmTopicArn: targets.alarmTopicArn,
  });
}
