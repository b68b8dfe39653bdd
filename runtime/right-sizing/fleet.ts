import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { paginateLookupEvents, type CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import {
  DescribeTagsCommand,
  DescribeWorkspacesCommand,
  paginateDescribeWorkspaces,
  type Workspace,
  type WorkSpacesClient,
} from "@aws-sdk/client-workspaces";
import type { DayOfUse, Desktop, History, Usage } from "./decide";
import { WORKSPACES_NAMESPACE, WorkspacesMetric } from "../lib/workspaces-metrics";

/** GetMetricData takes at most 500 queries a call (CloudWatch API Reference, GetMetricData, MetricDataQueries). */
export const QUERIES_PER_CALL = 500;
/** DescribeWorkspaces takes at most 25 WorkSpace IDs a call (WorkSpaces API Reference, DescribeWorkspaces, WorkspaceIds). */
const IDS_PER_DESCRIBE = 25;
const DAY_SECONDS = 86_400;

/**
 * The per-desktop metrics read, by name, statistic and the WorkspaceId dimension (WorkSpaces admin guide, "Monitor your
 * WorkSpaces using CloudWatch metrics": CPUUsage, MemoryUsage, RootVolumeDiskUsage and UserVolumeDiskUsage in percent,
 * statistics Average, Maximum, Minimum). Use is a day's average; a volume's fill is the day's maximum.
 */
const METRICS = [
  { key: "cpu", name: WorkspacesMetric.CPUUsage, stat: "Average" },
  { key: "memory", name: WorkspacesMetric.MemoryUsage, stat: "Average" },
  { key: "root", name: WorkspacesMetric.RootVolumeDiskUsage, stat: "Maximum" },
  { key: "user", name: WorkspacesMetric.UserVolumeDiskUsage, stat: "Maximum" },
] as const;

export function desktopOf(workspace: Workspace): Desktop {
  const properties = workspace.WorkspaceProperties ?? {};
  return {
    workspaceId: workspace.WorkspaceId ?? "",
    userName: workspace.UserName ?? "",
    state: workspace.State ?? "UNKNOWN",
    computeType: properties.ComputeTypeName ?? "UNKNOWN",
    rootGib: properties.RootVolumeSizeGib ?? 0,
    userGib: properties.UserVolumeSizeGib ?? 0,
    operatingSystem: properties.OperatingSystemName,
    modificationsInProgress: (workspace.ModificationStates ?? []).map((state) => state.Resource ?? "UNKNOWN"),
  };
}

/** Every desktop of the directory (DescribeWorkspaces pages of 25). */
export async function desktopsOf(client: WorkSpacesClient, directoryId: string): Promise<Desktop[]> {
  const desktops: Desktop[] = [];
  for await (const page of paginateDescribeWorkspaces({ client }, { DirectoryId: directoryId }))
    desktops.push(...(page.Workspaces ?? []).map(desktopOf));
  return desktops;
}

/** The desktops again, just before they are changed: another change may have started since the run began. */
export async function currentDesktops(client: WorkSpacesClient, workspaceIds: readonly string[]): Promise<Map<string, Desktop>> {
  const current = new Map<string, Desktop>();
  for (let first = 0; first < workspaceIds.length; first += IDS_PER_DESCRIBE) {
    const page = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: workspaceIds.slice(first, first + IDS_PER_DESCRIBE) }));
    for (const workspace of page.Workspaces ?? []) current.set(workspace.WorkspaceId ?? "", desktopOf(workspace));
  }
  return current;
}

/**
 * Daily use of each desktop over the last `days` days, four metrics a desktop, 500 queries a call (125 desktops),
 * each call's pages followed.
 */
