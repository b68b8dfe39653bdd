import type { Construct } from "constructs";
import type { VdiConfig } from "../config/schema";
import { RegionalWorkspaces } from "../modules/regional-workspaces";
import { AccountStack } from "./account-stack";
import { DesktopGroupStack } from "./desktop-group-stack";
import { DesktopsStack } from "./desktops-stack";
import { IdentityStack } from "./identity-stack";
import { NetworkStack } from "./network-stack";
import { StateStack } from "./state-stack";
import { terraformLiterals } from "../synthesis/terraform-literal";
import { regionSitesOf, type RegionSite } from "../topology";

/**
 * The state bootstrap, the three stacks (and the account stack when this deployment creates the
 * account-wide service role), and what crosses between them. Each value passed from one stack to another
 * becomes a cdktf cross-stack reference: an output upstream, a remote-state read downstream and a
 * dependency in the manifest.
 */
export function buildStacks(app: Construct, validated: VdiConfig) {
  // The one place configuration text enters constructs: from here on it is literal Terraform text.
  const config = terraformLiterals(validated);
  const sites = regionSitesOf(config);
  const primary = regionalWorkspaces(config, sites.primary);
  const state = new StateStack(app, config);
  const network = new NetworkStack(app, config, sites.primary);
  // No value crosses from the bootstrap stack, yet its bucket must exist first (and go last).
  network.addDependency(state);
  const identity = new IdentityStack(app, config, network.outputs, primary);
  const desktops = new DesktopsStack(app, config, network.outputs, identity.outputs, primary);
  // One stack per desktop group, after the desktops stack (whose registration, volume key and alarm topic it reads).
  const groupStacks = config.desktops.groups.map((group) => new DesktopGroupStack(app, config, group, desktops.shared));
  const groups = Object.fromEntries(groupStacks.map((stack) => [stack.node.id, stack]));
  const dr = sites.dr
    ? disasterRecoveryStacks(
        app,
        config,
        { state, identity, desktops, groups: groupStacks },
        { site: sites.dr, workspaces: regionalWorkspaces(config, sites.dr) },
      )
    : {};
  if (config.directory.createServiceRole) {
    // The desktops stack looks the role up instead of reading a value, so the order is stated here.
    const account = new AccountStack(app, config);
    account.addDependency(state);
    desktops.addDependency(account);
    return { state, account, network, identity, desktops, ...groups, ...dr };
  }
  return { state, network, identity, desktops, ...groups, ...dr };
}

/**
 * The configuration mapped once to what every Region builds alike (RADIUS MFA, registration, volume key,
 * monitoring): the primary and the DR Region differ only in their Region and name prefix.
 */
function regionalWorkspaces(config: VdiConfig, site: RegionSite): RegionalWorkspaces {
  const { access, desktops } = config;
  return new RegionalWorkspaces({
    name: site.prefix,
    region: site.region,
    ipRules: access.ipRules,
    registration: {
      devices: access.devices,
      enableInternetAccess: desktops.internetAccess,
      userEnabledAsLocalAdministrator: desktops.localAdministrator,
      selfService: desktops.selfService,
      enableMaintenanceMode: desktops.maintenanceMode,
      customSecurityGroupId: desktops.customSecurityGroupId,
      defaultOu: desktops.defaultOu,
      saml: access.saml && {
        userAccessUrl: access.saml.userAccessUrl,
        relayStateParameterName: access.saml.relayStateParameterName,
        allowDirectoryLoginFallback: access.saml.mode === "fallback",
      },
      certificateAuthorityArn: access.certificateBasedAuth?.certificateAuthorityArn,
    },
    monitoring: {
      alarmEmail: config.monitoring.alarmEmail,
      connectionFailureThreshold: config.monitoring.connectionFailureThreshold,
      logRetentionDays: config.monitoring.logRetentionDays,
    },
    radius: config.directory.radius,
    // Secrets named in the configuration live in its `region`: another Region's stacks read them there.
    secretRegion: site.region === config.region ? undefined : config.region,
  });
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
