import type { Construct } from "constructs";
import type { VdiConfig } from "../../config/schema";
import type { DesktopGroupStack } from "../desktop-group-stack";
import type { DesktopsStack } from "../desktops-stack";
import { DrDesktopsStack } from "../dr-desktops-stack";
import { DrIdentityStack } from "../dr-identity-stack";
import { DrRedirectionStack } from "../dr-redirection-stack";
import type { IdentityStack } from "../identity-stack";
import { NetworkStack } from "../network-stack";
import type { StateStack } from "../state-stack";
import type { RegionalWorkspaces } from "../../modules/regional-workspaces";
import { DR_REGION_STACKS, REDIRECTION_STACK, type RegionSite } from "../../topology";

/**
 * The disaster-recovery stacks (topology's DR_STACK_NAMES), wired to the primary ones by cross-stack references:
 * the deploy order follows from them (dr-network only needs the state bucket, so it may go first).
 */
export function buildDisasterRecoveryStacks(
  app: Construct,
  config: VdiConfig,
  primary: { state: StateStack; identity: IdentityStack; desktops: DesktopsStack; groups: readonly DesktopGroupStack[] },
  dr: { site: RegionSite; workspaces: RegionalWorkspaces },
) {
  const drNetwork = new NetworkStack(app, config, dr.site);
  drNetwork.addDependency(primary.state);
  const drIdentity = new DrIdentityStack(app, config, drNetwork.outputs, primary.identity.outputs, dr.workspaces);
  const drDesktops = new DrDesktopsStack(
    app,
    config,
    drNetwork.outputs,
    drIdentity.outputs,
    { desktops: primary.desktops.outputs, groups: primary.groups.map((group) => group.outputs) },
    dr.workspaces,
  );
  const drRedirection = new DrRedirectionStack(app, config, primary.desktops.outputs, drDesktops.outputs);
  return {
    [DR_REGION_STACKS.network]: drNetwork,
    [DR_REGION_STACKS.identity]: drIdentity,
    [DR_REGION_STACKS.desktops]: drDesktops,
    [REDIRECTION_STACK]: drRedirection,
  };
}
