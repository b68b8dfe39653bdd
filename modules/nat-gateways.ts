/**
 * The VPC's NAT modes, without the construct's imports, so that the configuration schema can name them:
 * `single`, one NAT gateway every private subnet uses; `perAz`, one per AZ.
 */
export const NAT_GATEWAY_MODES = ["single", "perAz"] as const;
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];
/** One NAT gateway, as in the AWS recipe: the default of the VPC construct and of `network.natGateways`. */
export const DEFAULT_NAT_GATEWAY_MODE: NatGatewayMode = "single";
