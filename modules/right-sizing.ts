import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { accountOf } from "./account";
import type { EncryptionKey } from "./encryption-key";
import { WORKSPACES_NAMESPACE, WorkspacesMetric } from "../runtime/lib/workspaces-metrics";
import { jsonText } from "./json-text";
import { LambdaFunction } from "./lambda-function";
import { scheduledInvocation } from "./scheduled-invocation";
import { workspacesOfThisDeployment } from "./workspaces-access";

/** A desktop with this tag (any value but "false") is never resized: set it in desktops.users[].tags or the console. */
export const RIGHT_SIZING_OPT_OUT_TAG = "right-sizing-opt-out";

/** Use thresholds over whole days (see runtime/right-sizing/decide.ts). */
export interface UseThresholds {
  /** Daily average CPUUsage, in percent. */
  readonly cpuPercent: number;
  /** Daily average MemoryUsage, in percent. */
  readonly memoryPercent: number;
  /** Days the use must last. */
  readonly days: number;
}

export interface RightSizingPolicy {
  /** The largest compute type a desktop is stepped up to. */
  readonly maxComputeType: string;
  /** User name → that user's largest compute type, instead of `maxComputeType`. */
  readonly maxComputeTypeByUser: Readonly<Record<string, string>>;
  /** Sustained high use: one compute type up. */
  readonly upgrade: UseThresholds;
  /** Sustained low use: one compute type down. */
  readonly downgrade: UseThresholds;
  /** Volume fill (percent) at which a volume grows to the next valid size pair. */
  readonly growAtPercent: number;
}

export interface RightSizingProps {
  /** Prefix of the function, schedule, role and dashboard names. */
  readonly name: string;
  /** The Region of the desktops (and of the function). */
  readonly region: string;
  /** The registered directory whose desktops are resized. */
  readonly directoryId: string;
  /** Tags every desktop of the deployment carries: the function may modify only desktops that have them all. */
  readonly desktopTags: Readonly<Record<string, string>>;
  /** When desktops step up or down and volumes grow. */
  readonly policy: RightSizingPolicy;
  /** Decide and log without changing anything. */
  readonly dryRun: boolean;
  /** EventBridge Scheduler expression of the evaluation, in UTC. */
  readonly schedule: string;
  /** The key of the function's log group; it must admit CloudWatch Logs (`cloudWatchLogsRegion`). */
  readonly logKey: EncryptionKey;
  /** Days the log group keeps the function's decisions. */
  readonly logRetentionDays: number;
  /** Topic told of every change and of a failed run. */
  readonly alarmTopicArn: string;
  /** The key that encrypts the alarm topic: publishing to it needs the key. */
  readonly alarmTopicKeyArn: string;
}

/** Marks the decision lines the function logs, for the dashboard's query. */
const DECISION_TYPE = "right-sizing-decision";

/**
 * The right-sizing function (runtime/right-sizing) on a schedule: steps desktops' compute types and grows their
 * volumes by their measured use. Its role may modify only this deployment's desktops (by their tags), read metrics,
 * descriptions, tags and CloudTrail's event history, and publish to the alarm topic.
 */
