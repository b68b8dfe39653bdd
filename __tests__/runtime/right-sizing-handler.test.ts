import { CloudTrailClient, LookupEventsCommand, type Event } from "@aws-sdk/client-cloudtrail";
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
import { logLines, notify, rightSize, settingsFromEnvironment, type Settings } from "../../runtime/right-sizing/index";

const workspaces = mockClient(WorkSpacesClient);
const cloudwatch = mockClient(CloudWatchClient);
const cloudtrail = mockClient(CloudTrailClient);
const sns = mockClient(SNSClient);
afterEach(() => [workspaces, cloudwatch, cloudtrail, sns].forEach((mock) => mock.reset()));

const NOW = new Date("2026-03-15T03:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TOPIC = "arn:aws:sns:us-east-1:123456789012:alarms";
const settings: Settings = {
  directoryId: "d-1234567890",
  dryRun: false,
  optOutTag: "right-sizing-opt-out",
  topicArn: TOPIC,
  policy: {
    maxComputeType: "POWER",
    maxComputeTypeByUser: {},
    upgrade: { cpuPercent: 80, memoryPercent: 85, days: 3 },
    downgrade: { cpuPercent: 20, memoryPercent: 30, days: 30 },
    growAtPercent: 90,
  },
};
const clients = () => ({
  workspaces: new WorkSpacesClient({}),
  cloudwatch: new CloudWatchClient({}),
  cloudtrail: new CloudTrailClient({}),
  sns: new SNSClient({}),
});

interface Spec {
  computeType?: string;
  state?: string;
  root?: number;
  user?: number;
  os?: string;
  modifying?: string[];
  /** Daily CPU and memory averages, the latest day last. */
  cpu?: number[];
  memory?: number[];
  rootDisk?: number;
  userDisk?: number;
  tags?: Record<string, string>;
}

function workspace(id: string, spec: Spec): Workspace {
  return {
    WorkspaceId: id,
    UserName: id.replace("ws-", ""),
    State: (spec.state ?? "AVAILABLE") as Workspace["State"],
    WorkspaceProperties: {
      ComputeTypeName: (spec.computeType ?? "STANDARD") as "STANDARD",
      RootVolumeSizeGib: spec.root ?? 80,
      UserVolumeSizeGib: spec.user ?? 50,
      OperatingSystemName: (spec.os ?? "WINDOWS_SERVER_2022") as "WINDOWS_SERVER_2022",
    },
    ModificationStates: (spec.modifying ?? []).map((resource) => ({ Resource: resource as "COMPUTE_TYPE", State: "UPDATE_IN_PROGRESS" as const })),
  };
}

/** A fleet of desktops by ID, and CloudTrail events; metrics are served by desktop and metric name from the specs. */
function given(fleet: Record<string, Spec>, events: Event[] = [], current: Record<string, Spec> = fleet) {
  const all = Object.entries(fleet).map(([id, spec]) => workspace(id, spec));
  workspaces.on(DescribeWorkspacesCommand).callsFake((input: DescribeWorkspacesCommandInput) => {
    if (input.WorkspaceIds) return { Workspaces: input.WorkspaceIds.filter((id) => current[id]).map((id) => workspace(id, current[id])) };
    const start = Number(input.NextToken ?? 0);
    return { Workspaces: all.slice(start, start + 25), NextToken: start + 25 < all.length ? String(start + 25) : undefined };
  });
  cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
    MetricDataResults: (input.MetricDataQueries ?? []).map((query) => {
      const spec = fleet[query.MetricStat!.Metric!.Dimensions![0].Value!];
      const name = query.MetricStat!.Metric!.MetricName;
      const values =
        name === "CPUUsage"
          ? (spec.cpu ?? [])
          : name === "MemoryUsage"
            ? (spec.memory ?? spec.cpu ?? [])
            : [name === "RootVolumeDiskUsage" ? spec.rootDisk : spec.userDisk].filter((value) => value !== undefined);
      const end = input.EndTime!.getTime();
      return { Id: query.Id, Timestamps: values.map((_, index) => new Date(end - (values.length - index) * DAY)), Values: values };
    }),
  }));
  cloudtrail.on(LookupEventsCommand).resolves({ Events: events });
  workspaces.on(DescribeTagsCommand).callsFake((input: { ResourceId: string }) => ({
    TagList: Object.entries(fleet[input.ResourceId]?.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  }));
  workspaces.on(ModifyWorkspacePropertiesCommand).resolves({});
  sns.on(PublishCommand).resolves({});
}

