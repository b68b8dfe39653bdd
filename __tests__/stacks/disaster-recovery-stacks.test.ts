import { readFileSync } from "node:fs";
import { parseConfig } from "../../config/load";
import { checkSecurityPolicy } from "../../policy";
import { synthApp, yamlWith } from "../helpers";
import { standbyLinksOf, workspaceReferenceOf } from "./standby-links";

const EXAMPLE = readFileSync("config/examples/disaster-recovery.yaml", "utf8");

const exampleWith = (changes: Record<string, unknown> = {}) => parseConfig(yamlWith(changes, EXAMPLE), "dr.yaml");

/** The example with some keys set, through the tests' one synth; the security policy refuses none of it. */
function synthDr(changes: Record<string, unknown> = {}) {
  const config = exampleWith(changes);
  const { all, manifest, assetSize } = synthApp(config);
  expect(checkSecurityPolicy(all, config).filter((finding) => finding.severity === "error")).toEqual([]);
  return { stacks: all as Record<string, any>, manifest, assetSize };
}

const only = (stack: any, type: string) => Object.values(stack.resource?.[type] ?? {}) as any[];
const statementsOf = (stack: any, sid: string) =>
  (Object.values(stack.data.aws_iam_policy_document) as any[])
    .flatMap((doc) => doc.statement ?? [])
    .filter((statement: any) => statement.sid === sid);

const dr = synthDr();

test("the DR stacks deploy in the DR Region (the redirection stack in the primary), after the stacks they read from", () => {
  const regionOf = (name: string) => dr.stacks[name].provider.aws[0].region;
  expect(["dr-network", "dr-identity", "dr-desktops"].map(regionOf)).toEqual(["us-west-2", "us-west-2", "us-west-2"]);
  expect(regionOf("dr-redirection")).toBe("us-east-1");
  const dependencies = (name: string) => [...dr.manifest.stacks[name].dependencies].sort();
  expect(dependencies("dr-network")).toEqual(["state"]);
  expect(dependencies("dr-identity")).toEqual(["dr-network", "identity"]);
  expect(dependencies("dr-desktops")).toEqual(["desktops", "dr-identity", "dr-network"]);
  expect(dependencies("dr-redirection")).toEqual(["desktops", "dr-desktops"]);
  expect(dr.stacks["dr-desktops"].terraform.backend.s3.key).toBe("acme-vdi/prod/dr-desktops.tfstate");
  expect(dr.stacks["dr-desktops"].provider.aws[0].default_tags[0].tags.stack).toBe("dr-desktops");
});

test("the DR network is the DR section's, with names of its own (IAM roles are account-wide)", () => {
  const network = dr.stacks["dr-network"];
  expect(only(network, "aws_vpc")[0].cidr_block).toBe("10.1.0.0/16");
  expect(only(network, "aws_subnet").map((subnet) => subnet.availability_zone_id)).toEqual(expect.arrayContaining(["usw2-az1", "usw2-az2"]));
  expect(only(network, "aws_iam_role")[0].name).toBe("acme-vdi-prod-dr-flow-logs");
  expect(only(network, "aws_nat_gateway")).toHaveLength(1);
});

test("Managed Microsoft AD is replicated through the primary Region's API into the DR network", () => {
  const [replica] = only(dr.stacks["dr-identity"], "aws_directory_service_region");
  expect(replica).toMatchObject({ region: "us-east-1", region_name: "us-west-2" });
  expect(replica.directory_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-identity\.outputs\./);
  expect(replica.vpc_settings.vpc_id).toMatch(/cross-stack-reference-input-dr-network/);
  // Its tags are written through the DR Region's API on the directory ID, which the primary's identity stack tags
  // too: the tags held there are kept, so the two stacks never overwrite each other's (docs/disaster-recovery.md).
  expect(replica.lifecycle.ignore_changes).toEqual(["tags"]);
});

