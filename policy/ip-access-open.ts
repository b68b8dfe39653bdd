import { Netmask } from "netmask";
import type { VdiConfig } from "../config/schema";
import type { Finding, PolicyRule } from "./rule";
import { resourcesOf } from "./terraform-json";
import { safeguardsOf } from "../topology";

/** Widest client range that is still "a listed range" rather than the internet. */
const WIDEST_ALLOWED_PREFIX = 8;

/** Addresses one /8 holds: the most a deployment's rules may admit together. */
const WIDEST_ALLOWED_ADDRESSES = 2 ** (32 - WIDEST_ALLOWED_PREFIX);

/** Desktops open to the internet: refused where the environment's safeguards ask for a strict policy (prod), warned about elsewhere. */
const openAccess = (config: VdiConfig, message: string): Finding => ({
  severity: safeguardsOf(config.environment).strictPolicy ? "error" : "warning",
  message,
});

/** Addresses covered by a set of possibly overlapping blocks. */
function unionSize(blocks: Netmask[]): number {
  const intervals = blocks.map((block) => [block.netLong, block.netLong + block.size] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -1;
  for (const [start, stop] of intervals) {
    if (stop <= end) continue;
    total += stop - Math.max(start, end);
    end = stop;
  }
  return total;
}

export const ipAccessOpen = {
  id: "ip-access-open",
  description: "desktops are reachable only from listed client ranges no wider than /8, each and all together (refused in prod, warned elsewhere)",
  resources: {
    aws_workspaces_directory: ({ body }, config) =>
      !Array.isArray(body.ip_group_ids) || body.ip_group_ids.length === 0
        ? [openAccess(config, "no IP access control group is associated: desktops accept connections from any address (set access.ipRules)")]
        : [],
    aws_workspaces_ip_group: ({ body }, config) =>
      (body.rules ?? [])
        .filter((rule: { source: string }) => Number(rule.source.split("/")[1]) < WIDEST_ALLOWED_PREFIX)
        .map((rule: { source: string }) =>
          openAccess(config, `rule ${rule.source} is wider than /${WIDEST_ALLOWED_PREFIX}: desktops are reachable from most of the internet`),
        ),
  },
  /**
   * The internet split into many narrower rules (256 × /8 is 0.0.0.0/0) is judged by the union of
   * every rule of the stack's IP groups: overlapping rules count once.
   */
  stack: (_, stack, config) => {
    const groups = resourcesOf(stack).filter((resource) => resource.type === "aws_workspaces_ip_group");
    const sources: string[] = groups.flatMap(({ body }) => (body.rules ?? []).map((rule: { source: string }) => rule.source));
    if (sources.some((source) => Number(source.split("/")[1]) < WIDEST_ALLOWED_PREFIX)) return []; // reported rule by rule
    const admitted = unionSize(sources.map((source) => new Netmask(source)));
    if (admitted <= WIDEST_ALLOWED_ADDRESSES) return [];
    return [
      {
        ...openAccess(
          config,
          `the ${sources.length} IP rules together admit ${admitted.toLocaleString("en-US")} addresses, more than a /${WIDEST_ALLOWED_PREFIX} (${WIDEST_ALLOWED_ADDRESSES.toLocaleString("en-US")}): desktops are reachable from much of the internet`,
        ),
        where: groups[0].where,
      },
    ];
  },
} satisfies PolicyRule;