const modified = () => workspaces.commandCalls(ModifyWorkspacePropertiesCommand).map((call) => call.args[0].input);
const decisionOf = (report: Awaited<ReturnType<typeof rightSize>>, id: string) => report.decisions.find((decision) => decision.workspaceId === id)!;
const days = (count: number, value: number) => Array.from({ length: count }, () => value);
const change = (workspaceId: string, hoursAgo: number, properties: Record<string, unknown>, extra: Record<string, unknown> = {}): Event => ({
  EventName: "ModifyWorkspaceProperties",
  EventTime: new Date(NOW.getTime() - hoursAgo * HOUR),
  CloudTrailEvent: JSON.stringify({ requestParameters: { workspaceId, workspaceProperties: properties }, ...extra }),
});
const busy = { cpu: days(5, 90) };
const idle = { cpu: days(30, 5), memory: days(30, 10) };

describe("compute type", () => {
  it("steps a desktop with sustained high use up one type, and tells the alarm topic", async () => {
    given({ "ws-alice": { ...busy } });
    const report = await rightSize(settings, clients(), NOW);
    expect(modified()).toEqual([{ WorkspaceId: "ws-alice", WorkspaceProperties: { ComputeTypeName: "PERFORMANCE" } }]);
    expect(report.changed).toEqual(["ws-alice"]);
    await notify(report, clients(), TOPIC);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input).toMatchObject({
      TopicArn: TOPIC,
      Message: expect.stringContaining("STANDARD → PERFORMANCE"),
    });
  });

  it("needs high use on every day of the upgrade window", async () => {
    given({ "ws-alice": { cpu: [90, 40, 90, 90, 90] } });
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-alice").rule).toBe("compute-up");
    given({ "ws-bob": { cpu: [90, 90, 90, 40, 90] } });
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-bob")).toMatchObject({ action: "keep", rule: "no-evidence" });
  });

  it("never goes past maxComputeType, unless the user's own maximum allows it", async () => {
    given({ "ws-alice": { computeType: "POWER", ...busy }, "ws-bob": { computeType: "POWER", ...busy } });
    const report = await rightSize({ ...settings, policy: { ...settings.policy, maxComputeTypeByUser: { bob: "POWERPRO" } } }, clients(), NOW);
    expect(decisionOf(report, "ws-alice")).toMatchObject({ action: "keep", rule: "max-compute-type" });
    expect(modified()).toEqual([{ WorkspaceId: "ws-bob", WorkspaceProperties: { ComputeTypeName: "POWERPRO" } }]);
  });

  it("stays in the desktop's family: a GPU desktop never becomes a STANDARD one, nor the reverse", async () => {
    given({
      "ws-gpu": { computeType: "GRAPHICS_G4DN", root: 100, user: 100, ...busy },
      "ws-old": { computeType: "GRAPHICS", root: 100, user: 100, ...busy },
    });
    const capped = await rightSize(settings, clients(), NOW);
    // maxComputeType POWER is of the general family: it allows a G4DN desktop nothing larger.
    expect(decisionOf(capped, "ws-gpu").rule).toBe("max-compute-type");
    expect(decisionOf(capped, "ws-old").rule).toBe("compute-type-fixed");
    expect(modified()).toEqual([]);
    const allowed = await rightSize(
      { ...settings, policy: { ...settings.policy, maxComputeTypeByUser: { gpu: "GRAPHICSPRO_G4DN" } } },
      clients(),
      NOW,
    );
    expect(decisionOf(allowed, "ws-gpu").change).toEqual({ ComputeTypeName: "GRAPHICSPRO_G4DN" });
  });

  it("steps down after sustained low use, never below the family's smallest type", async () => {
    given({ "ws-alice": { computeType: "POWER", ...idle }, "ws-bob": { computeType: "STANDARD", ...idle } });
    const report = await rightSize(settings, clients(), NOW);
    expect(modified()).toEqual([{ WorkspaceId: "ws-alice", WorkspaceProperties: { ComputeTypeName: "PERFORMANCE" } }]);
    expect(decisionOf(report, "ws-bob").rule).toBe("no-evidence");
  });

  it("does not step down on too little evidence (fewer than half the window's days with data)", async () => {
    given({ "ws-alice": { computeType: "POWER", cpu: days(14, 5), memory: days(14, 10) } });
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-alice").rule).toBe("no-evidence");
  });

  it("waits 6 hours after any compute change before a larger type (and for a window of use on the new type)", async () => {
    given({ "ws-alice": busy }, [change("ws-alice", 5, { computeTypeName: "STANDARD" })]);
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-alice").rule).toBe("compute-changed-recently");
    given({ "ws-alice": busy }, [change("ws-alice", 4 * 24, { computeTypeName: "STANDARD" })]);
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-alice").rule).toBe("compute-up");
  });

  it("waits 30 days after a compute change before a smaller type", async () => {
    given({ "ws-alice": { computeType: "POWER", ...idle } }, [change("ws-alice", 29 * 24, { ComputeTypeName: "POWER" })]);
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-alice").rule).toBe("compute-changed-recently");
    // The history is read over the 30 days: CloudTrail's event history answers from that start.
    expect(cloudtrail.commandCalls(LookupEventsCommand)[0].args[0].input).toMatchObject({
      StartTime: new Date(NOW.getTime() - 30 * DAY),
      LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "ModifyWorkspaceProperties" }],
    });
    given({ "ws-alice": { computeType: "POWER", ...idle } }, [change("ws-alice", 31 * 24, { computeTypeName: "POWER" })]);
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-alice").rule).toBe("compute-down");
  });

  it("ignores refused changes and running-mode changes in the history", async () => {
    given({ "ws-alice": busy }, [
      change("ws-alice", 1, { computeTypeName: "POWER" }, { errorCode: "InvalidResourceStateException" }),
      change("ws-alice", 1, { runningMode: "ALWAYS_ON" }),
    ]);
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-alice").rule).toBe("compute-up");
  });

  it("moves from PowerPro to GeneralPurpose only on Windows Server 2022 or Windows 11 with 175/100 GiB volumes", async () => {
    const policy = { ...settings.policy, maxComputeType: "GENERALPURPOSE_8XLARGE" };
    given({
      "ws-win10": { computeType: "POWERPRO", os: "WINDOWS_10", root: 175, user: 100, ...busy },
      "ws-small": { computeType: "POWERPRO", root: 80, user: 50, ...busy },
      "ws-ok": { computeType: "POWERPRO", root: 175, user: 100, ...busy },
    });
    const report = await rightSize({ ...settings, policy }, clients(), NOW);
    expect(decisionOf(report, "ws-win10").rule).toBe("general-purpose-needs");
    expect(decisionOf(report, "ws-small").rule).toBe("general-purpose-needs");
    expect(modified()).toEqual([{ WorkspaceId: "ws-ok", WorkspaceProperties: { ComputeTypeName: "GENERALPURPOSE_4XLARGE" } }]);
  });
});

