/**
 * The right-sizing function at fleet scale: 5,000 simulated desktops against a mocked AWS SDK (no AWS call), to count
 * the API calls it makes by kind and time its own work. Usage: npm run bench:rightsizing (BENCH_DESKTOPS changes the size).
 */
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import {
  DescribeTagsCommand,
  DescribeWorkspacesCommand,
  ModifyWorkspacePropertiesCommand,
  WorkSpacesClient,
  type DescribeWorkspacesCommandInput,
  type Workspace,
} from "@aws-sdk/client-workspaces";
import { mockClient } from "aws-sdk-client-mock";
import { logLines, notify, rightSize } from "../runtime/right-sizing/index";

const DESKTOPS = Number(process.env.BENCH_DESKTOPS ?? 5000);
/** DescribeWorkspaces returns at most 25 WorkSpaces a page; LookupEvents 50 events. */
const PAGE_SIZE = 25;
const EVENTS_PER_PAGE = 50;
const NOW = new Date("2026-03-20T03:00:00Z");
const DAY = 86_400_000;
const TYPES = ["STANDARD", "PERFORMANCE", "POWER"] as const;

const fleet: Workspace[] = Array.from({ length: DESKTOPS }, (_, index) => ({
  WorkspaceId: `ws-${String(index).padStart(9, "0")}`,
  UserName: `user${index}`,
  State: index % 50 === 0 ? "REBOOTING" : "AVAILABLE",
  WorkspaceProperties: {
    ComputeTypeName: TYPES[index % 3],
    RootVolumeSizeGib: 80,
    UserVolumeSizeGib: 50,
    OperatingSystemName: "WINDOWS_SERVER_2022",
  },
}));
const byId = new Map(fleet.map((workspace, index) => [workspace.WorkspaceId!, index]));
/** A changed desktop in ten had a change in the last 30 days (the billing optimizer's and others' are in the same history). */
const events = fleet
  .filter((_, index) => index % 10 === 0)
  .map((workspace, index) => ({
    EventName: "ModifyWorkspaceProperties",
    EventTime: new Date(NOW.getTime() - (index % 30) * DAY),
    CloudTrailEvent: JSON.stringify({ requestParameters: { workspaceId: workspace.WorkspaceId, workspaceProperties: { computeTypeName: "POWER" } } }),
  }));

const workspaces = mockClient(WorkSpacesClient);
const cloudwatch = mockClient(CloudWatchClient);
const cloudtrail = mockClient(CloudTrailClient);
const sns = mockClient(SNSClient);
workspaces.on(DescribeWorkspacesCommand).callsFake((input: DescribeWorkspacesCommandInput) => {
  if (input.WorkspaceIds) return { Workspaces: input.WorkspaceIds.map((id) => fleet[byId.get(id)!]) };
  const start = Number(input.NextToken ?? 0);
  const next = start + PAGE_SIZE;
  return { Workspaces: fleet.slice(start, next), NextToken: next < fleet.length ? String(next) : undefined };
});
// Daily use of 30 days: desktop n is busy if n % 7 == 1, idle if n % 7 == 2, its user volume full if n % 13 == 3.
cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
  MetricDataResults: (input.MetricDataQueries ?? []).map((query) => {
    const index = byId.get(query.MetricStat!.Metric!.Dimensions![0].Value!)!;
    const name = query.MetricStat!.Metric!.MetricName!;
    const use = index % 7 === 1 ? 92 : index % 7 === 2 ? 8 : 50;
    const value = name === "UserVolumeDiskUsage" ? (index % 13 === 3 ? 95 : 40) : name === "RootVolumeDiskUsage" ? 50 : use;
    const days = Array.from({ length: 30 }, (_, day) => input.EndTime!.getTime() - (30 - day) * DAY);
    return { Id: query.Id, Timestamps: days.map((time) => new Date(time)), Values: days.map(() => value) };
  }),
}));
cloudtrail.on(LookupEventsCommand).callsFake((input: LookupEventsCommandInput) => {
  const start = Number(input.NextToken ?? 0);
  const next = start + EVENTS_PER_PAGE;
  return { Events: events.slice(start, next), NextToken: next < events.length ? String(next) : undefined };
});
workspaces.on(DescribeTagsCommand).resolves({ TagList: [] });
workspaces.on(ModifyWorkspacePropertiesCommand).resolves({});
sns.on(PublishCommand).resolves({});

async function main() {
  const clients = {
    workspaces: new WorkSpacesClient({ region: "us-east-1" }),
    cloudwatch: new CloudWatchClient({ region: "us-east-1" }),
    cloudtrail: new CloudTrailClient({ region: "us-east-1" }),
    sns: new SNSClient({ region: "us-east-1" }),
  };
  const started = process.hrtime.bigint();
  const report = await rightSize(
    {
      directoryId: "d-1234567890",
      dryRun: false,
      optOutTag: "right-sizing-opt-out",
      topicArn: "arn:aws:sns:us-east-1:123456789012:alarms",
      policy: {
        maxComputeType: "POWER",
        maxComputeTypeByUser: {},
        upgrade: { cpuPercent: 80, memoryPercent: 85, days: 3 },
        downgrade: { cpuPercent: 20, memoryPercent: 30, days: 30 },
        growAtPercent: 90,
      },
    },
    clients,
    NOW,
  );
  const lines = logLines(report);
  await notify(report, clients, "arn:aws:sns:us-east-1:123456789012:alarms");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const calls = {
    DescribeWorkspaces: workspaces.commandCalls(DescribeWorkspacesCommand).length,
    GetMetricData: cloudwatch.commandCalls(GetMetricDataCommand).length,
    LookupEvents: cloudtrail.commandCalls(LookupEventsCommand).length,
    DescribeTags: workspaces.commandCalls(DescribeTagsCommand).length,
    ModifyWorkspaceProperties: workspaces.commandCalls(ModifyWorkspacePropertiesCommand).length,
    Publish: sns.commandCalls(PublishCommand).length,
  };
  const largest = Math.max(...cloudwatch.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input.MetricDataQueries!.length));
  console.log(`right-sizing, ${DESKTOPS} simulated desktops (mocked AWS SDK): ${seconds.toFixed(2)} s of the function's own work`);
  console.log(
    `API calls: ${Object.entries(calls)
      .map(([name, count]) => `${name} ${count}`)
      .join(", ")}`,
  );
  console.log(`GetMetricData: at most ${largest} queries a call; ${lines.length} log lines`);
  console.log(
    `decisions: ${Object.entries(report.counts)
      .map(([action, count]) => `${action} ${count}`)
      .join(", ")}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
