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

/**
 * Why a parsed JSON value is not a plan from `terraform show -json <planfile>`, or undefined when it
 * is one: any other JSON (a state, outputs, `{}`) would otherwise read as a plan with no changes.
 */
export function notAPlan(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const plan = value as Record<string, unknown>;
  if (typeof plan.format_version !== "string") return "no format_version";
  if (!plan.format_version.startsWith("1.")) return `format_version ${JSON.stringify(plan.format_version)} is not 1.x`;
  if ("values" in plan && !("planned_values" in plan)) return "a Terraform state, not a plan";
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) return "resource_changes is not a list";
  if (!Array.isArray(plan.resource_changes) && typeof plan.planned_values !== "object") return "neither resource_changes nor planned_values";
  return undefined;
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
  aws_directory_service_region: (change) =>
    `directory replica in **${String(change.change.before?.region_name ?? "?")}**: the DR Region's desktops lose their directory`,
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

/** `npm run cost -- --json` output. */
export interface CostJson {
  readonly currency: string;
  readonly monthlyTotal: number;
  readonly items: readonly { readonly name: string; readonly monthly: number }[];
  readonly priceDate: string;
}

const signed = (amount: number) => `${amount >= 0 ? "+" : "−"}${Math.abs(amount).toFixed(2)}`;

/**
 * The estimated monthly cost of the pull request's configuration against the base branch's, both priced by the
 * same estimator and price table: the difference is the configuration's, not the prices'. Items are compared by
 * name; a base configuration that could not be estimated is said so.
 */
export function renderCostChange(head: CostJson, base: CostJson | undefined): string {
  const lines = ["### Estimated monthly cost", ""];
  if (!base) {
    lines.push(`**${head.monthlyTotal.toFixed(2)} ${head.currency}** a month (the base branch's configuration could not be estimated).`);
  } else {
    const change = head.monthlyTotal - base.monthlyTotal;
    lines.push(`**${base.monthlyTotal.toFixed(2)} → ${head.monthlyTotal.toFixed(2)} ${head.currency}** a month (${signed(change)}).`);
    const before = new Map(base.items.map((entry) => [entry.name, entry.monthly]));
    const after = new Map(head.items.map((entry) => [entry.name, entry.monthly]));
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .map((name) => ({ name, before: before.get(name) ?? 0, after: after.get(name) ?? 0 }))
      .filter((entry) => Math.abs(entry.after - entry.before) >= 0.005);
    if (changed.length > 0) {
      lines.push("", "| item | before | after | change |", "|---|---:|---:|---:|");
      for (const entry of changed)
        lines.push(`| ${entry.name} | ${entry.before.toFixed(2)} | ${entry.after.toFixed(2)} | ${signed(entry.after - entry.before)} |`);
    }
  }
  lines.push("", `Estimate from \`npm run cost\` (prices of ${head.priceDate}; assumptions and estimated prices: docs/cost.md).`, "");
  return lines.join("\n");
}
