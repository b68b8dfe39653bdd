import { Construct } from "constructs";
import { Token } from "cdktf";
import { WorkspacesIpGroup } from "@cdktf/provider-aws/lib/workspaces-ip-group";
import { MAX_IP_GROUPS_PER_DIRECTORY, RULES_PER_IP_GROUP } from "./aws-limits";

export interface IpRule {
  /** Public client address range, e.g. an office's egress. */
  readonly source: string;
  /** What the range is, e.g. `Berlin office`. */
  readonly description: string;
}

export interface IpAccessControlProps {
  /** Prefix of the groups' names. */
  readonly name: string;
  /** Every allowed range; split into groups of the per-group limit. */
  readonly rules: readonly IpRule[];
}

/** Splits rules into groups of at most `RULES_PER_IP_GROUP`, keeping their order. */
export function chunkRules(rules: readonly IpRule[]): IpRule[][] {
  const groups: IpRule[][] = [];
  for (let start = 0; start < rules.length; start += RULES_PER_IP_GROUP) {
    groups.push(rules.slice(start, start + RULES_PER_IP_GROUP));
  }
  return groups;
}

/**
 * WorkSpaces IP access control groups holding the allowed client ranges. Once any group is
 * associated with a directory, only listed ranges can connect.
 */
export class IpAccessControl extends Construct {
  readonly groupIds: string[];

  constructor(scope: Construct, id: string, props: IpAccessControlProps) {
    super(scope, id);
    if (Token.isUnresolved(props.rules)) {
      throw new Error(
        `${this.node.path}: rules is a token: the rules are split into groups here, so give them as a list of rules known at synth time`,
      );
    }
    const chunks = chunkRules(props.rules);
    if (chunks.length > MAX_IP_GROUPS_PER_DIRECTORY) {
      throw new Error(
        `${this.node.path}: rules has ${props.rules.length} IP rules, which need ${chunks.length} groups of ${RULES_PER_IP_GROUP}; a directory takes ` +
          `at most ${MAX_IP_GROUPS_PER_DIRECTORY}: give at most ${MAX_IP_GROUPS_PER_DIRECTORY * RULES_PER_IP_GROUP} rules (merge adjacent ranges into wider CIDRs)`,
      );
    }
    this.groupIds = chunks.map(
      (rules, index) =>
        new WorkspacesIpGroup(this, `group-${index + 1}`, {
          name: `${props.name}-${index + 1}`,
          description: `Allowed client ranges, part ${index + 1} of ${chunks.length}`,
          rules: rules.map((rule) => ({ source: rule.source, description: rule.description })),
        }).id,
    );
  }
}
