import { describeTerraformLayer } from "./layer";

// config/examples/desktop-groups.yaml with a user moving between groups: the old group's moved and removed blocks and
// the new group's import validate, plan and apply (the import's target overridden: a mocked provider cannot import).
describeTerraformLayer("../__tests__/fixtures/desktop-groups/move.yaml");
