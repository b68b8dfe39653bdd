/**
 * A pull-request comment from `terraform show -json` plans: per stack what is added, changed,
 * replaced and destroyed, and a warning in front of everything for changes that lose user data.
 */

/** The parts of Terraform's JSON plan format (format_version 1.x) the summary reads. */
export interface TerraformPlan {
  readonly format_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
}

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode?: "managed" | "data";
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: Record<string, unknown> | null;
    readonly after?: Record<string, unknown> | null;
  };
}

export type Action = "create" | "update" | "replace" | "delete";

export const COMMENT_MARKER = "<!-- workspaces-vdi plan summary -->";

/** Resources whose destruction or replacement loses data or access. */
const AT_RISK: Record<string, (change: ResourceChange) => string> = {
  aws_workspaces_workspace: (change) =>
    `WorkSpace of **${String(change.change.before?.user_name ?? "?")}**: the user's desktop and its user volume are lost`,
  aws_directory_service_directory: (change) =>
    `directory **${String(change.change.before?.name ?? "?")}**: every user account in it, and every desktop registered with it, is lost`,
  aws_kms_key: () => "KMS key: data encrypted with it (volumes, secrets, logs, state) becomes unreadable once the key is deleted",
  aws_directory_service_region: (change) => `directory replica in **${String(change.change.before?.region_name ?? "?")}**: the DR Region's desktops lose their directory`,
  aws_lambda_invocation: (change) =>
    `API call ${change.address.includes("standby") ? "of a **standby WorkSpace** (it is terminated with its data)" : "(its delete runs: a connection alias is disassociated)"}`,
  aws_s3_bucket: (change) => `S3 bucket **${String(change.change.before?.bucket ?? "?")}**: the Terraform state of every stack is kept there`,
};

/** What Terraform will do to one resource, or undefined for no-op and data reads. */
export function actionOf(actions: readonly string[]): Action | undefined {
  const has = (action: string) => actions.includes(action);
  if (has("delete") && has("create")) return "replace";
  if (has("create")) return "create";
  if (has("delete")) return "delete";
  if (has("update")) return "update";
  return undefined;
}

const LABEL: Record<Action, string> = { create: "add", update: "change", replace: "replace", delete: "destroy" };
const SYMBOL: Record<Action, string> = { create: "+", update: "~", replace: "-/+", delete: "-" };
const ACTIONS: Action[] = ["create", "update", "replace", "delete"];

export interface StackSummary {
  readonly stack: string;
  readonly counts: Readonly<Record<Action, number>>;
  /** Changed resources by Terraform type, each with its action. */
  readonly byType: ReadonlyMap<string, readonly { readonly address: string; readonly action: Action }[]>;
  /** Destroys and replacements of resources that hold user data. */
  readonly atRisk: readonly string[];
}

export function summarizeStack(stack: string, plan: TerraformPlan): StackSummary {
  const counts: Record<Action, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  const byType = new Map<string, { address: string; action: Action }[]>();
  const atRisk: string[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.mode === "data") continue;
    const action = actionOf(change.change.actions);
    if (!action) continue;
    counts[action]++;
    byType.set(change.type, [...(byType.get(change.type) ?? []), { address: change.address, action }]);
    const risk = AT_RISK[change.type];
    if (risk && (action === "delete" || action === "replace")) {
      atRisk.push(`\`${stack}\`: ${action === "delete" ? "**destroys**" : "**replaces**"} the ${risk(change)} (\`${change.address}\`)`);
    }
  }
  return { stack, counts, byType, atRisk };
}

export function renderComment(summaries: readonly StackSummary[]): string {
  const lines = [COMMENT_MARKER, "## Terraform plan", ""];
  const risks = summaries.flatMap((summary) => summary.atRisk);
  if (risks.length > 0) {
    lines.push("> [!CAUTION]", "> **This plan destroys or replaces resources that hold user data.** Review before applying:");
    for (const risk of risks) lines.push(`> - ${risk}`);
    lines.push("");
  }
  lines.push(`| stack | ${ACTIONS.map((action) => LABEL[action]).join(" | ")} |`, `|---|${ACTIONS.map(() => "---:").join("|")}|`);
  for (const summary of summaries) lines.push(`| ${summary.stack} | ${ACTIONS.map((action) => summary.counts[action]).join(" | ")} |`);
  for (const summary of summaries) {
    lines.push("");
    if (summary.byType.size === 0) {
      lines.push(`**${summary.stack}**: no changes.`);
      continue;
    }
    const total = ACTIONS.filter((action) => summary.counts[action] > 0)
      .map((action) => `${summary.counts[action]} to ${LABEL[action]}`)
      .join(", ");
    lines.push(`<details><summary><b>${summary.stack}</b>: ${total}</summary>`, "");
    for (const [type, changes] of [...summary.byType].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`- \`${type}\``);
      for (const change of changes) lines.push(`  - \`${SYMBOL[change.action]}\` ${LABEL[change.action]} \`${change.address}\``);
    }
    lines.push("", "</details>");
  }
  return `${lines.join("\n")}\n`;
}
