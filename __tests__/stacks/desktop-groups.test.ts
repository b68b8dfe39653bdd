import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { parse } from "yaml";
import { loadConfig, parseConfig } from "../../config/load";
import { MAX_DESKTOPS_PER_STACK } from "../../config/desktops-schema";
import type { VdiConfig } from "../../config/schema";
import { buildStacks } from "../../stacks";
import { mapOf } from "../../synthesis/resource-instances";
import { desktopGroupStackName, desktopGroupStacksOf, stackNamesOf } from "../../topology";
import { dataOf, problemsOf, resourcesOf, synthApp, yamlWith, type TerraformJson } from "../helpers";
import { standbyLinksOf, workspaceReferenceOf } from "./standby-links";

const EXAMPLE = join(__dirname, "..", "..", "config", "examples", "desktop-groups.yaml");
const exampleText = readFileSync(EXAMPLE, "utf8");
/** The disaster-recovery example with desktop groups and standby WorkSpaces (the Terraform layer runs it too). */
const DR_GROUPS = join(__dirname, "..", "fixtures", "desktop-groups", "disaster-recovery.yaml");
/** The example with alan.turing moving from finance to engineering (the Terraform layer runs it too). */
const MOVE = join(__dirname, "..", "fixtures", "desktop-groups", "move.yaml");

