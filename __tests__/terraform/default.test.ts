import { describeTerraformLayer } from "./layer";

describeTerraformLayer("default.yaml");
