import type { VdiConfig } from "../config/schema";
import type { PolicyRuleId } from "./rule-ids";
import { error, type PolicyRule } from "./rule";
import { safeguardsOf } from "../topology";

/**
 * A WorkSpaces registration setting that loosens every desktop: on only when its configuration key asks for it,
 * and an error in prod even then, unless the rule is waived with a reason.
 */
function registrationSetting<Id extends PolicyRuleId>(
  id: Id,
  description: string,
  argument: "enable_internet_access" | "user_enabled_as_local_administrator",
  key: keyof Pick<VdiConfig["desktops"], "internetAccess" | "localAdministrator">,
  messages: { withoutKey: string; inProd: string },
): PolicyRule & { readonly id: Id } {
  return {
    id,
    description,
    resources: {
      aws_workspaces_directory: ({ body }, config) => {
        if ((body.workspace_creation_properties ?? {})[argument] !== true) return [];
        if (!config.desktops[key]) return [error(messages.withoutKey)];
        return safeguardsOf(config.environment).strictPolicy ? [error(messages.inProd)] : [];
      },
    },
  };
}

export const registrationInternetAccess = registrationSetting(
  "registration-internet-access",
  "desktops get no public IP addresses unless desktops.internetAccess is true, and not in prod unless waived",
  "enable_internet_access",
  "internetAccess",
  {
    withoutKey: "enable_internet_access is on although desktops.internetAccess is not set",
    inProd: "desktops get public IP addresses in prod (desktops.internetAccess): reach the internet through NAT, or waive the rule with a reason",
  },
);

export const registrationLocalAdmin = registrationSetting(
  "registration-local-admin",
  "users are not local administrators unless desktops.localAdministrator is true, and not in prod unless waived",
  "user_enabled_as_local_administrator",
  "localAdministrator",
  {
    withoutKey: "users are local administrators although desktops.localAdministrator is not set",
    inProd: "users are local administrators of their desktops in prod (desktops.localAdministrator): turn it off, or waive the rule with a reason",
  },
);
