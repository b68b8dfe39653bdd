import { describeTerraformLayer } from "./layer";

describeTerraformLayer("examples/saml-sso.yaml");
