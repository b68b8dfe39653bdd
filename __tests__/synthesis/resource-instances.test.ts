import { desktopsOf, instanceCount, instancesOf, mapOf, resolveLocalEntries } from "../../synthesis/resource-instances";

// Written by hand in the forms cdktf synthesizes, so each form is read without the stacks that produce it.
const stack = {
  locals: {
    users: { alice: "alice", bob: "bob" },
    settings: {
      alice: { compute_type: "STANDARD", encrypted: true, tags: { user: "alice" } },
      bob: { compute_type: "POWER", encrypted: false, tags: { user: "bob" } },
    },
    ids: "${{ for key, val in aws_workspaces_workspace.fleet: key => val.id }}",
    key_arn: "${aws_kms_key.volume.arn}",
    primary_ids: "${data.terraform_remote_state.desktops.outputs.workspace_ids}",
  },
  resource: {
    aws_workspaces_workspace: {
      fleet: {
        for_each: "${local.users}",
        user_name: "${each.key}",
        root_volume_encryption_enabled: "${local.settings[each.key].encrypted}",
        volume_encryption_key: "${local.key_arn}",
        workspace_properties: { compute_type_name: '${local.settings[each.key]["compute_type"]}', running_mode: "AUTO_STOP" },
        tags: "${local.settings[each.key].tags}",
      },
    },
    aws_cloudwatch_metric_alarm: {
      unhealthy: { for_each: "${local.ids}", alarm_name: "vdi-unhealthy-${each.key}", dimensions: { WorkspaceId: "${each.value}" } },
      whole: { for_each: "${aws_workspaces_workspace.fleet}", dimensions: { WorkspaceId: "${each.value.id}" } },
      single: { alarm_name: "connection-failures" },
      counted: { count: 3 },
    },
    aws_lambda_invocation: {
      literal: { for_each: { carol: { tags: { user: "carol" } } }, input: "${jsonencode({user = each.key})}", tags: "${each.value.tags}" },
    },
    terraform_data: {
      standby: { for_each: "${local.users}", triggers_replace: { primaryWorkspaceId: "${local.primary_ids[each.key]}", region: "eu-west-1" } },
      alarm_ids: { for_each: "${local.users}", input: { id: "${local.ids[each.key]}" } },
    },
  },
};
const alarms = stack.resource.aws_cloudwatch_metric_alarm;

describe("reading for_each resources from a stack's JSON", () => {
  it("resolves each desktop's arguments from the locals it reads by its key, and says which the desktop set", () => {
    expect(desktopsOf(stack)).toEqual([
      {
        key: "alice",
        userName: "alice",
        resourceName: "fleet",
        arguments: {
          user_name: "alice",
          root_volume_encryption_enabled: true,
          volume_encryption_key: "${aws_kms_key.volume.arn}",
          workspace_properties: { compute_type_name: "STANDARD", running_mode: "AUTO_STOP" },
          tags: { user: "alice" },
        },
        perInstance: new Set(["user_name", "root_volume_encryption_enabled", "workspace_properties", "tags"]),
      },
      expect.objectContaining({ userName: "bob", arguments: expect.objectContaining({ root_volume_encryption_enabled: false }) }),
    ]);
  });

  it("keys a for_each over a map of a resource's instances by that resource's keys, each value the instance's reference", () => {
    expect(instancesOf(stack, alarms.unhealthy).map((alarm) => alarm.arguments)).toEqual([
      { alarm_name: "vdi-unhealthy-alice", dimensions: { WorkspaceId: '${aws_workspaces_workspace.fleet["alice"].id}' } },
      { alarm_name: "vdi-unhealthy-bob", dimensions: { WorkspaceId: '${aws_workspaces_workspace.fleet["bob"].id}' } },
    ]);
    expect(instancesOf(stack, alarms.whole).map((alarm) => alarm.arguments.dimensions.WorkspaceId)).toEqual([
      '${aws_workspaces_workspace.fleet["alice"].id}',
      '${aws_workspaces_workspace.fleet["bob"].id}',
    ]);
    expect(Object.keys(mapOf(stack, alarms.whole.for_each))).toEqual(["alice", "bob"]);
  });

  it("reads a literal for_each map, leaving expressions that merely use each.key as written", () => {
    expect(instancesOf(stack, stack.resource.aws_lambda_invocation.literal)).toEqual([
      { key: "carol", arguments: { input: "${jsonencode({user = each.key})}", tags: { user: "carol" } }, perInstance: new Set(["tags"]) },
    ]);
  });

  it("reads an entry of a local Terraform knows only at plan (another stack's output) as a reference to that entry", () => {
    expect(instancesOf(stack, stack.resource.terraform_data.standby).map((data) => data.arguments.triggers_replace)).toEqual([
      { primaryWorkspaceId: '${data.terraform_remote_state.desktops.outputs.workspace_ids["alice"]}', region: "eu-west-1" },
      { primaryWorkspaceId: '${data.terraform_remote_state.desktops.outputs.workspace_ids["bob"]}', region: "eu-west-1" },
    ]);
  });

  it("reads an entry of a local map of a resource's instances by key, and shares what every instance has alike", () => {
    const [alice, bob] = instancesOf(stack, stack.resource.terraform_data.alarm_ids);
    expect([alice.arguments.input, bob.arguments.input]).toEqual([
      { id: '${aws_workspaces_workspace.fleet["alice"].id}' },
      { id: '${aws_workspaces_workspace.fleet["bob"].id}' },
    ]);
    const [first, second] = instancesOf(stack, stack.resource.aws_workspaces_workspace.fleet);
    expect(second.arguments.volume_encryption_key).toBe("${aws_kms_key.volume.arn}");
    expect(first.perInstance).toEqual(second.perInstance);
  });

  it("counts what Terraform plans: a for_each's keys, a numeric count, else one", () => {
    expect(Object.values(alarms).map((alarm) => instanceCount(stack, alarm))).toEqual([2, 2, 1, 3]);
  });

  it("refuses a for_each whose keys the JSON cannot tell, naming it", () => {
    expect(() => instanceCount(stack, { for_each: "${toset(var.users)}" })).toThrow(
      "cannot read the instances of for_each ${toset(var.users)}: teach synthesis/resource-instances.ts its form",
    );
    expect(() => instanceCount(stack, { for_each: "${local.missing}" })).toThrow("local.missing is not defined in the stack");
    expect(() => instanceCount(stack, { for_each: "${aws_kms_key.volume}" })).toThrow(
      "for_each ${aws_kms_key.volume} reads aws_kms_key.volume, which is not a for_each resource of the stack",
    );
  });

  it("writes one entry of a local map of references as the reference it holds, in either of cdktf's index forms", () => {
    expect(resolveLocalEntries(stack, 'arn:workspace/${local.ids["alice"]}')).toBe('arn:workspace/${aws_workspaces_workspace.fleet["alice"].id}');
    expect(resolveLocalEntries(stack, "${jsonencode({id = local.ids.bob})}")).toBe('${jsonencode({id = aws_workspaces_workspace.fleet["bob"].id})}');
    expect(resolveLocalEntries(stack, "${local.settings.alice}")).toBe("${local.settings.alice}");
  });
});