describe("volumes", () => {
  it.each([
    ["user volume of [80, 10]", { user: 10, userDisk: 95 }, { UserVolumeSizeGib: 50 }],
    ["user volume of [80, 50]", { user: 50, userDisk: 95 }, { UserVolumeSizeGib: 100 }],
    ["user volume of [80, 100]: the root first, to 175", { user: 100, userDisk: 95 }, { RootVolumeSizeGib: 175 }],
    ["root volume of [80, 50]: the user volume to 100 first", { user: 50, rootDisk: 95 }, { UserVolumeSizeGib: 100 }],
    ["root volume of [80, 100]", { user: 100, rootDisk: 95 }, { RootVolumeSizeGib: 175 }],
    ["user volume of [175, 100]", { root: 175, user: 100, userDisk: 95 }, { UserVolumeSizeGib: 150 }],
    ["root volume of [175, 100]", { root: 175, user: 100, rootDisk: 95 }, { RootVolumeSizeGib: 270 }],
    ["root volume of a GPU desktop's [100, 100]", { computeType: "GRAPHICS_G4DN", root: 100, user: 100, rootDisk: 95 }, { RootVolumeSizeGib: 150 }],
    ["user volume near the maximum", { root: 175, user: 1900, userDisk: 95 }, { UserVolumeSizeGib: 2000 }],
  ])("grows the %s to WorkSpaces' next valid pair", async (_, spec, expected) => {
    given({ "ws-alice": { cpu: days(3, 50), ...spec } });
    await rightSize(settings, clients(), NOW);
    expect(modified()).toEqual([{ WorkspaceId: "ws-alice", WorkspaceProperties: expected }]);
  });

  it("never grows past 2000 GiB, never shrinks, and leaves pairs it does not know alone", async () => {
    given({
      "ws-full": { root: 2000, user: 100, rootDisk: 99, cpu: days(3, 50) },
      "ws-odd": { root: 90, user: 50, rootDisk: 99, cpu: days(3, 50) },
      "ws-empty": { root: 500, user: 500, rootDisk: 1, userDisk: 1, cpu: days(3, 50) },
    });
    const report = await rightSize(settings, clients(), NOW);
    expect(decisionOf(report, "ws-full").rule).toBe("volume-at-maximum");
    expect(decisionOf(report, "ws-odd").rule).toBe("volume-pair-unknown");
    expect(decisionOf(report, "ws-empty").rule).toBe("no-evidence");
    expect(modified()).toEqual([]);
  });

  it("grows one volume at a time (the fuller), and no compute change with it", async () => {
    given({ "ws-alice": { root: 175, user: 100, rootDisk: 92, userDisk: 97, ...busy } });
    await rightSize(settings, clients(), NOW);
    expect(modified()).toEqual([{ WorkspaceId: "ws-alice", WorkspaceProperties: { UserVolumeSizeGib: 150 } }]);
  });

  it("waits 6 hours between two volume growths", async () => {
    given({ "ws-alice": { user: 50, userDisk: 95, cpu: days(3, 50) } }, [change("ws-alice", 5, { rootVolumeSizeGib: 175 })]);
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-alice").rule).toBe("volume-growth-within-6h");
    given({ "ws-alice": { user: 50, userDisk: 95, cpu: days(3, 50) } }, [change("ws-alice", 7, { rootVolumeSizeGib: 175 })]);
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-alice").rule).toBe("volume-grow");
  });
});

