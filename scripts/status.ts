/** Outputs of the deployed stacks: stack → output name → value (sensitive outputs left out). */
export type StackOutputs = Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;

const list = (value: unknown) => (Array.isArray(value) ? value.join(", ") : String(value ?? "?"));

/** A readable summary of what is deployed, for administrators and for the users' onboarding mail. */
export function formatStatus(outputs: StackOutputs): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`${label.padEnd(18)} ${value}`);
  const { network, identity, desktops } = outputs;

  if (network) row("VPC", `${network.vpc_id} in ${list(network.availability_zone_ids)}`);
  else row("network", "not deployed");
  if (identity) {
    row("Directory", `${identity.directory_id} (${identity.directory_type}), DNS ${list(identity.dns_ip_addresses)}`);
    if (identity.admin_password_secret_arn) row("Admin password", `Secrets Manager ${identity.admin_password_secret_arn}`);
  } else row("identity", "not deployed");
  if (!desktops) {
    row("desktops", "not deployed");
    return lines.join("\n");
  }
  row("Registration code", `${desktops.registration_code}   (users enter it in the WorkSpaces client)`);
  const workspaces = Object.entries((desktops.workspace_ids ?? {}) as Record<string, string>);
  lines.push("", `Desktops (${workspaces.length})`);
  const width = Math.max(4, ...workspaces.map(([user]) => user.length));
  lines.push(`  ${"USER".padEnd(width)}  WORKSPACE`);
  for (const [user, workspaceId] of workspaces.sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${user.padEnd(width)}  ${workspaceId}`);
  lines.push("");
  row("Dashboard", String(desktops.dashboard_name));
  row("Alarm topic", String(desktops.alarm_topic_arn));
  return lines.join("\n");
}
