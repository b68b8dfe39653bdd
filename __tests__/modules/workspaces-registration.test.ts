import { WorkspacesRegistration, type WorkspacesRegistrationProps } from "../../modules/workspaces-registration";
import { resourcesOf, synthScope } from "../helpers";

const BASE: WorkspacesRegistrationProps = {
  directoryId: "d-1234567890",
  subnetIds: ["subnet-a", "subnet-b"],
  ipGroupIds: [],
  devices: { windows: "ALLOW", osx: "ALLOW", linux: "ALLOW", ios: "ALLOW", android: "ALLOW", chromeOs: "ALLOW", zeroClient: "ALLOW", web: "DENY" },
};

describe("WorkspacesRegistration", () => {
  it("refuses certificate-based authentication without SAML, naming the construct", () => {
    expect(() =>
      synthScope(
        (scope) =>
          new WorkspacesRegistration(scope, "registration", {
            ...BASE,
            certificateAuthorityArn: "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/x",
          }),
      ),
    ).toThrow(
      "stack/registration: certificateAuthorityArn is arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/x but saml is not set: certificate-based authentication follows a SAML 2.0 sign-in; set saml too, or leave certificateAuthorityArn out",
    );
  });

  it("defaults to maintenance mode on and directory sign-in only", () => {
    const { json } = synthScope((scope) => new WorkspacesRegistration(scope, "registration", BASE));
    const [registration] = resourcesOf(json, "aws_workspaces_directory");
    expect(registration.workspace_creation_properties.enable_maintenance_mode).toBe(true);
    expect(registration.certificate_based_auth_properties).toEqual({ status: "DISABLED" });
    expect(registration.saml_properties).toEqual({ status: "DISABLED" });
  });
});
