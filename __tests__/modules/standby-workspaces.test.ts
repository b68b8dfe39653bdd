import { readFileSync } from "node:fs";
import { parseConfig } from "../../config/load";
import { mapOf } from "../../synthesis/resource-instances";
import { resourcesOf, synthApp } from "../helpers";

const EXAMPLE = readFileSync("config/examples/disaster-recovery.yaml", "utf8");

describe("standby WorkSpaces: a new primary WorkSpace is a Terraform replacement of the user's invocation", () => {
  const stack = synthApp(parseConfig(EXAMPLE, "dr.yaml")).all["dr-desktops"];
  const [identityName, identity] = Object.entries<any>(stack.resource.terraform_data).find(([, data]) => /standby/.test(data["//"].metadata.path))!;
  const standby = resourcesOf(stack, "aws_lambda_invocation").find((invocation) => /standby/.test(invocation["//"].metadata.path))!;

  it("the invocation of each user is replaced when that user's identity record changes, not another user's", () => {
    expect(standby.lifecycle.replace_triggered_by).toEqual([`terraform_data.${identityName}[each.key]`]);
    expect(Object.keys(mapOf(stack, identity.for_each))).toEqual(Object.keys(mapOf(stack, standby.for_each)));
  });

  // Terraform evaluates a for_each expression again for every instance: a map literal with every user's tags made
  // plan time grow with the square of the users (docs/performance.md), as in the primary fleet before.
  it("iterates a local of user names and reads each user's tags and primary WorkSpace from locals by key", () => {
    for (const resource of [identity, standby]) expect(resource.for_each).toMatch(/^\$\{local\.[\w-]+\}$/);
    expect(mapOf(stack, standby.for_each)).toEqual({ Admin: "Admin", "jane.doe": "jane.doe" });
    const input = standby.input as string;
    expect(input).toMatch(/"tags" = local\.[\w-]+\[each\.key\]/);
    expect(input).toMatch(/"primaryWorkspaceId" = local\.[\w-]+\[each\.key\]/);
    const { locals } = stack as unknown as { locals: Record<string, Record<string, unknown>> };
    const tagsLocal = /"tags" = local\.([\w-]+)\[each\.key\]/.exec(input)![1];
    expect(locals[tagsLocal]["jane.doe"]).toMatchObject({ user: "jane.doe", project: "acme-vdi", stack: "dr-desktops" });
    const idsLocal = /"primaryWorkspaceId" = local\.([\w-]+)\[each\.key\]/.exec(input)![1];
    expect(locals[idsLocal]).toMatch(/^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\}$/);
  });

  it("the identity record holds the primary WorkSpace and the directory the invocation's input names", () => {
    const input = standby.input as string;
    expect(Object.keys(identity.triggers_replace).sort()).toEqual(["directoryId", "primaryWorkspaceId"]);
    expect(input).toContain(`"primaryWorkspaceId" = ${identity.triggers_replace.primaryWorkspaceId.slice(2, -1)}`);
    expect(input).toContain(`"directoryId" = ${identity.triggers_replace.directoryId.slice(2, -1)}`);
  });

  it("tags are not part of the identity: a tag change stays an update", () => {
    expect(JSON.stringify(identity.triggers_replace)).not.toMatch(/tags/);
  });

  it("the connection alias association is not affected (no identity, no lifecycle)", () => {
    const association = resourcesOf(stack, "aws_lambda_invocation").find((invocation) => /connection-alias/.test(invocation["//"].metadata.path))!;
    expect(association.lifecycle).toBeUndefined();
    expect(Object.keys(stack.resource.terraform_data)).toEqual([identityName]);
  });
});
