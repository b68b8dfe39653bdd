import type { PolicyRuleId } from "../config/policy-rules";
import type { VdiConfig } from "../config/schema";
import { signInFindings } from "./sign-in-policy";
import { BOOTSTRAP_STACK } from "./vdi-stack";

/** One synthesized stack as Terraform JSON (`cdk.tf.json`). */
export interface StackJson {
  readonly terraform?: { readonly backend?: Record<string, Record<string, unknown>> };
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

export interface PolicyFinding {
  readonly rule: PolicyRuleId;
  readonly severity: "error" | "warning";
  /** The construct path (`desktops/fleet/desktop-alice`) or the stack name. */
  readonly where: string;
  readonly message: string;
  /** Set when `policy.waivers` waives the rule: the finding is then printed, but does not stop synth. */
  readonly waivedBecause?: string;
}

const isReference = (value: unknown) => typeof value === "string" && /^\$\{.+\}$/s.test(value);
const refersTo = (value: unknown, resourceType: string) =>
  typeof value === "string" && value.includes(`${resourceType}.`) && isReference(value);

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

type Check = (resource: Resource, config: VdiConfig) => Omit<PolicyFinding, "where" | "waivedBecause">[];

const error = (rule: PolicyRuleId, message: string) => ({ rule, severity: "error" as const, message });

/** Desktops open to the internet: refused in prod, warned about elsewhere. */
const openAccess = (config: VdiConfig, message: string) => ({
  rule: "ip-access-open" as const,
  severity: config.environment === "prod" ? ("error" as const) : ("warning" as const),
  message,
});

/** The resource-level rules, by Terraform resource type. */
const RESOURCE_CHECKS: Record<string, Check> = {
  aws_workspaces_workspace: ({ body }, config) => {
    // Image builders are the one exception, named in the configuration: WorkSpaces cannot image an encrypted desktop.
    const builders = new Set(config.images.map((image) => image.builderUser));
    const findings = desktopsOf(body).flatMap((entry) => (entry.user !== undefined && builders.has(entry.user) ? [] : volumeEncryptionFindings(entry)));
    return [...new Map(findings.map((finding) => [finding.message, finding])).values()];
  },
  aws_kms_key: ({ body }) => (body.enable_key_rotation === true ? [] : [error("kms-key-rotation", "key rotation is off")]),
  aws_cloudwatch_log_group: ({ body }) => [
    ...(typeof body.retention_in_days === "number" && body.retention_in_days > 0
      ? []
      : [error("log-group-retention", "no retention period: events would be kept forever")]),
    ...(refersTo(body.kms_key_id, "aws_kms_key") ? [] : [error("log-group-encryption", "not encrypted with a customer-managed key")]),
  ],
  aws_sns_topic: ({ body }) =>
    refersTo(body.kms_master_key_id, "aws_kms_key") ? [] : [error("sns-topic-encryption", "not encrypted with a customer-managed key")],
  aws_workspaces_directory: ({ body }, config) => {
    const findings = [];
    const creation = body.workspace_creation_properties ?? {};
    if (creation.enable_internet_access === true && !config.desktops.internetAccess) {
      findings.push(error("registration-internet-access", "enable_internet_access is on although desktops.internetAccess is not set"));
    }
    if (creation.user_enabled_as_local_administrator === true && !config.desktops.localAdministrator) {
      findings.push(error("registration-local-admin", "users are local administrators although desktops.localAdministrator is not set"));
    }
    findings.push(...signInFindings(body, config));
    if (!Array.isArray(body.ip_group_ids) || body.ip_group_ids.length === 0) {
      findings.push(openAccess(config, "no IP access control group is associated: desktops accept connections from any address (set access.ipRules)"));
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

function volumeEncryptionFindings({ desktop, perUser, user }: { desktop: Record<string, any>; perUser: Set<string>; user?: string }) {
  // A value set per user names the user; a value shared by every desktop is reported once.
  const of = (argument: string) => (perUser.has(argument) ? ` (desktop of ${user})` : "");
  return [
    ...(desktop.root_volume_encryption_enabled === true ? [] : [error("volume-encryption", `the root volume is not encrypted${of("root_volume_encryption_enabled")}`)]),
    ...(desktop.user_volume_encryption_enabled === true ? [] : [error("volume-encryption", `the user volume is not encrypted${of("user_volume_encryption_enabled")}`)]),
    ...(refersTo(desktop.volume_encryption_key, "aws_kms_key")
      ? []
      : [error("volume-encryption", `volume_encryption_key ${JSON.stringify(desktop.volume_encryption_key ?? null)} is not a customer-managed key of this deployment${of("volume_encryption_key")}`)]),
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
    ...resourcesOf(stack).flatMap((resource) =>
      [...(RESOURCE_CHECKS[resource.type]?.(resource, config) ?? []), ...secretLiterals(resource)].map((finding) => ({
        ...finding,
        where: resource.where,
      })),
    ),
  ]);
  const reasons = new Map(config.policy.waivers.map((waiver) => [waiver.rule, waiver.reason] as const));
  return findings.map((finding) => {
    const reason = reasons.get(finding.rule);
    return reason === undefined ? finding : { ...finding, severity: "warning", waivedBecause: reason };
  });
}

/** `desktops/fleet/desktop-alice (aws_workspaces_workspace): volume-encryption: the user volume is not encrypted` */
export function formatFinding(finding: PolicyFinding): string {
  const waived = finding.waivedBecause ? ` [waived: ${finding.waivedBecause}]` : "";
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

