import { Construct } from "constructs";
import { TerraformIterator, type IResolvable } from "cdktf";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { EncryptionKey } from "./encryption-key";
import { EncryptedLogGroup } from "./log-group";
import { jsonText } from "./json-text";
import { WORKSPACES_NAMESPACE, WorkspacesMetric } from "../runtime/lib/workspaces-metrics";

export interface FleetMonitoringProps {
  /** Prefix of alarm, topic, log group and dashboard names. */
  readonly name: string;
  /** The deployment's region: the dashboard's widgets name it. */
  readonly region: string;
  /** The registered directory: fleet metrics carry its ID as the `DirectoryId` dimension. */
  readonly directoryId: string;
  /**
   * User name → WorkSpace ID of the desktops (WorkspaceFleet's `workspaceIdsByUser`, a local value): each gets an
   * `Unhealthy` alarm. Not the `for_each` resource itself: a `for_each` over a resource makes Terraform build the
   * whole fleet's value again for every alarm, a plan time that grows with the square of the fleet.
   * @default none: desktops Terraform does not manage (standby WorkSpaces) get no alarm of their own
   */
  readonly workspaceIdsByUser?: IResolvable;
  /** Key for the topic and the log group: it must admit CloudWatch alarms (`alarmPublishersStatement`) and CloudWatch Logs. */
  readonly key: EncryptionKey;
  /** Subscribed to the alarm topic when given (the address must confirm the subscription). @default no subscription */
  readonly alarmEmail?: string;
  /** Failed connections per 5 minutes at which the fleet alarm fires. */
  readonly connectionFailureThreshold: number;
  /** Days the access-event log group keeps events. */
  readonly logRetentionDays: number;
}

/**
 * Alarms that can fire (each names the dimension its metric is published with), an encrypted
 * topic for them, the WorkSpaces access events in a log group, and a dashboard of the fleet.
 */
export class FleetMonitoring extends Construct {
  readonly topicArn: string;
  readonly dashboardName: string;
  readonly accessLogGroupName: string;

  constructor(scope: Construct, id: string, props: FleetMonitoringProps) {
    super(scope, id);
    const topic = new SnsTopic(this, "alarm-topic", { name: `${props.name}-workspaces-alarms`, kmsMasterKeyId: props.key.arn });
    if (props.alarmEmail) {
      new SnsTopicSubscription(this, "alarm-email", { topicArn: topic.arn, protocol: "email", endpoint: props.alarmEmail });
    }
    const notify = { alarmActions: [topic.arn], okActions: [topic.arn] };

    new CloudwatchMetricAlarm(this, "connection-failures", {
      alarmName: `${props.name}-workspaces-connection-failures`,
      alarmDescription: "Users fail to connect to their WorkSpaces",
      namespace: WORKSPACES_NAMESPACE,
      metricName: WorkspacesMetric.ConnectionFailure,
      dimensions: { DirectoryId: props.directoryId },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: props.connectionFailureThreshold,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      ...notify,
    });
    if (props.workspaceIdsByUser) unhealthyAlarms(this, { name: props.name, workspaceIdsByUser: props.workspaceIdsByUser, topicArn: topic.arn });
    const accessLog = new EncryptedLogGroup(this, "access-log", {
      // EventBridge delivers only to log groups under /aws/events/.
      name: `/aws/events/${props.name}/workspaces-access`,
      retentionDays: props.logRetentionDays,
      key: props.key,
    });
    const eventsWrite = new DataAwsIamPolicyDocument(this, "events-write-access-log", {
      statement: [
        {
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] }],
          resources: [`${accessLog.arn}:*`],
        },
      ],
    });
    const logPolicy = new CloudwatchLogResourcePolicy(this, "access-log-policy", {
      policyName: `${props.name}-workspaces-access-events`,
      policyDocument: eventsWrite.json,
    });
    const rule = new CloudwatchEventRule(this, "access-events", {
      name: `${props.name}-workspaces-access`,
      description: "WorkSpaces sign-ins (successful and failed), with client IP and device",
      eventPattern: jsonText({ source: ["aws.workspaces"], "detail-type": ["WorkSpaces Access"] }),
    });
    new CloudwatchEventTarget(this, "access-events-to-log", {
      rule: rule.name,
      arn: accessLog.arn,
      dependsOn: [logPolicy],
    });

    const dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: `${props.name}-workspaces`,
      // A JSON string with the directory ID interpolated, not jsonencode() of an object: the same value
      // for Terraform, one string for cdktf to resolve instead of ~1,400 nested values (a fifth of the synth).
      dashboardBody: jsonText(fleetDashboard(props.region, props.directoryId)),
    });

    this.topicArn = topic.arn;
    this.dashboardName = dashboard.dashboardName;
    this.accessLogGroupName = accessLog.name;
  }
}

/**
 * One `Unhealthy` alarm per desktop of `workspaceIdsByUser` (WorkspaceFleet's local: see FleetMonitoring), named
 * `<name>-workspace-unhealthy-<user>`, created in `scope` under the ID `unhealthy` (a desktop group's stack has
 * its own; the topic is the desktops stack's).
 */
export function unhealthyAlarms(
  scope: Construct,
  props: { readonly name: string; readonly workspaceIdsByUser: IResolvable; readonly topicArn: string },
): CloudwatchMetricAlarm {
  const desktop = TerraformIterator.fromMap(props.workspaceIdsByUser);
  return new CloudwatchMetricAlarm(scope, "unhealthy", {
    forEach: desktop,
    alarmName: `${props.name}-workspace-unhealthy-${desktop.key}`,
    alarmDescription: `The WorkSpace of ${desktop.key} is unhealthy`,
    namespace: WORKSPACES_NAMESPACE,
    metricName: WorkspacesMetric.Unhealthy,
    dimensions: { WorkspaceId: desktop.value },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 2,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    // A stopped AUTO_STOP desktop publishes nothing: that is not a failure.
    treatMissingData: "notBreaching",
    alarmActions: [props.topicArn],
    okActions: [props.topicArn],
  });
}

/** Connections, session quality and desktop health of the whole directory. */
function fleetDashboard(region: string, directoryId: string) {
  const widget = (title: string, metrics: string[], stat: string, x: number, y: number) => ({
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: {
      title,
      region,
      stat,
      period: 300,
      metrics: metrics.map((metric) => [WORKSPACES_NAMESPACE, metric, "DirectoryId", directoryId]),
    },
  });
  return {
    widgets: [
      widget(
        "Connections",
        [WorkspacesMetric.ConnectionAttempt, WorkspacesMetric.ConnectionSuccess, WorkspacesMetric.ConnectionFailure],
        "Sum",
        0,
        0,
      ),
      widget("Session launch time (s)", [WorkspacesMetric.SessionLaunchTime], "Average", 12, 0),
      widget("In-session latency (ms)", [WorkspacesMetric.InSessionLatency], "Average", 0, 6),
      widget("Desktop health", [WorkspacesMetric.Available, WorkspacesMetric.Unhealthy], "Maximum", 12, 6),
    ],
  };
}