test("an AD Connector in the DR Region fronts the replica's domain controllers there, with the DR Region's secret", () => {
  const identity = dr.stacks["dr-identity"];
  const [replicaAddress] = Object.keys(identity.resource.aws_directory_service_region).map((name) => `aws_directory_service_region.${name}`);
  // The replica's DNS addresses, read through the DR Region's API once the replica exists.
  const [[lookupName, lookup]] = Object.entries<any>(identity.data.aws_directory_service_directory).filter(
    ([, body]) => body["//"].metadata.path === "dr-identity/replica/in-region",
  );
  expect(identity.provider.aws[0].region).toBe("us-west-2");
  expect(lookup.region).toBeUndefined();
  expect(lookup).toMatchObject({ directory_id: `\${${replicaAddress}.directory_id}`, depends_on: [replicaAddress] });
  const [connector] = only(identity, "aws_directory_service_directory");
  expect(connector).toMatchObject({
    type: "ADConnector",
    size: "Small",
    name: "corp.acme.example",
    connect_settings: {
      customer_dns_ips: `\${tolist(data.aws_directory_service_directory.${lookupName}.dns_ip_addresses)}`,
      customer_username: "svc-adconnector-dr",
    },
    depends_on: [replicaAddress],
  });
  expect(connector.connect_settings.vpc_id).toMatch(/cross-stack-reference-input-dr-network/);
  expect(connector.lifecycle.ignore_changes).toContain("password");
  // The password's secret is read in the DR Region (the stack's), no value in the code.
  const [secret] = Object.values<any>(identity.data.aws_secretsmanager_secret_version);
  expect(secret.secret_id).toBe("acme-vdi/dr/ad-connector-service-account");
  expect(secret.region).toBeUndefined();
  expect(connector.password).toMatch(/^\$\{data\.aws_secretsmanager_secret_version\.[\w-]+\.secret_string\}$/);
  expect(identity.output.directory_id.value).toMatch(/^\$\{aws_directory_service_directory\.[\w-]+\.id\}$/);
});

test("the DR connector's DNS addresses are taken at creation, and a check warns when the replica's differ from them", () => {
  const identity = dr.stacks["dr-identity"];
  const [replicaAddress] = Object.keys(identity.resource.aws_directory_service_region).map((name) => `aws_directory_service_region.${name}`);
  const [[connectorName, connector]] = Object.entries<any>(identity.resource.aws_directory_service_directory);
  const connectorAddress = `aws_directory_service_directory.${connectorName}`;
  // A replica with a pending change defers the data source the addresses come from; unknown addresses would plan
  // a replacement of the connector (connect_settings is ForceNew) unless they are ignored after creation. Only
  // they: a changed VPC, subnet or service account still plans its replacement visibly.
  expect(connector.lifecycle.ignore_changes).toEqual(["password", "description", "connect_settings[0].customer_dns_ips"]);
  const fed = /^\$\{tolist\(data\.aws_directory_service_directory\.([\w-]+)\.dns_ip_addresses\)\}$/.exec(
    connector.connect_settings.customer_dns_ips,
  )![1];
  // The check reads the replica again (not the read the connector was created from) and compares with the
  // connector's own (refreshed) DNS servers.
  const lookups = identity.data.aws_directory_service_directory;
  const current = Object.keys(lookups).find((name) => name !== fed)!;
  expect(lookups[current]).toMatchObject({ directory_id: `\${${replicaAddress}.directory_id}`, depends_on: [replicaAddress] });
  const checks = Object.values<any>(identity.check).flatMap((check) => check.assert);
  const dnsCheck = checks.find((assertion) => assertion.condition.includes("customer_dns_ips"));
  expect(dnsCheck.condition).toBe(
    `\${toset(data.aws_directory_service_directory.${current}.dns_ip_addresses) == toset(${connectorAddress}.connect_settings[0].customer_dns_ips)}`,
  );
  expect(dnsCheck.error_message).toContain("by hand");
  // A check without a scoped data source: a scoped one would make every plan exit 2 (guards.ts).
  expect(Object.values<any>(identity.check).every((check) => check.data === undefined)).toBe(true);
});

