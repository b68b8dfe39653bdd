import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { WORKSPACES_NAMESPACE, WorkspacesMetric } from "../runtime/lib/workspaces-metrics";

export interface FailoverDnsProps {
  /** Prefix of the alarm and health check names. */
  readonly name: string;
  /** The Route 53 hosted zone that holds the connection alias. */
  readonly hostedZoneId: string;
  /** The connection alias (FQDN): the TXT records' name. */
  readonly recordName: string;
  /** The primary Region's association's connection identifier: the PRIMARY record's value. */
  readonly primaryConnectionIdentifier: string;
  /** The DR Region's association's connection identifier: the SECONDARY record's value. */
  readonly secondaryConnectionIdentifier: string;
  /** The primary Region (the stack's), whose CloudWatch alarm drives the failover. */
  readonly primaryRegion: string;
  /** The primary registered directory, whose connection failures are watched. */
  readonly primaryDirectoryId: string;
  /** Failed connections per 5 minutes that, for 15 minutes, count as the primary Region failing. */
  readonly connectionFailureThreshold: number;
  /** @default 60 seconds: how long resolvers keep a Region after failover */
  readonly ttlSeconds?: number;
}

/**
 * Route 53 failover for cross-Region redirection (AWS WorkSpaces Administration Guide, "Cross-Region redirection",
 * step 4): two TXT records named after the alias, each holding one Region's connection identifier, PRIMARY with a
 * health check that watches a CloudWatch alarm of the primary Region, SECONDARY answered when it is unhealthy.
 */
export class FailoverDns extends Construct {
  readonly healthCheckId: string;
  readonly alarmName: string;

  constructor(scope: Construct, id: string, props: FailoverDnsProps) {
    super(scope, id);
    const alarm = new CloudwatchMetricAlarm(this, "primary-failing", {
      alarmName: `${props.name}-primary-region-failing`,
      alarmDescription: "Drives the Route 53 failover of the WorkSpaces connection alias to the DR Region",
      namespace: WORKSPACES_NAMESPACE,
      metricName: WorkspacesMetric.ConnectionFailure,
      dimensions: { DirectoryId: props.primaryDirectoryId },
      statistic: "Sum",
      period: 300,
      // Sustained failures, not a burst of mistyped passwords: failing over moves every user.
      evaluationPeriods: 3,
      threshold: props.connectionFailureThreshold,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
    const healthCheck = new Route53HealthCheck(this, "primary-health", {
      type: "CLOUDWATCH_METRIC",
      cloudwatchAlarmName: alarm.alarmName,
      cloudwatchAlarmRegion: props.primaryRegion,
      // Without data (CloudWatch itself unreachable) keep the last answer; fail over by hand (the runbook in docs/disaster-recovery.md).
      insufficientDataHealthStatus: "LastKnownStatus",
      tags: { Name: `${props.name}-primary-region` },
    });
    const record = (role: "PRIMARY" | "SECONDARY", identifier: string) =>
      new Route53Record(this, role.toLowerCase(), {
        zoneId: props.hostedZoneId,
        name: props.recordName,
        type: "TXT",
        ttl: props.ttlSeconds ?? 60,
        records: [identifier],
        setIdentifier: role.toLowerCase(),
        failoverRoutingPolicy: { type: role },
        healthCheckId: role === "PRIMARY" ? healthCheck.id : undefined,
      });
    record("PRIMARY", props.primaryConnectionIdentifier);
    record("SECONDARY", props.secondaryConnectionIdentifier);
    this.healthCheckId = healthCheck.id;
    this.alarmName = alarm.alarmName;
  }
}
