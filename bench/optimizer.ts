/**
 * The billing optimizer at fleet scale: 5,000 simulated desktops against a mocked AWS SDK (no AWS call), to count
 * the API calls it makes and time a run. Usage: npm run bench:optimizer (BENCH_DESKTOPS changes the fleet size).
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";
import {
  DescribeWorkspacesCommand,
  ModifyWorkspacePropertiesCommand,
  WorkSpacesClient,
  type DescribeWorkspacesCommandInput,
  type Workspace,
} from "@aws-sdk/client-workspaces";
import { mockClient } from "aws-sdk-client-mock";
import { optimize } from "../runtime/billing-optimizer/index";

const DESKTOPS = Number(process.env.BENCH_DESKTOPS ?? 5000);
/** DescribeWorkspaces returns at most 25 WorkSpaces a page. */
const PAGE_SIZE = 25;
const NOW = new Date("2026-03-20T01:00:00Z");
const HOURS_ELAPSED = (NOW.getTime() - Date.UTC(2026, 2, 1)) / 3_600_000;

const fleet: Workspace[] = Array.from({ length: DESKTOPS }, (_, index) => ({
  WorkspaceId: `ws-${String(index).padStart(9, "0")}`,
  UserName: `user${index}`,
  State: index % 50 === 0 ? "REBOOTING" : "AVAILABLE",
  WorkspaceProperties: {
    RunningMode: index % 3 === 0 ? "ALWAYS_ON" : "AUTO_STOP",
    ComputeTypeName: "STANDARD",
    RunningModeAutoStopTimeoutInMinutes: 60,
  },
}));

const workspaces = mockClient(WorkSpacesClient);
const cloudwatch = mockClient(CloudWatchClient);
workspaces.on(DescribeWorkspacesCommand).callsFake((input: DescribeWorkspacesCommandInput) => {
  const start = Number(input.NextToken ?? 0);
  const next = start + PAGE_SIZE;
  return { Workspaces: fleet.slice(start, next), NextToken: next < fleet.length ? String(next) : undefined };
});
// Each desktop used between 0 and ~2 hours a day so far this month: some pass the break-even, most do not.
cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
  MetricDataResults: (input.MetricDataQueries ?? []).map((query, index) => {
    const hours = Math.min(HOURS_ELAPSED, (index * 7) % 140);
    return {
      Id: query.Id,
      Timestamps: Array.from({ length: hours }, (_, hour) => new Date(Date.UTC(2026, 2, 1, hour))),
      Values: Array.from({ length: hours }, () => 0),
    };
  }),
}));
workspaces.on(ModifyWorkspacePropertiesCommand).resolves({});

async function main() {
  const started = process.hrtime.bigint();
  const report = await optimize(
    { directoryId: "d-1234567890", breakEvenHours: { STANDARD: 85 }, dryRun: false },
    { workspaces: new WorkSpacesClient({ region: "us-east-1" }), cloudwatch: new CloudWatchClient({ region: "us-east-1" }) },
    NOW,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const calls = {
    DescribeWorkspaces: workspaces.commandCalls(DescribeWorkspacesCommand).length,
    GetMetricData: cloudwatch.commandCalls(GetMetricDataCommand).length,
    ModifyWorkspaceProperties: workspaces.commandCalls(ModifyWorkspacePropertiesCommand).length,
  };
  console.log(`billing optimizer, ${DESKTOPS} simulated desktops (mocked AWS SDK): ${seconds.toFixed(2)} s`);
  console.log(
    `API calls: ${Object.entries(calls)
      .map(([name, count]) => `${name} ${count}`)
      .join(", ")}`,
  );
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
