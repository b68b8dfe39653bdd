import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, openSync, closeSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { testCopy, type StackJson } from "./test-copy";

/**
 * The AWS emulator layer: moto's server on 127.0.0.1, and the copies of the synthesized stacks that Terraform
 * applies against it. Everything that differs from the synthesized JSON is in this file, in explicit lists.
 */

const ROOT = resolve(__dirname, "..", "..");
/** Installed by scripts/emulator-setup.sh (npm run emulator:setup); VDI_MOTO_SERVER names another moto_server. */
export const MOTO_SERVER = process.env.VDI_MOTO_SERVER || join(ROOT, "emulator", ".venv", "bin", "moto_server");

/** Credentials moto accepts (it checks no signature); never real ones. */
const DUMMY_KEYS = { access_key: "emulator", secret_key: "emulator" } as const;

export interface MotoServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Stops the server (by its PID) and waits for it to exit; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts moto_server on a free port of 127.0.0.1 and waits until it answers; its output goes to `logFile`. */
export async function startMoto(logFile: string): Promise<MotoServer> {
  if (!existsSync(MOTO_SERVER)) throw new Error(`${MOTO_SERVER} is missing: run npm run emulator:setup`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, "a");
  const child = spawn(MOTO_SERVER, ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", log, log] });
  closeSync(log);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  // A test process that ends without calling stop() (a crash, a timeout, a signal) still takes its server with it.
  const killOnExit = () => killChild(child);
  const killOnSignal = () => {
    killChild(child);
    process.exit(1);
  };
  process.once("exit", killOnExit);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, killOnSignal);
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.removeListener(signal, killOnSignal);
    if (child.exitCode === null && child.signalCode === null) {
      killChild(child);
      const forced = setTimeout(() => child.pid && process.kill(child.pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(forced);
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with status ${child.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`${url}/moto-api/`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${url} within 60 s; see ${logFile}`);
    }
    await new Promise((wait) => setTimeout(wait, 250));
  }
}

function killChild(child: ChildProcess): void {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

/**
 * The provider endpoint (service) each resource and data source type calls. An explicit map: a type missing here
 * stops the run instead of letting the provider call real AWS.
 */
const SERVICE_BY_TYPE: readonly (readonly [RegExp, string | null])[] = [
  [/^aws_(partition|iam_policy_document|region)$/, null],
  [/^aws_caller_identity$/, "sts"],
  [
    /^aws_(vpc|subnet|route|route_table|route_table_association|eip|nat_gateway|internet_gateway|default_security_group|security_group|flow_log|availability_zones?|vpc_security_group_\w+|vpc_endpoint\w*|vpn_gateway\w*|network_acl\w*)$/,
    "ec2",
  ],
  [/^aws_s3_/, "s3"],
  [/^aws_kms_/, "kms"],
  [/^aws_iam_/, "iam"],
  [/^aws_cloudwatch_log_/, "logs"],
  [/^aws_cloudwatch_event_/, "events"],
  [/^aws_cloudwatch_(metric_alarm|composite_alarm|dashboard)$/, "cloudwatch"],
  [/^aws_sns_/, "sns"],
  [/^aws_sqs_/, "sqs"],
  [/^aws_lambda_/, "lambda"],
  [/^aws_scheduler_/, "scheduler"],
  [/^aws_ssm_/, "ssm"],
  [/^aws_secretsmanager_/, "secretsmanager"],
  [/^aws_directory_service_/, "ds"],
  [/^aws_workspaces_/, "workspaces"],
  [/^aws_servicequotas_/, "servicequotas"],
];

/** The services a stack calls, from its resource and data source types; throws on a type the map lacks. */
export function servicesUsed(stack: StackJson): string[] {
  const services = new Set(["sts"]);
  for (const block of ["resource", "data"] as const) {
    for (const type of Object.keys(stack[block] ?? {})) {
      if (type === "terraform_remote_state") continue;
      const rule = SERVICE_BY_TYPE.find(([pattern]) => pattern.test(type));
      if (!rule) throw new Error(`${block} type ${type} has no endpoint in SERVICE_BY_TYPE (testing/terraform/emulator.ts): add its service`);
      if (rule[1]) services.add(rule[1]);
    }
  }
  return [...services].sort();
}

/** What a moto 5.2.5 gap makes the emulator copy change, with the moto source that shows the gap. */
export interface MotoWorkaround {
  readonly gap: string;
  readonly motoSource: string;
  readonly change: string;
  apply(stack: StackJson): void;
}

/** Every change the emulator copies make because of moto, and nothing else (see also the desktops selection). */
export const MOTO_WORKAROUNDS: readonly MotoWorkaround[] = [
  {
    gap: "S3 lifecycle NoncurrentVersionExpiration keeps only NoncurrentDays and drops NewerNoncurrentVersions, so the provider waits forever for the rule it wrote to read back",
    motoSource: "moto/s3/models.py (LifecycleRule)",
    change: "newer_noncurrent_versions removed from every aws_s3_bucket_lifecycle_configuration rule",
    apply(stack) {
      for (const body of bodies(stack, "resource", "aws_s3_bucket_lifecycle_configuration")) {
        for (const rule of body.rule ?? [])
          for (const expiration of rule.noncurrent_version_expiration ?? []) delete expiration.newer_noncurrent_versions;
      }
    },
  },
  {
    gap: "bucket policy conditions: only StringEquals is evaluated, any other operator and any context key moto does not supply count as a match, so the TLS-only Deny (Bool aws:SecureTransport = false) denies every object request, the state backend's included",
    motoSource: "moto/iam/policy_conditions.py, moto/iam/access_control.py (IAMPolicyStatement._check_conditions)",
    change: "aws_s3_bucket_policy resources whose policy document has a condition other than StringEquals removed, with that document",
    apply(stack) {
      for (const [name, body] of Object.entries<any>(stack.resource?.aws_s3_bucket_policy ?? {})) {
        const document = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(body.policy)?.[1];
        const statements = document ? (stack.data?.aws_iam_policy_document?.[document]?.statement ?? []) : [];
        if (statements.some((statement: any) => (statement.condition ?? []).some((condition: any) => condition.test !== "StringEquals"))) {
          remove(stack, "resource", "aws_s3_bucket_policy", name);
          remove(stack, "data", "aws_iam_policy_document", document!);
        }
      }
    },
  },
  {
    gap: "delete markers cannot be deleted (FakeDeleteMarker has no dispose), so the lock objects use_lockfile writes and deletes in the versioned state bucket leave markers that make force_destroy fail",
    motoSource: "moto/s3/utils.py, moto/s3/models.py (FakeDeleteMarker)",
    change: "use_lockfile removed from the S3 backend (state is still written to and read from the emulated bucket)",
    apply(stack) {
      delete stack.terraform.backend?.s3?.use_lockfile;
    },
  },
];

/**
 * Resource and data source types moto 5.2.5 cannot carry: the desktops stack's resources that depend on them
 * (found from the stack's references) are left out of the emulator run with `-target`.
 */
export const TYPES_MOTO_CANNOT_CARRY: readonly { readonly address: string; readonly missing: string }[] = [
  { address: "data.aws_workspaces_bundle", missing: "DescribeWorkspaceBundles" },
  { address: "aws_workspaces_ip_group", missing: "CreateIpGroups, DescribeIpGroups, DeleteIpGroup" },
  {
    address: "aws_workspaces_directory",
    missing:
      "ModifyWorkspaceAccessProperties, ModifySamlProperties, ModifyCertificateBasedAuthProperties, AssociateIpGroups (RegisterWorkspaceDirectory alone is there)",
  },
  {
    address: "aws_workspaces_workspace",
    missing: "ModifyWorkspaceProperties, StartWorkspaces, StopWorkspaces (and it needs the bundle and the registration)",
  },
  // moto/servicequotas/models.py knows only the "vpc" service's quotas: GetServiceQuota of WorkSpaces fails.
  {
    address: "data.aws_servicequotas_service_quota",
    missing: "GetServiceQuota for service code workspaces (moto/servicequotas/models.py: vpc only)",
  },
];
export const WORKSPACES_GAP_SOURCE = "moto/workspaces/responses.py";

export interface EmulatorSelection {
  /** Managed resources to apply with -target; empty when the whole stack can be applied. */
  readonly targets: string[];
  /** Resources and data sources left out, each with the unsupported address it depends on. */
  readonly leftOut: { readonly address: string; readonly because: string }[];
}

/** Splits a stack into what moto can carry and what it cannot, following references and depends_on. */
export function selectForEmulator(stack: StackJson): EmulatorSelection {
  const addresses = new Map<string, any>();
  for (const block of ["resource", "data"] as const) {
    for (const [type, byName] of Object.entries<any>(stack[block] ?? {})) {
      for (const [name, body] of Object.entries<any>(byName)) addresses.set(`${block === "data" ? "data." : ""}${type}.${name}`, body);
    }
  }
  // Locals are nodes too: a resource reading local.x depends on whatever local.x reads (the fleet's ID map).
  for (const [name, value] of Object.entries<any>(stack.locals ?? {})) addresses.set(`local.${name}`, value);
  const dependsOn = new Map<string, string[]>();
  for (const [address, body] of addresses) {
    const text = JSON.stringify(body);
    const refs = new Set<string>();
    for (const match of text.matchAll(/\b(?:(?:data\.)?aws_[a-z0-9_]+|local)\.[A-Za-z0-9_-]+/g))
      if (addresses.has(match[0]) && match[0] !== address) refs.add(match[0]);
    dependsOn.set(address, [...refs]);
  }
  const cause = new Map<string, string>();
  for (const address of addresses.keys()) {
    const type = address.replace(/\.[^.]+$/, "");
    if (TYPES_MOTO_CANNOT_CARRY.some((entry) => entry.address === type)) cause.set(address, "moto lacks its calls");
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const [address, refs] of dependsOn) {
      const blocked = refs.find((ref) => cause.has(ref));
      if (!cause.has(address) && blocked) {
        cause.set(address, `depends on ${blocked}`);
        grew = true;
      }
    }
  }
  if (cause.size === 0) return { targets: [], leftOut: [] };
  const targets = [...addresses.keys()].filter((address) => !/^(data|local)\./.test(address) && !cause.has(address));
  const leftOut = [...cause].filter(([address]) => !address.startsWith("local.")).map(([address, because]) => ({ address, because }));
  return { targets, leftOut };
}

export interface EmulatorCopyOptions {
  readonly awsProviderVersion: string;
  /** moto's URL. */
  readonly endpoint: string;
  /** Keep state in a local file (the state stack, which creates the bucket the others use); else the S3 backend. */
  readonly localState: boolean;
  /** IDs of resources the configuration expects to exist, replaced by those `seedPrerequisites` created in moto. @default none */
  readonly substitutions?: Readonly<Record<string, string>>;
}

/**
 * The stack as Terraform applies it against moto: the test copy (provider pin, 6.x-only arguments, no
 * prevent_destroy), every AWS provider, the S3 backend and every terraform_remote_state pointed at moto, the
 * MOTO_WORKAROUNDS, and force_destroy on S3 buckets: at teardown the state bucket still holds the other
 * stacks' (empty) state files, which a real deployment keeps on purpose.
 */
export function emulatorCopy(stack: StackJson, options: EmulatorCopyOptions): StackJson {
  let copy = testCopy(stack, { awsProviderVersion: options.awsProviderVersion });
  for (const [configured, seeded] of Object.entries(options.substitutions ?? {}))
    copy = JSON.parse(JSON.stringify(copy).replaceAll(`"${configured}"`, `"${seeded}"`));
  const services = servicesUsed(stack);
  for (const config of [copy.provider?.aws ?? []].flat()) {
    Object.assign(config, {
      ...DUMMY_KEYS,
      endpoints: [Object.fromEntries(services.map((service) => [service, options.endpoint]))],
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: "true",
      skip_region_validation: true,
      s3_use_path_style: true,
      // moto answers calls it lacks with HTTP 500, which the provider retries (25 times by default: a 10-minute "hang").
      max_retries: 2,
    });
  }
  const s3Settings = {
    ...DUMMY_KEYS,
    endpoints: { s3: options.endpoint },
    use_path_style: true,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_s3_checksum: true,
    skip_region_validation: true,
    skip_metadata_api_check: true,
  };
  if (!options.localState && stack.terraform.backend?.s3) copy.terraform.backend = { s3: { ...stack.terraform.backend.s3, ...s3Settings } };
  for (const remote of Object.values<any>(copy.data?.terraform_remote_state ?? {})) {
    if (remote.backend === "s3") Object.assign(remote.config, s3Settings);
  }
  for (const bucket of Object.values<any>(copy.resource?.aws_s3_bucket ?? {})) bucket.force_destroy = true;
  for (const workaround of MOTO_WORKAROUNDS) workaround.apply(copy);
  return copy;
}

/** Removes one resource or data source, and its type's map when it was the last (Terraform refuses an empty one). */
function remove(stack: StackJson, block: "resource" | "data", type: string, name: string): void {
  delete stack[block][type][name];
  if (Object.keys(stack[block][type]).length === 0) delete stack[block][type];
}

function bodies(stack: StackJson, block: "resource" | "data", type: string): any[] {
  return Object.values<any>(stack[block]?.[type] ?? {});
}

/**
 * What a configuration expects to exist in the account before its first deploy, created in moto: the secrets its
 * stacks read with data.aws_secretsmanager_secret_version (the RADIUS shared secret of an MFA configuration), and
 * the virtual private gateways its routes name. moto chooses a new gateway's ID, so the result maps each configured
 * ID to moto's, for `emulatorCopy`'s `substitutions`.
 */
export async function seedPrerequisites(stacks: Readonly<Record<string, StackJson>>, endpoint: string): Promise<Record<string, string>> {
  const secrets = new Set<string>();
  const substitutions: Record<string, string> = {};
  for (const stack of Object.values(stacks)) {
    const region = [stack.provider.aws].flat()[0].region;
    for (const body of bodies(stack, "data", "aws_secretsmanager_secret_version")) {
      if (/\$\{/.test(body.secret_id) || secrets.has(body.secret_id)) continue;
      await awsCall(endpoint, region, "secretsmanager", {
        json: { target: "secretsmanager.CreateSecret", body: { Name: body.secret_id, SecretString: "emulator-shared-secret" } },
      });
      secrets.add(body.secret_id);
    }
    for (const body of bodies(stack, "resource", "aws_route")) {
      const gateway = body.gateway_id;
      if (typeof gateway !== "string" || !/^vgw-[0-9a-f]+$/.test(gateway) || substitutions[gateway]) continue;
      const answer = await awsCall(endpoint, region, "ec2", { query: { Action: "CreateVpnGateway", Type: "ipsec.1", Version: "2016-11-15" } });
      substitutions[gateway] = /<vpnGatewayId>(vgw-[0-9a-f]+)<\/vpnGatewayId>/.exec(answer)![1];
    }
  }
  return substitutions;
}

/** One call of an AWS JSON or query API; moto reads the Region from the credential scope and checks no signature. */
async function awsCall(
  endpoint: string,
  region: string,
  service: string,
  request: { json: { target: string; body: object } } | { query: Record<string, string> },
): Promise<string> {
  const authorization = `AWS4-HMAC-SHA256 Credential=${DUMMY_KEYS.access_key}/20250101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  const response = await fetch(endpoint, {
    method: "POST",
    headers:
      "json" in request
        ? { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": request.json.target, Authorization: authorization }
        : { "Content-Type": "application/x-www-form-urlencoded", Authorization: authorization },
    body: "json" in request ? JSON.stringify(request.json.body) : new URLSearchParams(request.query).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${service} call in ${region}: HTTP ${response.status} ${text}`);
  return text;
}
