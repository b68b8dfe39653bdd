import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import type { VdiConfig } from "../../config/schema";
import { checkSecurityPolicy, formatFinding } from "../../policy";
import { desktopsOf } from "../../synthesis/resource-instances";
import { configWith, synthApp, type TerraformJson } from "../helpers";

type Stacks = Record<"network" | "identity" | "desktops", TerraformJson>;

function stacksOf(config: VdiConfig): Stacks {
  const { network, identity, desktops } = synthApp(config);
  return { network, identity, desktops };
}

const defaultConfig = configWith();
const defaultStacks = stacksOf(defaultConfig);

/** The default deployment with one resource of `type` in `stack` changed by `change`. */
function mutated(stack: keyof Stacks, type: string, change: (body: Record<string, any>) => void): Stacks {
  const copy: Stacks = JSON.parse(JSON.stringify(defaultStacks));
  const resources = copy[stack].resource[type];
  change(resources[Object.keys(resources)[0]]);
  return copy;
}

const messagesOf = (stacks: Stacks, config: VdiConfig = defaultConfig) => checkSecurityPolicy(stacks, config).map(formatFinding);
const errorsOf = (stacks: Stacks, config: VdiConfig = defaultConfig) =>
  checkSecurityPolicy(stacks, config)
    .filter((finding) => finding.severity === "error")
    .map(formatFinding);

