import { formatStatus } from "../../commands/status";

describe("formatStatus", () => {
  const deployed = {
    network: { vpc_id: "vpc-0abc", availability_zone_ids: ["use1-az2", "use1-az4"] },
    identity: {
      directory_id: "d-9067a1b2c3",
      directory_type: "SimpleAD",
      dns_ip_addresses: ["10.0.0.10", "10.0.64.10"],
      admin_password_secret_arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:x",
    },
    desktops: {
      registration_code: "SLiad+ABC123",
      workspace_ids: { bob: "ws-bbbbbbbbb", Administrator: "ws-aaaaaaaaa" },
      dashboard_name: "vdi-dev-workspaces",
      alarm_topic_arn: "arn:aws:sns:us-east-1:111122223333:vdi-dev-workspaces-alarms",
    },
  };

  it("shows the directory, the registration code users need and a desktop per user", () => {
    const text = formatStatus(deployed);
    expect(text).toMatch(/^Directory\s+d-9067a1b2c3 \(SimpleAD\), DNS 10\.0\.0\.10, 10\.0\.64\.10$/m);
    expect(text).toMatch(/^Registration code\s+SLiad\+ABC123/m);
    expect(text).toMatch(/^ {2}Administrator\s+ws-aaaaaaaaa$/m);
    expect(text).toMatch(/^ {2}bob\s+ws-bbbbbbbbb$/m);
    expect(text.indexOf("Administrator")).toBeLessThan(text.indexOf("bob"));
    expect(text).toMatch(/^Desktops \(2\)$/m);
  });

  it("lists the desktop groups' desktops with the rest, each with its stack, and names a group not deployed", () => {
    const text = formatStatus({
      ...deployed,
      "desktops-finance": { workspace_ids: { carol: "ws-ccccccccc" } },
      "desktops-engineering": undefined,
    });
    expect(text).toMatch(/^Desktops \(3\)$/m);
    expect(text).toMatch(/^ {2}USER\s+STACK\s+WORKSPACE$/m);
    expect(text).toMatch(/^ {2}carol\s+desktops-finance\s+ws-ccccccccc$/m);
    expect(text).toMatch(/^ {2}bob\s+desktops\s+ws-bbbbbbbbb$/m);
    expect(text).toMatch(/^ {2}desktops-engineering: not deployed$/m);
  });

  it("says which stacks are not deployed", () => {
    expect(formatStatus({ network: deployed.network })).toMatch(/^identity\s+not deployed$/m);
    expect(formatStatus({ network: deployed.network })).toMatch(/^desktops\s+not deployed$/m);
  });
});
