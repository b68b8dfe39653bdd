import { Netmask } from "netmask";
import { oneLine } from "../config/errors";
import type { PolicyRuleId } from "./rule-ids";
import type { VdiConfig } from "../config/schema";
import { signInFindings } from "./saml-sign-in";
import { BOOTSTRAP_STACK } from "../stacks/vdi-stack";

/** One synthesized stack as Terraform JSON (`cdk.tf.json`). */
export interface StackJson {
  readonly terraform?: { readonly backend?: Record<string, Record<string, unknown>> };
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { readonly value?: unknown }>;
}

export interface PolicyFinding {
  readonly rule: PolicyRuleId;
  readonly severity: "error" | "warning";
  /** The construct path (`desktops/fleet/desktops`) or the stack name. */
  readonly where: string;
  readonly message: string;
  /** Set when `policy.waivers` waives the rule: the finding is then printed, but does not stop synth. */
  readonly waivedBecause?: string;
}

/**
 * The traversal a string consists of, when it is exactly one interpolation of a resource, data
 * source or remote-state attribute (`${aws_kms_key.k.arn}`): never a literal, a function call or an
 * expression that merely mentions a resource (`${"alias/aws/sns"}`, `$${aws_kms_key.k.arn}`).
 */
function traversalOf(value: unknown): string[] | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)\}$/.exec(value);
  return match ? match[1].split(".") : undefined;
}
const isReference = (value: unknown) => traversalOf(value) !== undefined;

/** Where a policy check looks: the stack of the resource, and every stack (for cross-stack references). */
interface Scope {
  readonly stackName: string;
  readonly stacks: Readonly<Record<string, StackJson>>;
}

/**
 * Whether a key argument names a KMS key this deployment creates: `${aws_kms_key.<name>.<attribute>}`
 * of a key in the same stack, or a remote-state output of another stack of the deployment that is
 * one. A lookup (`data.aws_kms_key`, an AWS-managed key) or an ARN literal is not.
 */
function isKeyOfThisDeployment(value: unknown, scope: Scope, depth = 0): boolean {
  const path = traversalOf(value);
  if (!path || depth > Object.keys(scope.stacks).length) return false;
  const stack = scope.stacks[scope.stackName];
  if (path.length === 3 && path[0] === "aws_kms_key" && ["arn", "key_id", "id"].includes(path[2])) {
    return stack?.resource?.aws_kms_key?.[path[1]] !== undefined;
  }
  if (path.length === 5 && path[0] === "data" && path[1] === "terraform_remote_state" && path[3] === "outputs") {
    const upstream = upstreamStackOf(stack?.data?.terraform_remote_state?.[path[2]], scope.stacks);
    if (upstream === undefined) return false;
    return isKeyOfThisDeployment(scope.stacks[upstream].output?.[path[4]]?.value, { ...scope, stackName: upstream }, depth + 1);
  }
  return false;
}

/** The stack whose S3 state a `terraform_remote_state` reads. */
function upstreamStackOf(remoteState: Record<string, any> | undefined, stacks: Readonly<Record<string, StackJson>>): string | undefined {
  const key = remoteState?.config?.key;
  if (typeof key !== "string") return undefined;
  return Object.keys(stacks).find((name) => stacks[name].terraform?.backend?.s3?.key === key);
}

/** Argument names that carry secret values and therefore must be references. */
const SECRET_ARGUMENT = /(^|_)(password|secret_string|shared_secret|secret)$/;

/** Widest client range that is still "a listed range" rather than the internet. */
const WIDEST_ALLOWED_PREFIX = 8;

type Resource = { readonly type: string; readonly where: string; readonly body: Record<string, any> };

function resourcesOf(stack: StackJson): Resource[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({
      type,
      where: `${(body["//"] as any)?.metadata?.path ?? name} (${type})`,
      body,
    })),
  );
}

type Check = (resource: Resource, config: VdiConfig, scope: Scope) => Omit<PolicyFinding, "where" | "waivedBecause">[];

const error = (rule: PolicyRuleId, message: string) => ({ rule, severity: "error" as const, message });

