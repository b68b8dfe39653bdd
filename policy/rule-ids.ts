/**
 * The names of the security policy's rules, the ones `policy.waivers` may name. The configuration's schema
 * reads this list (and nothing else of policy/), so it stays free of the checks; each rule's text and logic
 * live in its own file of policy/, and policy/index.ts makes sure every name here has exactly one rule.
 * The order is the one the configuration reference and its JSON schema list.
 */
export const POLICY_RULE_IDS = [
  "volume-encryption",
  "kms-key-rotation",
  "log-group-retention",
  "log-group-encryption",
  "lambda-log-group",
  "sns-topic-encryption",
  "no-secret-literals",
  "state-backend",
  "ip-access-open",
  "registration-internet-access",
  "registration-local-admin",
  "saml-sign-in",
] as const;

export type PolicyRuleId = (typeof POLICY_RULE_IDS)[number];
