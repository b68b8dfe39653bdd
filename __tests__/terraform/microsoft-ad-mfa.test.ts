import { describeTerraformLayer } from "./layer";

describeTerraformLayer("examples/microsoft-ad-mfa.yaml");