describe("limits", () => {
  it("changes nothing in the first 6 hours after launch (no metrics older than that)", async () => {
    given({ "ws-new": { cpu: [95], userDisk: 99 } });
    expect(decisionOf(await rightSize(settings, clients(), NOW), "ws-new")).toMatchObject({ action: "skip", rule: "launched-within-6h" });
    expect(modified()).toEqual([]);
  });

  it("touches only AVAILABLE or STOPPED desktops with no change in progress, and reads no metrics for the others", async () => {
    given({
      "ws-rebooting": { state: "REBOOTING", ...busy },
      "ws-stopped": { state: "STOPPED", ...busy },
      "ws-modifying": { modifying: ["USER_VOLUME"], ...busy },
    });
    const report = await rightSize(settings, clients(), NOW);
    expect(decisionOf(report, "ws-rebooting").rule).toBe("state");
    expect(decisionOf(report, "ws-modifying").rule).toBe("modification-in-progress");
    expect(modified()).toEqual([{ WorkspaceId: "ws-stopped", WorkspaceProperties: { ComputeTypeName: "PERFORMANCE" } }]);
    const queried = cloudwatch.commandCalls(GetMetricDataCommand).flatMap((call) => call.args[0].input.MetricDataQueries!);
    expect(new Set(queried.map((query) => query.MetricStat!.Metric!.Dimensions![0].Value))).toEqual(new Set(["ws-stopped"]));
  });

  it("leaves a desktop alone when another change started since the fleet was read (the billing optimizer, a user)", async () => {
    given({ "ws-alice": busy }, [], { "ws-alice": { ...busy, modifying: ["COMPUTE_TYPE"] } });
    const report = await rightSize(settings, clients(), NOW);
    expect(decisionOf(report, "ws-alice")).toMatchObject({ action: "skip", rule: "changed-meanwhile" });
    expect(modified()).toEqual([]);
  });

  it("honours the opt-out tag, reading tags only of desktops about to change", async () => {
    given({ "ws-alice": { ...busy, tags: { "right-sizing-opt-out": "yes" } }, "ws-bob": { cpu: days(3, 50) } });
    const report = await rightSize(settings, clients(), NOW);
    expect(decisionOf(report, "ws-alice")).toMatchObject({ action: "skip", rule: "opt-out" });
    expect(modified()).toEqual([]);
    expect(workspaces.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceId)).toEqual(["ws-alice"]);
  });

  it("decides but changes nothing and tells nobody in a dry run", async () => {
    given({ "ws-alice": busy });
    const report = await rightSize({ ...settings, dryRun: true }, clients(), NOW);
    await notify(report, clients(), TOPIC);
    expect(decisionOf(report, "ws-alice").action).toBe("compute-up");
    expect(modified()).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("reads metrics in calls of at most 500 queries, four per desktop", async () => {
    const fleet = Object.fromEntries(Array.from({ length: 130 }, (_, index) => [`ws-${index}`, { cpu: days(3, 50) }]));
    given(fleet);
    await rightSize(settings, clients(), NOW);
    const sizes = cloudwatch.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input.MetricDataQueries!.length);
    expect(sizes).toEqual([500, 20]);
  });

  it("goes on after one desktop's change fails, and reports it", async () => {
    given({ "ws-alice": busy, "ws-bob": busy });
    workspaces.on(ModifyWorkspacePropertiesCommand, { WorkspaceId: "ws-alice" }).rejects(new Error("OperationNotSupportedException"));
    const report = await rightSize(settings, clients(), NOW);
    expect(report.failed).toEqual([{ workspaceId: "ws-alice", error: "OperationNotSupportedException" }]);
    expect(report.changed).toEqual(["ws-bob"]);
  });
});