export async function usageOf(client: CloudWatchClient, desktops: readonly Desktop[], days: number, now: Date): Promise<Map<string, Usage>> {
  const queries: MetricDataQuery[] = desktops.flatMap((desktop, index) =>
    METRICS.map((metric) => ({
      Id: `${metric.key}${index}`,
      MetricStat: {
        Metric: { Namespace: WORKSPACES_NAMESPACE, MetricName: metric.name, Dimensions: [{ Name: "WorkspaceId", Value: desktop.workspaceId }] },
        Period: DAY_SECONDS,
        Stat: metric.stat,
      },
      ReturnData: true,
    })),
  );
  const series = new Map<string, Map<number, number>>();
  // Whole minutes: CloudWatch aligns a period's data points to the start time it is given.
  const end = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const start = new Date(end.getTime() - days * DAY_SECONDS * 1000);
  for (let first = 0; first < queries.length; first += QUERIES_PER_CALL) {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries.slice(first, first + QUERIES_PER_CALL),
          StartTime: start,
          EndTime: end,
          NextToken: nextToken,
          ScanBy: "TimestampAscending",
        }),
      );
      for (const result of page.MetricDataResults ?? []) {
        const points = series.get(result.Id ?? "") ?? new Map<number, number>();
        (result.Timestamps ?? []).forEach((timestamp, index) => points.set(new Date(timestamp).getTime(), result.Values?.[index] ?? 0));
        series.set(result.Id ?? "", points);
      }
      nextToken = page.NextToken;
    } while (nextToken);
  }
  const usage = new Map<string, Usage>();
  desktops.forEach((desktop, index) => {
    const of = (key: string) => series.get(`${key}${index}`) ?? new Map<number, number>();
    const [cpu, memory, root, user] = METRICS.map((metric) => of(metric.key));
    const starts = [...new Set([...cpu.keys(), ...memory.keys()])].sort((a, b) => a - b);
    const dayList: DayOfUse[] = starts.map((dayStart) => ({ start: dayStart, cpuPercent: cpu.get(dayStart), memoryPercent: memory.get(dayStart) }));
    const latest = (points: Map<number, number>) => (points.size === 0 ? undefined : points.get(Math.max(...points.keys())));
    usage.set(desktop.workspaceId, { days: dayList, rootDiskPercent: latest(root), userDiskPercent: latest(user) });
  });
  return usage;
}

/**
 * When each desktop's compute type and volumes last changed, whoever changed them (an administrator, a user's self-service,
 * this function): successful ModifyWorkspaceProperties calls in CloudTrail's event history since `since` (it keeps 90
 * days; LookupEvents allows two calls a second and returns 50 events a page, CloudTrail API Reference, LookupEvents).
 */
export async function historyOf(client: CloudTrailClient, since: Date, now: Date): Promise<Map<string, History>> {
  const history = new Map<string, { lastComputeChange?: number; lastVolumeChange?: number }>();
  const pages = paginateLookupEvents(
    { client },
    { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "ModifyWorkspaceProperties" }], StartTime: since, EndTime: now },
  );
  for await (const page of pages) {
    for (const event of page.Events ?? []) {
      const record = lowerKeys(JSON.parse(event.CloudTrailEvent ?? "{}")) as {
        errorcode?: string;
        requestparameters?: { workspaceid?: string; workspaceproperties?: Record<string, unknown> };
      };
      const workspaceId = record.requestparameters?.workspaceid;
      const properties = record.requestparameters?.workspaceproperties ?? {};
      if (record.errorcode || !workspaceId) continue;
      const at = (event.EventTime ?? now).getTime();
      const entry = history.get(workspaceId) ?? {};
      const later = (previous: number | undefined) => Math.max(previous ?? 0, at);
      if ("computetypename" in properties) entry.lastComputeChange = later(entry.lastComputeChange);
      if ("rootvolumesizegib" in properties || "uservolumesizegib" in properties) entry.lastVolumeChange = later(entry.lastVolumeChange);
      history.set(workspaceId, entry);
    }
  }
  return history;
}

/** CloudTrail records request parameters in the API's own casing; compared without it. */
function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.toLowerCase(), lowerKeys(inner)]));
}

/** Whether a desktop carries the opt-out tag (any value but "false"), read for desktops about to change only. */
export async function optedOut(client: WorkSpacesClient, workspaceId: string, tagKey: string): Promise<boolean> {
  const tags = await client.send(new DescribeTagsCommand({ ResourceId: workspaceId }));
  return (tags.TagList ?? []).some((tag) => tag.Key === tagKey && tag.Value?.toLowerCase() !== "false");
}