export class RightSizing extends Construct {
  readonly functionName: string;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: RightSizingProps) {
    super(scope, id);
    const account = accountOf(this);
    const fn = new LambdaFunction(this, "function", {
      functionName: `${props.name}-right-sizing`,
      runtimeName: "right-sizing",
      description: "Steps desktops' compute types up or down and grows their volumes by their measured use",
      memoryMb: 512,
      environment: {
        DIRECTORY_ID: props.directoryId,
        POLICY: jsonText(props.policy),
        DRY_RUN: String(props.dryRun),
        OPT_OUT_TAG: RIGHT_SIZING_OPT_OUT_TAG,
        TOPIC_ARN: props.alarmTopicArn,
      },
      statements: [
        // DescribeWorkspaces, GetMetricData and LookupEvents support no resource-level permissions.
        { actions: ["workspaces:DescribeWorkspaces", "cloudwatch:GetMetricData", "cloudtrail:LookupEvents"], resources: ["*"] },
        { actions: ["workspaces:DescribeTags"], resources: [`arn:${account.partition}:workspaces:${props.region}:${account.accountId}:workspace/*`] },
        workspacesOfThisDeployment(["workspaces:ModifyWorkspaceProperties"], props.region, account, props.desktopTags),
        { actions: ["sns:Publish"], resources: [props.alarmTopicArn] },
        { actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [props.alarmTopicKeyArn] },
      ],
      logKey: props.logKey,
      logRetentionDays: props.logRetentionDays,
      errorAlarmTopicArn: props.alarmTopicArn,
    });
    scheduledInvocation(this, {
      name: `${props.name}-right-sizing`,
      description: "Evaluates the desktops' compute types and volumes against their use",
      schedule: props.schedule,
      functionArn: fn.arn,
      region: props.region,
      account,
    });
    this.functionName = fn.functionName;
    this.logGroupName = fn.logGroupName;
  }
}

export interface SaturationAlarms {
  /** CPUUsage (percent) that counts as saturated. */
  readonly cpuPercent: number;
  /** MemoryUsage (percent) that counts as saturated. */
  readonly memoryPercent: number;
  /** Root or user volume fill (percent) that counts as saturated. */
  readonly diskPercent: number;
  /** Consecutive hours of saturation before an alarm fires. */
  readonly hours: number;
}

export interface PerformanceDashboardProps {
  /** Prefix of the dashboard and alarm names. */
  readonly name: string;
  /** The deployment's Region: the widgets name it. */
  readonly region: string;
  /** The registered directory: fleet metrics carry its ID as the `DirectoryId` dimension. */
  readonly directoryId: string;
  /** Whether any desktop has a GPU compute type: adds the GPUUsage widgets. */
  readonly gpu: boolean;
  /** The right-sizing function's log group, for the table of its changes. @default no table */
  readonly rightSizingLogGroupName?: string;
  /** Alarms on the directory's most saturated desktop. @default none */
  readonly saturationAlarms?: SaturationAlarms;
  /** Topic the saturation alarms notify. */
  readonly alarmTopicArn: string;
}

/**
 * The per-desktop performance metrics (WorkSpaces admin guide, "Monitor your WorkSpaces using CloudWatch metrics",
 * namespace AWS/WorkSpaces, dimensions DirectoryId and WorkspaceId among others): percentages with Average, Maximum,
 * Minimum; InSessionLatency (ms) and UDPPacketLossRate (%) also with Data Samples.
 */
const PERFORMANCE_METRICS = [
  { metric: WorkspacesMetric.CPUUsage, title: "CPU (%)" },
  { metric: WorkspacesMetric.MemoryUsage, title: "Memory (%)" },
  { metric: WorkspacesMetric.RootVolumeDiskUsage, title: "Root volume used (%)" },
  { metric: WorkspacesMetric.UserVolumeDiskUsage, title: "User volume used (%)" },
  { metric: WorkspacesMetric.InSessionLatency, title: "In-session latency (ms)" },
  { metric: WorkspacesMetric.UDPPacketLossRate, title: "UDP packet loss (%)" },
];
const GPU_METRIC = { metric: WorkspacesMetric.GPUUsage, title: "GPU (%)" };
/** Desktops per "busiest" graph: SORT keeps the ones with the highest maximum over the dashboard's time range. */
const BUSIEST = 10;

/**
 * The fleet's performance: per metric, the directory's average and maximum, and the busiest desktops first (a SEARCH of
 * the per-desktop series sorted by their maximum, CloudWatch User Guide "Using search expressions in graphs" and metric
 * math's SORT). The search reaches every desktop of the account in the Region: WorkSpaces publishes the per-desktop
 * series with the WorkspaceId dimension alone, so it cannot be narrowed to one directory.
 */
