import { describeTerraformLayer } from "./layer";

describeTerraformLayer("examples/production.yaml");
