import { describeTerraformLayer } from "./layer";

// The disaster-recovery example with desktop groups and standby WorkSpaces: dr-desktops, run with the primary Region
// unreachable, reads the desktops stack's and each group stack's state from their replicas in the DR Region's bucket.
describeTerraformLayer("../__tests__/fixtures/desktop-groups/disaster-recovery.yaml");
