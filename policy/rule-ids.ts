/**
 * The security policy every synthesized deployment is checked against. A rule can be waived only
 * by naming it in `policy.waivers` with a reason; the waiver is then printed on every synth.
 */
export const POLICY_RULES = {
  "volume-encryption":
    "WorkSpaces root and user volumes (standby WorkSpaces' too) are encrypted with a customer-managed KMS key this deployment creates (image builders, named in images[].builderUser, excepted)",
  "kms-key-rotation": "customer-managed KMS keys rotate yearly",
  "log-group-retention": "CloudWatch log groups have a retention period",
  "log-group-encryption": "CloudWatch log groups are encrypted with a customer-managed KMS key",
  "lambda-log-group": "Lambda functions log to a log group of their stack (so it has retention and a customer-managed key), never one Lambda creates",
  "sns-topic-encryption": "SNS topics are encrypted with a customer-managed KMS key",
  "no-secret-literals": "passwords and secrets come from generated or referenced secrets, never literals",
  "state-backend": "every stack keeps its state in S3, encrypted with the state key (not SSE-S3), with locking",
  "ip-access-open":
    "desktops are reachable only from listed client ranges no wider than /8, each and all together (refused in prod, warned elsewhere)",
  "registration-internet-access": "desktops get no public IP addresses unless desktops.internetAccess is true, and not in prod unless waived",
  "registration-local-admin": "users are not local administrators unless desktops.localAdministrator is true, and not in prod unless waived",
  "saml-sign-in": "SAML 2.0 sign-in: no directory-password fallback in prod, a directory type that supports it, and a clear MFA (warnings)",
} as const;

export type PolicyRuleId = keyof typeof POLICY_RULES;

export const POLICY_RULE_IDS = Object.keys(POLICY_RULES) as [PolicyRuleId, ...PolicyRuleId[]];
