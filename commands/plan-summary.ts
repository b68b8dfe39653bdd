/**
 * A pull-request comment from `terraform show -json` plans: per stack what is added, changed,
 * replaced and destroyed, and a warning in front of everything for changes that lose user data.
 *
 * Every value read from a plan or a cost file comes from the pull request (user names, addresses)
 * and is shown as inline code (see `code`): it can neither add Markdown of its own (a note, a
 * mention, an HTML comment that hides the rest, a table row) nor break out onto a line of its own.
 */
import * as z from "zod/mini";
import { formatKeyPath, oneLine, predicateMessages } from "../config/errors";

/** GitHub refuses a comment body longer than this many characters. */
export const COMMENT_LIMIT = 65_536;

/** The parts of Terraform's JSON plan format (format_version 1.x) the summary reads. */
const resourceChangeSchema = z.object({
  address: z.string(),
  type: z.string(),
  mode: z.optional(z.string()),
  change: z.object({
    actions: z.array(z.string()),
    before: z.optional(z.unknown()),
    // Terraform 1.5+: the change imports an existing object (an `import` block), by this ID.
    importing: z.optional(z.object({ id: z.optional(z.string()) })),
  }),
});

const planSchema = z.object({
  format_version: z.string(),
  resource_changes: z.optional(z.array(resourceChangeSchema)),
});

export type TerraformPlan = z.infer<typeof planSchema>;
export type ResourceChange = z.infer<typeof resourceChangeSchema>;

/** `npm run cost -- --json` output. */
const costSchema = z.object({
  currency: z.string(),
  // zod's numbers are finite: 1e999 in the JSON (Infinity) is refused.
  monthlyTotal: z.number(),
  items: z.array(z.object({ name: z.string(), monthly: z.number() })),
  priceDate: z.string(),
});

export type CostJson = z.infer<typeof costSchema>;

/** Problems shown in the one line that refuses a file; the rest are counted. */
const PROBLEMS_SHOWN = 3;

/** zod's problems with a JSON value as one line: the first few key paths and rules, and how many more. */
function problemsOf(schema: z.ZodMiniType, value: unknown): string | undefined {
  const result = schema.safeParse(value, { error: predicateMessages });
  if (result.success) return undefined;
  const problems = result.error.issues.map((issue) => `${formatKeyPath(issue.path) || "the file"} ${issue.message}`);
  const more = problems.length - PROBLEMS_SHOWN;
  return oneLine(`${problems.slice(0, PROBLEMS_SHOWN).join("; ")}${more > 0 ? `; and ${more} more` : ""}`);
}

/**
 * Why a parsed JSON value is not a plan from `terraform show -json <planfile>`, or undefined when it
 * is one: any other JSON (a state, outputs, `{}`) would otherwise read as a plan with no changes.
 */
export function notAPlan(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const plan = value as Record<string, unknown>;
  if (typeof plan.format_version !== "string") return "no format_version";
  if (!plan.format_version.startsWith("1.")) return `format_version ${oneLine(JSON.stringify(plan.format_version))} is not 1.x`;
  if ("values" in plan && !("planned_values" in plan)) return "a Terraform state, not a plan";
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) return "resource_changes is not a list";
  if (!Array.isArray(plan.resource_changes) && typeof plan.planned_values !== "object") return "neither resource_changes nor planned_values";
  return problemsOf(planSchema, value);
}

/** Why a parsed JSON value is not `npm run cost -- --json` output, or undefined when it is. */
export function notACostEstimate(value: unknown): string | undefined {
  return problemsOf(costSchema, value);
}

/** `import`: an existing object is imported (an `import` block); `forget`: it leaves the state, kept in AWS (a `removed` block). */
export type Action = "create" | "update" | "replace" | "delete" | "import" | "forget";

export const COMMENT_MARKER = "<!-- workspaces-vdi plan summary -->";

/** Longest value shown, in characters: a longer one is cut (`oneLine`), so no one value fills the comment. */
const VALUE_CHARACTERS = 200;

/**
 * A value from a plan or cost file as GitHub Markdown inline code: control, invisible and
 * bidirectional characters written as `\uXXXX` (a newline cannot start a note or a quote), cut to
 * 200 characters, fenced with more backticks than it holds. GitHub neither renders Markdown or HTML
 * nor links mentions, issue numbers or URLs inside code. In a table cell (`inTable`) a pipe is
 * written `\|`, which GitHub's tables read as a pipe of the cell, also inside code.
 */
