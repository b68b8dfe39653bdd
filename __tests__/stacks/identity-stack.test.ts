import { configWith, dataOf, followRead, privateSubnetReferences, referenceTo, resourcesOf, synthApp } from "../helpers";

const MICROSOFT_AD = {
  "network.routes": [{ destination: "10.20.0.0/16", transitGatewayId: "tgw-0123456789abcdef0" }],
  "directory.type": "MicrosoftAD",
  "directory.size": undefined,
  "directory.edition": "Enterprise",
  "directory.radius": { servers: ["10.20.0.10", "10.20.0.11"], sharedSecretId: "mfa/radius-shared-secret", protocol: "MS-CHAPv2" },
};
const AD_CONNECTOR = {
  "network.routes": [{ destination: "10.50.0.0/16", vpnGatewayId: "vgw-0123456789abcdef0" }],
  "directory.type": "ADConnector",
  "directory.size": "Large",
  "directory.connectSettings": {
    customerDnsIps: ["10.50.0.10", "10.50.0.11"],
    customerUsername: "svc-adconnector",
    passwordSecretId: "corp/ad-connector-service-account",
  },
};

describe("identity stack: Simple AD (default)", () => {
  const config = configWith();
  const app = synthApp(config);
  const identity = app.identity;
  const [directory] = resourcesOf(identity, "aws_directory_service_directory");

  it("creates a Simple AD with the configured name, short name and size", () => {
    expect(directory).toMatchObject({ type: "SimpleAD", name: "corp.example.com", short_name: "CORP", size: "Small" });
    expect(directory.edition).toBeUndefined();
    expect(directory.connect_settings).toBeUndefined();
  });

  it("puts it in the network's two private subnets, read through remote state", () => {
    expect(directory.vpc_settings.subnet_ids.map((subnet: string) => followRead(app, "identity", subnet))).toEqual(
      privateSubnetReferences(app, config).map((value) => ({ stack: "network", value })),
    );
    expect(followRead(app, "identity", directory.vpc_settings.vpc_id)).toEqual({
      stack: "network",
      value: referenceTo(app.network, "aws_vpc", "id"),
    });
  });

  it("takes a password Secrets Manager generates through its secret: generated → secret version → directory", () => {
    const [password] = dataOf(identity, "aws_secretsmanager_random_password");
    expect(password.require_each_included_type).toBe(true);
    expect(password.password_length).toBeGreaterThanOrEqual(8);
    expect(password.password_length).toBeLessThanOrEqual(64);
    // The special characters every directory type accepts are the only punctuation left.
    const punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    expect([...punctuation].filter((character) => !password.exclude_characters.includes(character)).join("")).toBe("!#%*+-=^_");
    const [version] = resourcesOf(identity, "aws_secretsmanager_secret_version");
    expect(version.secret_string).toMatch(/^\$\{data\.aws_secretsmanager_random_password\.[^.]+\.random_password\}$/);
    expect(directory.password).toMatch(/^\$\{aws_secretsmanager_secret_version\.[^.]+\.secret_string\}$/);
  });

  it("encrypts the secret with a customer-managed key that rotates", () => {
    const [secret] = resourcesOf(identity, "aws_secretsmanager_secret");
    expect(secret.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(resourcesOf(identity, "aws_kms_key")[0].enable_key_rotation).toBe(true);
  });

  it("has no password literal anywhere in the synthesized stack", () => {
    const text = JSON.stringify(identity);
    for (const match of text.matchAll(/"(password|secret_string|shared_secret)":\s*"([^"]*)"/g)) {
      expect(match[2]).toMatch(/^\$\{.+\}$/);
    }
  });

  it("warns on every plan when the directory has no DNS addresses (not Active), without blocking the stack's plans", () => {
    expect(directory.lifecycle.postcondition).toBeUndefined();
    const address = `aws_directory_service_directory.${Object.keys(identity.resource.aws_directory_service_directory)[0]}`;
    expect((identity as any).check.directory_active.assert).toEqual([
      { condition: `\${length(${address}.dns_ip_addresses) >= 2}`, error_message: expect.stringContaining("Directory corp.example.com") },
    ]);
  });

  it("never replaces the directory for a changed password or description: the password is used only at creation", () => {
    // Both are ForceNew: a new value would mean a new directory, registration and fleet.
    expect(directory.lifecycle.ignore_changes).toEqual(["password", "description"]);
  });

  it("never generates a password the directory does not have: the secret is written once, later values are ignored", () => {
    expect(resourcesOf(identity, "aws_secretsmanager_secret_version")[0].lifecycle).toEqual({ ignore_changes: ["secret_string"] });
  });

  it("forgets, never destroys, the random provider's password of earlier versions, and needs no random provider", () => {
    expect((identity as any).removed).toEqual([{ from: "random_password.admin-password_780A8474", lifecycle: { destroy: false } }]);
    expect(Object.keys(identity.terraform.required_providers)).toEqual(["aws"]);
  });

  it("outputs the directory ID, DNS addresses, security group and secret ARN", () => {
    expect(Object.keys(identity.output)).toEqual(
      expect.arrayContaining(["directory_id", "dns_ip_addresses", "security_group_id", "admin_password_secret_arn"]),
    );
  });
});

