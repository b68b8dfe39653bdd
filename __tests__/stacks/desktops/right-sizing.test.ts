import { configWith, synthApp } from "../../helpers";

/**
 * A synthesized `${jsonencode({...})}` dashboard body as JSON: bare references become `${…}` strings, references
 * already inside a string (the log query's log group) stay as they are.
 */
function jsonencodeValue(argument: string): any {
  const body = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(argument)![1];
  return JSON.parse(
    body.replace(/(?<!\$\{)\baws_[a-z0-9_]+\.[\w-]+(?:\.\w+)+/g, (reference) => JSON.stringify(`\${${reference}}`)).replace(/" = /g, '": '),
  );
}

const sized = configWith({
  "desktops.users": [{ userName: "Administrator" }, { userName: "jdoe", computeType: "PERFORMANCE" }],
  rightSizing: { maxComputeTypeByUser: { JDoe: "POWERPRO" }, alarms: { hours: 3 } },
});
const { desktops } = synthApp(sized);
const resources = (type: string) => Object.values(desktops.resource[type] ?? {}) as Record<string, any>[];
const statements = Object.entries(desktops.data.aws_iam_policy_document)
  .filter(([name]) => name.includes("right-sizing_function") && name.includes("permissions"))
  .flatMap(([, document]) => document.statement);
const dashboardBody = (name: string) => {
  const body = resources("aws_cloudwatch_dashboard").find((entry) => entry.dashboard_name.endsWith(name))!.dashboard_body;
  return body.startsWith("${jsonencode(") ? jsonencodeValue(body) : JSON.parse(body);
};

describe("rightSizing in the desktops stack", () => {
  it("makes Terraform leave compute types and volume sizes to the function (the configured ones are where desktops start)", () => {
    const [fleet] = resources("aws_workspaces_workspace");
    expect(fleet.lifecycle.ignore_changes).toEqual([
      "bundle_id",
      "workspace_properties[0].root_volume_size_gib",
      "workspace_properties[0].user_volume_size_gib",
      "workspace_properties[0].compute_type_name",
    ]);
  });

  it("runs the function on its schedule, in UTC, in a dry run by default, with the policy it was configured with", () => {
    const fn = resources("aws_lambda_function").find((entry) => entry.function_name.endsWith("right-sizing"))!;
    expect(fn).toMatchObject({ runtime: "nodejs22.x", handler: "index.handler", timeout: 900 });
    const variables = fn.environment.variables;
    expect(variables).toMatchObject({ DRY_RUN: "true", OPT_OUT_TAG: "right-sizing-opt-out" });
    expect(variables.DIRECTORY_ID).toMatch(/^\$\{aws_workspaces_directory\..+\.id\}$/);
    expect(variables.TOPIC_ARN).toMatch(/^\$\{aws_sns_topic\..+\.arn\}$/);
    expect(JSON.parse(variables.POLICY)).toEqual({
      maxComputeType: "POWER",
      maxComputeTypeByUser: { jdoe: "POWERPRO" },
      upgrade: { cpuPercent: 80, memoryPercent: 85, days: 3 },
      downgrade: { cpuPercent: 20, memoryPercent: 30, days: 30 },
      growAtPercent: 90,
    });
    const schedule = resources("aws_scheduler_schedule").find((entry) => entry.name.endsWith("right-sizing"))!;
    expect(schedule).toMatchObject({ schedule_expression: "cron(0 3 * * ? *)", schedule_expression_timezone: "UTC" });
    expect(schedule.target.arn).toMatch(/aws_lambda_function/);
  });

  it("may modify only this deployment's tagged desktops, reads without writing, and has no WorkSpaces wildcard", () => {
    const actions = statements.flatMap((statement: any) => statement.actions);
    expect(actions.filter((action: string) => action.endsWith("*") && !action.startsWith("kms:"))).toEqual([]);
    expect(
      actions.filter((action: string) => !/^(workspaces:Describe|cloudwatch:Get|cloudtrail:Lookup|logs:|sns:Publish|kms:)/.test(action)),
    ).toEqual(["workspaces:ModifyWorkspaceProperties"]);
    const modify = statements.find((statement: any) => statement.actions.includes("workspaces:ModifyWorkspaceProperties"));
    expect(modify.actions).toEqual(["workspaces:ModifyWorkspaceProperties"]);
    expect(modify.resources).toEqual([expect.stringMatching(/:workspaces:us-east-1:\$\{.*\}:workspace\/\*$/)]);
    expect(modify.condition).toEqual(
      expect.arrayContaining([
        { test: "StringEquals", variable: "aws:ResourceTag/project", values: [sized.project] },
        { test: "StringEquals", variable: "aws:ResourceTag/environment", values: [sized.environment] },
        { test: "StringEquals", variable: "aws:ResourceTag/managed-by", values: ["cdktf/workspaces-vdi"] },
      ]),
    );
    const publish = statements.find((statement: any) => statement.actions.includes("sns:Publish"));
    expect(publish.resources).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\..+\.arn\}$/)]);
  });

  it("logs to a KMS-encrypted group with retention and alarms on the function's errors", () => {
    const log = resources("aws_cloudwatch_log_group").find((entry) => entry.name.includes("right-sizing"))!;
    expect(log).toMatchObject({ retention_in_days: sized.monitoring.logRetentionDays, kms_key_id: expect.stringMatching(/aws_kms_key/) });
    expect(resources("aws_cloudwatch_metric_alarm").find((entry) => entry.alarm_name.endsWith("right-sizing-errors"))).toBeDefined();
  });

  it("builds a performance dashboard: the directory's average and maximum, and the busiest desktops first", () => {
    const { widgets } = dashboardBody("workspaces-performance");
    const titles = widgets.map((widget: any) => widget.properties.title);
    for (const metric of ["CPU", "Memory", "Root volume", "User volume", "In-session latency", "UDP packet loss"])
      expect(titles).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${metric}.*busiest desktops first$`))]));
    expect(titles.some((title: string) => title.startsWith("GPU"))).toBe(false);
    const cpuBusiest = widgets.find((widget: any) => widget.properties.title.startsWith("CPU (%): the 10 busiest")).properties.metrics;
    expect(cpuBusiest).toEqual([
      [{ expression: "SORT(desktops, MAX, DESC, 10)", label: "", id: "busiest" }],
      [{ expression: `SEARCH('{AWS/WorkSpaces,WorkspaceId} MetricName="CPUUsage"', 'Average', 3600)`, id: "desktops", visible: false }],
    ]);
    const cpuFleet = widgets.find((widget: any) => widget.properties.title.startsWith("CPU (%): directory")).properties.metrics;
    expect(cpuFleet[0].slice(0, 3)).toEqual(["AWS/WorkSpaces", "CPUUsage", "DirectoryId"]);
    expect(widgets.at(-1).properties.query).toMatch(/^SOURCE '.*right-sizing.*' \| filter type = 'right-sizing-decision'/);
  });

  it("adds GPU widgets when a desktop has a GPU compute type", () => {
    const gpu = synthApp(
      configWith({
        "desktops.users": [
          {
            userName: "artist",
            computeType: "GRAPHICS_G4DN",
            rootVolumeGib: 175,
            userVolumeGib: 100,
            bundle: { owner: "AMAZON", name: "Graphics.g4dn with Windows 10 (Server 2022 based)" },
          },
        ],
        rightSizing: {},
      }),
    ).desktops;
    const body = Object.values(gpu.resource.aws_cloudwatch_dashboard).find((entry: any) => entry.dashboard_name.endsWith("performance")) as any;
    expect(jsonencodeValue(body.dashboard_body).widgets.some((widget: any) => widget.properties.title?.startsWith("GPU (%)"))).toBe(true);
  });

  it("alarms on the directory's most saturated desktop for the configured hours", () => {
    const alarms = resources("aws_cloudwatch_metric_alarm").filter((entry) => entry.alarm_name.includes("saturated"));
    expect(alarms.map((alarm) => alarm.metric_name).sort()).toEqual(["CPUUsage", "MemoryUsage", "RootVolumeDiskUsage", "UserVolumeDiskUsage"]);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ namespace: "AWS/WorkSpaces", statistic: "Maximum", period: 3600, evaluation_periods: 3, threshold: 95 });
      expect(alarm.dimensions.DirectoryId).toMatch(/aws_workspaces_directory/);
    }
  });
});

it("without rightSizing nothing of it is synthesized, and Terraform owns compute types and volumes", () => {
  const plain = synthApp(configWith()).desktops;
  expect(plain.resource.aws_lambda_function).toBeUndefined();
  expect(Object.keys(plain.resource.aws_cloudwatch_dashboard ?? {}).some((name) => name.includes("performance"))).toBe(false);
  expect((Object.values(plain.resource.aws_workspaces_workspace)[0] as any).lifecycle.ignore_changes).toEqual(["bundle_id"]);
});

it("without saturation alarms configured, the dashboard comes alone", () => {
  const quiet = synthApp(configWith({ rightSizing: {} })).desktops;
  expect(Object.values(quiet.resource.aws_cloudwatch_metric_alarm).filter((entry: any) => entry.alarm_name.includes("saturated"))).toEqual([]);
});