export function code(value: unknown, inTable = false): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  let shown = oneLine(text);
  if ([...shown].length > VALUE_CHARACTERS) shown = `${[...shown].slice(0, VALUE_CHARACTERS).join("")}…`;
  if (inTable) shown = shown.replace(/\|/g, "\\|");
  if (shown.trim() === "") return `\`"${shown}"\``;
  const longestRun = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  // CommonMark drops one space at each end of a code span, so that content may start or end with a backtick.
  const padding = /^[` ]|[` ]$/.test(shown) ? " " : "";
  return `${fence}${padding}${shown}${padding}${fence}`;
}

/** The same for raw HTML (the `<summary>` of a collapsible section, where Markdown is not read). */
export function htmlCode(value: string): string {
  const escaped = oneLine(value).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  return `<code>${escaped}</code>`;
}

/** A string field of a plan's `before` value, or undefined (absent, or `before` is not an object). */
function field(before: unknown, name: string): unknown {
  return typeof before === "object" && before !== null && !Array.isArray(before) ? (before as Record<string, unknown>)[name] : undefined;
}

const named = (value: unknown) => (value === undefined || value === null ? "?" : code(value));

/** The one field of a resource's `before` value a warning names it by, by resource type (nothing else of `before` is read). */
const NAMING_FIELD: Readonly<Record<string, string>> = {
  aws_workspaces_workspace: "user_name",
  aws_directory_service_directory: "name",
  aws_directory_service_region: "region_name",
  aws_s3_bucket: "bucket",
};

const namedBy = (change: ResourceChange) => named(field(change.change.before, NAMING_FIELD[change.type]));

/** Resources whose destruction or replacement loses data or access. */
const AT_RISK: Record<string, (change: ResourceChange) => string> = {
  aws_workspaces_workspace: (change) => `WorkSpace of ${namedBy(change)}: the user's desktop and its user volume are lost`,
  aws_directory_service_directory: (change) =>
    `directory ${namedBy(change)}: every user account in it, and every desktop registered with it, is lost`,
  aws_kms_key: () => "KMS key: data encrypted with it (volumes, secrets, logs, state) becomes unreadable once the key is deleted",
  aws_directory_service_region: (change) => `directory replica in ${namedBy(change)}: the DR Region's desktops lose their directory`,
  aws_lambda_invocation: (change) =>
    `API call ${change.address.includes("standby") ? "of a **standby WorkSpace** (it is terminated with its data)" : "(its delete runs: a connection alias is disassociated)"}`,
  aws_s3_bucket: (change) => `S3 bucket ${namedBy(change)}: the Terraform state of every stack is kept there`,
};

/**
 * `plan` with only what `summarizeStack` reads: each resource change's address, type, mode and actions, and of its
 * `before` value only the field a warning names it by. No other attribute value (passwords, keys, the configuration's
 * secrets that `terraform show -json` prints in clear) is kept, so the result can leave the job that planned, as a
 * workflow artifact, and summarizes exactly as the plan does.
 */
export function reducePlan(plan: TerraformPlan): TerraformPlan {
  return {
    format_version: plan.format_version,
    resource_changes: (plan.resource_changes ?? []).map((change) => {
      const name = NAMING_FIELD[change.type];
      const value = name === undefined ? undefined : field(change.change.before, name);
      return {
        address: change.address,
        type: change.type,
        ...(change.mode === undefined ? {} : { mode: change.mode }),
        change: {
          actions: change.change.actions,
          ...(value === undefined ? {} : { before: { [name]: value } }),
          ...(change.change.importing === undefined ? {} : { importing: { id: change.change.importing.id } }),
        },
      };
    }),
  };
}

/**
 * What Terraform will do to one resource's object, or undefined for no-op and data reads. An import is not an
 * action of `actions` (it is `change.importing`, beside a no-op, an update or a replacement): see `actionsOf`.
 * `["forget"]` (Terraform 1.7+, a `removed` block with `destroy = false`) leaves the object in AWS.
 */
