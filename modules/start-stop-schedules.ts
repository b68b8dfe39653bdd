import { Construct } from "constructs";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { accountOf } from "./account";
import { schedulerRole } from "./service-principal-role";
import { workspacesOfThisDeployment } from "./workspaces-access";
import { jsonText } from "./json-text";

export interface StartStopSchedule {
  /** Unique among the schedules; part of the schedule names. */
  readonly name: string;
  /** WorkSpace IDs (Terraform references) of the desktops started and stopped. */
  readonly workspaceIds: readonly string[];
  /** EventBridge Scheduler expression of the start. */
  readonly start: string;
  /** EventBridge Scheduler expression of the stop. */
  readonly stop: string;
  /** IANA time zone of both expressions. */
  readonly timezone: string;
}

export interface StartStopSchedulesProps {
  /** Prefix of the schedule and role names. */
  readonly name: string;
  /** The Region of the desktops. */
  readonly region: string;
  /** Tags every desktop of the deployment carries: the schedules may start and stop only desktops with them all. */
  readonly desktopTags: Readonly<Record<string, string>>;
  /** One start and one stop schedule each. */
  readonly schedules: readonly StartStopSchedule[];
}

/** StartWorkspaces and StopWorkspaces take at most 25 WorkSpaces a call. */
export const WORKSPACES_PER_REQUEST = 25;

/**
 * Working-hours schedules: EventBridge Scheduler calls WorkSpaces' StartWorkspaces and StopWorkspaces directly
 * (universal targets, no function), in the schedule's time zone, one schedule per 25 desktops. Only AUTO_STOP
 * desktops can be stopped; WorkSpaces reports the others as failed requests and changes nothing.
 */
export class StartStopSchedules extends Construct {
  constructor(scope: Construct, id: string, props: StartStopSchedulesProps) {
    super(scope, id);
    const account = accountOf(this);
    const role = schedulerRole(this, "role", `${props.name}-start-stop`, account, props.region, [
      workspacesOfThisDeployment(["workspaces:StartWorkspaces", "workspaces:StopWorkspaces"], props.region, account, props.desktopTags),
    ]);
    for (const schedule of props.schedules) {
      for (let first = 0; first < schedule.workspaceIds.length; first += WORKSPACES_PER_REQUEST) {
        const ids = schedule.workspaceIds.slice(first, first + WORKSPACES_PER_REQUEST);
        const part = first / WORKSPACES_PER_REQUEST + 1;
        for (const [verb, expression, requests] of [
          ["start", schedule.start, "StartWorkspaceRequests"],
          ["stop", schedule.stop, "StopWorkspaceRequests"],
        ] as const) {
          new SchedulerSchedule(this, `${schedule.name}-${verb}-${part}`, {
            name: `${props.name}-${schedule.name}-${verb}-${part}`,
            description: `${verb === "start" ? "Starts" : "Stops"} the desktops of schedule ${schedule.name} (part ${part})`,
            scheduleExpression: expression,
            scheduleExpressionTimezone: schedule.timezone,
            flexibleTimeWindow: { mode: "OFF" },
            target: {
              arn: `arn:${account.partition}:scheduler:::aws-sdk:workspaces:${verb}Workspaces`,
              roleArn: role.arn,
              input: jsonText({ [requests]: ids.map((workspaceId) => ({ WorkspaceId: workspaceId })) }),
            },
            dependsOn: [role.policy],
          });
        }
      }
    }
  }
}
