import { Token } from "cdktf";
import { RegionalWorkspaces, type RegionalWorkspacesProps } from "../../modules/regional-workspaces";
import { dataOf, resourcesOf, synthScope, type TerraformJson } from "../helpers";

const PROPS: RegionalWorkspacesProps = {
  name: "acme-prod-dr",
  region: "us-west-2",
  ipRules: [{ source: "203.0.113.0/24", description: "office" }],
  registration: {
    devices: { windows: "ALLOW", osx: "ALLOW", linux: "DENY", ios: "DENY", android: "DENY", chromeOs: "DENY", zeroClient: "DENY", web: "DENY" },
    enableMaintenanceMode: false,
    defaultOu: "OU=Desktops,DC=corp,DC=example,DC=com",
  },
  monitoring: { alarmEmail: "ops@example.com", connectionFailureThreshold: 7, logRetentionDays: 90 },
  radius: {
    servers: ["10.1.0.10", "10.1.0.11"],
    port: 1812,
    protocol: "PAP",
    timeoutSeconds: 5,
    retries: 4,
    sharedSecretId: "vdi/radius",
    displayLabel: "MFA",
    useSameUsername: true,
  },
  secretRegion: "us-east-1",
};

/** Every part, as the DR Region's identity and desktops stacks build them, in one scope; and the scope's children's IDs. */
function synthAll(props: RegionalWorkspacesProps = PROPS): TerraformJson & { childIds: string[] } {
  let childIds: string[] = [];
  const { json } = synthScope((scope) => {
    const regional = new RegionalWorkspaces(props);
    regional.radiusMfa(scope, { directoryId: "d-1234567890", securityGroupId: "sg-0123456789abcdef0" });
    const registration = regional.registerDirectory(scope, "d-1234567890", ["subnet-a", "subnet-b"]);
    regional.volumeKey(scope);
    regional.monitoring(scope, registration.directoryId, Token.asAny({ alice: "ws-1" }));
    childIds = scope.node.children.map((child) => child.node.id);
  });
  return { ...json, childIds };
}

describe("RegionalWorkspaces", () => {
  const json = synthAll();

  it("creates each part directly in the scope it is given, under the IDs the resource addresses depend on", () => {
    expect([...json.childIds].sort()).toEqual([
      "account-facts", // the keys' lookup of the account and partition, one per stack
      "ip-access",
      "monitoring",
      "monitoring-key",
      "radius-mfa",
      "radius-shared-secret",
      "registration",
      "service-role",
      "volume-key",
    ]);
  });

  it("registers the directory with the given settings, the IP groups and the subnets, after the service role lookup", () => {
    const [registration] = resourcesOf(json, "aws_workspaces_directory");
    expect(registration.subnet_ids).toEqual(["subnet-a", "subnet-b"]);
    expect(registration.workspace_creation_properties).toMatchObject({
      enable_maintenance_mode: false,
      default_ou: "OU=Desktops,DC=corp,DC=example,DC=com",
    });
    expect(registration.workspace_access_properties).toMatchObject({ device_type_windows: "ALLOW", device_type_linux: "DENY" });
    expect(registration.ip_group_ids).toEqual([expect.stringMatching(/^\$\{aws_workspaces_ip_group\..*\.id\}$/)]);
    expect(resourcesOf(json, "aws_workspaces_ip_group").map((group) => [group.name, group.rules])).toEqual([
      ["acme-prod-dr-1", [{ source: "203.0.113.0/24", description: "office" }]],
    ]);
    expect(registration.depends_on).toEqual([expect.stringMatching(/^data\.aws_iam_roles\.service-role_lookup/)]);
  });

  it("names its keys by the Region's prefix and admits only the Region's WorkSpaces and CloudWatch", () => {
    expect(
      resourcesOf(json, "aws_kms_alias")
        .map((alias) => alias.name)
        .sort(),
    ).toEqual(["alias/acme-prod-dr-workspaces-monitoring", "alias/acme-prod-dr-workspaces-volumes"]);
    const text = JSON.stringify(dataOf(json, "aws_iam_policy_document"));
    expect(text).toContain("workspaces.us-west-2.amazonaws.com");
    expect(text).toContain("logs.us-west-2.amazonaws.com");
    expect(text).not.toMatch(/us-east-1/);
  });

  it("monitors the registered directory with the monitoring settings and an Unhealthy alarm per given desktop", () => {
    const alarms = resourcesOf(json, "aws_cloudwatch_metric_alarm");
    expect(alarms.find((alarm) => alarm.alarm_name === "acme-prod-dr-workspaces-connection-failures")?.threshold).toBe(7);
    expect(alarms.filter((alarm) => alarm.for_each)).toHaveLength(1);
    expect(resourcesOf(json, "aws_sns_topic_subscription").map((subscription) => subscription.endpoint)).toEqual(["ops@example.com"]);
    expect(resourcesOf(json, "aws_cloudwatch_log_group").map((group) => group.retention_in_days)).toEqual([90]);
  });

  it("reads the RADIUS shared secret in the Region the secrets live in, and adds an egress rule per server", () => {
    expect(dataOf(json, "aws_secretsmanager_secret_version")).toEqual([expect.objectContaining({ secret_id: "vdi/radius", region: "us-east-1" })]);
    expect(resourcesOf(json, "aws_vpc_security_group_egress_rule").map((rule) => rule.cidr_ipv4)).toEqual(["10.1.0.10/32", "10.1.0.11/32"]);
    const [settings] = resourcesOf(json, "aws_directory_service_radius_settings");
    expect(settings.shared_secret).toMatch(/^\$\{data\.aws_secretsmanager_secret_version\..*\.secret_string\}$/);
    expect(settings.radius_servers).toEqual(["10.1.0.10", "10.1.0.11"]);
  });

  it("adds no RADIUS without its settings, reads secrets in the stack's Region by default, and subscribes no address without one", () => {
    const plain = synthAll({ ...PROPS, radius: undefined, secretRegion: undefined, monitoring: { ...PROPS.monitoring, alarmEmail: undefined } });
    expect(resourcesOf(plain, "aws_directory_service_radius_settings")).toEqual([]);
    expect(dataOf(plain, "aws_secretsmanager_secret_version")).toEqual([]);
    expect(resourcesOf(plain, "aws_sns_topic_subscription")).toEqual([]);
    const secret = synthScope((scope) =>
      new RegionalWorkspaces({ ...PROPS, secretRegion: undefined }).existingSecret(scope, "password", "vdi/pw"),
    ).json;
    expect(dataOf(secret, "aws_secretsmanager_secret_version")[0].region).toBeUndefined();
  });
});
