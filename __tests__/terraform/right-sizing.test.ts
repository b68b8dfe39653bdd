import { describeTerraformLayer } from "./layer";

describeTerraformLayer("examples/right-sizing.yaml");