describe("security policy", () => {
  it("finds nothing in the default deployment", () => {
    expect(messagesOf(defaultStacks)).toEqual([]);
  });

  const examples = join(__dirname, "..", "..", "config", "examples");
  it.each(readdirSync(examples))("finds nothing in the example %s", (name) => {
    const config = loadConfig(join(examples, name));
    expect(messagesOf(stacksOf(config), config)).toEqual([]);
  });

  describe("volume-encryption", () => {
    it("refuses an unencrypted root or user volume", () => {
      expect(errorsOf(mutated("desktops", "aws_workspaces_workspace", (ws) => (ws.root_volume_encryption_enabled = false)))).toEqual([
        expect.stringMatching(/^desktops\/fleet\/desktops \(aws_workspaces_workspace\): volume-encryption: the root volume is not encrypted$/),
      ]);
      expect(errorsOf(mutated("desktops", "aws_workspaces_workspace", (ws) => delete ws.user_volume_encryption_enabled))).toEqual([
        expect.stringMatching(/volume-encryption: the user volume is not encrypted$/),
      ]);
    });

    it("refuses the AWS-managed key", () => {
      expect(errorsOf(mutated("desktops", "aws_workspaces_workspace", (ws) => (ws.volume_encryption_key = "alias/aws/workspaces")))).toEqual([
        expect.stringMatching(/volume-encryption: volume_encryption_key "alias\/aws\/workspaces" is not a customer-managed key/),
      ]);
    });
  });

  it("kms-key-rotation: refuses a key that does not rotate", () => {
    expect(errorsOf(mutated("identity", "aws_kms_key", (key) => (key.enable_key_rotation = false)))).toEqual([
      expect.stringMatching(/^identity\/identity-key\/key \(aws_kms_key\): kms-key-rotation: key rotation is off$/),
    ]);
  });

  it("log-group-retention: refuses a log group that keeps events forever", () => {
    expect(errorsOf(mutated("network", "aws_cloudwatch_log_group", (group) => delete group.retention_in_days))).toEqual([
      expect.stringMatching(/^network\/flow-logs\/log-group\/group \(aws_cloudwatch_log_group\): log-group-retention: no retention period/),
    ]);
  });

  it("log-group-encryption: refuses an unencrypted log group", () => {
    expect(errorsOf(mutated("desktops", "aws_cloudwatch_log_group", (group) => delete group.kms_key_id))).toEqual([
      expect.stringMatching(/\(aws_cloudwatch_log_group\): log-group-encryption: not encrypted with a customer-managed key$/),
    ]);
  });

  it("sns-topic-encryption: refuses a topic on the AWS-managed key", () => {
    expect(errorsOf(mutated("desktops", "aws_sns_topic", (topic) => (topic.kms_master_key_id = "alias/aws/sns")))).toEqual([
      expect.stringMatching(/\(aws_sns_topic\): sns-topic-encryption: not encrypted with a customer-managed key$/),
    ]);
  });

  it("no-secret-literals: refuses a literal password, secret string or shared secret", () => {
    expect(errorsOf(mutated("identity", "aws_directory_service_directory", (dir) => (dir.password = "TempPassword123!")))).toEqual([
      expect.stringMatching(/^identity\/directory\/directory \(aws_directory_service_directory\): no-secret-literals: password is a literal/),
    ]);
    expect(errorsOf(mutated("identity", "aws_secretsmanager_secret_version", (v) => (v.secret_string = "hunter2")))).toEqual([
      expect.stringMatching(/no-secret-literals: secret_string is a literal/),
    ]);
  });

  it("state-backend: refuses unencrypted or unlocked state", () => {
    const unlocked: Stacks = JSON.parse(JSON.stringify(defaultStacks));
    delete unlocked.identity.terraform.backend.s3.use_lockfile;
    unlocked.network.terraform.backend.s3.encrypt = false;
    expect(errorsOf(unlocked)).toEqual([
      "network: state-backend: the S3 state is not encrypted",
      "identity: state-backend: the S3 state is not locked",
    ]);
  });

  it("state-backend: refuses encrypted state without the state key (the backend would write SSE-S3)", () => {
    const sseS3: Stacks = JSON.parse(JSON.stringify(defaultStacks));
    delete sseS3.desktops.terraform.backend.s3.kms_key_id;
    expect(errorsOf(sseS3)).toEqual(["desktops: state-backend: the S3 state is encrypted with SSE-S3 instead of the state key (no kms_key_id)"]);
  });

  describe("ip-access-open", () => {
    const open = { "access.ipRules": [{ source: "0.0.0.0/0", description: "anywhere" }] };

    it("warns about a rule wider than /8 outside prod", () => {
      const config = configWith(open);
      const findings = checkSecurityPolicy(stacksOf(config), config);
      expect(findings.map((finding) => [finding.severity, formatFinding(finding)])).toEqual([
        [
          "warning",
          expect.stringMatching(/^desktops\/ip-access\/group-1 \(aws_workspaces_ip_group\): ip-access-open: rule 0\.0\.0\.0\/0 is wider than \/8/),
        ],
      ]);
    });

    it("refuses it in prod, and accepts /8", () => {
      const prod = configWith({ ...open, environment: "prod" });
      expect(errorsOf(stacksOf(prod), prod)).toEqual([expect.stringMatching(/ip-access-open: rule 0\.0\.0\.0\/0 is wider than \/8/)]);
      const slash8 = configWith({ environment: "prod", "access.ipRules": [{ source: "10.0.0.0/8", description: "corporate" }] });
      expect(messagesOf(stacksOf(slash8), slash8)).toEqual([]);
    });

    it("refuses a prod registration with no IP rules at all (open to any address)", () => {
      const prod = configWith({ environment: "prod", "access.ipRules": [] });
      expect(errorsOf(stacksOf(prod), prod)).toEqual([
        expect.stringMatching(/\(aws_workspaces_directory\): ip-access-open: no IP access control group is associated/),
      ]);
      const dev = configWith({ "access.ipRules": [] });
      expect(checkSecurityPolicy(stacksOf(dev), dev).map((finding) => finding.severity)).toEqual(["warning"]);
    });
  });

  describe("registration settings", () => {
    it("registration-internet-access: refuses public IPs the configuration did not ask for", () => {
      const stacks = mutated("desktops", "aws_workspaces_directory", (reg) => (reg.workspace_creation_properties.enable_internet_access = true));
      expect(errorsOf(stacks)).toEqual([expect.stringMatching(/registration-internet-access: enable_internet_access is on/)]);
    });

    it("registration-local-admin: refuses local administrators the configuration did not ask for", () => {
      const stacks = mutated(
        "desktops",
        "aws_workspaces_directory",
        (reg) => (reg.workspace_creation_properties.user_enabled_as_local_administrator = true),
      );
      expect(errorsOf(stacks)).toEqual([expect.stringMatching(/registration-local-admin: users are local administrators/)]);
    });

    it("accepts both when the configuration turns them on explicitly", () => {
      const config = configWith({ "desktops.internetAccess": true, "desktops.localAdministrator": true });
      const stacks = stacksOf(config);
      const registration = Object.values(stacks.desktops.resource.aws_workspaces_directory)[0] as any;
      expect(registration.workspace_creation_properties).toMatchObject({ enable_internet_access: true, user_enabled_as_local_administrator: true });
      expect(messagesOf(stacks, config)).toEqual([]);
    });
  });

  it("a waiver turns the rule's errors into warnings that carry the reason", () => {
    const config = configWith({
      environment: "prod",
      "access.ipRules": [{ source: "0.0.0.0/0", description: "kiosk" }],
      policy: { waivers: [{ rule: "ip-access-open", reason: "public kiosk desktops, approved in SEC-123" }] },
    });
    const findings = checkSecurityPolicy(stacksOf(config), config);
    expect(findings).toEqual([
      expect.objectContaining({ rule: "ip-access-open", severity: "warning", waivedBecause: "public kiosk desktops, approved in SEC-123" }),
    ]);
    expect(formatFinding(findings[0])).toMatch(/\[waived: public kiosk desktops, approved in SEC-123\]$/);
  });

  describe("what counts as a key or a reference of this deployment", () => {
    const volumeKeyIs = (value: string) => mutated("desktops", "aws_workspaces_workspace", (ws) => (ws.volume_encryption_key = value));
    // The key each desktop is given (image builders have none).
    const volumeKeyRef = desktopsOf(defaultStacks.desktops)[0].arguments.volume_encryption_key as string;

    it("accepts the key the stack creates", () => {
      expect(volumeKeyRef).toMatch(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
      expect(errorsOf(volumeKeyIs(volumeKeyRef))).toEqual([]);
    });

    it.each([
      ["a lookup of an AWS-managed key", "${data.aws_kms_key.workspaces.arn}"],
      ["a key no stack creates", "${aws_kms_key.elsewhere.arn}"],
      ["a literal wrapped in an interpolation", '${"aws_kms_key.volume.arn"}'],
      ["an expression that mentions a key", '${aws_kms_key.x.arn == "" ? "alias/aws/workspaces" : "alias/aws/workspaces"}'],
      ["the literal form of a reference", volumeKeyRef.replace("${", () => "$${")],
    ])("refuses %s", (_, value) => {
      expect(errorsOf(volumeKeyIs(value))).toEqual([
        expect.stringMatching(/volume-encryption: volume_encryption_key .* is not a customer-managed key of this deployment/),
      ]);
    });

    it("follows a cross-stack reference to the key another stack creates, and refuses one to anything else", () => {
      const stacks: Stacks = JSON.parse(JSON.stringify(defaultStacks));
      const [identityKey] = Object.keys(stacks.identity.resource.aws_kms_key);
      const identityBackend = stacks.identity.terraform.backend.s3;
      (stacks.identity as any).output = {
        ...(stacks.identity as any).output,
        shared_key: { value: `\${aws_kms_key.${identityKey}.arn}` },
        not_a_key: { value: "alias/aws/workspaces" },
      };
      (stacks.desktops as any).data.terraform_remote_state = {
        ...(stacks.desktops as any).data.terraform_remote_state,
        from_identity: { backend: "s3", config: { key: identityBackend.key } },
      };
      const workspace = Object.values(stacks.desktops.resource.aws_workspaces_workspace)[0] as any;
      workspace.volume_encryption_key = "${data.terraform_remote_state.from_identity.outputs.shared_key}";
      expect(errorsOf(stacks)).toEqual([]);
      workspace.volume_encryption_key = "${data.terraform_remote_state.from_identity.outputs.not_a_key}";
      expect(errorsOf(stacks)).toEqual([expect.stringMatching(/volume-encryption/)]);
    });

    it("refuses a secret literal wrapped in an interpolation", () => {
      expect(errorsOf(mutated("identity", "aws_secretsmanager_secret_version", (v) => (v.secret_string = '${"hunter2"}')))).toEqual([
        expect.stringMatching(/no-secret-literals: secret_string is a literal/),
      ]);
    });
  });

  it("ip-access-open: judges the union of every rule, so the internet split into /8s is refused in prod", () => {
    const slash8s = Array.from({ length: 250 }, (_, index) => ({ source: `${index + 1}.0.0.0/8`, description: `part ${index}` }));
    const prod = configWith({ environment: "prod", "access.ipRules": slash8s });
    expect(errorsOf(stacksOf(prod), prod)).toEqual([
      expect.stringMatching(
        /^desktops\/ip-access\/group-\d+ \(aws_workspaces_ip_group\): ip-access-open: the 250 IP rules together admit 4,194,304,000 addresses, more than a \/8/,
      ),
    ]);
    // Overlapping rules count once: two /9 halves and the /8 they make admit one /8.
    const halves = configWith({
      environment: "prod",
      "access.ipRules": ["10.0.0.0/9", "10.128.0.0/9", "10.0.0.0/8", "10.0.0.0/16"].map((source) => ({ source, description: "corp" })),
    });
    expect(messagesOf(stacksOf(halves), halves)).toEqual([]);
  });

  describe("registration settings in prod", () => {
    const prod = { environment: "prod", "desktops.internetAccess": true, "desktops.localAdministrator": true };

    it("refuses public IPs and local administrators even when configured", () => {
      const config = configWith(prod);
      expect(errorsOf(stacksOf(config), config)).toEqual([
        expect.stringMatching(/registration-internet-access: desktops get public IP addresses in prod/),
        expect.stringMatching(/registration-local-admin: users are local administrators of their desktops in prod/),
      ]);
    });

    it("accepts them waived, as warnings with the reason", () => {
      const config = configWith({
        ...prod,
        policy: {
          waivers: [
            { rule: "registration-internet-access", reason: "kiosk desktops without NAT, SEC-7" },
            { rule: "registration-local-admin", reason: "developers install their tools, SEC-8" },
          ],
        },
      });
      expect(checkSecurityPolicy(stacksOf(config), config).map((finding) => [finding.severity, finding.rule])).toEqual([
        ["warning", "registration-internet-access"],
        ["warning", "registration-local-admin"],
      ]);
    });
  });

  it("warns about a waiver that waives nothing", () => {
    const config = configWith({ policy: { waivers: [{ rule: "kms-key-rotation", reason: "kept from an older deployment" }] } });
    expect(messagesOf(stacksOf(config), config)).toEqual([
      "policy.waivers: kms-key-rotation: the waiver waives nothing: this deployment has no finding of the rule; remove the waiver",
    ]);
  });
});
