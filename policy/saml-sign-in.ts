import { warning, type Finding, type PolicyRule } from "./rule";
import { safeguardsOf } from "../topology";

/**
 * Warnings only, on a synthesized WorkSpaces registration: each case is a deliberate choice that still
 * works, but one a reviewer should see.
 */
export const samlSignIn = {
  id: "saml-sign-in",
  description: "SAML 2.0 sign-in: no directory-password fallback in prod, a directory type that supports it, and a clear MFA (warnings)",
  resources: {
    aws_workspaces_directory: ({ body: registration }, config) => {
      const status = registration.saml_properties?.status;
      if (status !== "ENABLED" && status !== "ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK") return [];
      const findings: Finding[] = [];
      if (status === "ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK" && safeguardsOf(config.environment).strictPolicy) {
        findings.push(
          warning(
            "SAML 2.0 sign-in falls back to directory login: clients without SAML 2.0 support still sign in with the directory password, bypassing the identity provider (set access.saml.mode: required once every client supports SAML 2.0)",
          ),
        );
      }
      if (status === "ENABLED" && config.directory.radius !== undefined) {
        findings.push(
          warning(
            "SAML 2.0 sign-in is required, so the identity provider's MFA is what applies: users sign in at the identity provider, then enter their directory password at the Windows sign-in; the RADIUS MFA of directory.radius belongs to the directory sign-in that SAML replaces and is not asked by WorkSpaces clients",
          ),
        );
      }
      if (config.directory.type === "SimpleAD") {
        findings.push(
          warning(
            "Simple AD does not integrate with SAML 2.0 identity providers: AWS supports SAML 2.0 sign-in for WorkSpaces with MicrosoftAD and ADConnector directories",
          ),
        );
      }
      return findings;
    },
  },
} satisfies PolicyRule;
