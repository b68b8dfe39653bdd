import type { Construct } from "constructs";
import type { VdiConfig } from "../../config/schema";
import type { DesktopsStack } from "../desktops-stack";
import { DrDesktopsStack } from "../dr-desktops-stack";
import { DrIdentityStack } from "../dr-identity-stack";
import { DrRedirectionStack } from "../dr-redirection-stack";
import type { IdentityStack } from "../identity-stack";
import { NetworkStack } from "../network-stack";
import type { StateStack } from "../state-stack";

/**
 * The disaster-recovery stacks, wired to the primary ones by cross-stack references: the deploy order
 * network → identity → desktops → dr-network → dr-identity → dr-desktops → dr-redirection follows from them
 * (dr-network only needs the state bucket, so it may go first).
 */
export function buildDisasterRecoveryStacks(
  app: Construct,
  config: VdiConfig,
  primary: { state: StateStack; identity: IdentityStack; desktops: DesktopsStack },
) {
  const dr = config.disasterRecovery!;
  // Names differ from the primary Region's where AWS names are account-wide (IAM roles, dashboards).
  const inDrRegion = { region: dr.region, prefix: `${config.project}-${config.environment}-dr` };
  const drNetwork = new NetworkStack(app, config, { stackName: "dr-network", network: dr.network, ...inDrRegion });
  drNetwork.addDependency(primary.state);
  const drIdentity = new DrIdentityStack(app, config, inDrRegion, drNetwork.outputs, primary.identity.outputs);
  const drDesktops = new DrDesktopsStack(app, config, inDrRegion, drNetwork.outputs, drIdentity.outputs, primary.desktops.outputs);
  const drRedirection = new DrRedirectionStack(app, config, { prefix: inDrRegion.prefix }, primary.desktops.outputs, drDesktops.outputs);
  return { "dr-network": drNetwork, "dr-identity": drIdentity, "dr-desktops": drDesktops, "dr-redirection": drRedirection };
}