export function actionOf(actions: readonly string[]): Exclude<Action, "import"> | undefined {
  const has = (action: string) => actions.includes(action);
  if (has("delete") && has("create")) return "replace";
  if (has("create")) return "create";
  if (has("delete")) return "delete";
  if (has("update")) return "update";
  if (has("forget")) return "forget";
  return undefined;
}

/** Every action of one resource change: its import (if it imports) first, then what it does to the object. */
export function actionsOf(change: Pick<ResourceChange, "change">): Action[] {
  const action = actionOf(change.change.actions);
  return [...(change.change.importing === undefined ? [] : (["import"] as const)), ...(action ? [action] : [])];
}

const LABEL: Record<Action, string> = {
  create: "add",
  update: "change",
  replace: "replace",
  delete: "destroy",
  import: "import",
  forget: "forget (kept in AWS)",
};
const SYMBOL: Record<Action, string> = { create: "+", update: "~", replace: "-/+", delete: "-", import: "<=", forget: "=>" };
/** The table's columns: import and forget only when some stack of the comment has them. */
const ACTIONS: Action[] = ["create", "update", "replace", "delete"];
const MOVE_ACTIONS: Action[] = ["import", "forget"];

export interface StackSummary {
  readonly stack: string;
  readonly counts: Readonly<Record<Action, number>>;
  /** Changed resources by Terraform type, each with its action. */
  readonly byType: ReadonlyMap<string, readonly { readonly address: string; readonly action: Action }[]>;
  /** Destroys and replacements of resources that hold user data, as Markdown. */
  readonly atRisk: readonly string[];
}

export function summarizeStack(stack: string, plan: Pick<TerraformPlan, "resource_changes">): StackSummary {
  const counts: Record<Action, number> = { create: 0, update: 0, replace: 0, delete: 0, import: 0, forget: 0 };
  const byType = new Map<string, { address: string; action: Action }[]>();
  const atRisk: string[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.mode === "data") continue;
    for (const action of actionsOf(change)) {
      counts[action]++;
      const ofType = byType.get(change.type);
      if (ofType) ofType.push({ address: change.address, action });
      else byType.set(change.type, [{ address: change.address, action }]);
      const risk = AT_RISK[change.type];
      if (risk && (action === "delete" || action === "replace")) {
        const imported = change.change.importing === undefined ? "" : `, just imported (ID ${code(change.change.importing.id)})`;
        atRisk.push(
          `${code(stack)}: ${action === "delete" ? "**destroys**" : "**replaces**"} the ${risk(change)}${imported} (${code(change.address)})`,
        );
      }
    }
  }
  return { stack, counts, byType, atRisk };
}

/** What the comment holds besides the plans. */
export interface CommentParts {
  /** The pull request's cost estimate and the base branch's (undefined: could not be estimated). */
  readonly cost?: { readonly head: CostJson; readonly base: CostJson | undefined };
  /** Stacks whose plan failed. */
  readonly failedStacks?: readonly string[];
  /** Markdown appended as it is (the checkov scan summary), cut by lines when the comment is full. */
  readonly appendix?: string;
  /** The appendix was expected but is missing (the scan did not run to the end). */
  readonly appendixMissing?: string;
  readonly limit?: number;
}

/** Characters of a list of lines joined with newlines, counting the newline after the last. */
const sizeOf = (lines: readonly string[]) => lines.reduce((total, line) => total + line.length + 1, 0);

/** Characters left for the lines that may be left out; each `take` succeeds only while they fit. */
class Budget {
  constructor(private remaining: number) {}

  take(lines: readonly string[]): boolean {
    const size = sizeOf(lines);
    if (size > this.remaining) return false;
    this.remaining -= size;
    return true;
  }

  /**
   * The leading lines of `lines` that fit in `share` of what is left (in order: the first that does
   * not fit ends the list).
   */
  leading(lines: readonly string[], share = 1): { shown: string[]; omitted: number } {
    const floor = this.remaining - Math.floor(this.remaining * share);
    let count = 0;
    while (count < lines.length && this.remaining - sizeOf([lines[count]]) >= floor && this.take([lines[count]])) count++;
    return { shown: lines.slice(0, count), omitted: lines.length - count };
  }
}

/** Room kept for the notes that say what was left out: the final note and one line per list, and per stack. */
const NOTE_RESERVE = 1_000;
const NOTE_RESERVE_PER_STACK = 100;