test("RADIUS MFA of a replicated Managed Microsoft AD goes on the DR Region's connector", () => {
  const identity = synthDr({
    "directory.radius": { servers: ["10.100.0.20"], sharedSecretId: "mfa/radius-shared-secret" },
    "network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0123456789abcdef0" }],
    "disasterRecovery.network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0fedcba9876543210" }],
  }).stacks["dr-identity"];
  const [radius] = only(identity, "aws_directory_service_radius_settings");
  expect(radius.directory_id).toMatch(/^\$\{aws_directory_service_directory\.[\w-]+\.id\}$/);
});

test("AD Connector gets a second connector in the DR Region, with the primary Region's secret, ignored after creation", () => {
  const synthesized = synthDr({
    "directory.type": "ADConnector",
    "directory.edition": undefined,
    "directory.connectSettings": { customerDnsIps: ["10.100.0.10"], customerUsername: "svc-ad", passwordSecretId: "ad/service-account" },
    "network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0123456789abcdef0" }],
    "disasterRecovery.network.routes": [{ destination: "10.100.0.0/16", transitGatewayId: "tgw-0fedcba9876543210" }],
    "disasterRecovery.directoryConnector": undefined,
  }).stacks;
  const connector = synthesized["dr-identity"];
  // The DR VPC routes to the on-premises network through its own Region's gateway.
  expect(Object.values<any>(synthesized["dr-network"].resource.aws_route).filter((route) => route.transit_gateway_id)).toEqual([
    expect.objectContaining({ destination_cidr_block: "10.100.0.0/16", transit_gateway_id: "tgw-0fedcba9876543210" }),
    expect.objectContaining({ destination_cidr_block: "10.100.0.0/16", transit_gateway_id: "tgw-0fedcba9876543210" }),
  ]);
  const [directory] = only(connector, "aws_directory_service_directory");
  expect(directory).toMatchObject({ type: "ADConnector", connect_settings: { customer_dns_ips: ["10.100.0.10"], customer_username: "svc-ad" } });
  expect(directory.lifecycle.ignore_changes).toContain("password");
  expect(Object.values(connector.data.aws_secretsmanager_secret_version)).toEqual([
    expect.objectContaining({ secret_id: "ad/service-account", region: "us-east-1" }),
  ]);
  expect(only(connector, "aws_directory_service_region")).toHaveLength(0);
});

test("the DR registration has the primary's access rules and settings and the replicated directory", () => {
  const desktops = dr.stacks["dr-desktops"];
  const [registration] = only(desktops, "aws_workspaces_directory");
  const [primary] = only(dr.stacks.desktops, "aws_workspaces_directory");
  for (const key of ["self_service_permissions", "workspace_access_properties", "workspace_creation_properties", "saml_properties"]) {
    expect(registration[key]).toEqual(primary[key]);
  }
  expect(registration.directory_id).toMatch(/cross-stack-reference-input-dr-identity/);
  // The output it reads is the DR AD Connector's ID, not the replica's (the primary's) directory ID.
  const output = /outputs\.([\w-]+)\}$/.exec(registration.directory_id)![1];
  expect(dr.stacks["dr-identity"].output[output].value).toMatch(/^\$\{aws_directory_service_directory\.[\w-]+\.id\}$/);
  expect(only(desktops, "aws_workspaces_ip_group")[0].rules).toEqual(only(dr.stacks.desktops, "aws_workspaces_ip_group")[0].rules);
});

