import { describeTerraformLayer } from "./layer";

describeTerraformLayer("examples/disaster-recovery.yaml");