const omittedNote = (what: string) =>
  `> [!NOTE]\n> ${what} left out: the comment would pass GitHub's limit of ${COMMENT_LIMIT.toLocaleString("en-US")} characters. The workflow log has every plan in full.`;

const plural = (count: number, one: string, many: string) => `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;

/**
 * The whole comment, never longer than `limit` (GitHub's): the marker, the user-data warning, the
 * counts per stack, each stack's changes, the cost change, failed plans and the appendix. What
 * does not fit is left out from the end of a list, and a note says how much.
 */
export function renderComment(summaries: readonly StackSummary[], parts: CommentParts = {}): string {
  const limit = parts.limit ?? COMMENT_LIMIT;
  const header = [COMMENT_MARKER, "## Terraform plan", ""];
  const columns = columnsOf(summaries);
  const table =
    summaries.length === 0
      ? ["No stack could be planned."]
      : [
          `| stack | ${columns.map((action) => LABEL[action]).join(" | ")} |`,
          `|---|${columns.map(() => "---:").join("|")}|`,
          ...summaries.map((summary) => `| ${code(summary.stack, true)} | ${columns.map((action) => summary.counts[action]).join(" | ")} |`),
        ];
  const cost = parts.cost ? costLines(parts.cost.head, parts.cost.base) : undefined;
  const failed =
    parts.failedStacks && parts.failedStacks.length > 0
      ? ["", "> [!WARNING]", `> terraform plan failed for: ${parts.failedStacks.map((stack) => code(stack)).join(", ")} (see the workflow log)`]
      : [];
  const appendixMissing = parts.appendixMissing ? ["", "> [!WARNING]", `> ${parts.appendixMissing}`] : [];
  const risks = summaries.flatMap((summary) => summary.atRisk);
  const riskHeader =
    risks.length > 0 ? ["> [!CAUTION]", "> **This plan destroys or replaces resources that hold user data.** Review before applying:"] : [];

  // What is always shown is taken first; the lists share what is left: the warnings up to half, then the cost
  // items, the scan summary and each stack's changes.
  const budget = new Budget(limit - NOTE_RESERVE - NOTE_RESERVE_PER_STACK * summaries.length);
  const fixedLines = [...header, ...riskHeader, "", ...table, ...(cost?.fixed ?? []), ...(cost?.footer ?? []), ...failed, ...appendixMissing];
  if (!budget.take(fixedLines)) throw new Error(`the comment's fixed parts alone pass ${limit} characters`);
  const shownRisks = budget.leading(
    risks.map((risk) => `> - ${risk}`),
    0.5,
  );
  const shownCostItems = budget.leading(cost?.items ?? []);
  const appendix = budget.leading(parts.appendix ? ["", ...parts.appendix.replace(/\n$/, "").split("\n")] : []);
  const details = detailLines(summaries, budget);

  const lines = [...header];
  if (risks.length > 0) {
    lines.push(...riskHeader, ...shownRisks.shown);
    if (shownRisks.omitted > 0) lines.push(`> - … and ${plural(shownRisks.omitted, "more", "more")} (left out: see the note below)`);
    lines.push("");
  }
  lines.push(...table, ...details.lines);
  if (cost) {
    lines.push(...cost.fixed, ...shownCostItems.shown);
    if (shownCostItems.omitted > 0) lines.push(`| … ${plural(shownCostItems.omitted, "more item", "more items")} | | | |`);
    lines.push(...cost.footer);
  }
  lines.push(...failed, ...appendixMissing, ...appendix.shown);
  const left = [
    shownRisks.omitted > 0 ? plural(shownRisks.omitted, "warning", "warnings") : "",
    details.omitted > 0 ? plural(details.omitted, "change", "changes") : "",
    shownCostItems.omitted > 0 ? plural(shownCostItems.omitted, "cost item", "cost items") : "",
    appendix.omitted > 0 ? plural(appendix.omitted, "line of the security scan", "lines of the security scan") : "",
  ].filter(Boolean);
  if (left.length > 0) lines.push("", omittedNote(left.join(", ")));
  return `${lines.join("\n")}\n`;
}

