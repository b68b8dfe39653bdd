import { RULES_PER_IP_GROUP } from "../../modules/aws-limits";
import { chunkRules } from "../../modules/ip-access";
import { instancesOf, mapOf } from "../../synthesis/resource-instances";
import {
  configWith,
  dataOf,
  followRead,
  jsonencodeValue,
  privateSubnetReferences,
  referenceTo,
  resourcesOf,
  synthApp,
  type TerraformJson,
} from "../helpers";

const threeUsers = [
  { userName: "alice" },
  { userName: "bob", computeType: "PERFORMANCE", runningMode: "ALWAYS_ON" },
  { userName: "carol", rootVolumeGib: 175, userVolumeGib: 100 },
];

describe("desktops stack: registration", () => {
  const config = configWith();
  const app = synthApp(config);
  const desktops = app.desktops;
  const [registration] = resourcesOf(desktops, "aws_workspaces_directory");

  it("registers the identity stack's directory in the network's private subnets", () => {
    expect(followRead(app, "desktops", registration.directory_id)).toEqual({
      stack: "identity",
      value: referenceTo(app.identity, "aws_directory_service_directory", "id"),
    });
    expect(registration.subnet_ids.map((subnet: string) => followRead(app, "desktops", subnet))).toEqual(
      privateSubnetReferences(app, config).map((value) => ({ stack: "network", value })),
    );
  });

  it("looks the account's workspaces_DefaultRole up and registers only once it is found", () => {
    expect(resourcesOf(desktops, "aws_iam_role")).toHaveLength(0);
    const [lookup] = dataOf(desktops, "aws_iam_roles");
    expect(lookup.name_regex).toBe("^workspaces_DefaultRole$");
    expect(lookup.lifecycle.postcondition).toEqual([
      { condition: "${length(self.names) == 1}", error_message: expect.stringContaining("directory.createServiceRole: true") },
    ]);
    expect(registration.depends_on).toEqual([expect.stringMatching(/^data\.aws_iam_roles\./)]);
  });

  it("creates the role in the account stack only when directory.createServiceRole is true, never in an environment's stacks", () => {
    expect(synthApp(configWith()).account).toBeUndefined();
    const app = synthApp(configWith({ "directory.createServiceRole": true }));
    for (const stack of [app.state, app.network, app.identity, app.desktops])
      expect(resourcesOf(stack, "aws_iam_role").map((role) => role.name)).not.toContain("workspaces_DefaultRole");
    const account = app.account!;
    const [role] = resourcesOf(account, "aws_iam_role");
    expect(role.name).toBe("workspaces_DefaultRole");
    const trust = dataOf(account, "aws_iam_policy_document").find((doc) => doc.statement[0].actions?.includes("sts:AssumeRole"))!;
    expect(trust.statement[0].principals[0].identifiers).toEqual(["workspaces.amazonaws.com"]);
    expect(
      resourcesOf(account, "aws_iam_role_policy_attachment")
        .map((a) => a.policy_arn.split("/").pop())
        .sort(),
    ).toEqual(["AmazonWorkSpacesSelfServiceAccess", "AmazonWorkSpacesServiceAccess"]);
    // Deployed before the desktops that look it up; its state is under the project's neutral prefix (account-stack.test.ts).
    expect(app.manifest.stacks.desktops.dependencies).toContain("account");
    expect(app.manifest.stacks.account.dependencies).toEqual(["state"]);
    expect(account.terraform.backend.s3.key).toBe("workspaces-vdi/account/account.tfstate");
  });

  it("forgets, never destroys, the role an earlier version created in the desktops stack", () => {
    // The same construct path as the account stack's role, so the same addresses the desktops stack had.
    const accountAddresses = Object.entries(synthApp(configWith({ "directory.createServiceRole": true })).account!.resource).flatMap(
      ([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`),
    );
    expect((desktops as any).removed).toEqual(accountAddresses.sort().map((from) => ({ from, lifecycle: { destroy: false } })));
  });

  it("allows only restarts as self-service and keeps internet access and local admin off", () => {
    expect(registration.self_service_permissions).toEqual({
      restart_workspace: true,
      increase_volume_size: false,
      change_compute_type: false,
      switch_running_mode: false,
      rebuild_workspace: false,
    });
    expect(registration.workspace_creation_properties).toMatchObject({ enable_internet_access: false, user_enabled_as_local_administrator: false });
  });

  it("takes device access from access.devices", () => {
    const registrationWith = resourcesOf(
      synthApp(configWith({ "access.devices.web": "ALLOW", "access.devices.android": "DENY" })).desktops,
      "aws_workspaces_directory",
    )[0];
    expect(registrationWith.workspace_access_properties).toMatchObject({
      device_type_web: "ALLOW",
      device_type_android: "DENY",
      device_type_windows: "ALLOW",
    });
  });
});

describe("desktops stack: IP access control", () => {
  it("associates one group holding the configured rules", () => {
    const desktops = synthApp(configWith()).desktops;
    const [group] = resourcesOf(desktops, "aws_workspaces_ip_group");
    expect(group.rules).toEqual([{ source: "203.0.113.0/24", description: "Example office egress (replace)" }]);
    expect(resourcesOf(desktops, "aws_workspaces_directory")[0].ip_group_ids).toEqual([expect.stringMatching(/aws_workspaces_ip_group\./)]);
  });

  it("splits more rules than one group holds into several groups, all associated", () => {
    const rules = Array.from({ length: RULES_PER_IP_GROUP * 2 + 3 }, (_, i) => ({ source: `198.51.100.${i}/32`, description: `host ${i}` }));
    const desktops = synthApp(configWith({ "access.ipRules": rules })).desktops;
    const groups = resourcesOf(desktops, "aws_workspaces_ip_group");
    expect(groups.map((group) => group.rules.length)).toEqual([RULES_PER_IP_GROUP, RULES_PER_IP_GROUP, 3]);
    expect(groups.flatMap((group) => group.rules.map((rule: any) => rule.source))).toEqual(rules.map((rule) => rule.source));
    expect(resourcesOf(desktops, "aws_workspaces_directory")[0].ip_group_ids).toHaveLength(3);
  });

  it("chunkRules keeps order and never exceeds the group size", () => {
    const rules = Array.from({ length: 25 }, (_, i) => ({ source: `192.0.2.${i}/32`, description: "" }));
    const chunks = chunkRules(rules);
    expect(chunks.map((chunk) => chunk.length)).toEqual([10, 10, 5]);
    expect(chunks.flat()).toEqual(rules);
  });
});

/** The fleet's for_each WorkSpaces resource, its Terraform ID and its instances' arguments (as Terraform sees them) by user name. */
function fleetOf(desktops: TerraformJson) {
  const [[id, resource]] = Object.entries(desktops.resource.aws_workspaces_workspace);
  return { id, resource, instances: Object.fromEntries(instancesOf(desktops, resource).map((desktop) => [desktop.key!, desktop.arguments])) };
}

describe("desktops stack: desktops", () => {
  const desktops = synthApp(configWith({ "desktops.users": threeUsers })).desktops;
  const fleet = fleetOf(desktops);

  it("gives every user one desktop, keyed by user name, with both volumes encrypted by the customer-managed key", () => {
    expect(Object.keys(fleet.instances)).toEqual(["alice", "bob", "carol"]);
    const keyArn = `\${aws_kms_key.${Object.keys(desktops.resource.aws_kms_key).find((id) => id.startsWith("volume-key"))}.arn}`;
    for (const [user, instance] of Object.entries(fleet.instances)) {
      expect(instance).toMatchObject({
        user_name: user,
        root_volume_encryption_enabled: true,
        user_volume_encryption_enabled: true,
        volume_encryption_key: keyArn,
      });
    }
    expect(fleet.resource.directory_id).toMatch(/aws_workspaces_directory\./);
  });

  it("lets account principals use the volume key only through WorkSpaces in the region", () => {
    const policy = dataOf(desktops, "aws_iam_policy_document").find((doc) =>
      doc.statement.some((statement: any) => statement.sid === "AccountPrincipalsUseKeyThroughWorkSpaces"),
    )!;
    const statement = policy.statement.find((st: any) => st.sid === "AccountPrincipalsUseKeyThroughWorkSpaces");
    expect(statement.actions).toEqual(expect.arrayContaining(["kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey*"]));
    expect(statement.condition).toEqual(
      expect.arrayContaining([
        { test: "StringEquals", variable: "kms:ViaService", values: ["workspaces.us-east-1.amazonaws.com"] },
        expect.objectContaining({ variable: "kms:CallerAccount" }),
      ]),
    );
  });

  it("applies each user's overrides over the defaults", () => {
    expect(fleet.instances.alice.workspace_properties).toEqual({
      compute_type_name: "STANDARD",
      root_volume_size_gib: 80,
      user_volume_size_gib: 50,
      running_mode: "AUTO_STOP",
      running_mode_auto_stop_timeout_in_minutes: 60,
    });
    expect(fleet.instances.bob.workspace_properties).toMatchObject({
      compute_type_name: "PERFORMANCE",
      running_mode: "ALWAYS_ON",
      running_mode_auto_stop_timeout_in_minutes: null,
    });
    expect(fleet.instances.carol.workspace_properties).toMatchObject({ root_volume_size_gib: 175, user_volume_size_gib: 100 });
  });

  it("tags each desktop with its user", () => {
    expect(fleet.instances.carol.tags).toEqual({ user: "carol" });
  });

  it("looks each distinct bundle up once, by owner and name or by ID, so both are checked before apply", () => {
    const withId = synthApp(configWith({ "desktops.users": [...threeUsers, { userName: "dave", bundleId: "wsb-abc123def" }] })).desktops;
    const bundles = withId.data.aws_workspaces_bundle;
    const byName = Object.entries(bundles).find(([, bundle]) => bundle.name === "Standard with Windows 10 (Server 2022 based)")!;
    const byId = Object.entries(bundles).find(([, bundle]) => bundle.bundle_id === "wsb-abc123def")!;
    expect(Object.keys(bundles)).toHaveLength(2);
    expect(byName[1].owner).toBe("AMAZON");
    expect(byId[1].name).toBeUndefined();
    const { instances } = fleetOf(withId);
    expect(instances.dave.bundle_id).toBe(`\${data.aws_workspaces_bundle.${byId[0]}.id}`);
    expect(instances.alice.bundle_id).toBe(`\${data.aws_workspaces_bundle.${byName[0]}.id}`);
  });

  it("removing one user leaves the other desktops' addresses and settings unchanged", () => {
    const fewer = fleetOf(synthApp(configWith({ "desktops.users": [threeUsers[0], threeUsers[2]] })).desktops);
    expect(fewer.id).toBe(fleet.id);
    expect(fewer.instances).toEqual({ alice: fleet.instances.alice, carol: fleet.instances.carol });
  });

  it("keeps the users out of the fleet's resource: its for_each is a local, so Terraform's plan time grows linearly", () => {
    // Terraform evaluates a resource's for_each expression again for every instance: a map literal of every
    // desktop's settings there made plan time grow with the square of the fleet (docs/performance.md).
    expect(fleet.resource.for_each).toMatch(/^\$\{local\.[\w-]+\}$/);
    const fewer = synthApp(configWith({ "desktops.users": [threeUsers[0]] })).desktops;
    expect(fleetOf(fewer).resource).toEqual(fleet.resource);
    const unhealthyAlarm = (stack: TerraformJson) =>
      resourcesOf(stack, "aws_cloudwatch_metric_alarm").find((alarm) => alarm.metric_name === "Unhealthy");
    expect(unhealthyAlarm(fewer)).toEqual(unhealthyAlarm(desktops));
  });

  it("never replaces a desktop (and its user volume) because its bundle's ID changed", () => {
    expect(fleet.resource.lifecycle.ignore_changes).toEqual(["bundle_id"]);
  });

  it("keeps what users change through self-service instead of reverting it (or failing to shrink a volume)", () => {
    const selfService = {
      restartWorkspace: true,
      increaseVolumeSize: true,
      changeComputeType: false,
      switchRunningMode: true,
      rebuildWorkspace: false,
    };
    const userManaged = fleetOf(synthApp(configWith({ "desktops.users": threeUsers, "desktops.selfService": selfService })).desktops);
    expect(userManaged.resource.lifecycle.ignore_changes).toEqual([
      "bundle_id",
      "workspace_properties[0].root_volume_size_gib",
      "workspace_properties[0].user_volume_size_gib",
      "workspace_properties[0].running_mode",
      "workspace_properties[0].running_mode_auto_stop_timeout_in_minutes",
    ]);
  });

  it("protects desktops from destruction in prod unless desktops.allowDestroy is true", () => {
    expect(fleet.resource.lifecycle?.prevent_destroy).toBeUndefined();
    expect(fleetOf(synthApp(configWith({ environment: "prod" })).desktops).resource.lifecycle.prevent_destroy).toBe(true);
    const allowed = fleetOf(synthApp(configWith({ environment: "prod", "desktops.allowDestroy": true })).desktops);
    expect(allowed.resource.lifecycle?.prevent_destroy).toBeUndefined();
  });
});

describe("desktops stack: the recipe's validation as code", () => {
  const desktops = synthApp(configWith({ "desktops.users": threeUsers })).desktops;

  it("fails the plan when the Region's WorkSpaces quota is below the stack's desktops, before any is created", () => {
    const quotas = dataOf(desktops, "aws_servicequotas_service_quota");
    expect(quotas.map((quota) => [quota.service_code, quota.quota_name, quota.lifecycle.postcondition[0].condition])).toEqual([
      ["workspaces", "WorkSpaces", "${self.value >= 3}"],
    ]);
    const [quotaName] = Object.keys(desktops.data.aws_servicequotas_service_quota);
    expect(fleetOf(desktops).resource.depends_on).toEqual([`data.aws_servicequotas_service_quota.${quotaName}`]);
  });

  it("warns on every plan about desktops in a failed state or without an IP address, without blocking other changes", () => {
    const fleet = fleetOf(desktops);
    // A postcondition would fail every plan of the stack while one desktop is unhealthy.
    expect(fleet.resource.lifecycle?.postcondition).toBeUndefined();
    const check = (desktops as any).check[`fleet_desktops_usable`];
    const address = `aws_workspaces_workspace.${fleet.id}`;
    expect(check.assert).toHaveLength(1);
    const [assertion] = check.assert;
    expect(assertion.condition).toContain(`for user, desktop in ${address} :`);
    expect(assertion.condition).toMatch(/contains\(\[.*"ERROR".*"UNHEALTHY".*\], desktop\.state\)/);
    expect(assertion.condition).toContain('desktop.ip_address == ""');
    expect(assertion.error_message).toContain('"${user} (${desktop.id}, ${desktop.state})"');
  });

  it("each looked-up bundle must fit the smallest root volume asked of it, in a condition valid before Terraform 1.12", () => {
    const [bundle] = dataOf(desktops, "aws_workspaces_bundle");
    // alice and bob take the 80 GiB default, carol 175 GiB: the bundle must fit 80.
    const [rootFits] = bundle.lifecycle.postcondition;
    expect(rootFits.condition).toBe("${alltrue([for storage in self.root_storage : tonumber(storage.capacity) <= 80])}");
    // `||` evaluates both sides before 1.12: indexing an empty list there would fail the plan.
    for (const condition of bundle.lifecycle.postcondition) expect(condition.condition).not.toMatch(/\|\||\[0\]/);
  });

  it("each looked-up bundle must be of the GPU family of every compute type asked of it", () => {
    const gpu = synthApp(
      configWith({
        "desktops.users": [
          { userName: "alice", computeType: "GRAPHICS_G4DN", bundle: { name: "my-designers" } },
          { userName: "bob", computeType: "PERFORMANCE", bundle: { name: "my-designers" } },
        ],
      }),
    ).desktops;
    const [bundle] = dataOf(gpu, "aws_workspaces_bundle");
    const familyConditions = bundle.lifecycle.postcondition.slice(1);
    expect(familyConditions.map((condition: any) => condition.condition)).toEqual([
      expect.stringContaining('contains(["GRAPHICS_G4DN","GRAPHICSPRO_G4DN"], type.name)'),
      expect.stringContaining('contains(["VALUE","STANDARD","PERFORMANCE"'),
    ]);
    expect(familyConditions[0].error_message).toContain("cannot run compute type GRAPHICS_G4DN");
    expect(familyConditions[1].error_message).toContain("cannot run compute type PERFORMANCE");
  });
});

describe("desktops stack: monitoring", () => {
  const desktops = synthApp(configWith({ "desktops.users": threeUsers, "monitoring.alarmEmail": "ops@example.com" })).desktops;
  const alarms = resourcesOf(desktops, "aws_cloudwatch_metric_alarm");
  const [topic] = resourcesOf(desktops, "aws_sns_topic");

  it("alarms on connection failures of the directory, missing data not breaching, to the topic", () => {
    const failures = alarms.find((alarm) => alarm.metric_name === "ConnectionFailure")!;
    expect(failures).toMatchObject({ namespace: "AWS/WorkSpaces", statistic: "Sum", period: 300, threshold: 5, treat_missing_data: "notBreaching" });
    expect(failures.dimensions).toEqual({ DirectoryId: expect.stringMatching(/aws_workspaces_directory\./) });
    expect(failures.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic\..*\.arn/)]);
    expect(failures.ok_actions).toEqual(failures.alarm_actions);
  });

  it("alarms on each desktop's Unhealthy metric by WorkspaceId", () => {
    const unhealthy = alarms.filter((alarm) => alarm.metric_name === "Unhealthy");
    expect(unhealthy).toHaveLength(1);
    expect(unhealthy[0]).toMatchObject({
      // Over the local map of IDs, not the resource: a for_each over the resource builds the whole fleet for every alarm.
      for_each: expect.stringMatching(/^\$\{local\.[\w-]+\}$/),
      namespace: "AWS/WorkSpaces",
      statistic: "Maximum",
      threshold: 0,
      comparison_operator: "GreaterThanThreshold",
    });
    const fleetId = fleetOf(desktops).id;
    expect(instancesOf(desktops, unhealthy[0]).map(({ key, arguments: alarm }) => [key, alarm.dimensions, alarm.alarm_name])).toEqual(
      ["alice", "bob", "carol"].map((user) => [
        user,
        { WorkspaceId: `\${aws_workspaces_workspace.${fleetId}["${user}"].id}` },
        expect.stringMatching(new RegExp(`-${user}$`)),
      ]),
    );
  });

  it("publishes to a KMS-encrypted topic the alarm e-mail subscribes to", () => {
    expect(topic.kms_master_key_id).toMatch(/aws_kms_key\./);
    expect(resourcesOf(desktops, "aws_sns_topic_subscription")).toEqual([
      expect.objectContaining({ protocol: "email", endpoint: "ops@example.com" }),
    ]);
    const statements = dataOf(desktops, "aws_iam_policy_document").flatMap((doc) => doc.statement);
    const publishers = statements.find((statement: any) => statement.sid === "ThisAccountsAlarmsPublishToEncryptedTopic");
    // EventBridge writes to the log group, not the topic: no service is granted a key it does not use.
    expect(publishers.principals).toEqual([{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }]);
    // The topic's key, followed by reference: its policy document's principals.
    const keyName = /^\$\{aws_kms_key\.([^.]+)\.arn\}$/.exec(topic.kms_master_key_id)![1];
    const documentName = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(desktops.resource.aws_kms_key[keyName].policy)![1];
    const keyPrincipals = desktops.data.aws_iam_policy_document[documentName].statement.flatMap((statement: any) =>
      statement.principals.flatMap((p: any) => p.identifiers),
    );
    expect(keyPrincipals).toContain("cloudwatch.amazonaws.com");
    expect(keyPrincipals).not.toContain("events.amazonaws.com");
    expect(publishers.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringMatching(/aws_caller_identity/)] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [expect.stringMatching(/^arn:\$\{.*\}:cloudwatch:us-east-1:\$\{.*\}:alarm:\*$/)] },
    ]);
  });

  it("routes WorkSpaces access events to an encrypted log group with retention and a resource policy", () => {
    const [rule] = resourcesOf(desktops, "aws_cloudwatch_event_rule");
    expect(JSON.parse(rule.event_pattern)).toEqual({ source: ["aws.workspaces"], "detail-type": ["WorkSpaces Access"] });
    const [target] = resourcesOf(desktops, "aws_cloudwatch_event_target");
    const [group] = resourcesOf(desktops, "aws_cloudwatch_log_group");
    expect(target.arn).toMatch(/aws_cloudwatch_log_group\..*\.arn/);
    expect(group).toMatchObject({ retention_in_days: 90, kms_key_id: expect.stringMatching(/aws_kms_key\./) });
    expect(group.name).toMatch(/^\/aws\/events\//);
    expect(target.depends_on).toEqual([expect.stringMatching(/aws_cloudwatch_log_resource_policy\./)]);
  });

  it("draws a dashboard of connections, latency and health of the directory", () => {
    const [dashboard] = resourcesOf(desktops, "aws_cloudwatch_dashboard");
    const body = jsonencodeValue(dashboard.dashboard_body);
    const metrics: string[][] = body.widgets.flatMap((widget: { properties: { metrics: string[][] } }) => widget.properties.metrics);
    expect(metrics.map((metric) => metric[1]).sort()).toEqual([
      "Available",
      "ConnectionAttempt",
      "ConnectionFailure",
      "ConnectionSuccess",
      "InSessionLatency",
      "SessionLaunchTime",
      "Unhealthy",
    ]);
    for (const [namespace, , dimension, directoryId] of metrics) {
      expect([namespace, dimension]).toEqual(["AWS/WorkSpaces", "DirectoryId"]);
      expect(directoryId).toMatch(/^\$\{aws_workspaces_directory\.[\w-]+\.id\}$/);
    }
  });

  it("outputs the registration code, directory, WorkSpace per user, dashboard and topic", () => {
    expect(Object.keys(desktops.output)).toEqual(
      expect.arrayContaining(["registration_code", "directory_id", "workspace_ids", "dashboard_name", "alarm_topic_arn"]),
    );
    const fleetId = fleetOf(desktops).id;
    expect(mapOf(desktops, desktops.output.workspace_ids.value)).toEqual(
      Object.fromEntries(["alice", "bob", "carol"].map((user) => [user, `\${aws_workspaces_workspace.${fleetId}["${user}"].id}`])),
    );
  });
});
