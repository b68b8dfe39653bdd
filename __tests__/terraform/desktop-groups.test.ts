import { describeTerraformLayer } from "./layer";

describeTerraformLayer("examples/desktop-groups.yaml");