/** The actions the comment counts: imports and forgets only when a stack has some (a move between stacks). */
function columnsOf(summaries: readonly StackSummary[]): Action[] {
  return [...ACTIONS, ...MOVE_ACTIONS.filter((action) => summaries.some((summary) => summary.counts[action] > 0))];
}

/** Each stack's changes by type in a collapsible section, as many as the budget holds. */
function detailLines(summaries: readonly StackSummary[], budget: Budget): { lines: string[]; omitted: number } {
  const lines: string[] = [];
  let omitted = 0;
  const columns = columnsOf(summaries);
  for (const summary of summaries) {
    const changes = columns.reduce((total, action) => total + summary.counts[action], 0);
    if (summary.byType.size === 0) {
      if (budget.take(["", `${code(summary.stack)}: no changes.`])) lines.push("", `${code(summary.stack)}: no changes.`);
      continue;
    }
    const total = columns
      .filter((action) => summary.counts[action] > 0)
      .map((action) => `${summary.counts[action]} to ${LABEL[action]}`)
      .join(", ");
    const open = ["", `<details><summary>${htmlCode(summary.stack)}: ${total}</summary>`, ""];
    const close = ["", "</details>"];
    if (!budget.take([...open, ...close])) {
      omitted += changes;
      continue;
    }
    lines.push(...open);
    let shown = 0;
    let full = false;
    for (const [type, ofType] of [...summary.byType].sort(([a], [b]) => a.localeCompare(b))) {
      full = !budget.take([`- ${code(type)}`]);
      if (full) break;
      lines.push(`- ${code(type)}`);
      for (const change of ofType) {
        const line = `  - \`${SYMBOL[change.action]}\` ${LABEL[change.action]} ${code(change.address)}`;
        full = !budget.take([line]);
        if (full) break;
        lines.push(line);
        shown++;
      }
      if (full) break;
    }
    if (shown < changes) lines.push(`- … ${plural(changes - shown, "more change", "more changes")} (left out: see the note below)`);
    omitted += changes - shown;
    lines.push(...close);
  }
  return { lines, omitted };
}

const signed = (amount: number) => `${amount >= 0 ? "+" : "−"}${Math.abs(amount).toFixed(2)}`;

/**
 * The estimated monthly cost of the pull request's configuration against the base branch's, both priced by the
 * same estimator and price table: the difference is the configuration's, not the prices'. Items are compared by
 * name; a base configuration that could not be estimated is said so. `fixed` and `footer` are always shown,
 * `items` (the rows of the changed items) as far as the comment has room.
 */
function costLines(head: CostJson, base: CostJson | undefined): { fixed: string[]; items: string[]; footer: string[] } {
  const currency = code(head.currency);
  const fixed = ["", "### Estimated monthly cost", ""];
  const items: string[] = [];
  if (!base) {
    fixed.push(`**${head.monthlyTotal.toFixed(2)}** ${currency} a month (the base branch's configuration could not be estimated).`);
  } else {
    const change = head.monthlyTotal - base.monthlyTotal;
    fixed.push(`**${base.monthlyTotal.toFixed(2)} → ${head.monthlyTotal.toFixed(2)}** ${currency} a month (${signed(change)}).`);
    const before = new Map(base.items.map((entry) => [entry.name, entry.monthly]));
    const after = new Map(head.items.map((entry) => [entry.name, entry.monthly]));
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .map((name) => ({ name, before: before.get(name) ?? 0, after: after.get(name) ?? 0 }))
      .filter((entry) => Math.abs(entry.after - entry.before) >= 0.005);
    if (changed.length > 0) {
      fixed.push("", "| item | before | after | change |", "|---|---:|---:|---:|");
      for (const entry of changed)
        items.push(`| ${code(entry.name, true)} | ${entry.before.toFixed(2)} | ${entry.after.toFixed(2)} | ${signed(entry.after - entry.before)} |`);
    }
  }
  const footer = ["", `Estimate from \`npm run cost\` (prices of ${code(head.priceDate)}; assumptions and estimated prices: README, "Cost").`];
  return { fixed, items, footer };
}

/** The cost section on its own (the comment adds it through `renderComment`'s `cost`). */
export function renderCostChange(head: CostJson, base: CostJson | undefined): string {
  const { fixed, items, footer } = costLines(head, base);
  return `${[...fixed, ...items, ...footer].join("\n")}\n`;
}
