import { readFileSync } from "node:fs";
import { parseConfig } from "../config/load";
import type { VdiConfig } from "../config/schema";
import { DR_REGION_STACKS, FAILOVER_STACKS, PRIMARY_REGION_STACKS, desktopGroupStacksOf } from "../topology";
import { problemsOf, synthApp, yamlWith } from "./helpers";

/*
 * Issue 24: every step of the failover runbook plans and applies while the primary Region is unreachable. A failover
 * stack may therefore name the primary Region (or the primary state bucket) nowhere Terraform would contact it: not
 * in its backend, not in a terraform_remote_state read, not as a provider's Region, not as a resource's or data
 * source's `region` argument. (The primary Region may appear as data: ARNs in IAM policies, the standby function's
 * input.)
 */

const EXAMPLE = readFileSync("config/examples/disaster-recovery.yaml", "utf8");

const VARIANTS: Record<string, Record<string, unknown>> = {
  "the disaster-recovery example (Managed Microsoft AD replica, DNS failover, standby)": {},
  "the state bucket in a third Region": { "state.region": "eu-west-1" },
  "AD Connector with RADIUS": {
    directory: {
      type: "ADConnector",
      name: "corp.acme.example",
      shortName: "ACME",
      size: "Small",
      connectSettings: { customerDnsIps: ["10.10.0.10", "10.10.0.11"], customerUsername: "svc-workspaces", passwordSecretId: "corp/ad-connector" },
      radius: { servers: ["10.10.0.20"], sharedSecretId: "corp/radius-shared-secret" },
    },
    "network.routes": [{ destination: "10.10.0.0/16", transitGatewayId: "tgw-0123456789abcdef0" }],
    "disasterRecovery.network.routes": [{ destination: "10.10.0.0/16", transitGatewayId: "tgw-0fedcba9876543210" }],
    "disasterRecovery.directoryConnector": undefined,
  },
  "no DNS records, no standby": { "disasterRecovery.dns": undefined, "disasterRecovery.standby": false },
  "desktop groups with standby (dr-desktops reads each group's state too)": {
    "desktops.groups": [
      { name: "finance", users: [{ userName: "john.roe" }] },
      { name: "engineering", users: [{ userName: "ada.lovelace" }, { userName: "alan.turing" }] },
    ],
  },
};

/** Every place in a stack's Terraform JSON that makes Terraform contact a Region or a state bucket. */
function contactsOf(stack: any): { where: string; region?: string; bucket?: string }[] {
  const contacts: { where: string; region?: string; bucket?: string }[] = [];
  const backend = stack.terraform?.backend?.s3;
  contacts.push({ where: "backend", region: backend?.region, bucket: backend?.bucket });
  for (const [name, read] of Object.entries<any>(stack.data?.terraform_remote_state ?? {})) {
    contacts.push({ where: `data.terraform_remote_state.${name}`, region: read.config.region, bucket: read.config.bucket });
  }
  for (const [name, providers] of Object.entries<any[]>(stack.provider ?? {})) {
    for (const provider of providers)
      contacts.push({ where: `provider.${name}${provider.alias ? `.${provider.alias}` : ""}`, region: provider.region });
  }
  for (const [kind, blocks] of [
    ["resource", stack.resource],
    ["data", stack.data],
  ] as const) {
    for (const [type, byName] of Object.entries<Record<string, any>>(blocks ?? {})) {
      if (type === "terraform_remote_state") continue;
      for (const [name, body] of Object.entries<any>(byName)) {
        if (body.region !== undefined) contacts.push({ where: `${kind}.${type}.${name}`, region: body.region });
      }
    }
  }
  return contacts;
}

