import { mapOf } from "../../synthesis/resource-instances";
import type { TerraformJson } from "../helpers";

/**
 * The standby WorkSpaces of a synthesized app's dr-desktops, read the way Terraform reads them: the invocation's
 * `for_each` (a local of user names), each user's tags (`local.<tags>[each.key]`) and primary WorkSpace
 * (`local.<ids>[each.key]`, a local holding one remote-state output or a `merge(…)` of several), followed through
 * each `terraform_remote_state` read to the stack whose state is at that key and its output's value there.
 */
export interface StandbyLinks {
  /** The standby invocation as synthesized. */
  readonly invocation: any;
  /** The users with a standby WorkSpace, in order. */
  readonly users: string[];
  /** The tags each user's standby WorkSpace is created with. */
  readonly tagsOf: (user: string) => Record<string, string>;
  /** Each remote-state read the primary WorkSpace IDs come from: its configuration and the stack whose state it is. */
  readonly reads: { readonly name: string; readonly config: { bucket: string; key: string; region: string }; readonly stack: string }[];
  /**
   * The user's primary WorkSpace: the producer stack's value (`${aws_workspaces_workspace.<fleet>["<user>"].id}`) and
   * which stack holds it; a later map of the merge wins, as in Terraform's merge().
   */
  readonly primaryOf: (user: string) => { readonly stack: string; readonly workspaceId: unknown } | undefined;
}

export function standbyLinksOf(all: Record<string, TerraformJson | any>, consumer = "dr-desktops"): StandbyLinks {
  const dr = all[consumer];
  const invocations = Object.values<any>(dr.resource?.aws_lambda_invocation ?? {}).filter((call) => call.for_each);
  if (invocations.length !== 1) throw new Error(`${consumer} has ${invocations.length} for_each invocations, not one`);
  const [invocation] = invocations;
  const input: string = invocation.input;
  const localRead = (argument: string) => {
    const match = new RegExp(`"${argument}" = local\\.([\\w-]+)\\[each\\.key\\]`).exec(input);
    if (!match) throw new Error(`the standby input reads ${argument} from no local by key: ${input}`);
    return dr.locals[match[1]];
  };
  const tags = localRead("tags") as Record<string, Record<string, string>>;
  const ids = String(localRead("primaryWorkspaceId"));
  const expression = /^\$\{(?:merge\((.+)\)|(.+))\}$/.exec(ids);
  if (!expression) throw new Error(`the primary WorkSpace IDs local is no reference nor merge: ${ids}`);
  const parts = (expression[1] ?? expression[2]).split(/,\s*/);
  const stackAt = (key: string) => Object.keys(all).find((name) => all[name].terraform?.backend?.s3?.key === key);
  const maps = parts.map((part) => {
    const read = /^data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)$/.exec(part);
    if (!read) throw new Error(`the primary WorkSpace IDs read ${part}, not a remote-state output`);
    const config = dr.data.terraform_remote_state[read[1]].config;
    const stack = stackAt(config.key);
    if (!stack) throw new Error(`data.terraform_remote_state.${read[1]} reads ${config.key}, which no stack writes`);
    return { name: read[1], config, stack, byUser: mapOf(all[stack], all[stack].output[read[2]].value) };
  });
  return {
    invocation,
    users: Object.keys(mapOf(dr, invocation.for_each)),
    tagsOf: (user) => tags[user],
    reads: maps.map(({ name, config, stack }) => ({ name, config, stack })),
    primaryOf: (user) => {
      const from = maps.filter((map) => user in map.byUser).at(-1);
      return from && { stack: from.stack, workspaceId: from.byUser[user] };
    },
  };
}

/** The reference to a user's WorkSpace in the stack's fleet, as a `for_each` resource's instance. */
export function workspaceReferenceOf(stack: TerraformJson, user: string): string {
  const [fleet] = Object.keys((stack as any).resource.aws_workspaces_workspace);
  return `\${aws_workspaces_workspace.${fleet}[${JSON.stringify(user)}].id}`;
}