describe("identity stack: Managed Microsoft AD with RADIUS MFA", () => {
  const identity = synthApp(configWith(MICROSOFT_AD)).identity;
  const [directory] = resourcesOf(identity, "aws_directory_service_directory");

  it("creates a MicrosoftAD of the configured edition, without a size", () => {
    expect(directory).toMatchObject({ type: "MicrosoftAD", edition: "Enterprise" });
    expect(directory.size).toBeUndefined();
  });

  it("lets the directory reach each RADIUS server on the RADIUS port (UDP) before the settings are applied", () => {
    const rules = identity.resource.aws_vpc_security_group_egress_rule;
    expect(Object.values(rules)).toEqual(
      ["10.20.0.10", "10.20.0.11"].map((server) =>
        expect.objectContaining({
          security_group_id: expect.stringMatching(/^\$\{aws_directory_service_directory\.[^.]+\.security_group_id\}$/),
          ip_protocol: "udp",
          from_port: 1812,
          to_port: 1812,
          cidr_ipv4: `${server}/32`,
        }),
      ),
    );
    const [radius] = resourcesOf(identity, "aws_directory_service_radius_settings");
    expect(radius.depends_on.sort()).toEqual(
      Object.keys(rules)
        .map((id) => `aws_vpc_security_group_egress_rule.${id}`)
        .sort(),
    );
    const customPort = synthApp(configWith({ ...MICROSOFT_AD, "directory.radius": { ...MICROSOFT_AD["directory.radius"], port: 1645 } })).identity;
    expect(resourcesOf(customPort, "aws_vpc_security_group_egress_rule").map((rule) => [rule.from_port, rule.to_port])).toEqual([
      [1645, 1645],
      [1645, 1645],
    ]);
  });

  it("configures RADIUS with the shared secret read from Secrets Manager", () => {
    const [radius] = resourcesOf(identity, "aws_directory_service_radius_settings");
    expect(radius).toMatchObject({ radius_servers: ["10.20.0.10", "10.20.0.11"], authentication_protocol: "MS-CHAPv2", radius_port: 1812 });
    expect(radius.directory_id).toMatch(/aws_directory_service_directory\./);
    expect(radius.shared_secret).toMatch(/^\$\{data\.aws_secretsmanager_secret_version\.[^.]+\.secret_string\}$/);
    expect(dataOf(identity, "aws_secretsmanager_secret_version")[0].secret_id).toBe("mfa/radius-shared-secret");
  });

  it("forwards security logs to an encrypted log group with retention", () => {
    const [subscription] = resourcesOf(identity, "aws_directory_service_log_subscription");
    const [group] = resourcesOf(identity, "aws_cloudwatch_log_group");
    expect(group.name).toMatch(/^\/aws\/directoryservice\//);
    expect(group.retention_in_days).toBe(90);
    expect(group.kms_key_id).toMatch(/aws_kms_key\./);
    expect(subscription.log_group_name).toMatch(/aws_cloudwatch_log_group\./);
    const [policy] = resourcesOf(identity, "aws_cloudwatch_log_resource_policy");
    expect(subscription.depends_on).toEqual([expect.stringMatching(/aws_cloudwatch_log_resource_policy\./)]);
    expect(policy).toBeDefined();
  });
});

describe("identity stack: AD Connector", () => {
  const identity = synthApp(configWith(AD_CONNECTOR)).identity;
  const [directory] = resourcesOf(identity, "aws_directory_service_directory");

  it("connects with the configured DNS servers and service account in the private subnets", () => {
    expect(directory).toMatchObject({ type: "ADConnector", size: "Large" });
    expect(directory.connect_settings).toMatchObject({ customer_dns_ips: ["10.50.0.10", "10.50.0.11"], customer_username: "svc-adconnector" });
    expect(directory.connect_settings.subnet_ids).toHaveLength(2);
    expect(directory.vpc_settings).toBeUndefined();
  });

  it("uses the existing service account secret and generates no password", () => {
    expect(directory.password).toMatch(/^\$\{data\.aws_secretsmanager_secret_version\.[^.]+\.secret_string\}$/);
    expect(dataOf(identity, "aws_secretsmanager_secret_version")[0].secret_id).toBe("corp/ad-connector-service-account");
    expect(dataOf(identity, "aws_secretsmanager_random_password")).toHaveLength(0);
    expect(identity.output.admin_password_secret_arn).toBeUndefined();
  });

  it("creates no KMS key: it stores no secret and forwards no logs", () => {
    expect(resourcesOf(identity, "aws_kms_key")).toHaveLength(0);
  });
});