/** Desktops open to the internet: refused in prod, warned about elsewhere. */
const openAccess = (config: VdiConfig, message: string) => ({
  rule: "ip-access-open" as const,
  severity: config.environment === "prod" ? ("error" as const) : ("warning" as const),
  message,
});

/** The resource-level rules, by Terraform resource type. */
const RESOURCE_CHECKS: Record<string, Check> = {
  aws_workspaces_workspace: ({ body }, config, scope) => {
    // Image builders are the one exception, named in the configuration: WorkSpaces cannot image an encrypted desktop.
    const builders = new Set(config.images.map((image) => image.builderUser));
    const findings = desktopsOf(body).flatMap((entry) =>
      entry.user !== undefined && builders.has(entry.user) ? [] : volumeEncryptionFindings(entry, scope),
    );
    return [...new Map(findings.map((finding) => [finding.message, finding])).values()];
  },
  aws_kms_key: ({ body }) => (body.enable_key_rotation === true ? [] : [error("kms-key-rotation", "key rotation is off")]),
  aws_cloudwatch_log_group: ({ body }, _, scope) => [
    ...(typeof body.retention_in_days === "number" && body.retention_in_days > 0
      ? []
      : [error("log-group-retention", "no retention period: events would be kept forever")]),
    ...(isKeyOfThisDeployment(body.kms_key_id, scope) ? [] : [error("log-group-encryption", "not encrypted with a customer-managed key")]),
  ],
  // Disaster recovery's functions: their logs go to a log group of the stack (which the log-group rules check)
  // rather than one Lambda would create unencrypted, and standby WorkSpaces get a volume key of this deployment.
  aws_lambda_function: ({ body }, _, scope) => {
    const logGroup = traversalOf(body.logging_config?.log_group);
    const ownLogGroup =
      logGroup?.length === 3 &&
      logGroup[0] === "aws_cloudwatch_log_group" &&
      scope.stacks[scope.stackName]?.resource?.aws_cloudwatch_log_group?.[logGroup[1]] !== undefined;
    const volumeKey = body.environment?.variables?.VOLUME_ENCRYPTION_KEY_ARN;
    return [
      ...(ownLogGroup
        ? []
        : [
            error(
              "lambda-log-group",
              "logging_config.log_group is not a log group of this stack: Lambda would create one without encryption or retention",
            ),
          ]),
      ...(volumeKey === undefined || isKeyOfThisDeployment(volumeKey, scope)
        ? []
        : [
            error(
              "volume-encryption",
              `VOLUME_ENCRYPTION_KEY_ARN ${JSON.stringify(volumeKey)} (standby WorkSpaces) is not a customer-managed key of this deployment`,
            ),
          ]),
    ];
  },
  aws_sns_topic: ({ body }, _, scope) =>
    isKeyOfThisDeployment(body.kms_master_key_id, scope) ? [] : [error("sns-topic-encryption", "not encrypted with a customer-managed key")],
  aws_workspaces_directory: ({ body }, config) => {
    const findings = [];
    const creation = body.workspace_creation_properties ?? {};
    const prod = config.environment === "prod";
    if (creation.enable_internet_access === true && !config.desktops.internetAccess) {
      findings.push(error("registration-internet-access", "enable_internet_access is on although desktops.internetAccess is not set"));
    } else if (creation.enable_internet_access === true && prod) {
      findings.push(
        error(
          "registration-internet-access",
          "desktops get public IP addresses in prod (desktops.internetAccess): reach the internet through NAT, or waive the rule with a reason",
        ),
      );
    }
    if (creation.user_enabled_as_local_administrator === true && !config.desktops.localAdministrator) {
      findings.push(error("registration-local-admin", "users are local administrators although desktops.localAdministrator is not set"));
    } else if (creation.user_enabled_as_local_administrator === true && prod) {
      findings.push(
        error(
          "registration-local-admin",
          "users are local administrators of their desktops in prod (desktops.localAdministrator): turn it off, or waive the rule with a reason",
        ),
      );
    }
    findings.push(...signInFindings(body, config));
    if (!Array.isArray(body.ip_group_ids) || body.ip_group_ids.length === 0) {
      findings.push(
        openAccess(config, "no IP access control group is associated: desktops accept connections from any address (set access.ipRules)"),
      );
    }
    return findings;
  },
  aws_workspaces_ip_group: ({ body }, config) =>
    (body.rules ?? [])
      .filter((rule: { source: string }) => Number(rule.source.split("/")[1]) < WIDEST_ALLOWED_PREFIX)
      .map((rule: { source: string }) =>
        openAccess(config, `rule ${rule.source} is wider than /${WIDEST_ALLOWED_PREFIX}: desktops are reachable from most of the internet`),
      ),
};

