import type { VdiConfig } from "../config/schema";
import type { PolicyRuleId } from "./rule-ids";
import { isKeyOfThisDeployment, type Resource, type Scope, type StackJson } from "./terraform-json";

export interface PolicyFinding {
  readonly rule: PolicyRuleId;
  readonly severity: "error" | "warning";
  /** The construct path (`desktops/fleet/desktops`) or the stack name. */
  readonly where: string;
  readonly message: string;
  /** Set when `policy.waivers` waives the rule: the finding is then printed, but does not stop synth. */
  readonly waivedBecause?: string;
}

/** What a rule's check says; the engine adds the rule and, for a resource, where it is. */
export type Finding = Pick<PolicyFinding, "severity" | "message">;

/** Checks one resource. */
export type ResourceCheck = (resource: Resource, config: VdiConfig, scope: Scope) => Finding[];

/**
 * One rule of the security policy: its name (what `policy.waivers` names), what it requires, and its checks,
 * run on every synthesized stack. A rule that judges something no single resource shows (the state backend,
 * the union of IP ranges) checks the whole stack and says where.
 */
export interface PolicyRule {
  readonly id: PolicyRuleId;
  /** What the rule requires, as docs/security.md's table says it. */
  readonly description: string;
  /** Checks by Terraform resource type. */
  readonly resources?: Readonly<Record<string, ResourceCheck>>;
  /** A check of every resource, whatever its type. */
  readonly everyResource?: ResourceCheck;
  readonly stack?: (stackName: string, stack: StackJson, config: VdiConfig) => (Finding & Pick<PolicyFinding, "where">)[];
}

export const error = (message: string): Finding => ({ severity: "error", message });
export const warning = (message: string): Finding => ({ severity: "warning", message });

/** The check that a resource's `argument` names a KMS key this deployment creates. */
export const encryptedWithKeyOfThisDeployment =
  (argument: string): ResourceCheck =>
  ({ body }, _, scope) =>
    isKeyOfThisDeployment(body[argument], scope) ? [] : [error("not encrypted with a customer-managed key")];
