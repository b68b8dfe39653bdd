import { describeTerraformLayer } from "./layer";

describeTerraformLayer("examples/custom-images.yaml");