it("writes one JSON line per decision with what it saw, then the summary", async () => {
  given({ "ws-alice": busy, "ws-bob": { state: "ERROR" } });
  const lines = logLines(await rightSize({ ...settings, dryRun: true }, clients(), NOW)).map((line) => JSON.parse(line));
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatchObject({
    type: "right-sizing-decision",
    workspaceId: "ws-alice",
    dryRun: true,
    rule: "compute-up",
    action: "compute-up",
    metrics: { cpuPercent: [90, 90, 90] },
  });
  expect(lines[2]).toMatchObject({ type: "right-sizing-report", counts: { "compute-up": 1, skip: 1 } });
  expect(lines[2].decisions).toBeUndefined();
});

it("reads its settings from the function's environment, in a dry run unless told otherwise", () => {
  const env = { DIRECTORY_ID: "d-1", POLICY: JSON.stringify(settings.policy), OPT_OUT_TAG: "right-sizing-opt-out" };
  expect(settingsFromEnvironment(env)).toMatchObject({ directoryId: "d-1", dryRun: true, topicArn: undefined });
  expect(settingsFromEnvironment({ ...env, DRY_RUN: "false", TOPIC_ARN: TOPIC })).toMatchObject({ dryRun: false, topicArn: TOPIC });
  expect(() => settingsFromEnvironment({})).toThrow("DIRECTORY_ID");
});