export class PerformanceDashboard extends Construct {
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: PerformanceDashboardProps) {
    super(scope, id);
    const metrics = props.gpu ? [...PERFORMANCE_METRICS, GPU_METRIC] : PERFORMANCE_METRICS;
    const widgets: object[] = metrics.flatMap(({ metric, title }, row) => [
      {
        type: "metric",
        x: 0,
        y: row * 6,
        width: 8,
        height: 6,
        properties: {
          title: `${title}: directory average and maximum`,
          region: props.region,
          period: 3600,
          metrics: [
            [WORKSPACES_NAMESPACE, metric, "DirectoryId", props.directoryId, { stat: "Average", label: "average" }],
            ["...", { stat: "Maximum", label: "maximum" }],
          ],
        },
      },
      {
        type: "metric",
        x: 8,
        y: row * 6,
        width: 16,
        height: 6,
        properties: {
          title: `${title}: the ${BUSIEST} busiest desktops first`,
          region: props.region,
          period: 3600,
          view: "timeSeries",
          legend: { position: "right" },
          metrics: [
            [{ expression: `SORT(desktops, MAX, DESC, ${BUSIEST})`, label: "", id: "busiest" }],
            [
              {
                expression: `SEARCH('{${WORKSPACES_NAMESPACE},WorkspaceId} MetricName="${metric}"', 'Average', 3600)`,
                id: "desktops",
                visible: false,
              },
            ],
          ],
        },
      },
    ]);
    if (props.rightSizingLogGroupName) {
      widgets.push({
        type: "log",
        x: 0,
        y: metrics.length * 6,
        width: 24,
        height: 8,
        properties: {
          title: "Right-sizing changes and decisions to act (latest first)",
          region: props.region,
          view: "table",
          query: `SOURCE '${props.rightSizingLogGroupName}' | filter type = '${DECISION_TYPE}' and action != 'keep' and action != 'skip' | fields evaluatedAt, userName, workspaceId, action, dryRun, reason | sort evaluatedAt desc | limit 100`,
        },
      });
    }
    const dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: `${props.name}-workspaces-performance`,
      dashboardBody: jsonText({ widgets }),
    });
    this.dashboardName = dashboard.dashboardName;

    const alarms = props.saturationAlarms;
    if (!alarms) return;
    const saturated = [
      { id: "cpu", metric: WorkspacesMetric.CPUUsage, threshold: alarms.cpuPercent, what: "CPU" },
      { id: "memory", metric: WorkspacesMetric.MemoryUsage, threshold: alarms.memoryPercent, what: "memory" },
      { id: "root-volume", metric: WorkspacesMetric.RootVolumeDiskUsage, threshold: alarms.diskPercent, what: "root volume" },
      { id: "user-volume", metric: WorkspacesMetric.UserVolumeDiskUsage, threshold: alarms.diskPercent, what: "user volume" },
    ];
    for (const { id: alarmId, metric, threshold, what } of saturated) {
      new CloudwatchMetricAlarm(this, `saturated-${alarmId}`, {
        alarmName: `${props.name}-workspaces-saturated-${alarmId}`,
        alarmDescription: `A desktop's ${what} has been at ${threshold}% or more for ${alarms.hours} hour(s): the dashboard ${props.name}-workspaces-performance shows which`,
        namespace: WORKSPACES_NAMESPACE,
        metricName: metric,
        // The directory's series; its Maximum is the most saturated desktop of each hour.
        dimensions: { DirectoryId: props.directoryId },
        statistic: "Maximum",
        period: 3600,
        evaluationPeriods: alarms.hours,
        threshold,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        // Stopped desktops publish nothing: a quiet night is not saturation.
        treatMissingData: "notBreaching",
        alarmActions: [props.alarmTopicArn],
        okActions: [props.alarmTopicArn],
      });
    }
  }
}
