import { resolveLocalEntries } from "../../../synthesis/resource-instances";
import { configWith, jsonencodeValue, synthApp } from "../../helpers";

const users = Array.from({ length: 26 }, (_, index) => ({ userName: `user${index}` }));
const optimized = configWith({
  "desktops.users": [{ userName: "Administrator" }, { userName: "jdoe", runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: undefined }],
  "costOptimization.enabled": true,
  "costOptimization.dryRun": true,
  "costOptimization.breakEvenHours": { STANDARD: 70 },
  "costOptimization.startStop": [
    { name: "dev-hours", start: "cron(0 7 ? * MON-FRI *)", stop: "cron(0 19 ? * MON-FRI *)", timezone: "Europe/Berlin" },
  ],
});
const { desktops } = synthApp(optimized);
const resources = (type: string) => Object.values(desktops.resource[type] ?? {});
const policyStatements = (namePart: string) =>
  Object.entries(desktops.data.aws_iam_policy_document)
    .filter(([name]) => name.includes(namePart) && name.includes("permissions"))
    .flatMap(([, document]) => document.statement);

describe("costOptimization in the desktops stack", () => {
  it("makes Terraform leave the running mode to the optimizer", () => {
    const [fleet] = resources("aws_workspaces_workspace");
    expect(fleet.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["workspace_properties[0].running_mode"]));
  });

  it("runs the optimizer function on its schedule, in UTC, with the break-even hours and dry run", () => {
    const [fn] = resources("aws_lambda_function");
    expect(fn).toMatchObject({ runtime: "nodejs22.x", handler: "index.handler", timeout: 900, memory_size: 512 });
    expect(JSON.parse(fn.environment.variables.BREAK_EVEN_HOURS)).toMatchObject({ STANDARD: 70, POWER: 83 });
    expect(fn.environment.variables.DRY_RUN).toBe("true");
    expect(fn.environment.variables.DIRECTORY_ID).toMatch(/^\$\{aws_workspaces_directory\..+\.id\}$/);
    // The archive is reproducible: its hash is computed at synth, so a plan shows an update only when the code changed.
    expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(fn.logging_config.log_group).toMatch(/aws_cloudwatch_log_group/);
    const schedule = resources("aws_scheduler_schedule").find((entry) => entry.name.endsWith("billing-optimizer"))!;
    expect(schedule).toMatchObject({ schedule_expression: "cron(0 1 * * ? *)", schedule_expression_timezone: "UTC" });
    expect(schedule.target.arn).toMatch(/aws_lambda_function/);
  });

  it("starts and stops the AUTO_STOP desktops in the schedule's time zone, calling WorkSpaces directly", () => {
    const start = resources("aws_scheduler_schedule").find((entry) => entry.name.endsWith("dev-hours-start-1"))!;
    expect(start.schedule_expression_timezone).toBe("Europe/Berlin");
    expect(start.target.arn).toMatch(/:scheduler:::aws-sdk:workspaces:startWorkspaces$/);
    // Terraform's jsonencode, not JSON text around references (their quotes would be escaped and unparseable);
    // Terraform's own runs (__tests__/terraform) evaluate it. jdoe is ALWAYS_ON: not in the default set.
    expect(jsonencodeValue(resolveLocalEntries(desktops, start.target.input)).StartWorkspaceRequests).toEqual([
      { WorkspaceId: expect.stringMatching(/^\$\{aws_workspaces_workspace\.[\w-]+(\["Administrator"\]|\.Administrator)\.id\}$/) },
    ]);
  });

  it("splits a schedule's desktops into requests of at most 25", () => {
    const many = synthApp(
      configWith({
        "desktops.users": users,
        "costOptimization.enabled": true,
        "costOptimization.startStop": [{ name: "office", start: "cron(0 7 * * ? *)", stop: "cron(0 19 * * ? *)" }],
      }),
    ).desktops;
    const stops = Object.values(many.resource.aws_scheduler_schedule).filter((entry: any) => entry.name.includes("office-stop"));
    expect(stops.map((entry: any) => jsonencodeValue(entry.target.input).StopWorkspaceRequests.length).sort()).toEqual([1, 25]);
  });

  it("grants no WorkSpaces wildcard, and switches or starts only desktops tagged as this deployment's", () => {
    const statements = [...policyStatements("billing-optimizer"), ...policyStatements("start-stop")];
    const actions = statements.flatMap((statement: any) => statement.actions);
    expect(actions).not.toContain("workspaces:*");
    for (const statement of statements.filter((entry: any) => entry.actions.some((action: string) => /Modify|Start|Stop/.test(action)))) {
      expect(statement.resources).toEqual([expect.stringMatching(/:workspace\/\*$/)]);
      expect(statement.condition).toEqual(
        expect.arrayContaining([
          { test: "StringEquals", variable: "aws:ResourceTag/project", values: [optimized.project] },
          { test: "StringEquals", variable: "aws:ResourceTag/environment", values: [optimized.environment] },
        ]),
      );
    }
  });

  it("logs to a KMS-encrypted group with retention and alarms on the function's errors to the alarm topic", () => {
    const log = resources("aws_cloudwatch_log_group").find((entry) => entry.name.includes("billing-optimizer"))!;
    expect(log).toMatchObject({ retention_in_days: optimized.monitoring.logRetentionDays, kms_key_id: expect.stringMatching(/aws_kms_key/) });
    const alarm = resources("aws_cloudwatch_metric_alarm").find((entry) => entry.metric_name === "Errors")!;
    expect(alarm.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic/)]);
  });
});

it("without costOptimization nothing of it is synthesized, and Terraform owns the running mode", () => {
  const plain = synthApp(configWith()).desktops;
  expect(plain.resource.aws_lambda_function).toBeUndefined();
  expect(plain.resource.aws_scheduler_schedule).toBeUndefined();
  expect(Object.values(plain.resource.aws_workspaces_workspace)[0].lifecycle.ignore_changes).toEqual(["bundle_id"]);
});

describe("costOptimization's scheduler roles", () => {
  it("trust EventBridge Scheduler only for this account's default schedule group in the region (confused-deputy protection)", () => {
    const trusts = Object.entries(desktops.data.aws_iam_policy_document)
      .filter(([, document]) => document.statement[0].principals?.[0]?.identifiers?.includes("scheduler.amazonaws.com"))
      .map(([, document]) => document.statement[0]);
    expect(trusts).toHaveLength(2);
    for (const trust of trusts) {
      expect(trust.condition).toEqual([
        { test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringMatching(/aws_caller_identity/)] },
        { test: "ArnLike", variable: "aws:SourceArn", values: [expect.stringMatching(/:scheduler:us-east-1:\$\{.*\}:schedule-group\/default$/)] },
      ]);
    }
  });
});