test("a connection alias in each Region, associated with that Region's registered directory through a CRUD invocation", () => {
  for (const stack of [dr.stacks["dr-desktops"], dr.stacks["dr-redirection"]]) {
    expect(only(stack, "aws_workspaces_connection_alias")).toEqual([expect.objectContaining({ connection_string: "desktops.acme.example" })]);
    const [association] = only(stack, "aws_lambda_invocation").filter((call) => !call.for_each);
    expect(association.lifecycle_scope).toBe("CRUD");
    expect(association.input).toMatch(/^\$\{jsonencode\(\{"aliasId" = aws_workspaces_connection_alias\.[\w-]+\.id, "directoryId" = /);
  }
  expect(only(dr.stacks["dr-redirection"], "aws_lambda_invocation")[0].input).toMatch(/cross-stack-reference-input-desktops/);
  expect(only(dr.stacks["dr-desktops"], "aws_lambda_invocation").find((call) => !call.for_each).input).toMatch(
    /aws_workspaces_directory\.registration/,
  );
});

test("the association function may associate only its alias with its directory, and logs to its own encrypted group", () => {
  const stack = dr.stacks["dr-desktops"];
  const [scoped] = statementsOf(stack, "AssociateThisAliasWithThisDirectory");
  expect(scoped.actions).toEqual(["workspaces:AssociateConnectionAlias", "workspaces:DisassociateConnectionAlias"]);
  expect(scoped.resources).toEqual([
    expect.stringMatching(
      /^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:workspaces:us-west-2:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:connectionalias\/\$\{aws_workspaces_connection_alias\./,
    ),
    expect.stringMatching(/:workspaces:us-west-2:.*:directory\/\$\{aws_workspaces_directory\.registration/),
  ]);
  const fn = only(stack, "aws_lambda_function").find((candidate) => candidate.function_name === "acme-vdi-prod-dr-connection-alias");
  expect(fn).toMatchObject({ runtime: "nodejs22.x", handler: "index.handler", timeout: 900 });
  expect(fn.logging_config.log_group).toMatch(/^\$\{aws_cloudwatch_log_group\.connection-alias_associate_log-group_\w+\.name\}$/);
  const logGroup = only(stack, "aws_cloudwatch_log_group").find((group) => group.name === "/aws/lambda/acme-vdi-prod-dr-connection-alias");
  expect(logGroup.kms_key_id).toMatch(/^\$\{aws_kms_key\.monitoring-key/);
});

test("the function code is a reproducible zip asset whose hash is its source_code_hash", () => {
  const again = synthDr();
  const fns = (result: typeof dr) => only(result.stacks["dr-desktops"], "aws_lambda_function").map((fn) => [fn.filename, fn.source_code_hash]);
  expect(fns(again)).toEqual(fns(dr));
  const [[filename, hash]] = fns(dr);
  expect(filename).toMatch(/^assets\/.+\.zip$/);
  expect(hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  expect(dr.assetSize("dr-desktops", filename)).toBeGreaterThan(1000);
});

test("one standby WorkSpace per user, linked to the user's primary WorkSpace and encrypted with the DR volume key", () => {
  const stack = dr.stacks["dr-desktops"];
  const standby = standbyLinksOf(dr.stacks);
  expect(standby.users).toEqual(["Admin", "jane.doe"]);
  expect(standby.tagsOf("jane.doe")).toMatchObject({ user: "jane.doe", project: "acme-vdi", stack: "dr-desktops" });
  expect(standby.invocation.lifecycle_scope).toBe("CRUD");
  expect(standby.invocation.input).toContain('"primaryRegion" = "us-east-1"');
  // Each user's primary WorkSpace, through the local of IDs, the remote-state read and the desktops stack's output.
  expect(standby.reads.map((read) => read.stack)).toEqual(["desktops"]);
  for (const user of standby.users) {
    expect(standby.primaryOf(user)).toEqual({ stack: "desktops", workspaceId: workspaceReferenceOf(dr.stacks.desktops, user) });
  }
  const fn = only(stack, "aws_lambda_function").find((candidate) => candidate.function_name === "acme-vdi-prod-dr-standby-workspaces");
  expect(fn.environment.variables.VOLUME_ENCRYPTION_KEY_ARN).toMatch(/^\$\{aws_kms_key\.volume-key_\w+\.arn\}$/);
  const [terminate] = statementsOf(stack, "TerminateStandbyWorkspaces");
  expect(terminate.resources).toEqual([expect.stringMatching(/:workspaces:us-west-2:.*:workspace\/\*$/)]);
  // The handler tags the standbys: CreateTags has no resource types, so it is granted on "*" alone.
  const [create] = statementsOf(stack, "CreateStandbyOfPrimaryInThisDirectory");
  expect(create.actions).toEqual(["workspaces:CreateStandbyWorkspaces"]);
  expect(statementsOf(stack, "TagTheStandbyWorkspaces")).toEqual([expect.objectContaining({ actions: ["workspaces:CreateTags"], resources: ["*"] })]);
});

test("the DR Region's WorkSpaces quota must hold a standby per user, checked at plan time", () => {
  const quotas = Object.values<any>(dr.stacks["dr-desktops"].data.aws_servicequotas_service_quota ?? {});
  expect(quotas.map((quota) => [quota.service_code, quota.lifecycle.postcondition[0].condition])).toEqual([["workspaces", "${self.value >= 2}"]]);
});

test("standby: false creates no standby WorkSpaces, function or volume key", () => {
  const stack = synthDr({ "disasterRecovery.standby": false }).stacks["dr-desktops"];
  expect(stack.data.aws_servicequotas_service_quota).toBeUndefined();
  expect(only(stack, "aws_lambda_invocation").filter((call) => call.for_each)).toHaveLength(0);
  expect(only(stack, "aws_kms_alias").map((alias) => alias.name)).not.toContain("alias/acme-vdi-prod-dr-workspaces-volumes");
  expect(stack.output.standby_workspace_ids).toBeUndefined();
});

test("with dns: TXT failover records hold each Region's connection identifier, the primary one health-checked by a primary-Region alarm", () => {
  const stack = dr.stacks["dr-redirection"];
  const records = only(stack, "aws_route53_record");
  const byRole = Object.fromEntries(records.map((record) => [record.failover_routing_policy.type, record]));
  for (const record of records) expect(record).toMatchObject({ zone_id: "Z0123456789ABCDEFGHIJ", name: "desktops.acme.example", type: "TXT" });
  expect(byRole.PRIMARY.records).toEqual([
    expect.stringMatching(/^\$\{jsondecode\(aws_lambda_invocation\.[\w-]+\.result\)\.connectionIdentifier\}$/),
  ]);
  expect(byRole.SECONDARY.records).toEqual([
    expect.stringMatching(
      /^\$\{jsondecode\(data\.terraform_remote_state\.cross-stack-reference-input-dr-desktops\.outputs\.[\w-]+\)\.connectionIdentifier\}$/,
    ),
  ]);
  expect(byRole.PRIMARY.health_check_id).toMatch(/^\$\{aws_route53_health_check\./);
  expect(byRole.SECONDARY.health_check_id).toBeUndefined();
  const [check] = only(stack, "aws_route53_health_check");
  expect(check).toMatchObject({
    type: "CLOUDWATCH_METRIC",
    cloudwatch_alarm_region: "us-east-1",
    insufficient_data_health_status: "LastKnownStatus",
  });
  const [alarm] = only(stack, "aws_cloudwatch_metric_alarm");
  expect(alarm).toMatchObject({ namespace: "AWS/WorkSpaces", metric_name: "ConnectionFailure", evaluation_periods: 3 });
  expect(alarm.dimensions.DirectoryId).toMatch(/cross-stack-reference-input-desktops/);
});

test("without dns no records or health check; the alias and its association stay", () => {
  const stack = synthDr({ "disasterRecovery.dns": undefined }).stacks["dr-redirection"];
  expect(only(stack, "aws_route53_record")).toHaveLength(0);
  expect(only(stack, "aws_route53_health_check")).toHaveLength(0);
  expect(only(stack, "aws_workspaces_connection_alias")).toHaveLength(1);
});
