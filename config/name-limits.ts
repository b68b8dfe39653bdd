import type { Issue } from "./refine-when";

/**
 * The longest name AWS accepts for each named resource the stacks create, by Terraform resource type and
 * attribute (each service's API reference: CreateFunction, CreateRole, CreateSchedule, CreateLogGroup,
 * PutMetricAlarm, CreateAlias, CreateBucket, CreateDocument, PutDashboard, CreateTopic, CreateSecret, …).
 * Where the API reference gives no length (WorkSpaces IP groups, Logs resource policies), the tag value
 * limit stands in. Tag values (`tags.Name`) allow 256 characters; WorkSpaces, the tightest, 255.
 */
export const AWS_NAME_LIMITS: Readonly<Record<string, number>> = {
  "aws_lambda_function.function_name": 64,
  "aws_iam_role.name": 64,
  "aws_iam_role_policy.name": 128,
  "aws_scheduler_schedule.name": 64,
  "aws_scheduler_schedule_group.name": 64,
  "aws_cloudwatch_event_rule.name": 64,
  "aws_cloudwatch_log_group.name": 512,
  "aws_cloudwatch_log_resource_policy.policy_name": 255,
  "aws_cloudwatch_metric_alarm.alarm_name": 255,
  "aws_cloudwatch_dashboard.dashboard_name": 255,
  "aws_kms_alias.name": 256,
  "aws_s3_bucket.bucket": 63,
  "aws_ssm_document.name": 128,
  "aws_sns_topic.name": 256,
  "aws_secretsmanager_secret.name": 512,
  "aws_workspaces_ip_group.name": 255,
  "aws_directory_service_directory.name": 255,
  "aws_directory_service_directory.short_name": 15,
  "aws_route53_record.name": 255,
  "tags.Name": 255,
};

/** What the budget reads of the configuration. */
interface NamedConfig {
  readonly project: string;
  readonly environment: string;
  readonly desktops: { readonly users: readonly { readonly userName: string; readonly runningMode: string }[] };
  readonly images: readonly unknown[];
  readonly costOptimization: {
    readonly enabled: boolean;
    readonly startStop: readonly { readonly name: string; readonly users?: readonly string[] }[];
  };
  readonly disasterRecovery?: { readonly standby: boolean };
}

interface PlannedName {
  readonly kind: string;
  readonly resource: string;
  readonly name: string;
  /** The key to shorten: `project` for every name built on `<project>-<environment>`. */
  readonly path: (string | number)[];
}

/** StartWorkspaces and StopWorkspaces take 25 desktops a call: one schedule per 25 (modules/start-stop-schedules.ts). */
const DESKTOPS_PER_SCHEDULE = 25;

/**
 * The names of this configuration's resources whose limit its keys can reach (the templates of the stacks
 * and modules; `__tests__/config/name-limits.test.ts` synthesizes every shipped configuration with the longest
 * project name this budget lets through and checks every name against `AWS_NAME_LIMITS`).
 */
function plannedNames(config: NamedConfig): PlannedName[] {
  const prefix = `${config.project}-${config.environment}`;
  const project: (string | number)[] = ["project"];
  const names: PlannedName[] = [];
  const add = (kind: string, resource: string, name: string, path = project) => names.push({ kind, resource, name, path });
  const functionAndRole = (name: string) => {
    add("Lambda function", "aws_lambda_function.function_name", name);
    add("IAM role", "aws_iam_role.name", name);
  };
  add("EventBridge rule", "aws_cloudwatch_event_rule.name", `${prefix}-workspaces-access`);
  add("IAM role", "aws_iam_role.name", `${prefix}-flow-logs`);
  if (config.images.length > 0) {
    add("IAM role", "aws_iam_role.name", `${prefix}-image-builder-node`);
    add("EventBridge Scheduler schedule group", "aws_scheduler_schedule_group.name", `${prefix}-images`);
  }
  const cost = config.costOptimization;
  if (cost.enabled) {
    functionAndRole(`${prefix}-billing-optimizer`);
    add("IAM role", "aws_iam_role.name", `${prefix}-billing-optimizer-schedule`);
    add("EventBridge Scheduler schedule", "aws_scheduler_schedule.name", `${prefix}-billing-optimizer`);
    if (cost.startStop.length > 0) add("IAM role", "aws_iam_role.name", `${prefix}-start-stop`);
    const autoStop = config.desktops.users.filter((user) => user.runningMode === "AUTO_STOP").length;
    cost.startStop.forEach((schedule, index) => {
      const parts = Math.max(1, Math.ceil((schedule.users?.length ?? autoStop) / DESKTOPS_PER_SCHEDULE));
      const name = `${prefix}-${schedule.name}-start-${parts}`;
      add("EventBridge Scheduler schedule", "aws_scheduler_schedule.name", name, ["costOptimization", "startStop", index, "name"]);
    });
  }
  if (config.disasterRecovery) {
    const dr = `${prefix}-dr`;
    add("EventBridge rule", "aws_cloudwatch_event_rule.name", `${dr}-workspaces-access`);
    add("IAM role", "aws_iam_role.name", `${dr}-flow-logs`);
    functionAndRole(`${dr}-primary-connection-alias`);
    functionAndRole(`${dr}-connection-alias`);
    if (config.disasterRecovery.standby) functionAndRole(`${dr}-standby-workspaces`);
  }
  return names;
}

/**
 * Names over AWS's limits, one line per kind of resource (its longest name): AWS would refuse them only when
 * the stack is applied, after the stacks before it.
 */
export function nameLengthIssues(config: NamedConfig): Issue[] {
  const longest = new Map<string, PlannedName>();
  for (const planned of plannedNames(config)) {
    const over = planned.name.length - AWS_NAME_LIMITS[planned.resource];
    const worst = longest.get(planned.kind);
    if (over > 0 && (!worst || planned.name.length > worst.name.length)) longest.set(planned.kind, planned);
  }
  return [...longest.values()].map(({ kind, resource, name, path }) => {
    const limit = AWS_NAME_LIMITS[resource];
    const shorten = path[0] === "project" ? "project" : "this name or project";
    return {
      path,
      message: `makes the ${kind} name "${name}" ${name.length} characters, over the ${limit} AWS allows: shorten ${shorten} by ${name.length - limit} or more`,
    };
  });
}
