import type { Construct } from "constructs";
import type { VdiConfig } from "../../config/schema";
import { breakEvenHoursFor } from "../../cost/break-even";
import { BillingOptimizer } from "../../modules/billing-optimizer";
import { StartStopSchedules } from "../../modules/start-stop-schedules";
import type { EncryptionKey } from "../../modules/encryption-key";
import type { WorkspaceFleet } from "../../modules/workspace-fleet";
import { deploymentTags } from "../../topology";

export interface CostOptimizationTargets {
  readonly prefix: string;
  readonly directoryId: string;
  readonly fleet: WorkspaceFleet;
  readonly logKey: EncryptionKey;
  readonly alarmTopicArn: string;
}

/**
 * `costOptimization` in the desktops stack: the billing optimizer and the start/stop schedules, allowed to act
 * only on desktops carrying this deployment's default tags. Nothing when the section is not enabled.
 */
export function addCostOptimization(scope: Construct, config: VdiConfig, targets: CostOptimizationTargets): void {
  const settings = config.costOptimization;
  if (!settings.enabled) return;
  const desktopTags = deploymentTags(config);
  new BillingOptimizer(scope, "billing-optimizer", {
    name: targets.prefix,
    region: config.region,
    directoryId: targets.directoryId,
    desktopTags,
    breakEvenHours: breakEvenHoursFor(config),
    dryRun: settings.dryRun,
    schedule: settings.schedule,
    logKey: targets.logKey,
    logRetentionDays: config.monitoring.logRetentionDays,
    alarmTopicArn: targets.alarmTopicArn,
  });
  if (settings.startStop.length === 0) return;
  const configuredName = new Map(config.desktops.users.map((user) => [user.userName.toLowerCase(), user.userName]));
  const autoStopUsers = config.desktops.users.filter((user) => user.runningMode === "AUTO_STOP").map((user) => user.userName);
  new StartStopSchedules(scope, "start-stop", {
    name: targets.prefix,
    region: config.region,
    desktopTags,
    schedules: settings.startStop.map((schedule) => ({
      name: schedule.name,
      workspaceIds: (schedule.users?.map((user) => configuredName.get(user.toLowerCase())!) ?? autoStopUsers).map((user) =>
        targets.fleet.workspaceIdOf(user),
      ),
      start: schedule.start,
      stop: schedule.stop,
      timezone: schedule.timezone,
    })),
  });
}
