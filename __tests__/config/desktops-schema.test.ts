import { desktopsInput } from "../../config/desktops-schema";
import { configWith } from "../helpers";

/**
 * A value for every key of `desktops` but `defaults`, `users` and `groups`, each different from its default: the loaded
 * configuration must hand each one on to the stacks as validated. A key added to the schema without a value here
 * fails the first test, so that it is checked too.
 */
const EVERY_SETTING: Record<string, unknown> = {
  allowDestroy: true,
  internetAccess: true,
  localAdministrator: true,
  selfService: { restartWorkspace: false, increaseVolumeSize: true, changeComputeType: true, switchRunningMode: true, rebuildWorkspace: true },
  maintenanceMode: false,
  customSecurityGroupId: "sg-0123456789abcdef0",
  defaultOu: "OU=Desktops,DC=corp,DC=example,DC=com",
};

test("the test sets every key of the desktops section's schema", () => {
  expect(Object.keys(desktopsInput.shape).sort()).toEqual(["defaults", "users", "groups", ...Object.keys(EVERY_SETTING)].sort());
});

test("every validated key of desktops reaches the loaded configuration with its value", () => {
  const config = configWith(Object.fromEntries(Object.entries(EVERY_SETTING).map(([key, value]) => [`desktops.${key}`, value])));
  const { users, groups, ...settings } = config.desktops;
  expect(groups).toEqual([]);
  expect(settings).toEqual(EVERY_SETTING);
  expect(users.map((user) => user.userName)).toEqual(configWith().desktops.users.map((user) => user.userName));
});
