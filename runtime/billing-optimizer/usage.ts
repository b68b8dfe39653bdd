import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { paginateDescribeWorkspaces, type WorkSpacesClient } from "@aws-sdk/client-workspaces";
import { billableHours, type RunningMode } from "./decide";
import { WORKSPACES_NAMESPACE, WorkspacesMetric } from "../lib/workspaces-metrics";

/** GetMetricData takes at most 500 queries a call. */
export const QUERIES_PER_CALL = 500;

export interface Desktop {
  readonly workspaceId: string;
  readonly userName: string;
  readonly state: string;
  readonly runningMode: string;
  readonly computeType: string;
  readonly timeoutHours: number;
  /** Resources with a change in progress (a compute type or volume change by right-sizing, a user, an administrator). */
  readonly modificationsInProgress: readonly string[];
}

/** Every desktop of the directory (DescribeWorkspaces pages of 25); the compute type comes with it, no bundle lookup. */
export async function desktopsOf(client: WorkSpacesClient, directoryId: string): Promise<Desktop[]> {
  const desktops: Desktop[] = [];
  for await (const page of paginateDescribeWorkspaces({ client }, { DirectoryId: directoryId })) {
    for (const workspace of page.Workspaces ?? []) {
      const properties = workspace.WorkspaceProperties ?? {};
      desktops.push({
        workspaceId: workspace.WorkspaceId ?? "",
        userName: workspace.UserName ?? "",
        state: workspace.State ?? "UNKNOWN",
        runningMode: properties.RunningMode ?? "UNKNOWN",
        computeType: properties.ComputeTypeName ?? "UNKNOWN",
        timeoutHours: Math.max(1, Math.round((properties.RunningModeAutoStopTimeoutInMinutes ?? 60) / 60)),
        modificationsInProgress: (workspace.ModificationStates ?? []).map((state) => state.Resource ?? "UNKNOWN"),
      });
    }
  }
  return desktops;
}

/** The metric that measures each running mode's billable hours (see `billableHours`). */
const metricOf = (mode: string) =>
  mode === "AUTO_STOP" ? { name: WorkspacesMetric.Stopped, stat: "Minimum" } : { name: WorkspacesMetric.UserConnected, stat: "Maximum" };

/** Billable hours since `start` per WorkSpace ID, from hourly metrics in batches of 500 queries (each paginated). */
export async function billableHoursOf(client: CloudWatchClient, desktops: readonly Desktop[], start: Date, end: Date): Promise<Map<string, number>> {
  const hours = new Map<string, number>();
  for (let first = 0; first < desktops.length; first += QUERIES_PER_CALL) {
    const batch = desktops.slice(first, first + QUERIES_PER_CALL);
    const queries: MetricDataQuery[] = batch.map((desktop, index) => ({
      Id: `d${index}`,
      MetricStat: {
        Metric: {
          Namespace: WORKSPACES_NAMESPACE,
          MetricName: metricOf(desktop.runningMode).name,
          Dimensions: [{ Name: "WorkspaceId", Value: desktop.workspaceId }],
        },
        Period: 3600,
        Stat: metricOf(desktop.runningMode).stat,
      },
      ReturnData: true,
    }));
    const points = new Map<string, { timestamp: number; value: number }[]>();
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end, NextToken: nextToken, ScanBy: "TimestampAscending" }),
      );
      for (const result of page.MetricDataResults ?? []) {
        const list = points.get(result.Id ?? "") ?? [];
        (result.Timestamps ?? []).forEach((timestamp, index) =>
          list.push({ timestamp: new Date(timestamp).getTime(), value: result.Values?.[index] ?? 0 }),
        );
        points.set(result.Id ?? "", list);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    batch.forEach((desktop, index) => {
      const mode: RunningMode = desktop.runningMode === "AUTO_STOP" ? "AUTO_STOP" : "ALWAYS_ON";
      const data = points.get(`d${index}`) ?? [];
      hours.set(desktop.workspaceId, data.length === 0 ? 0 : billableHours(mode, data, desktop.timeoutHours));
    });
  }
  return hours;
}