/** Every stack's cdk.tf.json as written (text, for byte-for-byte comparisons), and the manifest. */
function synthText(config: VdiConfig): { texts: Record<string, string>; dependencies: Record<string, string[]> } {
  const outdir = mkdtempSync(join(tmpdir(), "vdi-groups-"));
  try {
    const app = new App({ outdir });
    buildStacks(app, config);
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    const names = Object.keys(manifest.stacks);
    return {
      texts: Object.fromEntries(names.map((name) => [name, readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")])),
      dependencies: Object.fromEntries(names.map((name) => [name, manifest.stacks[name].dependencies])),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const groupsOf = (json: TerraformJson) => Object.keys(mapOf(json, resourcesOf(json, "aws_workspaces_workspace")[0].for_each));
const exampleWith = (changes: Record<string, unknown>) => parseConfig(yamlWith(changes, exampleText), "desktop-groups.yaml");
const moveWith = (changes: Record<string, unknown>) => parseConfig(yamlWith(changes, readFileSync(MOVE, "utf8")), "move.yaml");

describe("desktop groups: one stack per group", () => {
  const config = loadConfig(EXAMPLE);
  const app = synthApp(config);

  it("synthesizes desktops-<group> for each group, after the desktops stack, in the topology's order", () => {
    expect(Object.keys(app.manifest.stacks)).toEqual(expect.arrayContaining(["desktops-finance", "desktops-engineering"]));
    expect(stackNamesOf(config)).toEqual(["state", "network", "identity", "desktops", "desktops-finance", "desktops-engineering"]);
    for (const group of config.desktops.groups) expect(app.manifest.stacks[desktopGroupStackName(group)].dependencies).toEqual(["desktops"]);
  });

  it("puts each desktop in its own group's stack, with the group's defaults over desktops.defaults; desktops.users stay in the desktops stack", () => {
    expect(groupsOf(app.desktops)).toEqual(["it.admin"]);
    expect(groupsOf(app.all["desktops-finance"])).toEqual(["jane.doe", "john.roe"]);
    expect(groupsOf(app.all["desktops-engineering"])).toEqual(["ada.lovelace", "alan.turing"]);
    const engineering = config.desktops.users.find((user) => user.userName === "ada.lovelace")!;
    expect(engineering).toMatchObject({ group: "engineering", runningMode: "ALWAYS_ON", computeType: "POWER", rootVolumeGib: 175 });
    // Unset in the group: desktops.defaults, then the built-in value.
    expect(engineering.bundle).toEqual({ owner: "AMAZON", name: "Standard with Windows 10 (Server 2022 based)" });
    expect(config.desktops.users.find((user) => user.userName === "jane.doe")).toMatchObject({
      computeType: "PERFORMANCE",
      runningMode: "AUTO_STOP",
    });
  });

  it("reads the registration, the volume key and the alarm topic from the desktops stack; keeps its own state and Unhealthy alarms", () => {
    const group = app.all["desktops-finance"] as any;
    expect(group.terraform.backend.s3.key).toBe("acme-vdi/dev/desktops-finance.tfstate");
    expect(Object.values<any>(group.data.terraform_remote_state).map((read) => read.config.key)).toEqual(["acme-vdi/dev/desktops.tfstate"]);
    const [desktop] = resourcesOf(group, "aws_workspaces_workspace");
    expect(desktop.directory_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-desktops\.outputs\./);
    const [alarm] = resourcesOf(group, "aws_cloudwatch_metric_alarm");
    expect(alarm.alarm_name).toBe("acme-vdi-dev-finance-workspace-unhealthy-${each.key}");
    expect(alarm.alarm_actions[0]).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-desktops\.outputs\./);
    expect(Object.keys(resourcesOf(group, "aws_sns_topic"))).toEqual([]);
    expect(group.provider.aws[0].default_tags[0].tags.stack).toBe("desktops-finance");
  });

  it("counts every desktop in the desktops stack's WorkSpaces quota check", () => {
    const [quota] = Object.values<any>(app.desktops.data.aws_servicequotas_service_quota);
    expect(quota.lifecycle.postcondition[0].condition).toBe(`\${self.value >= ${config.desktops.users.length}}`);
    expect(config.desktops.users).toHaveLength(5);
  });
});

describe("desktop groups: a change to one group touches only that group's stack", () => {
  const before = synthText(loadConfig(EXAMPLE));
  const added = synthText(exampleWith({ "desktops.groups.0.users.2": { userName: "new.hire" } }));
  const removed = synthText(exampleWith({ "desktops.groups.0.users.1": undefined }));

  it.each([
    ["adding", added],
    ["removing", removed],
  ])("%s a finance user leaves desktops-engineering, network and identity byte-identical", (_, after) => {
    for (const stack of ["desktops-engineering", "network", "identity", "state"]) expect(after.texts[stack]).toBe(before.texts[stack]);
    expect(after.texts["desktops-finance"]).not.toBe(before.texts["desktops-finance"]);
  });

  it("changes the desktops stack only in the quota check's count of every desktop", () => {
    const normalize = (text: string) =>
      text
        .replace(/self\.value >= \d+/g, "self.value >= N")
        .replace(/below the \d+ WorkSpaces/g, "below the N WorkSpaces")
        .replace(/at least \d+ plus/g, "at least N plus");
    expect(added.texts.desktops).not.toBe(before.texts.desktops);
    expect(normalize(added.texts.desktops)).toBe(normalize(before.texts.desktops));
  });

  it("adds or removes a group's stack without changing another group's", () => {
    const third = synthText(exampleWith({ "desktops.groups.2": { name: "sales", users: [{ userName: "sam.sales" }] } }));
    expect(Object.keys(third.texts)).toContain("desktops-sales");
    expect(third.texts["desktops-finance"]).toBe(before.texts["desktops-finance"]);
    expect(third.texts["desktops-engineering"]).toBe(before.texts["desktops-engineering"]);
  });
});

describe("desktop groups: moving a user between groups keeps the WorkSpace", () => {
  const app = synthApp(loadConfig(MOVE));
  const finance = app.all["desktops-finance"] as any;
  const engineering = app.all["desktops-engineering"] as any;
  const address = (json: any) => `aws_workspaces_workspace.${Object.keys(json.resource.aws_workspaces_workspace)[0]}`;

  it("imports the WorkSpace by its ID into the new group's fleet", () => {
    expect(engineering.import).toEqual([{ to: `${address(engineering)}["alan.turing"]`, id: "ws-0123456789" }]);
    expect(engineering.moved).toBeUndefined();
  });

  it("makes the old group forget it (moved out of the fleet, removed with destroy = false), never destroy it", () => {
    expect(finance.moved).toEqual([{ from: `${address(finance)}["alan.turing"]`, to: 'aws_workspaces_workspace.moved_out["alan.turing"]' }]);
    expect(finance.removed).toEqual([{ from: "aws_workspaces_workspace.moved_out", lifecycle: { destroy: false } }]);
    expect(finance.import).toBeUndefined();
  });

  it("reads the arriving WorkSpace by its ID and fails the plan unless importing it would replace nothing", () => {
    const [name, lookup] = Object.entries<any>(engineering.data.aws_workspaces_workspace)[0];
    expect(name).toMatch(/arriving/);
    expect(lookup.workspace_id).toBe("${each.value.id}");
    const arrivals = mapOf(engineering, lookup.for_each);
    expect(Object.keys(arrivals)).toEqual(["alan.turing"]);
    const shared = resourcesOf(engineering, "aws_workspaces_workspace")[0];
    // The values the fleet gives the desktop, whose change forces a new WorkSpace (user_name is the key).
    expect(arrivals["alan.turing"]).toEqual({
      id: "ws-0123456789",
      directory_id: shared.directory_id,
      encrypted: true,
      volume_key: expect.any(String),
    });
    expect((arrivals["alan.turing"] as any).volume_key).toMatch(/terraform_remote_state/);
    const [guard] = lookup.lifecycle.postcondition;
    for (const attribute of [
      "user_name",
      "directory_id",
      "root_volume_encryption_enabled",
      "user_volume_encryption_enabled",
      "volume_encryption_key",
    ])
      expect(guard.condition).toContain(`self.${attribute} ==`);
    expect(guard.error_message).toMatch(/movedFrom of user \$\{each\.key\} names WorkSpace \$\{each\.value\.id\}/);
    expect(guard.error_message).toContain("it is the WorkSpace of user ${self.user_name}");
    // No desktop is planned (imported, replaced) until the read's postcondition holds.
    expect(shared.depends_on).toContain(`data.aws_workspaces_workspace.${name}`);
    // The old stack and the stacks no one moves into read nothing.
    expect(dataOf(finance, "aws_workspaces_workspace")).toEqual([]);
  });

  it("expects an image builder arriving in desktops.users unencrypted", () => {
    const moved = synthApp(
      moveWith({
        "desktops.users.1": { userName: "ex.finance", movedFrom: { group: "finance", workspaceId: "ws-abcdefgh3" } },
        images: [{ name: "finance-desktop", builderUser: "ex.finance", schedule: "cron(0 3 ? * SUN#1 *)" }],
      }),
    );
    const desktops = moved.desktops as any;
    const lookup = Object.values<any>(dataOf(desktops, "aws_workspaces_workspace"))[0];
    expect(mapOf(desktops, lookup.for_each)["ex.finance"]).toMatchObject({ id: "ws-abcdefgh3", encrypted: false, volume_key: "" });
  });

  it("writes no move blocks without movedFrom", () => {
    const example = synthApp(loadConfig(EXAMPLE));
    for (const stack of Object.values<any>(example.all)) expect([stack.import, stack.moved]).toEqual([undefined, undefined]);
  });

  it("moves from desktops.users into a group and back the same way", () => {
    const config = moveWith({
      "desktops.users.0.movedFrom": { group: "finance", workspaceId: "ws-abcdefgh1" },
      "desktops.groups.0.users.2": { userName: "ex.admin", movedFrom: { workspaceId: "ws-abcdefgh2" } },
    });
    const moved = synthApp(config);
    const desktops = moved.desktops as any;
    expect(desktops.import).toEqual([{ to: `${address(desktops)}["it.admin"]`, id: "ws-abcdefgh1" }]);
    expect(desktops.moved).toEqual([{ from: `${address(desktops)}["ex.admin"]`, to: 'aws_workspaces_workspace.moved_out["ex.admin"]' }]);
    const financeMoved = moved.all["desktops-finance"] as any;
    expect(financeMoved.moved.map((block: any) => block.from)).toEqual([
      `${address(financeMoved)}["it.admin"]`,
      `${address(financeMoved)}["alan.turing"]`,
    ]);
    expect(financeMoved.import).toEqual([{ to: `${address(financeMoved)}["ex.admin"]`, id: "ws-abcdefgh2" }]);
  });
});

describe("desktop groups: configurations refused", () => {
  const groupsYaml = (groups: unknown, more: Record<string, unknown> = {}) => problemsOf(yamlWith({ "desktops.groups": groups, ...more }));

  it("names a group badly or twice", () => {
    expect(groupsYaml([{ name: "Finance" }, { name: "a-" }])).toEqual([
      expect.stringMatching(/desktops\.groups\[0\]\.name: "Finance" must be 1–20 lower-case letters, digits or hyphens/),
      expect.stringMatching(/desktops\.groups\[1\]\.name: "a-" must be 1–20 lower-case letters/),
    ]);
    expect(groupsYaml([{ name: "a" }, { name: "b" }, { name: "a" }])).toEqual([
      expect.stringMatching(/desktops\.groups\[2\]\.name: "a" is already the name of desktops\.groups\[0\]/),
    ]);
  });

  it("gives one user two desktops, across desktops.users and groups, case-insensitively", () => {
    expect(groupsYaml([{ name: "a", users: [{ userName: "ADMINISTRATOR" }] }])).toEqual([
      expect.stringMatching(/desktops\.groups\[0\]\.users\[0\]\.userName: "ADMINISTRATOR" is already used by users\[0\]/),
    ]);
  });

  it(`puts more than ${MAX_DESKTOPS_PER_STACK} desktops in one stack, with the suggestion to split`, () => {
    const users = Array.from({ length: MAX_DESKTOPS_PER_STACK + 1 }, (_, index) => ({ userName: `user${index}` }));
    expect(groupsYaml([{ name: "big", users }], { "directory.size": "Large" })).toEqual([
      expect.stringMatching(/desktops\.groups\[0\]\.users: has 501 desktops: at most 500 in one stack .*split them into desktops\.groups/),
    ]);
    expect(
      groupsYaml(
        [
          { name: "a", users: users.slice(0, 250) },
          { name: "b", users: users.slice(250) },
        ],
        { "directory.size": "Large" },
      ),
    ).toEqual([]);
  });

  it("has more desktops than the directory's size is made for", () => {
    const users = (from: number, count: number) => Array.from({ length: count }, (_, index) => ({ userName: `user${from + index}` }));
    expect(
      groupsYaml([
        { name: "a", users: users(0, 300) },
        { name: "b", users: users(300, 300) },
      ]),
    ).toEqual([
      expect.stringMatching(/directory\.size: .*is a SimpleAD of size Small, made for about 500 users, and desktops have 601: use size: Large/),
    ]);
  });

  it("has more desktops than the DR Region's AD Connector in front of the Managed AD replica is made for", () => {
    const users = (from: number, count: number) => Array.from({ length: count }, (_, index) => ({ userName: `user${from + index}` }));
    const drExample = readFileSync("config/examples/disaster-recovery.yaml", "utf8");
    const groups = [
      { name: "a", users: users(0, 300) },
      { name: "b", users: users(300, 300) },
    ];
    expect(problemsOf(yamlWith({ "desktops.groups": groups }, drExample))).toEqual([
      expect.stringMatching(
        /disasterRecovery\.directoryConnector\.size: .*is an ADConnector of size Small, made for about 500 users, and desktops have 60\d: use size: Large/,
      ),
    ]);
    expect(problemsOf(yamlWith({ "desktops.groups": groups, "disasterRecovery.directoryConnector.size": "Large" }, drExample))).toEqual([]);
  });

  it("moves a desktop from a group that does not exist, or from its own group", () => {
    expect(groupsYaml([{ name: "a", users: [{ userName: "x", movedFrom: { group: "gone", workspaceId: "ws-abcdefgh1" } }] }])).toEqual([
      expect.stringMatching(/desktops\.groups\[0\]\.users\[0\]\.movedFrom\.group: "gone" is not a group of desktops\.groups \(a\)/),
    ]);
    expect(groupsYaml([{ name: "a", users: [{ userName: "x", movedFrom: { group: "a", workspaceId: "ws-abcdefgh1" } }] }])).toEqual([
      expect.stringMatching(/movedFrom\.group: "a" names the stack this user is in \(desktops-a\)/),
    ]);
    expect(groupsYaml([{ name: "a", users: [{ userName: "x", movedFrom: { workspaceId: "i-123" } }] }])).toEqual([
      expect.stringMatching(/movedFrom\.workspaceId: "i-123" is not a WorkSpace ID/),
    ]);
  });

  it("asks a feature acting on the desktops stack's fleet to act on a group's desktops", () => {
    const grouped = [{ name: "a", users: [{ userName: "builder" }] }];
    expect(groupsYaml(grouped, { images: [{ name: "base", builderUser: "builder", schedule: "cron(0 3 ? * SUN *)" }] })).toEqual([
      expect.stringMatching(/images\[0\]\.builderUser: "builder" is in desktops\.groups \(a\): image builders must be desktops\.users/),
    ]);
    expect(
      groupsYaml(grouped, {
        costOptimization: { enabled: true, startStop: [{ name: "office", start: "cron(0 7 ? * MON-FRI *)", stop: "cron(0 19 ? * MON-FRI *)" }] },
      }),
    ).toEqual([expect.stringMatching(/costOptimization\.startStop\[0\]: .*covers every AUTO_STOP desktop, and some are in desktops\.groups/)]);
  });

  it("accepts standby WorkSpaces of grouped desktops (the group stacks' states are replicated into the DR Region)", () => {
    const dr = readFileSync(join(__dirname, "..", "..", "config", "examples", "disaster-recovery.yaml"), "utf8");
    const grouped = { "desktops.groups": [{ name: "a", users: [{ userName: "x" }] }] };
    expect(problemsOf(yamlWith(grouped, dr))).toEqual([]);
    expect(problemsOf(yamlWith({ ...grouped, "disasterRecovery.standby": false }, dr))).toEqual([]);
    expect(problemsOf(yamlWith({ "desktops.groups": [{ name: "a" }] }, dr))).toEqual([]);
  });

  it("makes a group's state key longer than S3 allows", () => {
    const keyPrefix = "k".repeat(1024 - "/desktops.tfstate.tflock".length);
    expect(groupsYaml([{ name: "a" }], { "state.keyPrefix": keyPrefix })).toEqual([
      expect.stringMatching(/state\.keyPrefix: .* makes the state lock key of desktops-a .* over the 1,024 bytes S3 allows/),
    ]);
  });

  it("makes a DR stack's state key longer than S3 allows (dr-redirection is longer than desktops)", () => {
    const dr = readFileSync(join(__dirname, "..", "..", "config", "examples", "disaster-recovery.yaml"), "utf8");
    const keyPrefix = "k".repeat(1024 - "/desktops.tfstate.tflock".length);
    expect(problemsOf(yamlWith({ "state.keyPrefix": keyPrefix }, dr))).toEqual([
      expect.stringMatching(
        /state\.keyPrefix: .* makes the state lock key of dr-redirection 1,030 bytes, over the 1,024 bytes S3 allows: shorten it$/,
      ),
    ]);
    expect(problemsOf(yamlWith({ "state.keyPrefix": keyPrefix.slice(6) }, dr))).toEqual([]);
  });

  it("points tag problems of a grouped desktop at its place in the file", () => {
    expect(groupsYaml([{ name: "a", users: [{ userName: "x", tags: { stack: "mine" } }] }])).toEqual([
      expect.stringMatching(/desktops\.groups\[0\]\.users\[0\]\.tags\.stack: "mine" is a tag the deployment sets itself on each desktop/),
    ]);
  });
});

describe("desktop groups: the shipped example", () => {
  it("is commented like the other examples and loads", () => {
    expect(parse(exampleText).desktops.groups.map((group: { name: string }) => group.name)).toEqual(["finance", "engineering"]);
  });
});

describe("desktop groups with disaster recovery: standby WorkSpaces for every user", () => {
  const config = loadConfig(DR_GROUPS);
  const app = synthApp(config);
  const state = app.all.state as any;
  const [replication] = resourcesOf(state, "aws_s3_bucket_replication_configuration");
  const prefixes: string[] = replication.rule.map((rule: any) => rule.filter.prefix);
  const drBucket = `${config.state.bucket}-${config.disasterRecovery!.region}`;
  const standby = standbyLinksOf(app.all);

  it("replicates every group stack's state into the DR bucket by one rule after the fixed stacks', never onto a DR stack's own key", () => {
    expect(prefixes).toEqual([
      "acme-vdi/prod/network.tfstate",
      "acme-vdi/prod/identity.tfstate",
      "acme-vdi/prod/desktops.tfstate",
      "acme-vdi/prod/desktops-",
    ]);
    expect(replication.rule.map((rule: any) => [rule.id, rule.priority])).toEqual(prefixes.map((_, index) => [`replicate-${index + 1}`, index + 1]));
    // Each primary state (and its lock file) matches exactly one rule: no two rules' prefixes overlap.
    for (const stack of ["network", "identity", "desktops", ...desktopGroupStacksOf(config)]) {
      const key = (app.all[stack] as any).terraform.backend.s3.key;
      for (const object of [key, `${key}.tflock`]) expect(prefixes.filter((prefix) => object.startsWith(prefix))).toHaveLength(1);
    }
    for (const dr of ["dr-network", "dr-identity", "dr-desktops", "dr-redirection"]) {
      const key = (app.all[dr] as any).terraform.backend.s3.key;
      expect(prefixes.some((prefix) => key.startsWith(prefix))).toBe(false);
    }
    // The replication role reads and writes the replicated states (the groups' by one wildcard) and nothing else.
    const [permissions] = dataOf(state, "aws_iam_policy_document").filter((doc: any) =>
      doc.statement?.some((statement: any) => statement.sid === "ReadStateVersions"),
    );
    const resourcesOfSid = (sid: string) => permissions.statement.find((statement: any) => statement.sid === sid).resources;
    for (const sid of ["ReadStateVersions", "WriteReplicas"]) {
      expect(resourcesOfSid(sid)).toEqual(prefixes.map((prefix) => expect.stringMatching(new RegExp(`/${prefix.replace(/\./g, "\\.")}\\*$`))));
    }
  });

  it("needs no new bootstrap for a group: adding or removing groups leaves the state stack byte-identical, group rule included", () => {
    const text = (changes: Record<string, unknown>) =>
      synthText(parseConfig(yamlWith(changes, readFileSync(DR_GROUPS, "utf8")), "dr-groups.yaml")).texts.state;
    const withGroups = text({});
    expect(text({ "desktops.groups.2": { name: "sales", users: [{ userName: "sam.sales" }] } })).toBe(withGroups);
    const noGroups = text({ "desktops.groups": undefined });
    expect(noGroups).toBe(withGroups);
    const [rules] = resourcesOf(JSON.parse(noGroups), "aws_s3_bucket_replication_configuration");
    expect(rules.rule.map((rule: any) => rule.filter.prefix)).toContain("acme-vdi/prod/desktops-");
  });

  it("links every user's standby, grouped or not, to the user's primary WorkSpace, read from the replicas in the DR bucket", () => {
    expect([...standby.users].sort()).toEqual(config.desktops.users.map((user) => user.userName).sort());
    expect(standby.reads.map((read) => read.stack)).toEqual(["desktops", "desktops-finance", "desktops-engineering"]);
    for (const read of standby.reads) {
      expect(read.config).toMatchObject({ bucket: drBucket, region: "us-west-2", key: `acme-vdi/prod/${read.stack}.tfstate` });
      expect(prefixes.some((prefix) => read.config.key.startsWith(prefix))).toBe(true);
    }
    for (const user of config.desktops.users) {
      const stack = user.group === undefined ? "desktops" : desktopGroupStackName(user.group);
      expect(standby.primaryOf(user.userName)).toEqual({ stack, workspaceId: workspaceReferenceOf(app.all[stack], user.userName) });
      expect(standby.tagsOf(user.userName)).toMatchObject({ user: user.userName, stack: "dr-desktops", project: "acme-vdi" });
    }
    // The quota check counts a standby per user, grouped ones too.
    const quotas = Object.values<any>((app.all["dr-desktops"] as any).data.aws_servicequotas_service_quota);
    expect(quotas.map((quota) => quota.lifecycle.postcondition[0].condition)).toEqual([`\${self.value >= ${config.desktops.users.length}}`]);
  });

  it("deploys dr-desktops after every group stack it reads", () => {
    expect([...app.manifest.stacks["dr-desktops"].dependencies].sort()).toEqual(
      ["desktops", "desktops-engineering", "desktops-finance", "dr-identity", "dr-network"].sort(),
    );
    const order = stackNamesOf(config);
    for (const group of desktopGroupStacksOf(config)) expect(order.indexOf(group)).toBeLessThan(order.indexOf("dr-desktops"));
  });

  it("reads no group state in dr-desktops without standby, and replicates the group states all the same", () => {
    const noStandby = synthApp(parseConfig(yamlWith({ "disasterRecovery.standby": false }, readFileSync(DR_GROUPS, "utf8")), "dr-groups.yaml"));
    const reads = Object.values<any>((noStandby.all["dr-desktops"] as any).data.terraform_remote_state).map((read) => read.config.key);
    expect(reads.filter((key) => /desktops/.test(key) && !/dr-/.test(key))).toEqual([]);
    const [rules] = resourcesOf(noStandby.all.state, "aws_s3_bucket_replication_configuration");
    expect(rules.rule.map((rule: any) => rule.filter.prefix)).toEqual(prefixes);
  });
});
