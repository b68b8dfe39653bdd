import type { Construct } from "constructs";
import type { VdiConfig } from "../config/schema";
import { AccountStack } from "./account-stack";
import { DesktopsStack } from "./desktops-stack";
import { IdentityStack } from "./identity-stack";
import { NetworkStack } from "./network-stack";
import { StateStack } from "./state-stack";
import { terraformLiterals } from "../synthesis/terraform-literal";
import { regionSitesOf } from "../topology";

/**
 * The state bootstrap, the three stacks (and the account stack when this deployment creates the
 * account-wide service role), and what crosses between them. Each value passed from one stack to another
 * becomes a cdktf cross-stack reference: an output upstream, a remote-state read downstream and a
 * dependency in the manifest.
 */
export function buildStacks(app: Construct, validated: VdiConfig) {
  // The one place configuration text enters constructs: from here on it is literal Terraform text.
  const config = terraformLiterals(validated);
  const state = new StateStack(app, config);
  const network = new NetworkStack(app, config, regionSitesOf(config).primary);
  // No value crosses from the bootstrap stack, yet its bucket must exist first (and go last).
  network.addDependency(state);
  const identity = new IdentityStack(app, config, network.outputs);
  const desktops = new DesktopsStack(app, config, network.outputs, identity.outputs);
  const dr = config.disasterRecovery ? disasterRecoveryStacks(app, config, { state, identity, desktops }) : {};
  if (config.directory.createServiceRole) {
    // The desktops stack looks the role up instead of reading a value, so the order is stated here.
    const account = new AccountStack(app, config);
    account.addDependency(state);
    desktops.addDependency(account);
    return { state, account, network, identity, desktops, ...dr };
  }
  return { state, network, identity, desktops, ...dr };
}

/**
 * Loaded only when configured: configurations without disaster recovery never load its modules (Lambda
 * bundling, Route 53, replication), so their synth stays as fast as before.
 */
function disasterRecoveryStacks(...args: Parameters<typeof import("./disaster-recovery").buildDisasterRecoveryStacks>) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, which a static import cannot be
  const { buildDisasterRecoveryStacks } = require("./disaster-recovery") as typeof import("./disaster-recovery");
  return buildDisasterRecoveryStacks(...args);
}
