import type { Construct } from "constructs";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import type { AccountFacts } from "./account";
import { schedulerRole } from "./service-principal-role";

export interface ScheduledInvocationProps {
  /** Names the schedule; its role is `<name>-schedule`. */
  readonly name: string;
  /** What the schedule does, shown in the Scheduler console. */
  readonly description: string;
  /** EventBridge Scheduler expression, in UTC. */
  readonly schedule: string;
  /** The function invoked. */
  readonly functionArn: string;
  /** The Region of the schedule and the function. */
  readonly region: string;
  /** The account of the schedule and the function. */
  readonly account: AccountFacts;
}

/**
 * A function invoked on a schedule (EventBridge Scheduler, in UTC, two retries) by a role that may invoke only that
 * function and trusts Scheduler only for this account's default schedule group. Creates `scheduler-role` and
 * `schedule` in `scope`.
 */
export function scheduledInvocation(scope: Construct, props: ScheduledInvocationProps): SchedulerSchedule {
  const invoker = schedulerRole(scope, "scheduler-role", `${props.name}-schedule`, props.account, props.region, [
    { actions: ["lambda:InvokeFunction"], resources: [props.functionArn] },
  ]);
  return new SchedulerSchedule(scope, "schedule", {
    name: props.name,
    description: props.description,
    scheduleExpression: props.schedule,
    scheduleExpressionTimezone: "UTC",
    flexibleTimeWindow: { mode: "OFF" },
    target: { arn: props.functionArn, roleArn: invoker.arn, retryPolicy: { maximumRetryAttempts: 2 } },
    dependsOn: [invoker.policy],
  });
}