/**
 * The desktops of a WorkSpaces resource: one per `for_each` entry, with `${each.value.<key>}` arguments replaced by
 * that entry's values (the user is the entry's key), or the resource itself without `for_each`.
 */
function desktopsOf(body: Record<string, any>): { user?: string; desktop: Record<string, unknown>; perUser: Set<string> }[] {
  const entries = body.for_each;
  if (entries === null || typeof entries !== "object" || Array.isArray(entries)) return [{ desktop: body, perUser: new Set() }];
  return Object.entries(entries as Record<string, Record<string, unknown>>).map(([user, values]) => {
    const perUser = new Set<string>();
    const desktop = Object.fromEntries(
      Object.entries(body).map(([argument, value]) => {
        const fromEntry = typeof value === "string" ? /^\$\{each\.value\.(\w+)\}$/.exec(value) : null;
        if (!fromEntry) return [argument, value];
        perUser.add(argument);
        return [argument, values?.[fromEntry[1]]];
      }),
    );
    return { user, desktop, perUser };
  });
}

function volumeEncryptionFindings({ desktop, perUser, user }: { desktop: Record<string, any>; perUser: Set<string>; user?: string }, scope: Scope) {
  // A value set per user names the user; a value shared by every desktop is reported once.
  const of = (argument: string) => (perUser.has(argument) ? ` (desktop of ${user})` : "");
  return [
    ...(desktop.root_volume_encryption_enabled === true
      ? []
      : [error("volume-encryption", `the root volume is not encrypted${of("root_volume_encryption_enabled")}`)]),
    ...(desktop.user_volume_encryption_enabled === true
      ? []
      : [error("volume-encryption", `the user volume is not encrypted${of("user_volume_encryption_enabled")}`)]),
    ...(isKeyOfThisDeployment(desktop.volume_encryption_key, scope)
      ? []
      : [
          error(
            "volume-encryption",
            `volume_encryption_key ${JSON.stringify(desktop.volume_encryption_key ?? null)} is not a customer-managed key of this deployment${of("volume_encryption_key")}`,
          ),
        ]),
  ];
}

