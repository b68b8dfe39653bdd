import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ModifyWorkspacePropertiesCommand, WorkSpacesClient } from "@aws-sdk/client-workspaces";
import { billingMonth, decide, type Decision } from "./decide";
import { billableHoursOf, desktopsOf } from "./usage";

/**
 * The billing optimizer: reads every desktop of the directory and its billable hours this month, switches
 * AUTO_STOP desktops past their break-even hours to ALWAYS_ON, and ALWAYS_ON desktops below it back to
 * AUTO_STOP on the last day of the month. Idempotent: a desktop already in the right mode is left alone.
 * Writes one JSON report line to its log.
 */

export interface Settings {
  readonly directoryId: string;
  readonly breakEvenHours: Readonly<Record<string, number>>;
  readonly dryRun: boolean;
}

export function settingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): Settings {
  if (!env.DIRECTORY_ID) throw new Error("DIRECTORY_ID is not set");
  return { directoryId: env.DIRECTORY_ID, breakEvenHours: JSON.parse(env.BREAK_EVEN_HOURS ?? "{}"), dryRun: env.DRY_RUN === "true" };
}

/** Throttled calls are retried with backoff by the SDK (adaptive mode also slows the client down). */
const RETRIES = { maxAttempts: 10, retryMode: "adaptive" as const };

export interface Clients {
  readonly workspaces: WorkSpacesClient;
  readonly cloudwatch: CloudWatchClient;
}

export interface Report {
  readonly directoryId: string;
  readonly dryRun: boolean;
  readonly evaluatedAt: string;
  readonly counts: Readonly<Record<Decision["action"], number>>;
  readonly failed: readonly { workspaceId: string; error: string }[];
  readonly decisions: readonly Decision[];
}

export async function optimize(settings: Settings, clients: Clients, now: Date): Promise<Report> {
  const desktops = await desktopsOf(clients.workspaces, settings.directoryId);
  const month = billingMonth(now);
  const hours = await billableHoursOf(clients.cloudwatch, desktops, month.start, now);
  const decisions = desktops.map((desktop) =>
    decide({ ...desktop, billableHours: hours.get(desktop.workspaceId) ?? 0 }, settings.breakEvenHours, now),
  );
  const failed: { workspaceId: string; error: string }[] = [];
  if (!settings.dryRun) {
    for (const decision of decisions) {
      if (decision.action !== "switch-to-ALWAYS_ON" && decision.action !== "switch-to-AUTO_STOP") continue;
      const runningMode = decision.action === "switch-to-ALWAYS_ON" ? "ALWAYS_ON" : "AUTO_STOP";
      try {
        await clients.workspaces.send(
          new ModifyWorkspacePropertiesCommand({ WorkspaceId: decision.workspaceId, WorkspaceProperties: { RunningMode: runningMode } }),
        );
      } catch (error) {
        // One desktop's failure (it changed state meanwhile) must not stop the others; the run is reported failed.
        failed.push({ workspaceId: decision.workspaceId, error: (error as Error).message });
      }
    }
  }
  const counts = { "switch-to-ALWAYS_ON": 0, "switch-to-AUTO_STOP": 0, keep: 0, skip: 0 };
  for (const decision of decisions) counts[decision.action]++;
  return { directoryId: settings.directoryId, dryRun: settings.dryRun, evaluatedAt: now.toISOString(), counts, failed, decisions };
}

export async function handler(): Promise<Report> {
  const clients = { workspaces: new WorkSpacesClient(RETRIES), cloudwatch: new CloudWatchClient(RETRIES) };
  const report = await optimize(settingsFromEnvironment(), clients, new Date());
  console.log(JSON.stringify({ type: "billing-optimizer-report", ...report }));
  // A failed switch fails the invocation, so the function's error alarm tells someone.
  if (report.failed.length > 0)
    throw new Error(`${report.failed.length} running-mode switch(es) failed: ${report.failed.map((entry) => entry.workspaceId).join(", ")}`);
  return report;
}
