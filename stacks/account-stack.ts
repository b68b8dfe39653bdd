import { Construct } from "constructs";
import type { VdiConfig } from "../config/schema";
import { WorkspacesServiceRole } from "../modules/service-role";
import { ACCOUNT_STACK } from "../topology";
import { VdiStack } from "./vdi-stack";

/**
 * Account-wide resources, deployed only by the one deployment whose configuration sets
 * `directory.createServiceRole`. A stack of its own: destroying an environment's network, identity or
 * desktops never removes the role that every directory of the account depends on.
 */
export class AccountStack extends VdiStack {
  constructor(scope: Construct, config: VdiConfig) {
    super(scope, ACCOUNT_STACK, config);
    new WorkspacesServiceRole(this, "service-role");
  }
}