function secretLiterals(resource: Resource) {
  const found: Omit<PolicyFinding, "where" | "waivedBecause">[] = [];
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${index}]`));
    else if (value !== null && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "//") continue;
        const innerPath = path ? `${path}.${key}` : key;
        if (SECRET_ARGUMENT.test(key) && typeof inner === "string" && !isReference(inner)) {
          found.push(error("no-secret-literals", `${innerPath} is a literal; use a generated or Secrets Manager secret`));
        } else visit(inner, innerPath);
      }
    }
  };
  visit(resource.body, "");
  return found;
}

/** Addresses one /8 holds: the most a deployment's rules may admit together. */
const WIDEST_ALLOWED_ADDRESSES = 2 ** (32 - WIDEST_ALLOWED_PREFIX);

/**
 * The internet split into many narrower rules (256 × /8 is 0.0.0.0/0) is judged by the union of
 * every rule of the stack's IP groups: overlapping rules count once.
 */
function ipRangeUnionFindings(stack: StackJson, config: VdiConfig): PolicyFinding[] {
  const groups = resourcesOf(stack).filter((resource) => resource.type === "aws_workspaces_ip_group");
  const sources: string[] = groups.flatMap(({ body }) => (body.rules ?? []).map((rule: { source: string }) => rule.source));
  if (sources.some((source) => Number(source.split("/")[1]) < WIDEST_ALLOWED_PREFIX)) return []; // reported rule by rule
  const admitted = unionSize(sources.map((source) => new Netmask(source)));
  if (admitted <= WIDEST_ALLOWED_ADDRESSES) return [];
  return [
    {
      ...openAccess(
        config,
        `the ${sources.length} IP rules together admit ${admitted.toLocaleString("en-US")} addresses, more than a /${WIDEST_ALLOWED_PREFIX} (${WIDEST_ALLOWED_ADDRESSES.toLocaleString("en-US")}): desktops are reachable from much of the internet`,
      ),
      where: groups[0].where,
    },
  ];
}

/** Addresses covered by a set of possibly overlapping blocks. */
function unionSize(blocks: Netmask[]): number {
  const intervals = blocks.map((block) => [block.netLong, block.netLong + block.size] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -1;
  for (const [start, stop] of intervals) {
    if (stop <= end) continue;
    total += stop - Math.max(start, end);
    end = stop;
  }
  return total;
}

function backendFindings(stackName: string, stack: StackJson): PolicyFinding[] {
  // The bootstrap stack creates the bucket, so it cannot keep its state there; its state holds no secret.
  if (stackName === BOOTSTRAP_STACK) return [];
  const s3 = stack.terraform?.backend?.s3;
  if (!s3) return [{ rule: "state-backend", severity: "error", where: stackName, message: "state is not kept in the S3 backend" }];
  const problems = [
    ...(s3.encrypt === true ? [] : ["not encrypted"]),
    // Without a key the backend writes SSE-S3 (AES256), overriding the bucket's default KMS encryption.
    ...(s3.encrypt === true && typeof s3.kms_key_id !== "string" ? ["encrypted with SSE-S3 instead of the state key (no kms_key_id)"] : []),
    ...(s3.use_lockfile === true || typeof s3.dynamodb_table === "string" ? [] : ["not locked"]),
  ];
  return problems.map((problem) => ({ rule: "state-backend", severity: "error", where: stackName, message: `the S3 state is ${problem}` }));
}

/** Every policy finding for the synthesized stacks, with `policy.waivers` applied. */
export function checkSecurityPolicy(stacks: Readonly<Record<string, StackJson>>, config: VdiConfig): PolicyFinding[] {
  const findings = Object.entries(stacks).flatMap(([stackName, stack]) => [
    ...backendFindings(stackName, stack),
    ...ipRangeUnionFindings(stack, config),
    ...resourcesOf(stack).flatMap((resource) =>
      [...(RESOURCE_CHECKS[resource.type]?.(resource, config, { stackName, stacks }) ?? []), ...secretLiterals(resource)].map((finding) => ({
        ...finding,
        where: resource.where,
      })),
    ),
  ]);
  const reasons = new Map(config.policy.waivers.map((waiver) => [waiver.rule, waiver.reason] as const));
  const waived = findings.map((finding): PolicyFinding => {
    const reason = reasons.get(finding.rule);
    return reason === undefined ? finding : { ...finding, severity: "warning", waivedBecause: reason };
  });
  // A waiver that waives nothing hides the next real finding of its rule without review.
  const unused = config.policy.waivers
    .filter((waiver) => !findings.some((finding) => finding.rule === waiver.rule))
    .map((waiver): PolicyFinding => ({
      rule: waiver.rule,
      severity: "warning",
      where: "policy.waivers",
      message: "the waiver waives nothing: this deployment has no finding of the rule; remove the waiver",
    }));
  return [...waived, ...unused];
}

/** `desktops/fleet/desktops (aws_workspaces_workspace): volume-encryption: the user volume is not encrypted` */
export function formatFinding(finding: PolicyFinding): string {
  // A reason may span lines in the file; printed, each finding stays one line.
  const waived = finding.waivedBecause ? ` [waived: ${oneLine(finding.waivedBecause)}]` : "";
  return `${finding.where}: ${finding.rule}: ${finding.message}${waived}`;
}

/** Warnings, then errors, each under its heading; empty when there is nothing to say. */
export function formatFindings(findings: readonly PolicyFinding[]): string {
  const section = (heading: string, severity: PolicyFinding["severity"]) => {
    const lines = findings.filter((finding) => finding.severity === severity).map(formatFinding);
    return lines.length > 0 ? `${heading}:\n${lines.join("\n")}\n` : "";
  };
  return section("Security policy warnings", "warning") + section("Security policy violations (nothing was written)", "error");
}
