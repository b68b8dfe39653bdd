import { DR_REGION_STACKS, DR_STACK_NAMES, isDesktopGroupStack, PRIMARY_REGION_STACKS, REDIRECTION_STACK } from "../topology";

/** Outputs of the deployed stacks: stack → output name → value (sensitive outputs left out). */
export type StackOutputs = Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;

const list = (value: unknown) => (Array.isArray(value) ? value.join(", ") : String(value ?? "?"));

/** A readable summary of what is deployed, for administrators and for the users' onboarding mail. */
export function formatStatus(outputs: StackOutputs): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`${label.padEnd(18)} ${value}`);
  const {
    [PRIMARY_REGION_STACKS.network]: network,
    [PRIMARY_REGION_STACKS.identity]: identity,
    [PRIMARY_REGION_STACKS.desktops]: desktops,
  } = outputs;

  if (network) row("VPC", `${network.vpc_id} in ${list(network.availability_zone_ids)}`);
  else row(PRIMARY_REGION_STACKS.network, "not deployed");
  if (identity) {
    row("Directory", `${identity.directory_id} (${identity.directory_type}), DNS ${list(identity.dns_ip_addresses)}`);
    if (identity.admin_password_secret_arn) row("Admin password", `Secrets Manager ${identity.admin_password_secret_arn}`);
  } else row(PRIMARY_REGION_STACKS.identity, "not deployed");
  if (!desktops) {
    row(PRIMARY_REGION_STACKS.desktops, "not deployed");
    return [...lines, ...disasterRecoveryStatus(outputs)].join("\n");
  }
  row("Registration code", `${desktops.registration_code}   (users enter it in the WorkSpaces client)`);
  // Desktop groups' stacks hold their own desktops: one list, each desktop with the stack that holds it.
  const groupStacks = Object.keys(outputs).filter(isDesktopGroupStack);
  const workspaces = [PRIMARY_REGION_STACKS.desktops, ...groupStacks].flatMap((stack) =>
    Object.entries((outputs[stack]?.workspace_ids ?? {}) as Record<string, string>).map(([user, id]) => ({ user, id, stack })),
  );
  lines.push("", `Desktops (${workspaces.length})`);
  const width = Math.max(4, ...workspaces.map(({ user }) => user.length));
  const stackWidth = Math.max(5, ...workspaces.map(({ stack }) => stack.length));
  const stackColumn = (stack: string) => (groupStacks.length > 0 ? `${stack.padEnd(stackWidth)}  ` : "");
  lines.push(`  ${"USER".padEnd(width)}  ${stackColumn("STACK")}WORKSPACE`);
  for (const { user, id, stack } of workspaces.sort((a, b) => a.user.localeCompare(b.user)))
    lines.push(`  ${user.padEnd(width)}  ${stackColumn(stack)}${id}`);
  for (const stack of groupStacks.filter((stack) => !outputs[stack])) lines.push(`  ${stack}: not deployed`);
  lines.push("");
  row("Dashboard", String(desktops.dashboard_name));
  row("Alarm topic", String(desktops.alarm_topic_arn));
  return [...lines, ...disasterRecoveryStatus(outputs)].join("\n");
}

/** The DR stacks, when the configuration has them (`npm run outputs` lists only the stacks it synthesized). */
function disasterRecoveryStatus(outputs: StackOutputs): string[] {
  if (!DR_STACK_NAMES.some((stack) => stack in outputs)) return [];
  const lines = ["", "Disaster recovery"];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(18)} ${value}`);
  const {
    [DR_REGION_STACKS.network]: network,
    [DR_REGION_STACKS.identity]: identity,
    [DR_REGION_STACKS.desktops]: desktops,
    [REDIRECTION_STACK]: redirection,
  } = outputs;
  row("DR VPC", network ? `${network.vpc_id} in ${list(network.availability_zone_ids)}` : "not deployed");
  row("DR directory", identity ? String(identity.directory_id) : "not deployed");
  if (desktops) {
    row("DR registration", `${desktops.directory_id}, connection identifier ${desktops.connection_identifier ?? "?"}`);
    const standby = Object.entries((desktops.standby_workspace_ids ?? {}) as Record<string, string>);
    if (standby.length > 0)
      row(
        "Standby desktops",
        standby
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([user, id]) => `${user} ${id}`)
          .join(", "),
      );
  } else row(DR_REGION_STACKS.desktops, "not deployed");
  if (redirection) {
    row("Connection alias", `${redirection.connection_alias}   (users enter it in the WorkSpaces client instead of the registration code)`);
    row("Primary identifier", String(redirection.connection_identifier ?? "?"));
    if (redirection.health_check_id) row("Health check", String(redirection.health_check_id));
  } else row(REDIRECTION_STACK, "not deployed");
  return lines;
}