describe.each(Object.entries(VARIANTS))("failover readiness: %s", (_name, changes) => {
  const config: VdiConfig = parseConfig(yamlWith(changes, EXAMPLE), "dr.yaml");
  const { all } = synthApp(config);
  const dr = config.disasterRecovery!;
  const primaryRegions = [...new Set([config.region, config.state.region])].filter((region) => region !== dr.region);

  it("has the failover stacks: the DR Region's network and desktops (dr-identity and dr-redirection are managed through the primary Region)", () => {
    expect([...FAILOVER_STACKS]).toEqual([DR_REGION_STACKS.network, DR_REGION_STACKS.desktops]);
    for (const stack of FAILOVER_STACKS) expect(Object.keys(all)).toContain(stack);
  });

  it.each([...FAILOVER_STACKS])(
    "%s contacts only the DR Region: its backend, every state it reads, its providers and every region argument",
    (stack) => {
      const contacts = contactsOf(all[stack]);
      const offending = contacts.filter(
        (contact) =>
          (contact.region !== undefined && primaryRegions.includes(contact.region)) ||
          (contact.bucket !== undefined && contact.bucket === config.state.bucket),
      );
      expect(offending).toEqual([]);
      // And it does say where: a backend and providers in the DR Region, every read of a bucket in the DR Region.
      expect(contacts.find((contact) => contact.where === "backend")).toEqual({ where: "backend", region: dr.region, bucket: expect.any(String) });
      for (const contact of contacts.filter((contact) => contact.where !== "backend" && contact.bucket !== undefined)) {
        expect(contact.region).toBe(dr.region);
      }
      expect(contacts.filter((contact) => contact.where.startsWith("provider.")).map((contact) => contact.region)).toEqual([dr.region]);
    },
  );

  it("the failover stacks read primary stacks' state only from replicas: keys the bootstrap replicates, in the DR bucket", () => {
    const state = all.state as any;
    const [replication] = Object.values<any>(state.resource.aws_s3_bucket_replication_configuration);
    const replicatedPrefixes = replication.rule.map((rule: any) => rule.filter.prefix);
    const drBucket = Object.values<any>(state.resource.aws_s3_bucket).find((bucket) => bucket.region === dr.region)!.bucket;
    const drStateKeys = Object.values(DR_REGION_STACKS).map((stack) => `${config.state.keyPrefix}/${stack}.tfstate`);
    const reads = FAILOVER_STACKS.flatMap((stack) => Object.values<any>(all[stack].data?.terraform_remote_state ?? {}).map((read) => read.config));
    for (const read of reads) {
      expect(read).toMatchObject({ bucket: drBucket, region: dr.region });
      // Either a DR stack's own state, or a primary stack's replica.
      expect(drStateKeys.includes(read.key) || replicatedPrefixes.some((prefix: string) => read.key.startsWith(prefix))).toBe(true);
    }
    // The standby desktops are linked to the primary ones: their IDs come from the primary desktops' replica.
    // Grouped users' from each group's replica.
    const primaryDesktops = [PRIMARY_REGION_STACKS.desktops, ...desktopGroupStacksOf(config)];
    if (dr.standby)
      for (const stack of primaryDesktops) expect(reads.map((read) => read.key)).toContain(`${config.state.keyPrefix}/${stack}.tfstate`);
    // The DR stacks' own states are never overwritten by replication.
    for (const key of drStateKeys) expect(replicatedPrefixes.some((prefix: string) => key.startsWith(prefix))).toBe(false);
    for (const stack of FAILOVER_STACKS) expect((all[stack] as any).terraform.backend.s3.bucket).toBe(drBucket);
  });
});

test("a state bucket name that leaves no room for the DR Region's bucket is refused at load, with the overflow", () => {
  // 55 characters + "-us-west-2" = 65: two more than S3 allows.
  const bucket = `acme-vdi-tfstate-${"1".repeat(38)}`;
  expect(problemsOf(yamlWith({ "state.bucket": bucket }, EXAMPLE))).toEqual([
    `test.yaml:11: state.bucket: "${bucket}" makes the DR Region's state bucket ${bucket}-us-west-2 65 characters long: S3 allows 63; shorten it by 2`,
  ]);
  expect(problemsOf(yamlWith({ "state.bucket": bucket.slice(2) }, EXAMPLE))).toEqual([]);
});
