import type { VdiConfig } from "../../config/schema";
import { checkSecurityPolicy, formatFinding } from "../../policy";
import { configWith, synthApp } from "../helpers";

const USER_ACCESS_URL = "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/MDEyMzQ1Njc4OTAx";
const MICROSOFT_AD = { "directory.type": "MicrosoftAD", "directory.size": undefined, "directory.edition": "Standard" };
const RADIUS = { "directory.radius": { servers: ["10.0.0.10"], sharedSecretId: "mfa/radius-shared-secret" } };

/** The saml-sign-in findings of the whole synthesized app for the default configuration with `changes`. */
function signInFindings(changes: Record<string, unknown>) {
  const config: VdiConfig = configWith(changes);
  const { network, identity, desktops } = synthApp(config);
  return checkSecurityPolicy({ network, identity, desktops }, config).filter((finding) => finding.rule === "saml-sign-in");
}

describe("security policy: saml-sign-in", () => {
  it("has nothing to say without SAML, even with RADIUS", () => {
    expect(signInFindings({ ...MICROSOFT_AD, ...RADIUS })).toEqual([]);
  });

  it("has nothing to say about required SAML on Microsoft AD without RADIUS, in prod", () => {
    expect(signInFindings({ ...MICROSOFT_AD, environment: "prod", "access.saml": { userAccessUrl: USER_ACCESS_URL } })).toEqual([]);
  });

  it("warns in prod that fallback leaves the directory password as a way in", () => {
    const findings = signInFindings({ ...MICROSOFT_AD, environment: "prod", "access.saml": { userAccessUrl: USER_ACCESS_URL, mode: "fallback" } });
    expect(findings.map((finding) => finding.severity)).toEqual(["warning"]);
    expect(formatFinding(findings[0])).toMatch(
      /^desktops\/registration\/directory \(aws_workspaces_directory\): saml-sign-in: SAML 2\.0 sign-in falls back to directory login: .*directory password/,
    );
  });

  it("accepts fallback outside prod", () => {
    expect(signInFindings({ ...MICROSOFT_AD, environment: "staging", "access.saml": { userAccessUrl: USER_ACCESS_URL, mode: "fallback" } })).toEqual(
      [],
    );
  });

  it("says that the identity provider's MFA applies, not RADIUS, when SAML is required and RADIUS is configured", () => {
    const findings = signInFindings({ ...MICROSOFT_AD, ...RADIUS, "access.saml": { userAccessUrl: USER_ACCESS_URL } });
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ["warning", expect.stringMatching(/identity provider's MFA is what applies.*RADIUS MFA of directory\.radius .* is not asked/)],
    ]);
  });

  it("warns that Simple AD does not integrate with SAML 2.0 identity providers", () => {
    const findings = signInFindings({ "access.saml": { userAccessUrl: USER_ACCESS_URL } });
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ["warning", expect.stringMatching(/^Simple AD does not integrate with SAML 2\.0 identity providers/)],
    ]);
  });

  it("can be waived, and then names the reason", () => {
    const findings = signInFindings({
      ...MICROSOFT_AD,
      environment: "prod",
      "access.saml": { userAccessUrl: USER_ACCESS_URL, mode: "fallback" },
      "policy.waivers": [{ rule: "saml-sign-in", reason: "thin clients upgrade by Q3, SEC-42" }],
    });
    expect(findings).toEqual([expect.objectContaining({ severity: "warning", waivedBecause: "thin clients upgrade by Q3, SEC-42" })]);
  });
});
