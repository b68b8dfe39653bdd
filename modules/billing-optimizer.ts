import { Construct } from "constructs";
import type { EncryptionKey } from "./encryption-key";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { accountOf } from "./account";
import { LambdaFunction } from "./lambda-function";
import { scheduledInvocation } from "./scheduled-invocation";
import { workspacesOfThisDeployment } from "./workspaces-access";
import { jsonText } from "./json-text";

export interface BillingOptimizerProps {
  /** Prefix of the function, schedule, role and dashboard names. */
  readonly name: string;
  /** The Region of the desktops (and of the function). */
  readonly region: string;
  /** The registered directory whose desktops are evaluated. */
  readonly directoryId: string;
  /** Tags every desktop of the deployment carries: the function may switch only desktops that have them all. */
  readonly desktopTags: Readonly<Record<string, string>>;
  /** Billable hours a month per compute type above which monthly billing is cheaper. */
  readonly breakEvenHours: Readonly<Record<string, number>>;
  /** Report what would be switched without switching. */
  readonly dryRun: boolean;
  /** EventBridge Scheduler expression of the evaluation, in UTC (billing months are UTC). */
  readonly schedule: string;
  /** The key of the function's log group; it must admit CloudWatch Logs (`cloudWatchLogsRegion`). */
  readonly logKey: EncryptionKey;
  /** Days the log group keeps the function's log. */
  readonly logRetentionDays: number;
  /** Topic told when a run fails (the function's error alarm). */
  readonly alarmTopicArn: string;
}

/** Marks the report line the function logs, for the dashboard's query. */
const REPORT_TYPE = "billing-optimizer-report";

/**
 * The billing optimizer (runtime/billing-optimizer): a function run on a schedule that switches desktops between
 * hourly and monthly billing, a dashboard of its reports, and an alarm when it fails.
 */
export class BillingOptimizer extends Construct {
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: BillingOptimizerProps) {
    super(scope, id);
    const account = accountOf(this);
    const fn = new LambdaFunction(this, "function", {
      functionName: `${props.name}-billing-optimizer`,
      runtimeName: "billing-optimizer",
      description: "Switches desktops between hourly and monthly billing by their hours this month",
      memoryMb: 512,
      environment: {
        DIRECTORY_ID: props.directoryId,
        BREAK_EVEN_HOURS: jsonText(props.breakEvenHours),
        DRY_RUN: String(props.dryRun),
      },
      statements: [
        // Describe and metric reads support no resource-level permissions.
        { actions: ["workspaces:DescribeWorkspaces", "cloudwatch:GetMetricData"], resources: ["*"] },
        workspacesOfThisDeployment(["workspaces:ModifyWorkspaceProperties"], props.region, account, props.desktopTags),
      ],
      logKey: props.logKey,
      logRetentionDays: props.logRetentionDays,
      errorAlarmTopicArn: props.alarmTopicArn,
    });
    scheduledInvocation(this, {
      name: `${props.name}-billing-optimizer`,
      description: "Evaluates the desktops' billing (running mode) against their hours this month",
      schedule: props.schedule,
      functionArn: fn.arn,
      region: props.region,
      account,
    });
    new CloudwatchDashboard(this, "dashboard", {
      dashboardName: `${props.name}-billing-optimizer`,
      dashboardBody: jsonText({
        widgets: [
          {
            type: "log",
            x: 0,
            y: 0,
            width: 24,
            height: 8,
            properties: {
              title: "Billing optimizer runs (switches, kept, skipped, failed)",
              region: props.region,
              view: "table",
              query: `SOURCE '${fn.logGroupName}' | filter type = '${REPORT_TYPE}' | fields evaluatedAt, dryRun, counts.switch-to-ALWAYS_ON as toMonthly, counts.switch-to-AUTO_STOP as toHourly, counts.keep as kept, counts.skip as skipped | sort evaluatedAt desc | limit 50`,
            },
          },
        ],
      }),
    });
    this.functionName = fn.functionName;
  }
}
