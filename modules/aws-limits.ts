/** AWS quotas the constructs respect; plain numbers so the configuration schema can check them too. */

/** Rules one WorkSpaces IP access control group holds (default quota). */
export const RULES_PER_IP_GROUP = 10;
/** IP access control groups one directory can be associated with. */
export const MAX_IP_GROUPS_PER_DIRECTORY = 25;
