import { oneLine } from "../config/errors";
import type { VdiConfig } from "../config/schema";
import { ipAccessOpen } from "./ip-access-open";
import { kmsKeyRotation } from "./kms-key-rotation";
import { lambdaLogGroup, logGroupEncryption, logGroupRetention } from "./log-groups";
import { noSecretLiterals } from "./no-secret-literals";
import { registrationInternetAccess, registrationLocalAdmin } from "./registration";
import type { PolicyFinding, PolicyRule, ResourceCheck } from "./rule";
import type { PolicyRuleId } from "./rule-ids";
import { samlSignIn } from "./saml-sign-in";
import { snsTopicEncryption } from "./sns-topic-encryption";
import { stateBackend } from "./state-backend";
import { resourcesOf, type StackJson } from "./terraform-json";
import { volumeEncryption } from "./volume-encryption";
import { withInstancesCached } from "../synthesis/resource-instances";

export type { PolicyFinding } from "./rule";
export type { StackJson } from "./terraform-json";

/**
 * Every rule by its name: the type gives each name of rule-ids.ts exactly one rule. The order here is the
 * order of findings: a stack's own, then per resource its type's rules, then the rules of every resource.
 */
const RULES: { readonly [id in PolicyRuleId]: PolicyRule & { readonly id: id } } = {
  "log-group-retention": logGroupRetention,
  "log-group-encryption": logGroupEncryption,
  "lambda-log-group": lambdaLogGroup,
  "volume-encryption": volumeEncryption,
  "kms-key-rotation": kmsKeyRotation,
  "sns-topic-encryption": snsTopicEncryption,
  "registration-internet-access": registrationInternetAccess,
  "registration-local-admin": registrationLocalAdmin,
  "saml-sign-in": samlSignIn,
  "state-backend": stateBackend,
  "ip-access-open": ipAccessOpen,
  "no-secret-literals": noSecretLiterals,
};

/** Every policy finding for the synthesized stacks, with `policy.waivers` applied. */
export function checkSecurityPolicy(stacks: Readonly<Record<string, StackJson>>, config: VdiConfig): PolicyFinding[] {
  // Several rules read the instances of one resource (a fleet's desktops): each is resolved once.
  return withInstancesCached(() => check(stacks, config));
}

function check(stacks: Readonly<Record<string, StackJson>>, config: VdiConfig): PolicyFinding[] {
  const rules: PolicyRule[] = Object.values(RULES);
  const findings = Object.entries(stacks).flatMap(([stackName, stack]) => {
    const scope = { stackName, stacks };
    const ofStack = rules.flatMap((rule) => (rule.stack?.(stackName, stack, config) ?? []).map((finding) => ({ rule: rule.id, ...finding })));
    const ofResources = resourcesOf(stack).flatMap((resource) => {
      const found = (rule: PolicyRule, check: ResourceCheck | undefined) =>
        (check?.(resource, config, scope) ?? []).map((finding) => ({ rule: rule.id, ...finding, where: resource.where }));
      return [...rules.flatMap((rule) => found(rule, rule.resources?.[resource.type])), ...rules.flatMap((rule) => found(rule, rule.everyResource))];
    });
    return [...ofStack, ...ofResources];
  });
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
