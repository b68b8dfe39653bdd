import { FailoverDns } from "../../modules/failover-dns";
import { resourcesOf, synthScope } from "../helpers";

const { json } = synthScope(
  (scope) =>
    new FailoverDns(scope, "failover-dns", {
      name: "acme-prod-dr",
      hostedZoneId: "Z0123456789ABC",
      recordName: "desktops.acme.example",
      primaryConnectionIdentifier: "primary-id",
      secondaryConnectionIdentifier: "secondary-id",
      primaryRegion: "us-east-1",
      primaryDirectoryId: "d-1234567890",
      connectionFailureThreshold: 12,
    }),
);

describe("FailoverDns", () => {
  it("answers the primary Region's identifier while healthy and the DR Region's when not, one minute cached", () => {
    const records = resourcesOf(json, "aws_route53_record").map((record) => ({
      policy: record.failover_routing_policy.type,
      value: record.records,
      checked: record.health_check_id !== undefined,
      name: record.name,
      type: record.type,
      ttl: record.ttl,
    }));
    expect(records).toEqual([
      { policy: "PRIMARY", value: ["primary-id"], checked: true, name: "desktops.acme.example", type: "TXT", ttl: 60 },
      { policy: "SECONDARY", value: ["secondary-id"], checked: false, name: "desktops.acme.example", type: "TXT", ttl: 60 },
    ]);
  });

  it("declares the primary unhealthy when its directory's connection failures reach the threshold for 15 minutes", () => {
    const [alarm] = resourcesOf(json, "aws_cloudwatch_metric_alarm");
    expect(alarm).toMatchObject({
      dimensions: { DirectoryId: "d-1234567890" },
      threshold: 12,
      period: 300,
      evaluation_periods: 3,
      comparison_operator: "GreaterThanOrEqualToThreshold",
    });
    const [check] = resourcesOf(json, "aws_route53_health_check");
    expect(check).toMatchObject({
      type: "CLOUDWATCH_METRIC",
      cloudwatch_alarm_region: "us-east-1",
      insufficient_data_health_status: "LastKnownStatus",
    });
    expect(check.cloudwatch_alarm_name).toMatch(/^\$\{aws_cloudwatch_metric_alarm\..*\.alarm_name\}$/);
  });
});
