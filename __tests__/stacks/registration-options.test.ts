import { registrationSettings } from "../../config/registration-schema";
import { configWith, resourcesOf, synthApp } from "../helpers";

/** The synthesized `aws_workspaces_directory` of the default configuration with `changes`. */
const registrationWith = (changes: Record<string, unknown> = {}) =>
  resourcesOf(synthApp(configWith(changes)).desktops, "aws_workspaces_directory")[0];

const USER_ACCESS_URL = "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/MDEyMzQ1Njc4OTAx";
const CA_ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

describe("registration: sign-in", () => {
  it("disables SAML and certificate-based authentication explicitly when access.saml is not set", () => {
    // Explicit, because the provider keeps the last applied value of a block left out.
    const registration = registrationWith();
    expect(registration.saml_properties).toEqual({ status: "DISABLED" });
    expect(registration.certificate_based_auth_properties).toEqual({ status: "DISABLED" });
  });

  it("maps mode required to SAML status ENABLED with the user access URL and the default relay-state name", () => {
    expect(registrationWith({ "access.saml": { userAccessUrl: USER_ACCESS_URL } }).saml_properties).toEqual({
      status: "ENABLED",
      user_access_url: USER_ACCESS_URL,
      relay_state_parameter_name: "RelayState",
    });
  });

  it("maps mode fallback to ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK and passes the relay-state name", () => {
    const registration = registrationWith({
      "access.saml": { userAccessUrl: USER_ACCESS_URL, relayStateParameterName: "TargetResource", mode: "fallback" },
    });
    expect(registration.saml_properties).toEqual({
      status: "ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK",
      user_access_url: USER_ACCESS_URL,
      relay_state_parameter_name: "TargetResource",
    });
  });

  it("enables certificate-based authentication with the private CA", () => {
    const registration = registrationWith({
      "access.saml": { userAccessUrl: USER_ACCESS_URL },
      "access.certificateBasedAuth": { certificateAuthorityArn: CA_ARN },
    });
    expect(registration.certificate_based_auth_properties).toEqual({ status: "ENABLED", certificate_authority_arn: CA_ARN });
    expect(registration.saml_properties.status).toBe("ENABLED");
  });
});

describe("registration: self-service permissions", () => {
  const PERMISSIONS = {
    restartWorkspace: "restart_workspace",
    increaseVolumeSize: "increase_volume_size",
    changeComputeType: "change_compute_type",
    switchRunningMode: "switch_running_mode",
    rebuildWorkspace: "rebuild_workspace",
  } as const;

  it.each(Object.entries(PERMISSIONS))("desktops.selfService.%s sets %s and nothing else", (key, argument) => {
    const defaults = registrationWith().self_service_permissions;
    const flipped = !defaults[argument];
    const permissions = registrationWith({ [`desktops.selfService.${key}`]: flipped }).self_service_permissions;
    expect(permissions).toEqual({ ...defaults, [argument]: flipped });
  });
});

describe("registration: creation properties", () => {
  it("keeps maintenance mode on and sets no security group or OU by default", () => {
    const creation = registrationWith().workspace_creation_properties;
    expect(creation.enable_maintenance_mode).toBe(true);
    expect(creation).not.toHaveProperty("custom_security_group_id");
    expect(creation).not.toHaveProperty("default_ou");
  });

  it("turns maintenance mode off with desktops.maintenanceMode: false", () => {
    expect(registrationWith({ "desktops.maintenanceMode": false }).workspace_creation_properties.enable_maintenance_mode).toBe(false);
  });

  it("passes the custom security group and the default OU", () => {
    const creation = registrationWith({
      "desktops.customSecurityGroupId": "sg-0123456789abcdef0",
      "desktops.defaultOu": "OU=Desktops,DC=corp,DC=example,DC=com",
    }).workspace_creation_properties;
    expect(creation).toMatchObject({ custom_security_group_id: "sg-0123456789abcdef0", default_ou: "OU=Desktops,DC=corp,DC=example,DC=com" });
    expect(creation).toMatchObject({ enable_internet_access: false, user_enabled_as_local_administrator: false });
  });
});

describe("registration: every registration key of desktops", () => {
  /** A value other than the default for each key of config/registration-schema.ts. */
  const SETTINGS: Record<string, unknown> = {
    selfService: { restartWorkspace: false },
    maintenanceMode: false,
    customSecurityGroupId: "sg-0123456789abcdef0",
    defaultOu: "OU=Desktops,DC=corp,DC=example,DC=com",
  };

  it("has a value in this test", () => {
    expect(Object.keys(registrationSettings).sort()).toEqual(Object.keys(SETTINGS).sort());
  });

  const unchanged = registrationWith();

  it.each(Object.entries(SETTINGS))("desktops.%s reaches the synthesized registration", (key, value) => {
    expect(registrationWith({ [`desktops.${key}`]: value })).not.toEqual(unchanged);
  });
});
