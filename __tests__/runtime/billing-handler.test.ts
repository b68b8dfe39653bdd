import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeWorkspacesCommand, ModifyWorkspacePropertiesCommand, WorkSpacesClient, type Workspace } from "@aws-sdk/client-workspaces";
import { mockClient } from "aws-sdk-client-mock";
import { optimize, settingsFromEnvironment } from "../../runtime/billing-optimizer/index";

const workspaces = mockClient(WorkSpacesClient);
const cloudwatch = mockClient(CloudWatchClient);
afterEach(() => {
  workspaces.reset();
  cloudwatch.reset();
});

const NOW = new Date("2026-03-15T01:00:00Z");
const settings = { directoryId: "d-1234567890", breakEvenHours: { STANDARD: 85 }, dryRun: false };
const clients = () => ({ workspaces: new WorkSpacesClient({}), cloudwatch: new CloudWatchClient({}) });
const workspace = (id: string, mode: string, state = "AVAILABLE"): Workspace => ({
  WorkspaceId: id,
  UserName: `user-${id}`,
  State: state as Workspace["State"],
  WorkspaceProperties: { RunningMode: mode as "AUTO_STOP", ComputeTypeName: "STANDARD", RunningModeAutoStopTimeoutInMinutes: 60 },
});
/** `hours` hourly data points of the Stopped metric at 0 (running) from March 1. */
const running = (id: string, hours: number) => ({
  Id: id,
  Timestamps: Array.from({ length: hours }, (_, index) => new Date(Date.UTC(2026, 2, 1, index))),
  Values: Array.from({ length: hours }, () => 0),
});

beforeEach(() => {
  workspaces
    .on(DescribeWorkspacesCommand)
    .resolvesOnce({ Workspaces: [workspace("ws-heavy", "AUTO_STOP"), workspace("ws-light", "AUTO_STOP")], NextToken: "more" })
    .resolvesOnce({ Workspaces: [workspace("ws-busy", "AUTO_STOP", "REBOOTING")] });
  cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [running("d0", 90), running("d1", 10), running("d2", 200)] });
  workspaces.on(ModifyWorkspacePropertiesCommand).resolves({});
});

it("switches the desktop past its break-even hours, and only it, across DescribeWorkspaces pages", async () => {
  const report = await optimize(settings, clients(), NOW);
  expect(report.counts).toEqual({ "switch-to-ALWAYS_ON": 1, "switch-to-AUTO_STOP": 0, keep: 1, skip: 1 });
  const modified = workspaces.commandCalls(ModifyWorkspacePropertiesCommand).map((call) => call.args[0].input);
  expect(modified).toEqual([{ WorkspaceId: "ws-heavy", WorkspaceProperties: { RunningMode: "ALWAYS_ON" } }]);
  // The month so far, hourly, directory's desktops by WorkspaceId, with Stopped for AUTO_STOP desktops.
  const query = cloudwatch.commandCalls(GetMetricDataCommand)[0].args[0].input;
  expect(query.StartTime).toEqual(new Date("2026-03-01T00:00:00Z"));
  expect(query.MetricDataQueries![0].MetricStat).toMatchObject({
    Period: 3600,
    Stat: "Minimum",
    Metric: { MetricName: "Stopped", Dimensions: [{ Name: "WorkspaceId", Value: "ws-heavy" }] },
  });
  expect(workspaces.commandCalls(DescribeWorkspacesCommand)[0].args[0].input.DirectoryId).toBe("d-1234567890");
});

it("changes nothing in a dry run, and reports the same decisions", async () => {
  const report = await optimize({ ...settings, dryRun: true }, clients(), NOW);
  expect(workspaces.commandCalls(ModifyWorkspacePropertiesCommand)).toHaveLength(0);
  expect(report.decisions.find((decision) => decision.workspaceId === "ws-heavy")?.action).toBe("switch-to-ALWAYS_ON");
});

it("goes on after one desktop's switch fails, and reports it", async () => {
  workspaces.on(ModifyWorkspacePropertiesCommand).rejects(new Error("InvalidResourceStateException"));
  const report = await optimize(settings, clients(), NOW);
  expect(report.failed).toEqual([{ workspaceId: "ws-heavy", error: "InvalidResourceStateException" }]);
});

it("reads its settings from the function's environment", () => {
  expect(settingsFromEnvironment({ DIRECTORY_ID: "d-1", BREAK_EVEN_HOURS: '{"STANDARD":85}', DRY_RUN: "true" })).toEqual({
    directoryId: "d-1",
    breakEvenHours: { STANDARD: 85 },
    dryRun: true,
  });
  expect(() => settingsFromEnvironment({})).toThrow("DIRECTORY_ID");
});

it("leaves a desktop alone while another change (right-sizing's compute type or volume) is in progress", async () => {
  workspaces.reset();
  workspaces.on(DescribeWorkspacesCommand).resolves({
    Workspaces: [{ ...workspace("ws-heavy", "AUTO_STOP"), ModificationStates: [{ Resource: "COMPUTE_TYPE", State: "UPDATE_IN_PROGRESS" }] }],
  });
  const report = await optimize(settings, clients(), NOW);
  expect(report.decisions[0]).toMatchObject({ action: "skip", reason: "a change of COMPUTE_TYPE is in progress" });
  expect(workspaces.commandCalls(ModifyWorkspacePropertiesCommand)).toHaveLength(0);
});
