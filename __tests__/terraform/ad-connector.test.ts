import { describeTerraformLayer } from "./layer";

describeTerraformLayer("examples/ad-connector.yaml");
