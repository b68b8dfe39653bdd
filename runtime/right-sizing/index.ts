import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { ModifyWorkspacePropertiesCommand, WorkSpacesClient, type WorkspaceProperties } from "@aws-sdk/client-workspaces";
import { CHANGES, MODIFIABLE_STATES, THIRTY_DAYS, decide, withdraw, type Action, type Decision, type Policy } from "./decide";
import { currentDesktops, desktopsOf, historyOf, optedOut, usageOf } from "./fleet";

/**
 * The right-sizing function: reads every desktop of the directory, its daily CPU and memory use and volume fill
 * (GetMetricData, 500 queries a call) and what changed it lately (CloudTrail), decides one step per desktop (see
 * decide.ts), leaves opted-out desktops alone, and, unless in a dry run, changes the compute type or a volume. Logs one
 * JSON line per decision and one summary line, and tells the alarm topic when it changed something.
 */

export interface Settings {
  readonly directoryId: string;
  readonly policy: Policy;
  readonly dryRun: boolean;
  /** Desktops with this tag (any value but "false") are never changed. */
  readonly optOutTag: string;
  /** The topic told of changes; none: nobody is told. */
  readonly topicArn?: string;
}

export function settingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): Settings {
  for (const name of ["DIRECTORY_ID", "POLICY", "OPT_OUT_TAG"]) if (!env[name]) throw new Error(`${name} is not set`);
  return {
    directoryId: env.DIRECTORY_ID!,
    policy: JSON.parse(env.POLICY!) as Policy,
    // Anything but an explicit "false" keeps the dry run: a missing variable never turns changes on.
    dryRun: env.DRY_RUN !== "false",
    optOutTag: env.OPT_OUT_TAG!,
    topicArn: env.TOPIC_ARN || undefined,
  };
}

/** Throttled calls are retried with backoff by the SDK (adaptive mode also slows the client down: CloudTrail allows two calls a second). */
const RETRIES = { maxAttempts: 10, retryMode: "adaptive" as const };

export interface Clients {
  readonly workspaces: WorkSpacesClient;
  readonly cloudwatch: CloudWatchClient;
  readonly cloudtrail: CloudTrailClient;
  readonly sns: SNSClient;
}

export interface Report {
  readonly type: "right-sizing-report";
  readonly directoryId: string;
  readonly dryRun: boolean;
  readonly evaluatedAt: string;
  readonly counts: Readonly<Record<Action, number>>;
  readonly changed: readonly string[];
  readonly failed: readonly { workspaceId: string; error: string }[];
  readonly decisions: readonly Decision[];
}

const DAY = 86_400_000;

export async function rightSize(settings: Settings, clients: Clients, now: Date): Promise<Report> {
  const { policy } = settings;
  const desktops = await desktopsOf(clients.workspaces, settings.directoryId);
  // Metrics only for desktops that could change: the others are decided from their description alone.
  const eligible = desktops.filter((desktop) => MODIFIABLE_STATES.includes(desktop.state) && desktop.modificationsInProgress.length === 0);
  const windowDays = Math.max(policy.upgrade.days, policy.downgrade.days);
  const usage = await usageOf(clients.cloudwatch, eligible, windowDays, now);
  const lookBack = Math.max(THIRTY_DAYS, windowDays * DAY);
  const history = await historyOf(clients.cloudtrail, new Date(now.getTime() - lookBack), now);

  let decisions = desktops.map((desktop) =>
    decide(desktop, usage.get(desktop.workspaceId) ?? { days: [] }, history.get(desktop.workspaceId) ?? {}, policy, now.getTime()),
  );

  const candidates = decisions.filter((decision) => CHANGES.includes(decision.action));
  const optOut = new Set<string>();
  for (const candidate of candidates)
    if (await optedOut(clients.workspaces, candidate.workspaceId, settings.optOutTag)) optOut.add(candidate.workspaceId);
  // Another change (the billing optimizer, a user, an administrator) may have started since the fleet was read.
  const current = await currentDesktops(
    clients.workspaces,
    candidates.filter((candidate) => !optOut.has(candidate.workspaceId)).map((candidate) => candidate.workspaceId),
  );
  decisions = decisions.map((decision) => {
    if (!CHANGES.includes(decision.action)) return decision;
    if (optOut.has(decision.workspaceId)) return withdraw(decision, "opt-out", `tagged ${settings.optOutTag}`);
    const latest = current.get(decision.workspaceId);
    if (!latest) return withdraw(decision, "changed-meanwhile", "no longer found");
    if (!MODIFIABLE_STATES.includes(latest.state) || latest.modificationsInProgress.length > 0)
      return withdraw(decision, "changed-meanwhile", `now ${latest.state}, changing ${latest.modificationsInProgress.join(", ") || "nothing"}`);
    return decision;
  });

  const changed: string[] = [];
  const failed: { workspaceId: string; error: string }[] = [];
  if (!settings.dryRun) {
    for (const decision of decisions) {
      if (!decision.change) continue;
      try {
        await clients.workspaces.send(
          new ModifyWorkspacePropertiesCommand({ WorkspaceId: decision.workspaceId, WorkspaceProperties: decision.change as WorkspaceProperties }),
        );
        changed.push(decision.workspaceId);
      } catch (error) {
        // One desktop's refusal (a change by someone else that CloudTrail did not show yet) must not stop the others.
        failed.push({ workspaceId: decision.workspaceId, error: (error as Error).message });
      }
    }
  }
  const counts = Object.fromEntries(["compute-up", "compute-down", "grow-root", "grow-user", "keep", "skip"].map((action) => [action, 0])) as Record<
    Action,
    number
  >;
  for (const decision of decisions) counts[decision.action]++;
  return {
    type: "right-sizing-report",
    directoryId: settings.directoryId,
    dryRun: settings.dryRun,
    evaluatedAt: now.toISOString(),
    counts,
    changed,
    failed,
    decisions,
  };
}

/** One JSON line per decision, then the run's summary: CloudWatch Logs Insights reads them by `type`. */
export function logLines(report: Report): string[] {
  const { decisions, ...summary } = report;
  return [
    ...decisions.map((decision) =>
      JSON.stringify({ type: "right-sizing-decision", dryRun: report.dryRun, evaluatedAt: report.evaluatedAt, ...decision }),
    ),
    JSON.stringify(summary),
  ];
}

export async function notify(report: Report, clients: Clients, topicArn: string | undefined): Promise<void> {
  if (!topicArn || report.changed.length === 0) return;
  const changes = report.decisions.filter((decision) => report.changed.includes(decision.workspaceId));
  await clients.sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: `Right-sizing changed ${changes.length} desktop(s) of ${report.directoryId}`,
      Message: changes.map((decision) => `${decision.userName} (${decision.workspaceId}): ${decision.reason}`).join("\n"),
    }),
  );
}

export async function handler(): Promise<Omit<Report, "decisions">> {
  const settings = settingsFromEnvironment();
  const clients = {
    workspaces: new WorkSpacesClient(RETRIES),
    cloudwatch: new CloudWatchClient(RETRIES),
    cloudtrail: new CloudTrailClient(RETRIES),
    sns: new SNSClient(RETRIES),
  };
  const report = await rightSize(settings, clients, new Date());
  for (const line of logLines(report)) console.log(line);
  await notify(report, clients, settings.topicArn);
  // A failed change fails the invocation, so the function's error alarm tells someone.
  if (report.failed.length > 0)
    throw new Error(`${report.failed.length} change(s) failed: ${report.failed.map((entry) => entry.workspaceId).join(", ")}`);
  return JSON.parse(logLines(report).at(-1)!);
}
